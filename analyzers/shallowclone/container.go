package shallowclone

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/hindsight-lint/hindsight/internal/code"
	"github.com/hindsight-lint/hindsight/internal/report"
)

// checkContainerClone examines the Clone of a named map or slice type
// (type Header map[string][]string): copying it one level (out[k] = v over
// the receiver, maps.Clone, slices.Clone, append(T(nil), h...), copy) leaves
// every value that holds references shared with the receiver. Reported when
// the values hold references; error when the package writes into them
// (h[k] = append(h[k], v), h[k][i] = x, a mutated pointee type).
func (a *checker) checkContainerClone(fd *ast.FuncDecl) {
	info := a.pass.TypesInfo
	fn, ok := info.Defs[fd.Name].(*types.Func)
	if !ok || !a.cloneNames[fn.Name()] || fd.Doc != nil && saysShallow(fd.Doc.Text()) {
		return
	}
	sig := fn.Type().(*types.Signature)
	recv := sig.Recv()
	if recv == nil || recv.Name() == "" || recv.Name() == "_" || sig.Results().Len() != 1 {
		return
	}
	n, ok := types.Unalias(recv.Type()).(*types.Named)
	if !ok || !types.Identical(sig.Results().At(0).Type(), n) {
		return
	}
	var elem types.Type
	what := "values"
	switch u := n.Underlying().(type) {
	case *types.Map:
		elem = u.Elem()
	case *types.Slice:
		elem, what = u.Elem(), "elements"
	default:
		return
	}
	if !a.refs(elem) {
		return
	}
	isRecv := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == recv
	}
	elemVars := map[types.Object]bool{}
	var at ast.Node
	ast.Inspect(fd.Body, func(x ast.Node) bool {
		if at != nil {
			return false
		}
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.RangeStmt:
			if id, ok := x.Value.(*ast.Ident); ok && x.Tok == token.DEFINE && isRecv(x.X) {
				elemVars[info.Defs[id]] = true
			}
		case *ast.AssignStmt:
			if len(x.Lhs) == 1 && len(x.Rhs) == 1 {
				if _, idx := ast.Unparen(x.Lhs[0]).(*ast.IndexExpr); idx {
					if id, ok := ast.Unparen(x.Rhs[0]).(*ast.Ident); ok && elemVars[info.Uses[id]] {
						at = x
					}
				}
				if call, ok := ast.Unparen(x.Rhs[0]).(*ast.CallExpr); ok && code.IsBuiltinCall(info, call, "append") &&
					len(call.Args) == 2 && !call.Ellipsis.IsValid() {
					if id, ok := ast.Unparen(call.Args[1]).(*ast.Ident); ok && elemVars[info.Uses[id]] {
						at = x
					}
				}
			}
		case *ast.CallExpr:
			f := code.Callee(info, x)
			switch {
			case len(x.Args) == 1 && (code.IsFunc(f, "maps", "Clone") || code.IsFunc(f, "slices", "Clone")) && isRecv(x.Args[0]):
				at = x
			case len(x.Args) == 2 && code.IsBuiltinCall(info, x, "append") && x.Ellipsis.IsValid() && isRecv(x.Args[1]):
				at = x
			case len(x.Args) == 2 && (code.IsBuiltinCall(info, x, "copy") || code.IsFunc(f, "maps", "Copy")) && isRecv(x.Args[1]):
				at = x
			}
		}
		return true
	})
	if at == nil {
		return
	}
	rule := ruleSharedElements
	msg := fmt.Sprintf("%s copies the %s but not its %s (%s), which still refer to the receiver's",
		fn.Name(), n.Obj().Name(), what, types.TypeString(elem, types.RelativeTo(a.pass.Pkg)))
	if pos, ok := a.containerElemsWritten(n); ok {
		rule = ruleSharedElementsWritten
		msg += "; the package writes into them at " + a.where(pos, at.Pos())
	} else if a.elemTypeMutated(n) {
		rule = ruleSharedElementsWritten
		msg += "; " + a.mutatedWhy(n)
	}
	if rule == ruleSharedElements && !n.Obj().Exported() {
		return // nothing writes into them and importers cannot
	}
	a.rep.Report(report.Finding{Pos: at.Pos(), End: at.End(), Rule: rule, Message: msg})
}

// containerElemsWritten returns where the package's non-test code first
// writes into the values of a named map or slice type n (h[k][i] = x,
// h[k] = append(h[k], x), h[k].F = x), not counting values under
// construction.
func (a *checker) containerElemsWritten(n *types.Named) (token.Pos, bool) {
	info := a.pass.TypesInfo
	for decl, fc := range a.codeDecls() {
		var fresh map[types.Object]bool
		for cur := range fc.Preorder((*ast.Ident)(nil)) {
			v, _ := info.Uses[cur.Node().(*ast.Ident)].(*types.Var)
			if v == nil || !types.Identical(v.Type(), n) {
				continue
			}
			if fresh == nil {
				fresh = a.freshLocals(decl.Body)
			}
			if fresh[v] {
				continue
			}
			if a.writesThrough(cur, 0) >= 2 {
				return cur.Node().Pos(), true
			}
		}
	}
	return token.NoPos, false
}
