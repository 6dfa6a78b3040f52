package deferloop

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// stored reports whether v is kept beyond the iteration: appended to a
// slice, stored in a map, field or outer variable, sent on a channel, or
// placed in a composite literal.
func stored(info *types.Info, body *ast.BlockStmt, v *types.Var) bool {
	uses := func(e ast.Expr) bool {
		id := code.RootIdent(e)
		return id != nil && info.ObjectOf(id) == v
	}
	mentions := func(n ast.Node) bool {
		hit := false
		ast.Inspect(n, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && info.ObjectOf(id) == v {
				hit = true
			}
			return !hit
		})
		return hit
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "append" {
				if _, builtin := info.ObjectOf(id).(*types.Builtin); builtin {
					for _, a := range n.Args[1:] {
						found = found || uses(a)
					}
				}
			}
		case *ast.SendStmt:
			found = uses(n.Value)
		case *ast.GoStmt:
			found = mentions(n.Call) // handed to another goroutine
		case *ast.CompositeLit:
			for _, e := range n.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					e = kv.Value
				}
				found = found || uses(e)
			}
		case *ast.AssignStmt:
			for i, rhs := range n.Rhs {
				if !uses(rhs) || len(n.Lhs) != len(n.Rhs) {
					continue
				}
				switch lhs := ast.Unparen(n.Lhs[i]).(type) {
				case *ast.IndexExpr, *ast.SelectorExpr, *ast.StarExpr:
					found = true
				case *ast.Ident:
					// An assignment to a variable declared outside the body.
					if o := info.ObjectOf(lhs); o != nil && (o.Pos() < body.Pos() || o.Pos() >= body.End()) && n.Tok == token.ASSIGN {
						found = true
					}
				}
			}
		}
		return true
	})
	return found
}

// guarded reports whether call inside the deferred literal only runs under
// a condition on a variable that the loop body sets outside the literal: the
// "closed" flag pattern, where the normal path releases explicitly and the
// defer only cleans up after an early exit.
func guarded(info *types.Info, lit *ast.FuncLit, call *ast.CallExpr, body *ast.BlockStmt) bool {
	var conds []ast.Expr
	var path []ast.Node
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if n == nil {
			path = path[:len(path)-1]
			return false
		}
		if n == call {
			for _, p := range path {
				if ifs, ok := p.(*ast.IfStmt); ok && ifs.Cond != nil && ifs.Body.Pos() <= call.Pos() && call.End() <= ifs.Body.End() {
					conds = append(conds, ifs.Cond)
				}
			}
		}
		path = append(path, n)
		return true
	})
	for _, cond := range conds {
		vars := map[types.Object]bool{}
		ast.Inspect(cond, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if v, ok := info.ObjectOf(id).(*types.Var); ok {
					vars[v] = true
				}
			}
			return true
		})
		setOutside := false
		ast.Inspect(body, func(n ast.Node) bool {
			if n == lit {
				return false
			}
			if as, ok := n.(*ast.AssignStmt); ok {
				for _, lhs := range as.Lhs {
					if id, ok := ast.Unparen(lhs).(*ast.Ident); ok && vars[info.ObjectOf(id)] {
						setOutside = true
					}
				}
			}
			return !setOutside
		})
		if setOutside {
			return true
		}
	}
	return false
}

// releasedExplicitly reports whether the loop body also makes the same
// release call after the defer, outside it: the resource then does not
// outlive the iteration and the defer only guards early exits.
func releasedExplicitly(info *types.Info, body *ast.BlockStmt, call *ast.CallExpr, d *ast.DeferStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found || n == d {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if other, ok := n.(*ast.CallExpr); ok && other.Pos() > d.End() && sameCall(info, other, call) {
			found = true
		}
		return true
	})
	return found
}

func sameCall(info *types.Info, a, b *ast.CallExpr) bool {
	fa, fb := ast.Unparen(a.Fun), ast.Unparen(b.Fun)
	if sa, ok := fa.(*ast.SelectorExpr); ok {
		sb, ok := fb.(*ast.SelectorExpr)
		return ok && sa.Sel.Name == sb.Sel.Name && code.SameRef(info, sa.X, sb.X)
	}
	return code.SameRef(info, fa, fb)
}
