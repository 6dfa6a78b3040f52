package relock

import (
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/code"

	"golang.org/x/tools/go/ssa"
)

// heldLock is a lock the function must hold at a program point.
type heldLock struct {
	write  bool
	locker bool      // through a Locker of unknown concrete type: never reported
	pos    token.Pos // where this function took it
	via    string    // the call that took it ("h.Obtain"), "" when direct
	relVal ssa.Value // the release function that came with it, if any
	prev   bool      // taken in the previous iteration of a loop
	extra  int       // re-acquisitions already reported, which unlocks consume first
	src    string    // the mutex as written at a direct acquisition ("acc.mu")
}

// state is the lock state at a program point.
type state struct {
	held     map[string]heldLock // must-hold
	relEntry map[string]bool     // must: released without having been taken here (value: write)
	released map[string]bool     // may: released so far
}

func newState() *state {
	return &state{held: map[string]heldLock{}, relEntry: map[string]bool{}, released: map[string]bool{}}
}

func (s *state) clone() *state {
	t := &state{
		held:     make(map[string]heldLock, len(s.held)),
		relEntry: make(map[string]bool, len(s.relEntry)),
		released: make(map[string]bool, len(s.released)),
	}
	for k, v := range s.held {
		t.held[k] = v
	}
	for k, w := range s.relEntry {
		t.relEntry[k] = w
	}
	for k := range s.released {
		t.released[k] = true
	}
	return t
}

// meet joins two states where control flow merges: must-hold by
// intersection, may-release by union. States are never changed once made
// (transfer copies before writing), so meet shares maps where it can.
func meet(a, b *state) *state {
	if a == nil {
		return b
	}
	if a == b {
		return a
	}
	t := &state{}
	switch {
	case len(a.held) == 0:
		t.held = a.held
	case len(b.held) == 0:
		t.held = b.held
	default:
		t.held = make(map[string]heldLock, len(a.held))
		for k, x := range a.held {
			y, ok := b.held[k]
			if !ok || x.write != y.write || x.locker != y.locker {
				continue
			}
			if y.pos < x.pos && y.pos.IsValid() {
				x.pos, x.via, x.src = y.pos, y.via, y.src
			}
			if x.relVal != y.relVal {
				x.relVal = nil
			}
			x.prev = x.prev && y.prev
			x.extra = min(x.extra, y.extra)
			t.held[k] = x
		}
	}
	switch {
	case len(a.relEntry) == 0:
		t.relEntry = a.relEntry
	case len(b.relEntry) == 0:
		t.relEntry = b.relEntry
	default:
		t.relEntry = make(map[string]bool, len(a.relEntry))
		for k, w := range a.relEntry {
			if v, ok := b.relEntry[k]; ok && v == w {
				t.relEntry[k] = w
			}
		}
	}
	t.released = unionSet(a.released, b.released)
	return t
}

// sameMap reports whether a and b are the same map (shared, not copied).
func sameMap(a, b map[string]bool) bool {
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

// unionSet returns the union of two sets, sharing one when it contains the
// other.
func unionSet(a, b map[string]bool) map[string]bool {
	if len(b) == 0 || sameMap(a, b) {
		return a
	}
	if len(a) < len(b) {
		a, b = b, a
	}
	subset := true
	for k := range b {
		if !a[k] {
			subset = false
			break
		}
	}
	if subset {
		return a
	}
	u := make(map[string]bool, len(a)+len(b))
	for k := range a {
		u[k] = true
	}
	for k := range b {
		u[k] = true
	}
	return u
}

func (s *state) equal(t *state) bool {
	if s == nil || t == nil {
		return s == t
	}
	if len(s.held) != len(t.held) || len(s.relEntry) != len(t.relEntry) || len(s.released) != len(t.released) {
		return false
	}
	for k, x := range s.held {
		y, ok := t.held[k]
		if !ok || x.write != y.write || x.pos != y.pos || x.prev != y.prev || x.relVal != y.relVal || x.extra != y.extra {
			return false
		}
	}
	for k, w := range s.relEntry {
		if v, ok := t.relEntry[k]; !ok || v != w {
			return false
		}
	}
	for k := range s.released {
		if !t.released[k] {
			return false
		}
	}
	return true
}

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
	unknown    bool                 // a dynamic call of unknown effect
	drops      []lockRef            // possibly released by a called literal: no longer must-held
}

