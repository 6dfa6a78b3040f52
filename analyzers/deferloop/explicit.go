package deferloop

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// releasedExplicitly returns the first call in the loop body, after the
// defer and outside it, that makes the same release call: the resource then
// does not outlive the iteration and the defer only guards early exits.
func releasedExplicitly(info *types.Info, body *ast.BlockStmt, call *ast.CallExpr, d *ast.DeferStmt) *ast.CallExpr {
	var found *ast.CallExpr
	ast.Inspect(body, func(n ast.Node) bool {
		if found != nil || n == d {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if other, ok := n.(*ast.CallExpr); ok && other.Pos() > d.End() && sameCall(info, other, call) {
			found = other
		}
		return true
	})
	return found
}

// skippingContinue returns a continue statement between the defer and the
// explicit release that starts the next iteration of the loop (or of an
// outer one) without reaching the release, or nil.
func skippingContinue(body *ast.BlockStmt, d *ast.DeferStmt, explicit *ast.CallExpr) *ast.BranchStmt {
	labels := map[string]bool{} // labels of statements inside the body
	ast.Inspect(body, func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok {
			labels[l.Label.Name] = true
		}
		_, lit := n.(*ast.FuncLit)
		return !lit
	})
	var found *ast.BranchStmt
	var visit func(n ast.Node, innerLoops int)
	visit = func(n ast.Node, innerLoops int) {
		ast.Inspect(n, func(m ast.Node) bool {
			if found != nil {
				return false
			}
			if m == n {
				return true
			}
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt:
				visit(m, innerLoops+1)
				return false
			case *ast.BranchStmt:
				if m.Tok != token.CONTINUE || m.Pos() < d.End() || m.Pos() > explicit.Pos() {
					return true
				}
				if (m.Label == nil && innerLoops == 0) || (m.Label != nil && !labels[m.Label.Name]) {
					found = m
				}
			}
			return true
		})
	}
	visit(body, 0)
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
