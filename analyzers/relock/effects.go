package relock

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/code"
	"golang.org/x/tools/go/ssa"
)

// lockRef is a lock as the current function names it.
type lockRef struct {
	key    string
	write  bool
	locker bool
	chain  []string
}

// effects is what one call does to the caller's locks.
type effects struct {
	name       string // the call as rendered ("h.Obtain")
	direct     bool   // a Lock/Unlock call itself, not a call that leads to one
	releases   []lockRef
	mayRelease []lockRef
	acquires   []lockRef
	holds      []lockRef
	relVals    map[string]ssa.Value // hold key → release function returned with it
	relOnly    map[string]bool      // hold key → held only when that function is a real one
	unknown    bool                 // a dynamic call of unknown effect
	drops      []lockRef            // possibly released by a called literal: no longer must-held
}

// maxChain bounds the call chain kept in summaries.
const maxChain = 8

// target is what a static call resolves to.
type target struct {
	sync  string // a sync.Mutex/RWMutex method, or ""
	sum   *Summary
	args  []ssa.Value // parameters of the callee, receiver first
	binds []ssa.Value // free variables of a called function literal
	name  string      // the callee as rendered in this function
}

// resolve finds the callee of a static call; ok is false for dynamic calls.
func (fs *funcState) resolve(cc *ssa.CallCommon) (target, bool) {
	callee := cc.StaticCallee()
	if callee == nil {
		return target{}, false
	}
	t := target{args: cc.Args}
	if mc, ok := cc.Value.(*ssa.MakeClosure); ok {
		t.binds = mc.Bindings
	}
	src := fs.srcFun(cc.Pos())
	if strings.HasPrefix(callee.Synthetic, "bound method wrapper") {
		obj, _ := callee.Object().(*types.Func)
		if obj == nil || len(t.binds) != 1 {
			return t, true
		}
		t.args = append([]ssa.Value{t.binds[0]}, cc.Args...)
		t.binds = nil
		t = fs.resolveObj(obj, t)
		if src != "" {
			t.name = src
		}
		return t, true
	}
	fn := callee
	if fn.Origin() != nil {
		fn = fn.Origin()
	}
	if g := fs.c.funcs[fn]; g != nil {
		t.sum = g.sum
		switch {
		case src != "":
			t.name = src
		case fn.Parent() != nil:
			t.name = "func literal"
		default:
			t.name = fs.funcName(fn.Name(), fn.Signature.Recv() != nil, t.args)
		}
		return t, true
	}
	if obj, ok := callee.Object().(*types.Func); ok {
		t = fs.resolveObj(obj, t)
		if src != "" {
			t.name = src
		}
	}
	return t, true
}

// srcFun renders the function expression of the call whose Lparen is at
// pos as written ("s.Get"), or "" (function literals are "func literal").
func (fs *funcState) srcFun(pos token.Pos) string {
	call := fs.c.callExpr(pos)
	if call == nil {
		return ""
	}
	if _, isLit := ast.Unparen(call.Fun).(*ast.FuncLit); isLit {
		return "func literal"
	}
	fun := ast.Unparen(call.Fun)
	if ix, ok := fun.(*ast.IndexExpr); ok { // explicit instantiation
		fun = ix.X
	}
	if ix, ok := fun.(*ast.IndexListExpr); ok {
		fun = ix.X
	}
	s := types.ExprString(fun)
	if len(s) > 60 {
		return ""
	}
	return s
}

func (fs *funcState) resolveObj(obj *types.Func, t target) target {
	sig, _ := obj.Type().(*types.Signature)
	isMethod := sig != nil && sig.Recv() != nil
	var pkgPath, pkgName string
	if obj.Pkg() != nil {
		pkgPath, pkgName = obj.Pkg().Path(), obj.Pkg().Name()
	}
	t.name = obj.Name()
	if isMethod && len(t.args) > 0 {
		if k, ok := fs.pathOf(t.args[0]); ok {
			t.name = fs.render(k) + "." + obj.Name()
		}
	} else if fs.fn.Pkg == nil || pkgPath != fs.fn.Pkg.Pkg.Path() {
		t.name = pkgName + "." + obj.Name()
	}
	if m := syncMethod(obj); m != "" {
		t.sync = m
		return t
	}
	t.sum = fs.c.summaryOf(obj)
	return t
}