// deferInfo is one defer statement of the function.
type deferInfo struct {
	instr *ssa.Defer
	eff   *effects
}

// retInfo is the state at one return.
type retInfo struct {
	instr *ssa.Return
	st    *state
}

// fnInfo is the analysis of one function.
type fnInfo struct {
	c     *checker
	fn    *ssa.Function
	sum   *Summary
	iters int

	paths      map[ssa.Value]string
	locals     map[ssa.Value]int
	localNames []string
	localVals  []ssa.Value

	// per run of analyze
	report   bool
	loopPass bool
	defers   []deferInfo
	deferRel map[string]bool
	deferUnk bool
	mayRel   map[string]bool // locks the function may release anywhere
	effMemo  map[ssa.Instruction]*effects
	acq      []Lock
	acqSeen  map[string]bool
	returns  []retInfo
}

// analyze runs the dataflow over fn, recomputes its summary and, when
// report is set, reports re-acquisitions.
func (fi *fnInfo) analyze(report bool) {
	if !fi.relevant() {
		fi.sum = nil
		return
	}
	fi.report = report
	fi.loopPass = false
	fi.effMemo = map[ssa.Instruction]*effects{} // callee summaries are fixed during one analysis
	fi.acq, fi.acqSeen, fi.returns = nil, map[string]bool{}, nil
	fi.prepareDefers()

	blocks := fi.fn.Blocks
	in := make([]*state, len(blocks))
	out := make([]*state, len(blocks))
	in[0] = newState()
	work := []*ssa.BasicBlock{blocks[0]}
	onWork := make([]bool, len(blocks))
	onWork[0] = true
	budget := 40 * len(blocks)
	for len(work) > 0 && budget > 0 {
		budget--
		b := work[0]
		work = work[1:]
		onWork[b.Index] = false
		o := fi.transfer(b, in[b.Index], false)
		if out[b.Index] != nil && o.equal(out[b.Index]) {
			continue
		}
		out[b.Index] = o
		for _, s := range b.Succs {
			var m *state
			for _, p := range s.Preds {
				if out[p.Index] != nil {
					m = meet(m, out[p.Index])
				}
			}
			if in[s.Index] == nil || !m.equal(in[s.Index]) {
				in[s.Index] = m
				if !onWork[s.Index] {
					onWork[s.Index] = true
					work = append(work, s)
				}
			}
		}
	}

	fi.mayRel = map[string]bool{}
	for k := range fi.deferRel {
		fi.mayRel[k] = true
	}
	for _, o := range out {
		if o != nil {
			for k := range o.released {
				fi.mayRel[k] = true
			}
		}
	}

	// Final pass: collect acquisitions and return states, and report.
	fi.acq, fi.acqSeen, fi.returns = nil, map[string]bool{}, nil
	for _, b := range blocks {
		if in[b.Index] == nil {
			continue
		}
		out[b.Index] = fi.transfer(b, in[b.Index], report)
	}
	fi.summarize()
	if report && fi.c.conf.Loops {
		fi.loops(in, out)
	}
	fi.effMemo = nil
}

