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
	labels := bodyLabels(body)
	var found *ast.BranchStmt
	walkBody(body, func(n ast.Node, _, loopDepth int) bool {
		m, ok := n.(*ast.BranchStmt)
		if !ok || m.Tok != token.CONTINUE || m.Pos() < d.End() || m.Pos() > explicit.Pos() {
			return true
		}
		if (m.Label == nil && loopDepth == 0) || (m.Label != nil && !labels[m.Label.Name]) {
			found = m
			return false
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
