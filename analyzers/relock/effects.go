package relock

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/code"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/hindsight-lint/hindsight/internal/lint"
)

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
func (fi *fnInfo) resolve(cc *ssa.CallCommon) (target, bool) {
	callee := cc.StaticCallee()
	if callee == nil {
		return target{}, false
	}
	t := target{args: cc.Args}
	if mc, ok := cc.Value.(*ssa.MakeClosure); ok {
		t.binds = mc.Bindings
	}
	src := fi.srcFun(cc.Pos())
	if strings.HasPrefix(callee.Synthetic, "bound method wrapper") {
		obj, _ := callee.Object().(*types.Func)
		if obj == nil || len(t.binds) != 1 {
			return t, true
		}
		t.args = append([]ssa.Value{t.binds[0]}, cc.Args...)
		t.binds = nil
		t = fi.resolveObj(obj, t)
		if src != "" {
			t.name = src
		}
		return t, true
	}
	fn := callee
	if fn.Origin() != nil {
		fn = fn.Origin()
	}
	if g := fi.c.funcs[fn]; g != nil {
		t.sum = g.sum
		switch {
		case src != "":
			t.name = src
		case fn.Parent() != nil:
			t.name = "func literal"
		default:
			t.name = fi.funcName(fn.Name(), fn.Signature.Recv() != nil, t.args)
		}
		return t, true
	}
	if obj, ok := callee.Object().(*types.Func); ok {
		t = fi.resolveObj(obj, t)
		if src != "" {
			t.name = src
		}
	}
	return t, true
}