// relevant reports whether fn does anything to locks: calls a lock
// method, a function with a summary, or a release function. Most functions
// do not, and skip the dataflow.
func (fi *fnInfo) relevant() bool {
	c := fi.c
	objRelevant := func(obj *types.Func) bool {
		return obj != nil && (syncMethod(obj) != "" || c.summaryOf(obj) != nil)
	}
	for _, b := range fi.fn.Blocks {
		for _, instr := range b.Instrs {
			switch x := instr.(type) {
			case ssa.CallInstruction:
				cc := x.Common()
				if cc.IsInvoke() {
					if code.IsLockerInterface(cc.Value.Type()) {
						return true
					}
					continue
				}
				callee := cc.StaticCallee()
				if callee == nil {
					if _, ok := fi.releaseOf(cc.Value, nil); ok {
						return true
					}
					continue
				}
				if strings.HasPrefix(callee.Synthetic, "bound method wrapper") {
					if obj, _ := callee.Object().(*types.Func); objRelevant(obj) {
						return true
					}
					continue
				}
				fn := callee
				if fn.Origin() != nil {
					fn = fn.Origin()
				}
				if g := c.funcs[fn]; g != nil {
					if g.sum != nil {
						return true
					}
					continue
				}
				if obj, _ := callee.Object().(*types.Func); objRelevant(obj) {
					return true
				}
			case *ssa.MakeClosure:
				if g := c.funcs[fnOf(x)]; g != nil && g.sum != nil {
					return true
				}
			}
		}
	}
	return false
}

// prepareDefers computes what each defer statement releases.
func (fi *fnInfo) prepareDefers() {
	fi.defers, fi.deferRel, fi.deferUnk = nil, map[string]bool{}, false
	for _, b := range fi.fn.Blocks {
		for _, instr := range b.Instrs {
			d, ok := instr.(*ssa.Defer)
			if !ok {
				continue
			}
			eff := fi.effects(&d.Call, d)
			if eff == nil {
				eff = &effects{}
			}
			fi.defers = append(fi.defers, deferInfo{d, eff})
			for _, l := range eff.mayRelease {
				fi.deferRel[l.key] = true
			}
			if eff.unknown {
				fi.deferUnk = true
			}
		}
	}
}

// transfer applies the instructions of b to a copy of st.
func (fi *fnInfo) transfer(b *ssa.BasicBlock, st *state, report bool) *state {
	// Copy on write: most blocks change nothing.
	owned := false
	own := func() {
		if !owned {
			st = st.clone()
			owned = true
		}
	}
	drop := func(match func(key string) bool) {
		for k := range st.held {
			if match(k) {
				own()
				delete(st.held, k)
			}
		}
	}
	for _, instr := range b.Instrs {
		if v, ok := instr.(ssa.Value); ok && len(st.held) > 0 {
			if n, ok := fi.locals[v]; ok {
				root := "v" + strconv.Itoa(n)
				drop(func(k string) bool { r, _ := splitRoot(k); return r == root })
			}
		}
		switch x := instr.(type) {
		case *ssa.Call:
			eff, ok := fi.effMemo[x]
			if !ok {
				eff = fi.effects(&x.Call, x)
				fi.effMemo[x] = eff
			}
			if eff != nil && len(eff.releases)+len(eff.acquires)+len(eff.holds)+len(eff.mayRelease)+len(eff.drops) > 0 {
				own()
				fi.apply(st, eff, x, b, report)
			}
		case *ssa.Go:
			// A goroutine that releases our lock takes it over.
			if len(st.held) == 0 {
				continue
			}
			if eff := fi.effects(&x.Call, x); eff != nil {
				for _, l := range eff.mayRelease {
					drop(func(k string) bool { return k == l.key })
				}
			}
		case *ssa.MakeClosure:
			// So does a function literal handed to someone else to call.
			if len(st.held) == 0 {
				continue
			}
			if g := fi.c.funcs[fnOf(x)]; g != nil && g.sum != nil && len(g.sum.MayRelease) > 0 && fi.escapes(x) {
				for _, l := range g.sum.MayRelease {
					if r, ok := fi.mapLock(l, nil, x.Bindings); ok {
						drop(func(k string) bool { return k == r.key })
					}
				}
			}
		case *ssa.Store:
			if len(st.held) == 0 {
				continue
			}
			if k, ok := fi.pathOf(x.Addr); ok {
				drop(func(h string) bool { return hasPrefixPath(h, k+"^") })
			}
		case *ssa.Return:
			if !fi.loopPass {
				fi.returns = append(fi.returns, retInfo{x, st})
				if report {
					fi.checkDeferredAcquire(st, b)
				}
			}
		}
	}
	return st
}

