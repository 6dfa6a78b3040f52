package relock

import (
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/ssa"
)

// unshared reports whether the lock at key lives in a local variable that
// no other goroutine can reach: only this function's own calls of its
// methods use it. A writer cannot wait on such a lock.
func (fs *funcState) unshared(key string) bool {
	root, _ := splitRoot(key)
	if root == "" || root[0] != 'v' {
		return false
	}
	n, err := strconv.Atoi(root[1:])
	if err != nil || n >= len(fs.localVals) {
		return false
	}
	a, ok := fs.localVals[n].(*ssa.Alloc)
	if !ok {
		return false
	}
	var local func(v ssa.Value) bool
	local = func(v ssa.Value) bool {
		refs := v.Referrers()
		if refs == nil {
			return true
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.FieldAddr:
				if !local(r) {
					return false
				}
			case *ssa.IndexAddr:
				if !local(r) {
					return false
				}
			case *ssa.UnOp, *ssa.DebugRef:
			case *ssa.Store:
				if r.Val == v {
					return false
				}
			case *ssa.Call, *ssa.Defer:
				callee := r.(ssa.CallInstruction).Common().StaticCallee()
				if callee == nil {
					return false
				}
				obj, _ := callee.Object().(*types.Func)
				if syncMethod(obj) == "" {
					return false
				}
			default:
				return false
			}
		}
		return true
	}
	return local(a)
}

// escapes reports whether a release function value is used other than by
// calling, deferring or returning it.
func (fs *funcState) escapes(v ssa.Value) bool {
	seen := map[ssa.Value]bool{}
	var walk func(v ssa.Value) bool
	walk = func(v ssa.Value) bool {
		if seen[v] {
			return false
		}
		seen[v] = true
		refs := v.Referrers()
		if refs == nil {
			return false
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.Call, *ssa.Defer:
				if r.(ssa.CallInstruction).Common().Value != v {
					return true
				}
			case *ssa.Return, *ssa.DebugRef:
			case *ssa.Phi:
				if walk(r) {
					return true
				}
			case *ssa.Store:
				// Captured by function literals that this goroutine
				// calls or defers: defer func() { release() }().
				a, ok := r.Addr.(*ssa.Alloc)
				if !ok || r.Val != v || singleStore(a) == nil || !fs.capturedForLocalCalls(a) {
					return true
				}
			default:
				return true
			}
		}
		return false
	}
	return walk(v)
}

// capturedForLocalCalls reports whether the variable a is used only by
// loads and by function literals that this function calls or defers.
func (fs *funcState) capturedForLocalCalls(a *ssa.Alloc) bool {
	refs := a.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store, *ssa.DebugRef:
		case *ssa.UnOp:
			if fs.escapes(r) {
				return false
			}
		case *ssa.MakeClosure:
			crefs := r.Referrers()
			if crefs == nil {
				return false
			}
			for _, cr := range *crefs {
				switch cr.(type) {
				case *ssa.Call, *ssa.Defer:
					if cr.(ssa.CallInstruction).Common().Value != r {
						return false
					}
				case *ssa.DebugRef:
				default:
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// capturedReleases finds the release functions a called function literal
// calls through its captured variables (defer func() { release() }()),
// in the caller's terms.
func (fs *funcState) capturedReleases(mc *ssa.MakeClosure) []lockRef {
	fn := fnOf(mc)
	if fn == nil {
		return nil
	}
	var out []lockRef
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok || call.Common().IsInvoke() {
				continue
			}
			if _, isGo := instr.(*ssa.Go); isGo {
				continue
			}
			load, ok := call.Common().Value.(*ssa.UnOp)
			if !ok || load.Op != token.MUL {
				continue
			}
			fv, ok := load.X.(*ssa.FreeVar)
			if !ok {
				continue
			}
			for i, f := range fn.FreeVars {
				if f != fv || i >= len(mc.Bindings) {
					continue
				}
				a, ok := mc.Bindings[i].(*ssa.Alloc)
				if !ok {
					continue
				}
				if st := singleStore(a); st != nil {
					if l, ok := fs.releaseOf(st.Val, nil); ok {
						out = append(out, l)
					}
				}
			}
		}
	}
	return out
}
