package relock

import (
	"go/token"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// transfer applies the instructions of b to a copy of st.
func (fs *funcState) transfer(b *ssa.BasicBlock, st *state, report bool) *state {
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
			if n, ok := fs.locals[v]; ok {
				root := "v" + strconv.Itoa(n)
				drop(func(k string) bool { r, _ := splitRoot(k); return r == root })
			}
		}
		switch x := instr.(type) {
		case *ssa.Call:
			eff := fs.callEffects(x)
			if eff != nil && len(eff.releases)+len(eff.acquires)+len(eff.holds)+len(eff.mayRelease)+len(eff.drops) > 0 {
				own()
				fs.apply(st, eff, x, b, report)
			}
		case *ssa.Go:
			// A goroutine that releases our lock takes it over.
			if len(st.held) == 0 {
				continue
			}
			if eff := fs.effects(&x.Call, x); eff != nil {
				for _, l := range eff.mayRelease {
					drop(func(k string) bool { return k == l.key })
				}
			}
		case *ssa.MakeClosure:
			// So does a function literal handed to someone else to call.
			if len(st.held) == 0 {
				continue
			}
			if g := fs.c.funcs[fnOf(x)]; g != nil && g.sum != nil && len(g.sum.MayRelease) > 0 && fs.escapes(x) {
				for _, l := range g.sum.MayRelease {
					if r, ok := fs.mapLock(l, nil, x.Bindings); ok {
						drop(func(k string) bool { return k == r.key })
					}
				}
			}
		case *ssa.Store:
			if len(st.held) == 0 {
				continue
			}
			if k, ok := fs.pathOf(x.Addr); ok {
				drop(func(h string) bool { return hasPrefixPath(h, k+"^") })
			}
		case *ssa.Return:
			if !fs.loopPass {
				fs.returns = append(fs.returns, retInfo{x, st})
				if report {
					fs.checkDeferredAcquire(st, b)
				}
			}
		}
	}
	return st
}

// apply applies a call's effects to st, reporting re-acquisitions.
func (fs *funcState) apply(st *state, eff *effects, instr ssa.Instruction, b *ssa.BasicBlock, report bool) {
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
				fs.conflict(e, l, eff, instr)
				reportedHere = true
			}
			if e.extra < 2 && containsKey(eff.holds, l.key) {
				e.extra++ // no cascade: the matching unlock releases this one
				st.held[l.key] = e
			}
		}
		if !fs.loopPass && exportable(l.key) && !st.released[l.key] && !fs.condOnParam(b) {
			id := l.key + "|" + strconv.FormatBool(l.write) + strconv.FormatBool(l.locker)
			if !fs.acqSeen[id] {
				fs.acqSeen[id] = true
				fs.acq = append(fs.acq, Lock{Path: l.key, Write: l.write, Locker: l.locker, Chain: l.chain})
			}
		}
	}
	for _, l := range eff.holds {
		if _, ok := st.held[l.key]; ok {
			continue
		}
		start, _ := fs.span(instr.Pos())
		h := heldLock{write: l.write, locker: l.locker, pos: start}
		if !eff.direct {
			h.via = eff.name
		} else if i := strings.LastIndexByte(eff.name, '.'); i > 0 {
			h.src = eff.name[:i]
		}
		if rv := eff.relVals[l.key]; rv != nil {
			if fs.escapes(rv) {
				continue // handed over to someone else to release
			}
			h.relVal = rv
			h.cond = eff.relOnly[l.key]
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

// condOnParam reports whether b runs only on one side of a branch on a
// boolean parameter (func f(locked bool) { if !locked { mu.Lock() } }) or
// on a boolean a function literal captures.
func (fs *funcState) condOnParam(b *ssa.BasicBlock) bool {
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
	case *ssa.FreeVar:
		// A flag a function literal captures from its enclosing function
		// (fsLock := func() { if needLock { mu.Lock() } }): the literal
		// locks only when that function's caller says so.
		return true
	case *ssa.UnOp: // a field of the receiver or a captured flag
		if v.Op == token.MUL {
			if _, ok := v.X.(*ssa.FreeVar); ok {
				return true // captured by reference
			}
			if fa, ok := v.X.(*ssa.FieldAddr); ok {
				_, isParam := fa.X.(*ssa.Parameter)
				return isParam && strings.Contains(strings.ToLower(fieldName(fa.X.Type(), fa.Field)), "lock")
			}
		}
	}
	return false
}

// checkDeferredAcquire reports a deferred Lock of a mutex that is still
// held when the function returns (a typo for Unlock).
func (fs *funcState) checkDeferredAcquire(st *state, b *ssa.BasicBlock) {
	for i, d := range fs.defers {
		if !d.eff.direct || len(d.eff.acquires) == 0 || !d.instr.Block().Dominates(b) {
			continue
		}
		l := d.eff.acquires[0]
		e, ok := st.held[l.key]
		if !ok || e.locker || l.locker {
			continue
		}
		releasedFirst := false // a later defer runs first (LIFO)
		for _, later := range fs.defers[i+1:] {
			for _, r := range later.eff.mayRelease {
				if r.key == l.key {
					releasedFirst = true
				}
			}
		}
		if releasedFirst {
			continue
		}
		fs.deferredConflict(e, l, d)
	}
}
