package relock

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// releaseOf reports whether v is a function value that releases a lock
// when called: a method value such as h.mu.RUnlock, a function literal
// that unlocks, or the release function returned by a call.
func (fs *funcState) releaseOf(v ssa.Value, seen map[ssa.Value]bool) (lockRef, bool) {
	if seen[v] {
		return lockRef{}, false
	}
	if seen == nil {
		seen = map[ssa.Value]bool{}
	}
	seen[v] = true
	one := func(t target) (lockRef, bool) {
		if t.sync == "Unlock" || t.sync == "RUnlock" {
			if len(t.args) == 0 {
				return lockRef{}, false
			}
			key, ok := fs.pathOf(t.args[0])
			if !ok {
				return lockRef{}, false
			}
			eff := fs.direct(key, t.sync, false)
			return eff.releases[0], true
		}
		if t.sum == nil || len(t.sum.Releases) != 1 {
			return lockRef{}, false
		}
		return fs.mapLock(t.sum.Releases[0], t.args, t.binds)
	}
	switch x := v.(type) {
	case *ssa.MakeClosure:
		fn, _ := x.Fn.(*ssa.Function)
		if fn == nil {
			break
		}
		if strings.HasPrefix(fn.Synthetic, "bound method wrapper") {
			obj, _ := fn.Object().(*types.Func)
			if obj == nil || len(x.Bindings) != 1 {
				break
			}
			return one(fs.resolveObj(obj, target{args: x.Bindings}))
		}
		if g := fs.c.funcs[fn]; g != nil {
			return one(target{sum: g.sum, binds: x.Bindings})
		}
	case *ssa.Function:
		if g := fs.c.funcs[x]; g != nil {
			return one(target{sum: g.sum})
		}
		if obj, ok := x.Object().(*types.Func); ok {
			return one(fs.resolveObj(obj, target{}))
		}
	case *ssa.Extract:
		if call, ok := x.Tuple.(*ssa.Call); ok {
			return fs.resultRelease(call, x.Index)
		}
	case *ssa.Call:
		if onceFunc(&x.Call) {
			// sync.OnceFunc(mu.Unlock): the wrapper releases what it wraps.
			return fs.releaseOf(x.Call.Args[0], seen)
		}
		return fs.resultRelease(x, 0)
	case *ssa.ChangeType:
		return fs.releaseOf(x.X, seen)
	case *ssa.UnOp:
		if a, ok := x.X.(*ssa.Alloc); ok && x.Op == token.MUL {
			if st := singleStore(a); st != nil {
				return fs.releaseOf(st.Val, seen)
			}
		}
	case *ssa.Phi:
		var common *lockRef
		for _, e := range x.Edges {
			if c, ok := e.(*ssa.Const); ok && c.IsNil() {
				continue
			}
			l, ok := fs.releaseOf(e, seen)
			if !ok || (common != nil && (common.key != l.key || common.write != l.write)) {
				return lockRef{}, false
			}
			common = &l
		}
		if common != nil {
			return *common, true
		}
	}
	return lockRef{}, false
}

func (fs *funcState) resultRelease(call *ssa.Call, i int) (lockRef, bool) {
	if call.Call.IsInvoke() {
		return lockRef{}, false
	}
	t, ok := fs.resolve(&call.Call)
	if !ok || t.sum == nil {
		return lockRef{}, false
	}
	for _, r := range t.sum.Results {
		if r.Result == i {
			return fs.mapLock(r.Lock, t.args, t.binds)
		}
	}
	return lockRef{}, false
}

// onceFunc reports whether cc calls sync.OnceFunc.
func onceFunc(cc *ssa.CallCommon) bool {
	f := cc.StaticCallee()
	return f != nil && f.Pkg != nil && f.Pkg.Pkg.Path() == "sync" && f.Name() == "OnceFunc" && len(cc.Args) == 1
}