// srcFun renders the function expression of the call whose Lparen is at
// pos as written ("s.Get"), or "" (function literals are "func literal").
func (fi *fnInfo) srcFun(pos token.Pos) string {
	call := fi.c.callExpr(pos)
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

func (fi *fnInfo) resolveObj(obj *types.Func, t target) target {
	sig, _ := obj.Type().(*types.Signature)
	isMethod := sig != nil && sig.Recv() != nil
	var pkgPath, pkgName string
	if obj.Pkg() != nil {
		pkgPath, pkgName = obj.Pkg().Path(), obj.Pkg().Name()
	}
	t.name = obj.Name()
	if isMethod && len(t.args) > 0 {
		if k, ok := fi.pathOf(t.args[0]); ok {
			t.name = fi.render(k) + "." + obj.Name()
		}
	} else if fi.fn.Pkg == nil || pkgPath != fi.fn.Pkg.Pkg.Path() {
		t.name = pkgName + "." + obj.Name()
	}
	if m := syncMethod(obj); m != "" {
		t.sync = m
		return t
	}
	t.sum = fi.c.summaryOf(obj)
	return t
}

func (fi *fnInfo) funcName(name string, isMethod bool, args []ssa.Value) string {
	if isMethod && len(args) > 0 {
		if k, ok := fi.pathOf(args[0]); ok {
			return fi.render(k) + "." + name
		}
	}
	return name
}

// effects computes what a call does to the caller's locks (nil: nothing).
func (fi *fnInfo) effects(cc *ssa.CallCommon, instr ssa.Instruction) *effects {
	if cc.IsInvoke() {
		return fi.invokeEffects(cc)
	}
	t, ok := fi.resolve(cc)
	if !ok {
		if l, ok := fi.releaseOf(cc.Value, nil); ok {
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
		key, ok := fi.pathOf(t.args[0])
		if !ok {
			return nil
		}
		eff := fi.direct(key, t.sync, false)
		if src := fi.srcFun(cc.Pos()); src != "" && src != "func literal" {
			eff.name = src
			for i := range eff.acquires {
				eff.acquires[i].chain = []string{src}
			}
		}
		return eff
	}
	eff := fi.summaryEffects(t, instr)
	if mc, ok := cc.Value.(*ssa.MakeClosure); ok && eff != nil {
		captured := fi.capturedReleases(mc)
		eff.mayRelease = append(eff.mayRelease, captured...)
		eff.drops = captured
	}
	return eff
}

// direct is the effect of calling method m (Lock, RLock, Unlock, RUnlock)
// on the lock at key.
func (fi *fnInfo) direct(key, m string, locker bool) *effects {
	write := m == "Lock" || m == "Unlock"
	if strings.HasSuffix(key, "~r") { // RLocker().Lock()
		key, write = strings.TrimSuffix(key, "~r"), false
	}
	name := fi.render(key) + "." + m
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
func (fi *fnInfo) invokeEffects(cc *ssa.CallCommon) *effects {
	if cc.Method == nil || !code.IsLockerInterface(cc.Value.Type()) {
		return nil
	}
	m := cc.Method.Name()
	switch m {
	case "Lock", "RLock", "Unlock", "RUnlock":
	default:
		return nil
	}
	key, write, known, ok := fi.lockerTarget(cc.Value)
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
	return fi.direct(key, m, !known)
}

// lockerTarget finds the lock behind a Locker interface value: a
// *sync.Mutex or *sync.RWMutex converted to an interface (known), the
// result of RLocker() (known, read), or an interface-typed variable whose
// concrete type the function does not know.
func (fi *fnInfo) lockerTarget(v ssa.Value) (key string, write, known, ok bool) {
	for {
		switch x := v.(type) {
		case *ssa.ChangeInterface:
			v = x.X
			continue
		case *ssa.MakeInterface:
			if _, isPtr := x.X.Type().Underlying().(*types.Pointer); isPtr && code.IsSyncMutex(x.X.Type()) {
				key, ok = fi.pathOf(x.X)
				return key, true, true, ok
			}
			return "", false, false, false
		case *ssa.Call:
			if callee := x.Call.StaticCallee(); callee != nil && len(x.Call.Args) == 1 {
				if obj, isFunc := callee.Object().(*types.Func); isFunc && syncMethod(obj) == "RLocker" {
					key, ok = fi.pathOf(x.Call.Args[0])
					return key, false, true, ok
				}
			}
		}
		break
	}
	key, ok = fi.pathOf(v)
	return key, true, false, ok
}

// summaryEffects maps a callee's summary into the caller.
func (fi *fnInfo) summaryEffects(t target, instr ssa.Instruction) *effects {
	eff := &effects{name: t.name}
	if t.sum == nil {
		return eff
	}
	conv := func(ls []Lock, withChain bool) []lockRef {
		var out []lockRef
		for _, l := range ls {
			r, ok := fi.mapLock(l, t.args, t.binds)
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
			l, ok := fi.mapLock(r.Lock, t.args, t.binds)
			if !ok {
				continue
			}
			if rv := resultValue(call, r.Result); rv != nil {
				eff.relVals[l.key] = rv
			}
		}
	}
	return eff
}

// mapLock rewrites a callee-relative lock into the caller's terms.
func (fi *fnInfo) mapLock(l Lock, args, binds []ssa.Value) (lockRef, bool) {
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
		key, write, known, ok := fi.lockerTarget(v)
		if !ok {
			return lockRef{}, false
		}
		return lockRef{key: key, write: write && l.Write, locker: !known}, true
	}
	base, ok := fi.pathOf(v)
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

// releaseOf reports whether v is a function value that releases a lock
// when called: a method value such as h.mu.RUnlock, a function literal
// that unlocks, or the release function returned by a call.
func (fi *fnInfo) releaseOf(v ssa.Value, seen map[ssa.Value]bool) (lockRef, bool) {
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
			key, ok := fi.pathOf(t.args[0])
			if !ok {
				return lockRef{}, false
			}
			eff := fi.direct(key, t.sync, false)
			return eff.releases[0], true
		}
		if t.sum == nil || len(t.sum.Releases) != 1 {
			return lockRef{}, false
		}
		return fi.mapLock(t.sum.Releases[0], t.args, t.binds)
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
			return one(fi.resolveObj(obj, target{args: x.Bindings}))
		}
		if g := fi.c.funcs[fn]; g != nil {
			return one(target{sum: g.sum, binds: x.Bindings})
		}
	case *ssa.Function:
		if g := fi.c.funcs[x]; g != nil {
			return one(target{sum: g.sum})
		}
		if obj, ok := x.Object().(*types.Func); ok {
			return one(fi.resolveObj(obj, target{}))
		}
	case *ssa.Extract:
		if call, ok := x.Tuple.(*ssa.Call); ok {
			return fi.resultRelease(call, x.Index)
		}
	case *ssa.Call:
		return fi.resultRelease(x, 0)
	case *ssa.ChangeType:
		return fi.releaseOf(x.X, seen)
	case *ssa.UnOp:
		if a, ok := x.X.(*ssa.Alloc); ok && x.Op == token.MUL {
			if st := singleStore(a); st != nil {
				return fi.releaseOf(st.Val, seen)
			}
		}
	case *ssa.Phi:
		var common *lockRef
		for _, e := range x.Edges {
			if c, ok := e.(*ssa.Const); ok && c.IsNil() {
				continue
			}
			l, ok := fi.releaseOf(e, seen)
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

func (fi *fnInfo) resultRelease(call *ssa.Call, i int) (lockRef, bool) {
	if call.Call.IsInvoke() {
		return lockRef{}, false
	}
	t, ok := fi.resolve(&call.Call)
	if !ok || t.sum == nil {
		return lockRef{}, false
	}
	for _, r := range t.sum.Results {
		if r.Result == i {
			return fi.mapLock(r.Lock, t.args, t.binds)
		}
	}
	return lockRef{}, false
}

// span returns the source range to report for an instruction.
func (fi *fnInfo) span(pos token.Pos) (token.Pos, token.Pos) {
	if call := fi.c.callExpr(pos); call != nil {
		return call.Pos(), call.End()
	}
	return pos, pos
}

func (fi *fnInfo) where(pos token.Pos, at token.Pos) string {
	p, q := fi.c.pass.Fset.Position(pos), fi.c.pass.Fset.Position(at)
	if p.Filename == q.Filename {
		return fmt.Sprintf("line %d", p.Line)
	}
	return fmt.Sprintf("%s:%d", code.ShortFile(p.Filename), p.Line)
}

// firstDesc describes where the held lock was taken.
func (fi *fnInfo) firstDesc(e heldLock, key string, at token.Pos) string {
	s := "first taken at " + fi.where(e.pos, at)
	if e.via != "" {
		s = "first taken by " + e.via + " at " + fi.where(e.pos, at)
	}
	if e.prev {
		s += " in the previous iteration of the loop"
		if fi.deferRel[key] {
			s += ", whose deferred release runs only when the function returns"
		}
	}
	return s
}

// conflict reports an acquisition of a lock the function already holds.
func (fi *fnInfo) conflict(e heldLock, l lockRef, eff *effects, instr ssa.Instruction) {
	pos, end := fi.span(instr.Pos())
	if !pos.IsValid() || fi.c.reported[pos] || fi.c.skip[fi.c.pass.Fset.File(pos)] {
		return
	}
	if e.via == "" && !fi.mayRel[l.key] {
		// Never released here: a mutex used as a semaphore, unlocked by
		// another goroutine (lock; go worker(); lock again to wait).
		return
	}
	if !e.write && !l.write && fi.unshared(l.key) {
		return // no other goroutine can reach it, so no writer can wait
	}
	fi.c.reported[pos] = true
	mu := fi.render(l.key)
	if r, _ := splitRoot(l.key); r != "" && r[0] == 'v' && e.src != "" {
		mu = e.src // a local value: the source names it better
	}
	first := fi.firstDesc(e, l.key, pos)
	through := ""
	if !eff.direct {
		through = " through " + eff.name + " (" + strings.Join(l.chain, " → ") + ")"
	}
	var msg string
	var rule *lint.Rule
	switch {
	case !e.write && !l.write:
		rule = ruleRecursiveRLock
		msg = fmt.Sprintf("recursive read lock of %s%s, %s; it deadlocks as soon as a writer waits", mu, through, first)
	case !e.write && l.write:
		rule = ruleUpgrade
		msg = fmt.Sprintf("write lock of %s%s while this goroutine holds its read lock, %s: a certain self-deadlock", mu, through, first)
	case e.write && !l.write:
		rule = ruleReadWhileWriting
		msg = fmt.Sprintf("read lock of %s%s while this goroutine holds its write lock, %s: a certain self-deadlock", mu, through, first)
	default:
		rule = ruleDoubleLock
		msg = fmt.Sprintf("%s is locked again%s while this goroutine holds it, %s: a certain self-deadlock", mu, through, first)
	}
	f := lint.Finding{Pos: pos, End: end, Rule: rule, Message: msg}
	// In a loop the first acquisition is this same call, one iteration
	// earlier: the message says so, and a related location pointing at
	// the finding itself would say nothing.
	if fset := fi.c.pass.Fset; e.pos.IsValid() && fset.Position(e.pos) != fset.Position(pos) {
		f.Related = []analysis.RelatedInformation{{Pos: e.pos, Message: "first acquisition of " + mu}}
	}
	fi.c.rep.Report(f)
}

// deferredConflict reports defer mu.Lock() while mu is held at return.
func (fi *fnInfo) deferredConflict(e heldLock, l lockRef, d deferInfo) {
	pos := d.instr.Pos()
	_, end := fi.span(d.instr.Call.Pos())
	if !pos.IsValid() || fi.c.reported[pos] || fi.c.skip[fi.c.pass.Fset.File(pos)] {
		return
	}
	fi.c.reported[pos] = true
	unlock := strings.TrimSuffix(d.eff.name, "Lock") + "Unlock"
	if l.write || e.write {
		msg := fmt.Sprintf("deferred %s runs when the function returns, while %s is still held (%s): a certain self-deadlock; did you mean defer %s()?",
			d.eff.name, fi.render(l.key), fi.firstDesc(e, l.key, pos), unlock)
		fi.c.rep.Report(lint.Finding{Pos: pos, End: end, Rule: ruleDeferredLock, Message: msg})
		return
	}
	msg := fmt.Sprintf("deferred %s runs when the function returns, while %s is still read-locked (%s): it deadlocks as soon as a writer waits; did you mean defer %s()?",
		d.eff.name, fi.render(l.key), fi.firstDesc(e, l.key, pos), unlock)
	fi.c.rep.Report(lint.Finding{Pos: pos, End: end, Rule: ruleDeferredLock, Message: msg})
}
