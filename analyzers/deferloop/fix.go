package deferloop

import (
	_ "embed"
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
)

// wrapFix builds the suggested fix that moves the loop body into an
// immediately invoked function literal, when that keeps the meaning.
func wrapFix(pass *analysis.Pass, loop ast.Stmt, body *ast.BlockStmt) (analysis.SuggestedFix, bool) {
	continues, ok := rewritableBody(loop, body)
	if !ok || len(body.List) == 0 {
		return analysis.SuggestedFix{}, false
	}
	edits := []analysis.TextEdit{
		{Pos: body.Lbrace + 1, End: body.Lbrace + 1, NewText: []byte("\nfunc() {")},
		{Pos: body.Rbrace, End: body.Rbrace, NewText: []byte("}()\n")},
	}
	for _, br := range continues {
		edits = append(edits, analysis.TextEdit{Pos: br.Pos(), End: br.End(), NewText: []byte("return")})
	}
	return analysis.SuggestedFix{
		Message:   "Run the loop body in a function literal so its defers run per iteration",
		TextEdits: edits,
	}, true
}

// rewritableBody reports whether body can move into a function literal
// unchanged except for its plain continue statements of loop, which it
// returns (they become return). It refuses bodies with return, goto,
// fallthrough-free breaks of loop, or branches to labels outside the body.
func rewritableBody(loop ast.Stmt, body *ast.BlockStmt) (continues []*ast.BranchStmt, ok bool) {
	labels := bodyLabels(body)
	ok = true
	walkBody(body, func(n ast.Node, breakDepth, loopDepth int) bool {
		switch m := n.(type) {
		case *ast.ReturnStmt:
			ok = false
		case *ast.BranchStmt:
			switch {
			case m.Tok == token.GOTO:
				ok = false
			case m.Label != nil:
				if !labels[m.Label.Name] {
					ok = false
				}
			case m.Tok == token.BREAK && breakDepth == 0:
				ok = false
			case m.Tok == token.CONTINUE && loopDepth == 0:
				continues = append(continues, m)
			}
		}
		return ok
	})
	return continues, ok
}

// bodyLabels returns the labels of the statements inside body, outside
// function literals.
func bodyLabels(body *ast.BlockStmt) map[string]bool {
	labels := map[string]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok {
			labels[l.Label.Name] = true
		}
		_, lit := n.(*ast.FuncLit)
		return !lit
	})
	return labels
}

// walkBody calls visit for every node inside body, outside function
// literals, with how many breakable statements (loops, switches, selects)
// and how many loops inside body enclose it; it stops when visit returns
// false.
func walkBody(body *ast.BlockStmt, visit func(n ast.Node, breakDepth, loopDepth int) bool) {
	stop := false
	var walk func(n ast.Node, breakDepth, loopDepth int)
	walk = func(n ast.Node, breakDepth, loopDepth int) {
		ast.Inspect(n, func(m ast.Node) bool {
			if stop || m == nil {
				return false
			}
			if m == n {
				return true
			}
			if _, lit := m.(*ast.FuncLit); lit {
				return false
			}
			if !visit(m, breakDepth, loopDepth) {
				stop = true
				return false
			}
			switch m.(type) {
			case *ast.ForStmt, *ast.RangeStmt:
				walk(m, breakDepth+1, loopDepth+1)
				return false
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				walk(m, breakDepth+1, loopDepth)
				return false
			}
			return true
		})
	}
	walk(body, 0, 0)
}
