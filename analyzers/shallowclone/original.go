package shallowclone

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/hindsight-lint/hindsight/internal/code"
	"github.com/hindsight-lint/hindsight/internal/report"
)

// checkMutatesOriginal reports a clone function that changes the original
// after it made the copy it returns: a fix-up meant for the copy applied to
// the receiver (newN := n.copy(); n.Compat(); return newN). The changes
// counted are a store through the original (n.F = v, n.F[k] = v, n.F++) and
// a call of one of the package's pointer methods on it that writes through
// its receiver.
func (a *checker) checkMutatesOriginal(cl *cloneFn) {
	if cl.unnamed || !cl.srcPtr || cl.srcAssigned || cl.out != nil {
		return
	}
	info := a.pass.TypesInfo
	copies := map[types.Object]token.Pos{} // copy variables and where they were made
	returned := map[types.Object]bool{}
	isSrc := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == cl.src
	}
	isT := func(t types.Type) bool {
		s, _ := structOf(t)
		return s != nil && types.Identical(s, cl.typ)
	}
	// A copy: *src, a call on or of src that returns a T, new(T), a T literal.
	madeFromSrc := func(e ast.Expr) bool {
		e = ast.Unparen(e)
		if s, ok := e.(*ast.StarExpr); ok {
			return isSrc(s.X)
		}
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			_, lit := ast.Unparen(u.X).(*ast.CompositeLit)
			return lit
		}
		switch x := e.(type) {
		case *ast.CompositeLit:
			return true
		case *ast.CallExpr:
			if code.IsBuiltinCall(info, x, "new") {
				return true
			}
			if se, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok && isSrc(se.X) {
				return true
			}
			for _, arg := range x.Args {
				if isSrc(arg) {
					return true
				}
			}
		}
		return false
	}
	type change struct {
		node ast.Node
		text string
	}
	var changes []change
	visit := func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE || n.Tok == token.ASSIGN {
				if len(n.Lhs) == len(n.Rhs) {
					for i, l := range n.Lhs {
						if id, ok := l.(*ast.Ident); ok {
							if obj := info.ObjectOf(id); obj != nil && isT(obj.Type()) && madeFromSrc(n.Rhs[i]) {
								copies[obj] = n.End()
							}
						}
					}
				}
			}
			if n.Tok != token.DEFINE {
				for _, l := range n.Lhs {
					if a.storesThroughSrc(l, cl.src) {
						changes = append(changes, change{n, code.Render(l) + " = ..."})
					}
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if i < len(n.Values) {
					if obj := info.Defs[id]; obj != nil && isT(obj.Type()) && madeFromSrc(n.Values[i]) {
						copies[obj] = n.End()
					}
				}
			}
		case *ast.IncDecStmt:
			if a.storesThroughSrc(n.X, cl.src) {
				changes = append(changes, change{n, code.Render(n.X) + n.Tok.String()})
			}
		case *ast.ExprStmt:
			call, ok := ast.Unparen(n.X).(*ast.CallExpr)
			if !ok {
				break
			}
			se, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok || !isSrc(se.X) {
				break
			}
			sel := info.Selections[se]
			if sel == nil || sel.Kind() != types.MethodVal {
				break
			}
			fn, _ := sel.Obj().(*types.Func)
			if fn == nil || fn.Pkg() != a.pass.Pkg || a.cloneNames[fn.Name()] {
				break
			}
			if sig, _ := fn.Type().(*types.Signature); sig == nil || !isPointer(sig.Recv().Type()) {
				break
			}
			if a.paramWrites(fn, -1, 0) {
				changes = append(changes, change{n, code.Render(call)})
			}
		case *ast.ReturnStmt:
			for _, r := range n.Results {
				r = ast.Unparen(r)
				if u, ok := r.(*ast.UnaryExpr); ok && u.Op == token.AND {
					r = ast.Unparen(u.X)
				}
				if id, ok := r.(*ast.Ident); ok {
					returned[info.Uses[id]] = true
				}
			}
		}
		return true
	}
	ast.Inspect(cl.decl.Body, visit)
	for _, ch := range changes {
		var made types.Object
		for obj, at := range copies {
			if at <= ch.node.Pos() && returned[obj] && (made == nil || at > copies[made]) {
				made = obj
			}
		}
		if made == nil {
			continue
		}
		a.rep.Report(report.Finding{Pos: ch.node.Pos(), End: ch.node.End(), Rule: ruleMutatesOriginal,
			Message: fmt.Sprintf("%s changes the %s after making the copy %s: %s writes through %s; apply it to the copy",
				cl.name, cl.whom, made.Name(), ch.text, cl.src.Name())})
		return
	}
}

// storesThroughSrc reports whether assigning to l writes into the
// original pointed to by src: src.F, src.F[k], src.F.G, *src.
func (a *checker) storesThroughSrc(l ast.Expr, src *types.Var) bool {
	e := ast.Unparen(l)
	steps := 0
	for {
		switch x := e.(type) {
		case *ast.SelectorExpr:
			if sel := a.pass.TypesInfo.Selections[x]; sel == nil || sel.Kind() != types.FieldVal {
				return false
			}
			e = ast.Unparen(x.X)
		case *ast.IndexExpr:
			e = ast.Unparen(x.X)
		case *ast.StarExpr:
			e = ast.Unparen(x.X)
		case *ast.Ident:
			return steps > 0 && a.pass.TypesInfo.Uses[x] == src
		default:
			return false
		}
		steps++
	}
}
