package deferloop

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// fromFallibleCall reports whether v is assigned in body from a call whose
// last result is an error.
func fromFallibleCall(info *types.Info, body *ast.BlockStmt, v *types.Var, before token.Pos) bool {
	call, _ := assignedFromCall(info, body, v, before)
	if call == nil {
		return false
	}
	tuple, ok := info.TypeOf(call).(*types.Tuple)
	return ok && tuple.Len() > 1 && code.IsError(tuple.At(tuple.Len()-1).Type())
}

// acquired checks whether the variable root was assigned from a call earlier
// in the loop body; what is the released thing as rendered, effect how its
// life extends.
func (fs *funcState) acquired(d *ast.DeferStmt, call *ast.CallExpr, body *ast.BlockStmt, lit *ast.FuncLit, root *ast.Ident, what, effect string) (*finding, bool) {
	info := fs.pass.TypesInfo
	obj, ok := info.ObjectOf(root).(*types.Var)
	if !ok {
		return nil, false
	}
	src, siblings := assignedFromCall(info, body, obj, d.Pos())
	if src == nil {
		return nil, false
	}
	for _, v := range siblings {
		// The resource, or what came with it (the context of a cancel
		// func), deliberately outlives the iteration: it is stored, handed
		// to a goroutine, or assigned to a variable declared outside.
		if v.Pos() < body.Pos() || v.Pos() >= body.End() || stored(info, body, v) {
			return nil, true
		}
	}
	if lit != nil && guarded(info, lit, call, body) {
		return nil, true
	}
	rule := ruleLeak
	if releasedExplicitly(info, body, call, d) {
		rule = ruleLateRelease
	}
	line := code.Line(fs.pass, src.Pos())
	from := types.ExprString(src.Fun)
	switch fn := code.Callee(info, src); {
	case code.IsFunc(fn, "context", "WithCancel", "WithTimeout", "WithDeadline", "WithCancelCause", "WithTimeoutCause", "WithDeadlineCause"):
		return &finding{rule, fmt.Sprintf("the context from %s at line %d is not cancelled until then, so every iteration's context and timer pile up", from, line)}, false
	case code.IsFunc(fn, "time", "NewTicker", "NewTimer"):
		return &finding{rule, fmt.Sprintf("%s, made by %s at line %d, keeps running until then; every iteration adds one more", what, from, line)}, false
	}
	if effect == "" {
		return &finding{rule, fmt.Sprintf("%s, returned by %s at line %d, is not called until then, so what it releases is held across iterations", what, from, line)}, false
	}
	return &finding{rule, fmt.Sprintf("%s, from %s at line %d, %s until then; every iteration holds one more", what, from, line, effect)}, false
}

// assignedFromCall returns the call whose result is assigned to v in body
// before pos (v, err := f(); v = f(); var v = f()), or nil, and the
// variables that assignment sets (v and its siblings, such as ctx in
// ctx, cancel := context.WithCancel(parent)), except error values.
func assignedFromCall(info *types.Info, body *ast.BlockStmt, v *types.Var, before token.Pos) (*ast.CallExpr, []*types.Var) {
	var found *ast.CallExpr
	var siblings []*types.Var
	collect := func(ids []ast.Expr) {
		siblings = siblings[:0]
		for _, e := range ids {
			if id, ok := ast.Unparen(e).(*ast.Ident); ok {
				if w, ok := info.ObjectOf(id).(*types.Var); ok && !code.IsError(w.Type()) {
					siblings = append(siblings, w)
				}
			}
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil || n.Pos() >= before {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				id, ok := ast.Unparen(lhs).(*ast.Ident)
				if !ok || info.ObjectOf(id) != v {
					continue
				}
				rhs := n.Rhs[0]
				if len(n.Rhs) == len(n.Lhs) {
					rhs = n.Rhs[i]
				}
				if call, ok := ast.Unparen(rhs).(*ast.CallExpr); ok && !isConversion(info, call) {
					found = call
					collect(n.Lhs)
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if info.ObjectOf(id) != v || len(n.Values) == 0 {
					continue
				}
				rhs := n.Values[0]
				if len(n.Values) == len(n.Names) {
					rhs = n.Values[i]
				}
				if call, ok := ast.Unparen(rhs).(*ast.CallExpr); ok && !isConversion(info, call) {
					found = call
					var ids []ast.Expr
					for _, id := range n.Names {
						ids = append(ids, id)
					}
					collect(ids)
				}
			}
		}
		return true
	})
	return found, siblings
}

func isConversion(info *types.Info, call *ast.CallExpr) bool {
	tv, ok := info.Types[call.Fun]
	return ok && tv.IsType()
}