// apply applies a call's effects to st, reporting re-acquisitions.
func (fi *fnInfo) apply(st *state, eff *effects, instr ssa.Instruction, b *ssa.BasicBlock, report bool) {
	if eff == nil {
		return
	}
	for _, l := range eff.releases {
		if e, ok := st.held[l.key]; ok {
			if e.extra > 0 {
				e.extra--
				st.held[l.key] = e
			} else {
				delete(st.held, l.key)
			}
		} else {
			st.relEntry[l.key] = l.write
		}
		st.released[l.key] = true
	}
	reportedHere := false
	for _, l := range eff.acquires {
		if e, ok := st.held[l.key]; ok && !e.locker && !l.locker {
			if report && !reportedHere {
				fi.conflict(e, l, eff, instr)
				reportedHere = true
			}
			if e.extra < 2 && containsKey(eff.holds, l.key) {
				e.extra++ // no cascade: the matching unlock releases this one
				st.held[l.key] = e
			}
		}
		if !fi.loopPass && exportable(l.key) && !st.released[l.key] && !fi.condOnParam(b) {
			id := l.key + "|" + strconv.FormatBool(l.write) + strconv.FormatBool(l.locker)
			if !fi.acqSeen[id] {
				fi.acqSeen[id] = true
				fi.acq = append(fi.acq, Lock{Path: l.key, Write: l.write, Locker: l.locker, Chain: l.chain})
			}
		}
	}
	for _, l := range eff.holds {
		if _, ok := st.held[l.key]; ok {
			continue
		}
		start, _ := fi.span(instr.Pos())
		h := heldLock{write: l.write, locker: l.locker, pos: start}
		if !eff.direct {
			h.via = eff.name
		} else if i := strings.LastIndexByte(eff.name, '.'); i > 0 {
			h.src = eff.name[:i]
		}
		if rv := eff.relVals[l.key]; rv != nil {
			if fi.escapes(rv) {
				continue // handed over to someone else to release
			}
			h.relVal = rv
		}
		st.held[l.key] = h
	}
	for _, l := range eff.mayRelease {
		st.released[l.key] = true
	}
	for _, l := range eff.drops {
		delete(st.held, l.key)
	}
}

func fnOf(mc *ssa.MakeClosure) *ssa.Function {
	f, _ := mc.Fn.(*ssa.Function)
	return f
}

func containsKey(ls []lockRef, key string) bool {
	for _, l := range ls {
		if l.key == key {
			return true
		}
	}
	return false
}

