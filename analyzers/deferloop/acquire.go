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
	fn := code.Callee(info, src)
	// A release func that unlocks a mutex the callee locked (incident 1:
	// Obtain read-locks h.mu and returns h.mu.RUnlock): the next
	// iteration's call locks it again, whatever the loop keeps.
	unlock := ""
	if effect == "" {
		unlock = fs.unlockReturnedBy(fn)
	}
	for _, v := range siblings {
		// The resource, or what came with it (the context of a cancel
		// func), deliberately outlives the iteration: it is stored, handed
		// to a goroutine, or assigned to a variable declared outside. A
		// sibling of plain data (a value copied out under a lock) carries
		// nothing of the resource.
		if unlock != "" || (v != obj && !mayRefer(v.Type(), 0)) {
			continue
		}
		if v.Pos() < body.Pos() || v.Pos() >= body.End() || stored(info, body, v) {
			return nil, true
		}
	}
	if lit != nil && guarded(info, lit, call, body) {
		return nil, true
	}
	line := code.Line(fs.pass, src.Pos())
	from := types.ExprString(src.Fun)
	if unlock != "" && fs.variesPerIteration(info, src) {
		// bmg := groups[path]; unLocker := bmg.LockAndSetBuckets(...):
		// a different object's mutex each iteration.
		return &finding{ruleLockElements, fmt.Sprintf("%s, returned by %s at line %d, is not called until then: %s locks a mutex of %s, which changes with the iteration, so every one of them stays locked until the function returns and every other user of them blocks meanwhile; goroutines that lock them in another order deadlock",
			what, from, line, fn.Name(), types.ExprString(callTarget(info, src)))}, false
	}
	if unlock != "" {
		why := fmt.Sprintf("%s, returned by %s at line %d, is not called until then, so what it releases is held across iterations: %s returns the %s of a mutex it locks, so ", what, from, line, fn.Name(), unlock)
		if unlock == "RUnlock" {
			why += "the next iteration's call read-locks it again while the first read lock is held, a recursive read lock that deadlocks as soon as a writer waits"
		} else {
			why += "the next iteration's call locks it again while it is held: a self-deadlock"
		}
		return &finding{ruleLockHeld, why}, false
	}
	var held string
	switch {
	case code.IsFunc(fn, "context", "WithCancel", "WithTimeout", "WithDeadline", "WithCancelCause", "WithTimeoutCause", "WithDeadlineCause"):
		what = "the context from " + from
		held = fmt.Sprintf("the context from %s at line %d is not cancelled until then, so every iteration's context and timer pile up", from, line)
	case code.IsFunc(fn, "time", "NewTicker", "NewTimer"):
		held = fmt.Sprintf("%s, made by %s at line %d, keeps running until then; every iteration adds one more", what, from, line)
	case effect == "":
		held = fmt.Sprintf("%s, returned by %s at line %d, is not called until then, so what it releases is held across iterations", what, from, line)
	default:
		held = fmt.Sprintf("%s, from %s at line %d, %s until then; every iteration holds one more", what, from, line, effect)
	}
	explicit := releasedExplicitly(info, body, call, d)
	if explicit == nil {
		if why := fs.boundReason(fs.loop); why != "" {
			return &finding{ruleLeakBounded, held + "; " + why}, false
		}
		if returnsOnSuccess(info, body, d.End()) {
			return &finding{ruleLeakBounded, held + "; the loop returns at its first success, so only failed attempts stay held"}, false
		}
		return &finding{ruleLeak, held}, false
	}
	release := renderCall(explicit)
	releaseLine := code.Line(fs.pass, explicit.Pos())
	if cont := skippingContinue(body, d, explicit); cont != nil {
		return &finding{ruleLeak, fmt.Sprintf("the continue at line %d skips the %s at line %d, so on that path %s", code.Line(fs.pass, cont.Pos()), release, releaseLine, held)}, false
	}
	return &finding{ruleLateRelease, fmt.Sprintf("%s at line %d releases %s on the normal path, so nothing is held across iterations; the defer only covers early exits and repeats the release when the function returns", release, releaseLine, what)}, false
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

// callTarget returns what a call acts on: the receiver of a method call,
// else the first argument, or nil.
func callTarget(info *types.Info, call *ast.CallExpr) ast.Expr {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
			return sel.X
		}
	}
	if len(call.Args) > 0 {
		return call.Args[0]
	}
	return nil
}

// variesPerIteration reports whether the object a call acts on can differ
// between iterations of the loop: the data flow of the loop (originOf) does
// not show it to be the same object every iteration.
func (fs *funcState) variesPerIteration(info *types.Info, call *ast.CallExpr) bool {
	target := callTarget(info, call)
	if target == nil {
		return false // a package-level function: one lock for all
	}
	return fs.originOf(target).kind != sameObject
}
