package idprefix

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/hindsight-lint/hindsight/internal/code"
	"github.com/hindsight-lint/hindsight/internal/report"
)

// filterWords name what a user types to find IDs by prefix; strongIDWords
// name values that are IDs and nothing else.
var (
	filterWords   = set("prefix", "filter", "query", "partial", "short", "abbrev", "abbreviated", "search", "needle", "typed")
	strongIDWords = set("id", "uid", "uuid", "guid", "digest", "hash", "sha", "fingerprint")
)

// checkSwapped reports a prefix filter written the wrong way round:
// strings.HasPrefix(filter, c.ID) in a loop over the candidates asks
// whether the filter starts with the candidate's ID, so it matches only
// IDs that are a prefix of what the user typed.
func (c *checker) checkSwapped(fd *ast.FuncDecl, e ast.Expr, cur inspector.Cursor) {
	m, ok := c.matchOf(e)
	if !ok || m.fn == "Index" || c.isConst(m.a) || c.isConst(m.b) {
		return
	}
	info := c.pass.TypesInfo
	a, b := unwrap(info, m.a), unwrap(info, m.b)
	if !hasWord(code.ExprName(a), filterWords) || operandKind(info, b) != ident ||
		!hasWord(code.ExprName(b), strongIDWords) {
		return
	}
	// b is the candidate of a loop, a the same for every candidate.
	var loopVars []types.Object
	for p := cur.Parent(); p.Node() != nil && p.Node() != fd; p = p.Parent() {
		if _, ok := p.Node().(*ast.FuncLit); ok {
			break
		}
		if rs, ok := p.Node().(*ast.RangeStmt); ok {
			for _, v := range []ast.Expr{rs.Key, rs.Value} {
				if id, ok := v.(*ast.Ident); ok && info.Defs[id] != nil {
					loopVars = append(loopVars, info.Defs[id])
				}
			}
			break
		}
	}
	if !mentionsAny(info, b, loopVars) || mentionsAny(info, a, loopVars) {
		return
	}
	// Both directions in one function are on purpose (an ID that is a
	// prefix of the query, or the query a prefix of the ID).
	reverse := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if ex, ok := n.(ast.Expr); ok && n != e {
			if r, ok := c.matchOf(ex); ok && sameExpr(info, r.a, b) && sameExpr(info, r.b, a) {
				reverse = true
			}
		}
		return !reverse
	})
	if reverse {
		return
	}
	ra, rb := code.Render(m.a), code.Render(m.b)
	call := fmt.Sprintf("%s.%s(%s, %s)", m.pkg, m.fn, ra, rb)
	side := "prefix"
	if m.suffix {
		side = "suffix"
	}
	c.rep.Report(report.Finding{Pos: m.node.Pos(), End: m.node.End(), Rule: ruleSwapped,
		Message: fmt.Sprintf("%s has its arguments swapped: it asks whether %s has %s as a %s, so the filter matches only IDs that are a %s of it (the filter \"abc\" does not find \"abcdef\"); write %s.%s(%s, %s)",
			call, ra, rb, side, side, m.pkg, m.fn, rb, ra),
		Fixes: []analysis.SuggestedFix{{
			Message: "swap the arguments",
			TextEdits: []analysis.TextEdit{
				{Pos: m.a.Pos(), End: m.a.End(), NewText: []byte(rb)},
				{Pos: m.b.Pos(), End: m.b.End(), NewText: []byte(ra)},
			},
		}},
	})
}

// mentionsAny reports whether e uses one of objs.
func mentionsAny(info *types.Info, e ast.Expr, objs []types.Object) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			for _, o := range objs {
				if info.Uses[id] == o {
					found = true
				}
			}
		}
		return !found
	})
	return found
}