// unshared reports whether the lock at key lives in a local variable that
// no other goroutine can reach: only this function's own calls of its
// methods use it. A writer cannot wait on such a lock.
func (fi *fnInfo) unshared(key string) bool {
	root, _ := splitRoot(key)
	if root == "" || root[0] != 'v' {
		return false
	}
	n, err := strconv.Atoi(root[1:])
	if err != nil || n >= len(fi.localVals) {
		return false
	}
	a, ok := fi.localVals[n].(*ssa.Alloc)
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
			case *ssa.Call:
				callee := r.Call.StaticCallee()
				if callee == nil {
					return false
				}
				obj, _ := callee.Object().(*types.Func)
				if syncMethod(obj) == "" {
					return false
				}
			case *ssa.Defer:
				callee := r.Call.StaticCallee()
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
func (fi *fnInfo) escapes(v ssa.Value) bool {
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
			case *ssa.Call:
				if r.Call.Value != v {
					return true
				}
			case *ssa.Defer:
				if r.Call.Value != v {
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
				if !ok || r.Val != v || singleStore(a) == nil || !fi.capturedForLocalCalls(a) {
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
func (fi *fnInfo) capturedForLocalCalls(a *ssa.Alloc) bool {
	refs := a.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store, *ssa.DebugRef:
		case *ssa.UnOp:
			if fi.escapes(r) {
				return false
			}
		case *ssa.MakeClosure:
			crefs := r.Referrers()
			if crefs == nil {
				return false
			}
			for _, cr := range *crefs {
				switch cr := cr.(type) {
				case *ssa.Call:
					if cr.Call.Value != r {
						return false
					}
				case *ssa.Defer:
					if cr.Call.Value != r {
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
func (fi *fnInfo) capturedReleases(mc *ssa.MakeClosure) []lockRef {
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
					if l, ok := fi.releaseOf(st.Val, nil); ok {
						out = append(out, l)
					}
				}
			}
		}
	}
	return out
}

// condOnParam reports whether b runs only on one side of a branch on a
// boolean parameter (func f(locked bool) { if !locked { mu.Lock() } }).
func (fi *fnInfo) condOnParam(b *ssa.BasicBlock) bool {
	for d := b.Idom(); d != nil; d = d.Idom() {
		if len(d.Instrs) == 0 {
			continue
		}
		iff, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok || !isParamBool(iff.Cond) {
			continue
		}
		for _, s := range d.Succs {
			if s.Dominates(b) {
				return true
			}
		}
	}
	return false
}

func isParamBool(v ssa.Value) bool {
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.NOT {
		v = u.X
	}
	switch v := v.(type) {
	case *ssa.Parameter:
		return true
	case *ssa.UnOp: // a field of the receiver or a captured flag
		if v.Op == token.MUL {
			if fa, ok := v.X.(*ssa.FieldAddr); ok {
				_, isParam := fa.X.(*ssa.Parameter)
				return isParam && strings.Contains(strings.ToLower(fieldName(fa.X.Type(), fa.Field)), "lock")
			}
		}
	}
	return false
}

// summarize derives fi.sum from the collected acquisitions and return states.
func (fi *fnInfo) summarize() {
	sum := &Summary{}
	dropRecv := -1 // unknown; the doc regexp is evaluated only when needed
	for _, l := range fi.acq {
		if r, _ := splitRoot(l.Path); r == "p0" && fi.fn.Signature.Recv() != nil {
			if dropRecv < 0 {
				dropRecv = 0
				if requiresLock(fi.fn) {
					dropRecv = 1
				}
			}
			if dropRecv == 1 {
				continue
			}
		}
		sum.Acquires = append(sum.Acquires, l)
	}
	var holds map[string]Lock
	var rels map[string]Lock
	may := map[string]bool{}
	results := map[int]*Lock{}
	conflict := map[int]bool{}
	for i, r := range fi.returns {
		h := map[string]Lock{}
		for k, e := range r.st.held {
			if !exportable(k) || fi.deferRel[k] || fi.deferUnk {
				continue
			}
			if e.relVal != nil && !returned(r.instr, e.relVal) {
				continue
			}
			h[k] = Lock{Path: k, Write: e.write, Locker: e.locker}
		}
		rl := map[string]Lock{}
		for k, w := range r.st.relEntry {
			if exportable(k) {
				rl[k] = Lock{Path: k, Write: w}
			}
		}
		for _, d := range fi.defers {
			if !d.instr.Block().Dominates(r.instr.Block()) {
				continue
			}
			for _, l := range d.eff.releases {
				if _, held := r.st.held[l.key]; !held && exportable(l.key) {
					rl[l.key] = Lock{Path: l.key, Write: l.write}
				}
			}
		}
		for k := range r.st.released {
			if exportable(k) {
				may[k] = true
			}
		}
		if i == 0 {
			holds, rels = h, rl
		} else {
			for k := range holds {
				if _, ok := h[k]; !ok {
					delete(holds, k)
				}
			}
			for k := range rels {
				if _, ok := rl[k]; !ok {
					delete(rels, k)
				}
			}
		}
		for j, v := range r.instr.Results {
			if c, ok := v.(*ssa.Const); ok && c.IsNil() {
				continue
			}
			l, ok := fi.releaseOf(v, nil)
			if !ok || !exportable(l.key) {
				conflict[j] = true
				continue
			}
			lk := Lock{Path: l.key, Write: l.write, Locker: l.locker}
			if prev := results[j]; prev != nil && (prev.Path != lk.Path || prev.Write != lk.Write) {
				conflict[j] = true
			}
			results[j] = &lk
		}
	}
	for k := range fi.deferRel {
		if exportable(k) {
			may[k] = true
		}
	}
	for _, l := range holds {
		sum.Holds = append(sum.Holds, l)
	}
	for k, l := range rels {
		if _, ok := holds[k]; !ok {
			sum.Releases = append(sum.Releases, l)
		}
	}
	for k := range may {
		sum.MayRelease = append(sum.MayRelease, Lock{Path: k})
	}
	for j := 0; j < fi.fn.Signature.Results().Len(); j++ {
		if l := results[j]; l != nil && !conflict[j] {
			sum.Results = append(sum.Results, Release{Result: j, Lock: *l})
		}
	}
	sortLocks(sum.Holds)
	sortLocks(sum.Releases)
	sortLocks(sum.MayRelease)
	const maxLocks = 32
	if len(sum.Acquires) > maxLocks {
		sum.Acquires = sum.Acquires[:maxLocks]
	}
	if sum.empty() {
		sum = nil
	}
	fi.sum = sum
}

func returned(ret *ssa.Return, v ssa.Value) bool {
	for _, r := range ret.Results {
		if r == v {
			return true
		}
	}
	return false
}

// loops reports locks carried around a loop: held at the end of every
// iteration (a deferred release) but not on entry, so the next iteration
// takes them while still holding them.
func (fi *fnInfo) loops(in, out []*state) {
	fi.loopPass = true
	defer func() { fi.loopPass = false }()
	for _, h := range fi.fn.Blocks {
		if in[h.Index] == nil {
			continue
		}
		var back []*ssa.BasicBlock
		for _, p := range h.Preds {
			if h.Dominates(p) && out[p.Index] != nil {
				back = append(back, p)
			}
		}
		if len(back) == 0 {
			continue
		}
		var carried map[string]heldLock
		for i, p := range back {
			if i == 0 {
				carried = map[string]heldLock{}
				for k, e := range out[p.Index].held {
					if _, ok := in[h.Index].held[k]; !ok && !e.locker {
						carried[k] = e
					}
				}
				continue
			}
			for k, e := range carried {
				if f, ok := out[p.Index].held[k]; !ok || f.write != e.write {
					delete(carried, k)
				}
			}
		}
		for k := range carried {
			// Only a deferred release keeps a lock across iterations
			// by mistake; a lock never released here is someone
			// else's to release (a semaphore-style handoff).
			if !fi.deferRel[k] {
				delete(carried, k)
			}
		}
		if len(carried) == 0 {
			continue
		}
		body := naturalLoop(h, back)
		start := in[h.Index].clone()
		for k, e := range carried {
			e.prev = true
			start.held[k] = e
		}
		lin := map[*ssa.BasicBlock]*state{h: start}
		lout := map[*ssa.BasicBlock]*state{}
		for round := 0; round < 20; round++ {
			changed := false
			for _, b := range fi.fn.Blocks {
				if !body[b] {
					continue
				}
				if b != h {
					var m *state
					for _, p := range b.Preds {
						if body[p] && lout[p] != nil {
							m = meet(m, lout[p])
						}
					}
					if m == nil {
						continue
					}
					lin[b] = m
				}
				o := fi.transfer(b, lin[b], false)
				if !o.equal(lout[b]) {
					lout[b] = o
					changed = true
				}
			}
			if !changed {
				break
			}
		}
		for _, b := range fi.fn.Blocks {
			if body[b] && lin[b] != nil {
				fi.transfer(b, lin[b], true)
			}
		}
	}
}

// naturalLoop returns the blocks of the loop with header h and the given
// back edges.
func naturalLoop(h *ssa.BasicBlock, back []*ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	body := map[*ssa.BasicBlock]bool{h: true}
	stack := append([]*ssa.BasicBlock(nil), back...)
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if body[b] {
			continue
		}
		body[b] = true
		stack = append(stack, b.Preds...)
	}
	return body
}

// checkDeferredAcquire reports a deferred Lock of a mutex that is still
// held when the function returns (a typo for Unlock).
func (fi *fnInfo) checkDeferredAcquire(st *state, b *ssa.BasicBlock) {
	for i, d := range fi.defers {
		if !d.eff.direct || len(d.eff.acquires) == 0 || !d.instr.Block().Dominates(b) {
			continue
		}
		l := d.eff.acquires[0]
		e, ok := st.held[l.key]
		if !ok || e.locker || l.locker {
			continue
		}
		releasedFirst := false // a later defer runs first (LIFO)
		for _, later := range fi.defers[i+1:] {
			for _, r := range later.eff.mayRelease {
				if r.key == l.key {
					releasedFirst = true
				}
			}
		}
		if releasedFirst {
			continue
		}
		fi.deferredConflict(e, l, d)
	}
}

// pathOf returns the access path of v.
func (fi *fnInfo) pathOf(v ssa.Value) (string, bool) {
	if fi.paths == nil {
		fi.paths = map[ssa.Value]string{}
	}
	if k, ok := fi.paths[v]; ok {
		return k, k != ""
	}
	fi.paths[v] = fi.local(v) // provisional, breaks cycles through phis
	k, ok := fi.computePath(v)
	if !ok {
		k = ""
	}
	fi.paths[v] = k
	return k, ok
}

func (fi *fnInfo) computePath(v ssa.Value) (string, bool) {
	switch v := v.(type) {
	case *ssa.Parameter:
		for i, p := range fi.fn.Params {
			if p == v {
				return "p" + strconv.Itoa(i), true
			}
		}
	case *ssa.FreeVar:
		for i, p := range fi.fn.FreeVars {
			if p == v {
				return "f" + strconv.Itoa(i), true
			}
		}
	case *ssa.Global:
		if v.Pkg != nil && v.Pkg.Pkg != nil {
			return "g{" + v.Pkg.Pkg.Path() + "." + v.Name() + "}", true
		}
	case *ssa.FieldAddr:
		name := fieldName(v.X.Type(), v.Field)
		if name == "" {
			break
		}
		base, ok := fi.pathOf(v.X)
		if !ok {
			return "", false
		}
		return join(base, "."+name)
	case *ssa.Field:
		name := fieldName(v.X.Type(), v.Field)
		if name == "" {
			break
		}
		base, ok := fi.pathOf(v.X)
		if !ok {
			return "", false
		}
		return join(base, "&."+name+"^")
	case *ssa.UnOp:
		if v.Op == token.MUL {
			base, ok := fi.pathOf(v.X)
			if !ok {
				return "", false
			}
			return join(base, "^")
		}
	case *ssa.ChangeType:
		return fi.pathOf(v.X)
	case *ssa.ChangeInterface:
		return fi.pathOf(v.X)
	case *ssa.MakeInterface:
		if _, ok := v.X.Type().Underlying().(*types.Pointer); ok {
			return fi.pathOf(v.X)
		}
	case *ssa.Alloc:
		if st := singleStore(v); st != nil {
			base, ok := fi.pathOf(st.Val)
			if !ok {
				return "", false
			}
			if pointerLike(st.Val.Type()) {
				return join(base, "&")
			}
			return join(base, "={"+strconv.Itoa(len(fi.paths))+"}")
		}
	case *ssa.IndexAddr:
		if c, ok := v.Index.(*ssa.Const); ok && c.Value != nil {
			base, ok := fi.pathOf(v.X)
			if !ok {
				return "", false
			}
			return join(base, "["+c.Value.ExactString()+"]")
		}
	case *ssa.Phi:
		common := ""
		for _, e := range v.Edges {
			if e == v {
				continue
			}
			k, ok := fi.pathOf(e)
			if !ok || (common != "" && k != common) {
				common = ""
				break
			}
			common = k
		}
		if common != "" {
			return common, true
		}
	case *ssa.Call:
		if callee := v.Call.StaticCallee(); callee != nil && len(v.Call.Args) == 1 {
			if obj, ok := callee.Object().(*types.Func); ok && syncMethod(obj) == "RLocker" {
				base, ok := fi.pathOf(v.Call.Args[0])
				if !ok {
					return "", false
				}
				return join(base, "~r")
			}
		}
	}
	return fi.local(v), true
}

// local returns the local root for v.
func (fi *fnInfo) local(v ssa.Value) string {
	if fi.locals == nil {
		fi.locals = map[ssa.Value]int{}
	}
	n, ok := fi.locals[v]
	if !ok {
		n = len(fi.localNames)
		fi.locals[v] = n
		fi.localNames = append(fi.localNames, localName(v))
		fi.localVals = append(fi.localVals, v)
	}
	return "v" + strconv.Itoa(n)
}

func localName(v ssa.Value) string {
	switch v := v.(type) {
	case *ssa.Alloc:
		if v.Comment != "" {
			return v.Comment
		}
	case *ssa.Call:
		if callee := v.Call.StaticCallee(); callee != nil {
			return callee.Name() + "()"
		}
	case *ssa.Extract:
		return localName(v.Tuple)
	case *ssa.UnOp:
		if v.Op == token.MUL {
			if a, ok := v.X.(*ssa.Alloc); ok && a.Comment != "" {
				return a.Comment
			}
		}
	}
	return "the value " + v.Name()
}

// singleStore returns the only store to alloc when alloc is used only by
// loads, closure bindings and that store.
func singleStore(alloc *ssa.Alloc) *ssa.Store {
	refs := alloc.Referrers()
	if refs == nil {
		return nil
	}
	var st *ssa.Store
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != alloc || st != nil {
				return nil
			}
			st = r
		case *ssa.UnOp, *ssa.MakeClosure, *ssa.DebugRef:
		case *ssa.FieldAddr, *ssa.IndexAddr:
			if _, isPtr := st0(alloc).(*types.Pointer); isPtr {
				return nil
			}
		default:
			return nil
		}
	}
	return st
}

// st0 is the type of the variable alloc allocates.
func st0(alloc *ssa.Alloc) types.Type {
	if p, ok := alloc.Type().Underlying().(*types.Pointer); ok {
		return p.Elem().Underlying()
	}
	return nil
}

func pointerLike(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Interface, *types.Signature:
		return true
	}
	return false
}