func (fs *funcState) funcName(name string, isMethod bool, args []ssa.Value) string {
	if isMethod && len(args) > 0 {
		if k, ok := fs.pathOf(args[0]); ok {
			return fs.render(k) + "." + name
		}
	}
	return name
}

// callEffects returns the effects of call x, computed once per analysis
// of the function (callee summaries do not change during one).
func (fs *funcState) callEffects(x *ssa.Call) *effects {
	eff, ok := fs.effMemo[x]
	if !ok {
		eff = fs.effects(&x.Call, x)
		fs.effMemo[x] = eff
	}
	return eff
}

// effects computes what a call does to the caller's locks (nil: nothing).
func (fs *funcState) effects(cc *ssa.CallCommon, instr ssa.Instruction) *effects {
	if cc.IsInvoke() {
		return fs.invokeEffects(cc)
	}
	t, ok := fs.resolve(cc)
	if !ok {
		if l, ok := fs.releaseOf(cc.Value, nil); ok {
			return &effects{name: "release", releases: []lockRef{l}, mayRelease: []lockRef{l}}
		}
		if _, isBuiltin := cc.Value.(*ssa.Builtin); isBuiltin {
			return nil
		}
		return &effects{unknown: true}
	}
	if t.sync != "" {
		if t.sync == "RLocker" || len(t.args) == 0 {
			return nil
		}
		key, ok := fs.pathOf(t.args[0])
		if !ok {
			return nil
		}
		eff := fs.direct(key, t.sync, false)
		if src := fs.srcFun(cc.Pos()); src != "" && src != "func literal" {
			eff.name = src
			for i := range eff.acquires {
				eff.acquires[i].chain = []string{src}
			}
		}
		return eff
	}
	eff := fs.summaryEffects(t, instr)
	if mc, ok := cc.Value.(*ssa.MakeClosure); ok && eff != nil {
		captured := fs.capturedReleases(mc)
		eff.mayRelease = append(eff.mayRelease, captured...)
		eff.drops = captured
	}
	return eff
}

// direct is the effect of calling method m (Lock, RLock, Unlock, RUnlock)
// on the lock at key.
func (fs *funcState) direct(key, m string, locker bool) *effects {
	write := m == "Lock" || m == "Unlock"
	if strings.HasSuffix(key, "~r") { // RLocker().Lock()
		key, write = strings.TrimSuffix(key, "~r"), false
	}
	name := fs.render(key) + "." + m
	l := lockRef{key: key, write: write, locker: locker, chain: []string{name}}
	eff := &effects{name: name, direct: true}
	switch m {
	case "Lock", "RLock":
		eff.acquires, eff.holds = []lockRef{l}, []lockRef{l}
	default:
		eff.releases, eff.mayRelease = []lockRef{l}, []lockRef{l}
	}
	return eff
}

// invokeEffects handles interface method calls: only Lock/Unlock on a
// sync.Locker whose dynamic value is known (or a parameter, for the
// summary); any other interface call has unknown targets and no effect.
func (fs *funcState) invokeEffects(cc *ssa.CallCommon) *effects {
	if cc.Method == nil || !code.IsLockerInterface(cc.Value.Type()) {
		return nil
	}
	m := cc.Method.Name()
	switch m {
	case "Lock", "RLock", "Unlock", "RUnlock":
	default:
		return nil
	}
	key, write, known, ok := fs.lockerTarget(cc.Value)
	if !ok {
		return nil
	}
	if !write {
		switch m {
		case "Lock":
			m = "RLock"
		case "Unlock":
			m = "RUnlock"
		}
	}
	return fs.direct(key, m, !known)
}

