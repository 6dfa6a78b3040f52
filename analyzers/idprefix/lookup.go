package idprefix

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/hindsight-lint/hindsight/internal/code"
	"github.com/hindsight-lint/hindsight/internal/report"
)

// lookupVerbs start the names of getters.
var lookupVerbs = set("get", "find", "lookup", "by", "load", "resolve", "fetch", "search", "query")

// checkLookup reports a store method that looks up by ID prefix
// (GetByPrefix, ByIDPrefix, FindByPrefix) called with a full ID (a field
// or method of a stored object, c.ID) to fetch one item, where the same
// type has an exact getter: an ID that prefixes another returns both, or
// an ambiguity error.
func (c *checker) checkLookup(fd *ast.FuncDecl, call *ast.CallExpr, cur inspector.Cursor) {
	info := c.pass.TypesInfo
	fn := code.Callee(info, call)
	if fn == nil {
		return
	}
	sig := fn.Type().(*types.Signature)
	if sig.Recv() == nil || !prefixGetter(fn.Name()) {
		return
	}
	var full ast.Expr
	for _, arg := range call.Args {
		x := unwrap(info, arg)
		if _, ok := x.(*ast.SelectorExpr); !ok {
			if cl, ok := x.(*ast.CallExpr); !ok || len(cl.Args) != 0 {
				continue // a plain variable may hold what a user typed
			}
		}
		if operandKind(info, x) == ident && hasWord(code.ExprName(x), strongIDWords) {
			full = arg
		}
	}
	if full == nil || !c.takesOne(fd, call, cur, sig) {
		return
	}
	exact := exactGetter(sig.Recv().Type(), fn)
	if exact == "" {
		return
	}
	c.rep.Report(report.Finding{Pos: call.Pos(), End: call.End(), Rule: ruleLookup,
		Message: fmt.Sprintf("%s looks up the full ID %s by prefix to fetch one item: an ID that prefixes another (\"abcdef\", \"abcdef2\") returns both, or an ambiguity error; use the exact getter %s",
			fn.Name(), code.Render(full), exact)})
}

// prefixGetter reports whether a method name reads like a lookup by
// prefix: GetByPrefix, ByIDPrefix, FindByPrefix.
func prefixGetter(name string) bool {
	ws := code.NameWords(name)
	return len(ws) > 1 && lookupVerbs[ws[0]] && hasWord(name, set("prefix"))
}

// takesOne reports whether the call's result is used as one item: a
// method returning one item, or the first element of the slice it returns
// (res[0], directly or through the variable it is assigned to).
func (c *checker) takesOne(fd *ast.FuncDecl, call *ast.CallExpr, cur inspector.Cursor, sig *types.Signature) bool {
	if sig.Results().Len() == 0 {
		return false
	}
	if _, ok := sig.Results().At(0).Type().Underlying().(*types.Slice); !ok {
		_, isMap := sig.Results().At(0).Type().Underlying().(*types.Map)
		return !isMap
	}
	info := c.pass.TypesInfo
	first := func(ix *ast.IndexExpr) bool {
		tv := info.Types[ix.Index]
		return tv.Value != nil && tv.Value.Kind() == constant.Int && tv.Value.ExactString() == "0"
	}
	if ix, ok := cur.Parent().Node().(*ast.IndexExpr); ok && ix.X == call && first(ix) {
		return true
	}
	as, ok := cur.Parent().Node().(*ast.AssignStmt)
	if !ok || len(as.Lhs) == 0 {
		return false
	}
	id, ok := as.Lhs[0].(*ast.Ident)
	if !ok {
		return false
	}
	obj := info.ObjectOf(id)
	found := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if ix, ok := n.(*ast.IndexExpr); ok && first(ix) {
			if x, ok := ast.Unparen(ix.X).(*ast.Ident); ok && info.Uses[x] == obj {
				found = true
			}
		}
		return !found
	})
	return found
}

// exactGetter returns the name of a method of recv, other than fn, that
// reads like an exact getter (Get, ByID, FindByID) and takes the same
// parameters, or "".
func exactGetter(recv types.Type, fn *types.Func) string {
	sig := fn.Type().(*types.Signature)
	sets := []*types.MethodSet{types.NewMethodSet(recv)}
	if _, ok := recv.(*types.Pointer); !ok && !types.IsInterface(recv) {
		sets = append(sets, types.NewMethodSet(types.NewPointer(recv)))
	}
	for _, ms := range sets {
		for i := 0; i < ms.Len(); i++ {
			m, ok := ms.At(i).Obj().(*types.Func)
			if !ok || m.Name() == fn.Name() || hasWord(m.Name(), set("prefix", "prefixes")) {
				continue
			}
			ws := code.NameWords(m.Name())
			if len(ws) == 0 || !lookupVerbs[ws[0]] {
				continue
			}
			msig := m.Type().(*types.Signature)
			if msig.Params().Len() != sig.Params().Len() {
				continue
			}
			same := true
			for j := 0; j < sig.Params().Len(); j++ {
				if !types.Identical(msig.Params().At(j).Type(), sig.Params().At(j).Type()) {
					same = false
				}
			}
			if same {
				return m.Name()
			}
		}
	}
	return ""
}