// fieldName returns the name of field i of the struct t (or *t) points to.
func fieldName(t types.Type, i int) string {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	s, ok := t.Underlying().(*types.Struct)
	if !ok || i < 0 || i >= s.NumFields() {
		return ""
	}
	return s.Field(i).Name()
}

// render shows a path in Go syntax using fi's names.
func (fi *fnInfo) render(key string) string {
	root, rest := splitRoot(key)
	name := root
	switch {
	case strings.HasPrefix(root, "g{"):
		full := strings.TrimSuffix(strings.TrimPrefix(root, "g{"), "}")
		dot := strings.LastIndexByte(full, '.')
		if dot >= 0 {
			pkg, n := full[:dot], full[dot+1:]
			name = n
			if fi.fn.Pkg == nil || fi.fn.Pkg.Pkg.Path() != pkg {
				name = pkg[strings.LastIndexByte(pkg, '/')+1:] + "." + n
			}
		}
	case root[0] == 'v':
		if n, err := strconv.Atoi(root[1:]); err == nil && n < len(fi.localNames) {
			name = fi.localNames[n]
		}
	default:
		if kind, i, ok := rootIndex(root); ok {
			if kind == 'p' && i < len(fi.fn.Params) {
				name = fi.fn.Params[i].Name()
			} else if kind == 'f' && i < len(fi.fn.FreeVars) {
				name = fi.fn.FreeVars[i].Name()
			}
		}
	}
	return name + renderTail(rest)
}