// lockerTarget finds the lock behind a Locker interface value: a
// *sync.Mutex or *sync.RWMutex converted to an interface (known), the
// result of RLocker() (known, read), or an interface-typed variable whose
// concrete type the function does not know.
func (fs *funcState) lockerTarget(v ssa.Value) (key string, write, known, ok bool) {
	for {
		switch x := v.(type) {
		case *ssa.ChangeInterface:
			v = x.X
			continue
		case *ssa.MakeInterface:
			if _, isPtr := x.X.Type().Underlying().(*types.Pointer); isPtr && code.IsSyncMutex(x.X.Type()) {
				key, ok = fs.pathOf(x.X)
				return key, true, true, ok
			}
			return "", false, false, false
		case *ssa.Call:
			if callee := x.Call.StaticCallee(); callee != nil && len(x.Call.Args) == 1 {
				if obj, isFunc := callee.Object().(*types.Func); isFunc && syncMethod(obj) == "RLocker" {
					key, ok = fs.pathOf(x.Call.Args[0])
					return key, false, true, ok
				}
			}
		}
		break
	}
	key, ok = fs.pathOf(v)
	return key, true, false, ok
}

// summaryEffects maps a callee's summary into the caller.
func (fs *funcState) summaryEffects(t target, instr ssa.Instruction) *effects {
	eff := &effects{name: t.name}
	if t.sum == nil {
		return eff
	}
	conv := func(ls []Lock, withChain bool) []lockRef {
		var out []lockRef
		for _, l := range ls {
			r, ok := fs.mapLock(l, t.args, t.binds)
			if !ok {
				continue
			}
			if withChain {
				r.chain = append([]string{t.name}, l.Chain...)
				if len(r.chain) > maxChain {
					r.chain = r.chain[:maxChain]
				}
			}
			out = append(out, r)
		}
		return out
	}
	eff.acquires = conv(t.sum.Acquires, true)
	eff.holds = conv(t.sum.Holds, false)
	eff.releases = conv(t.sum.Releases, false)
	eff.mayRelease = conv(t.sum.MayRelease, false)
	if call, ok := instr.(*ssa.Call); ok && len(t.sum.Results) > 0 {
		eff.relVals = map[string]ssa.Value{}
		for _, r := range t.sum.Results {
			l, ok := fs.mapLock(r.Lock, t.args, t.binds)
			if !ok {
				continue
			}
			if rv := resultValue(call, r.Result); rv != nil {
				eff.relVals[l.key] = rv
				if r.Only {
					if eff.relOnly == nil {
						eff.relOnly = map[string]bool{}
					}
					eff.relOnly[l.key] = true
				}
			}
		}
	}
	return eff
}

// mapLock rewrites a callee-relative lock into the caller's terms.
func (fs *funcState) mapLock(l Lock, args, binds []ssa.Value) (lockRef, bool) {
	root, rest := splitRoot(l.Path)
	if strings.HasPrefix(root, "g{") {
		return lockRef{key: l.Path, write: l.Write, locker: l.Locker}, true
	}
	kind, i, ok := rootIndex(root)
	if !ok {
		return lockRef{}, false
	}
	var v ssa.Value
	switch {
	case kind == 'p' && i < len(args):
		v = args[i]
	case kind == 'f' && i < len(binds):
		v = binds[i]
	default:
		return lockRef{}, false
	}
	if l.Locker && rest == "" {
		key, write, known, ok := fs.lockerTarget(v)
		if !ok {
			return lockRef{}, false
		}
		return lockRef{key: key, write: write && l.Write, locker: !known}, true
	}
	base, ok := fs.pathOf(v)
	if !ok {
		return lockRef{}, false
	}
	key, ok := join(base, rest)
	if !ok {
		return lockRef{}, false
	}
	r := lockRef{key: key, write: l.Write, locker: l.Locker}
	if strings.HasSuffix(key, "~r") {
		r.key, r.write = strings.TrimSuffix(key, "~r"), false
	}
	return r, true
}

// resultValue returns the value of result i of call.
func resultValue(call *ssa.Call, i int) ssa.Value {
	if call.Call.Signature().Results().Len() == 1 {
		if i == 0 {
			return call
		}
		return nil
	}
	refs := call.Referrers()
	if refs == nil {
		return nil
	}
	for _, r := range *refs {
		if e, ok := r.(*ssa.Extract); ok && e.Index == i {
			return e
		}
	}
	return nil
}
