package relock

import (
	"go/token"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// loops reports locks carried around a loop: held at the end of every
// iteration (a deferred release) but not on entry, so the next iteration
// takes them while still holding them.
func (fs *funcState) loops(in, out []*state) {
	fs.loopPass = true
	defer func() { fs.loopPass = false }()
	for _, h := range fs.fn.Blocks {
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
			if !fs.deferRel[k] {
				delete(carried, k)
			}
		}
		body := naturalLoop(h, back)
		// Also carried: a lock that some iteration takes with a deferred
		// release and still holds at its end, when that iteration's path
		// can repeat (a select case, an event of a range over a channel,
		// a path past a continue), not only one every path takes.
		for k, e := range fs.mayCarried(h, body, back) {
			if _, ok := carried[k]; !ok {
				if _, held := in[h.Index].held[k]; !held {
					carried[k] = e
				}
			}
		}
		if len(carried) == 0 {
			continue
		}
		start := in[h.Index].clone()
		for k, e := range carried {
			e.prev = true
			start.held[k] = e
		}
		lin, _ := loopFlow(fs.fn.Blocks, h, body, start,
			func(outs []*state) *state {
				var m *state
				for _, o := range outs {
					m = meet(m, o)
				}
				return m
			},
			func(b *ssa.BasicBlock, in *state) *state { return fs.transfer(b, in, false) },
			func(old, o *state) bool { return o.equal(old) })
		for _, b := range fs.fn.Blocks {
			if body[b] && lin[b] != nil {
				fs.transfer(b, lin[b], true)
			}
		}
	}
}

// loopFlow runs a forward dataflow over the body of the loop with header
// h, starting from start at h, until no block's output changes (at most 20
// rounds). A block's input merges the outputs of its predecessors in the
// body; a block none of them has reached yet waits for a later round.
func loopFlow[S any](blocks []*ssa.BasicBlock, h *ssa.BasicBlock, body map[*ssa.BasicBlock]bool, start S,
	merge func(outs []S) S, transfer func(b *ssa.BasicBlock, in S) S, same func(old, o S) bool) (in, out map[*ssa.BasicBlock]S) {
	in = map[*ssa.BasicBlock]S{h: start}
	out = map[*ssa.BasicBlock]S{}
	var outs []S
	for round := 0; round < 20; round++ {
		changed := false
		for _, b := range blocks {
			if !body[b] {
				continue
			}
			if b != h {
				outs = outs[:0]
				for _, p := range b.Preds {
					if o, ok := out[p]; ok && body[p] {
						outs = append(outs, o)
					}
				}
				if len(outs) == 0 {
					continue
				}
				in[b] = merge(outs)
			}
			o := transfer(b, in[b])
			if old, ok := out[b]; !ok || !same(old, o) {
				out[b] = o
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	return in, out
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

// mayCarried returns the locks that some path through the loop body (header
// h) takes and still holds when it reaches a back edge: locks whose only
// release is deferred, rooted at a parameter, captured variable or global
// (the same instance every iteration). Acquisitions that only a one-shot
// guard lets through (if first, if i == 0) do not count: the same path
// cannot run twice.
func (fs *funcState) mayCarried(h *ssa.BasicBlock, body map[*ssa.BasicBlock]bool, back []*ssa.BasicBlock) map[string]heldLock {
	_, mayOut := loopFlow(fs.fn.Blocks, h, body, map[string]heldLock{},
		func(outs []map[string]heldLock) map[string]heldLock {
			m := map[string]heldLock{}
			for _, o := range outs {
				for k, e := range o {
					if _, ok := m[k]; !ok {
						m[k] = e
					}
				}
			}
			return m
		},
		func(b *ssa.BasicBlock, in map[string]heldLock) map[string]heldLock {
			return fs.mayTransfer(b, h, body, in)
		},
		// may-hold sets only grow
		func(old, o map[string]heldLock) bool { return len(old) == len(o) })
	out := map[string]heldLock{}
	for _, p := range back {
		for k, e := range mayOut[p] {
			if f, ok := out[k]; ok && f.write != e.write {
				continue
			}
			out[k] = e
		}
	}
	return out
}

// mayTransfer applies the acquisitions and releases of b to a copy of the
// may-hold set in.
func (fs *funcState) mayTransfer(b, h *ssa.BasicBlock, body map[*ssa.BasicBlock]bool, in map[string]heldLock) map[string]heldLock {
	st := make(map[string]heldLock, len(in))
	for k, e := range in {
		st[k] = e
	}
	for _, instr := range b.Instrs {
		switch x := instr.(type) {
		case *ssa.Call:
			eff := fs.callEffects(x)
			if eff == nil {
				continue
			}
			for _, l := range eff.releases {
				delete(st, l.key)
			}
			for _, l := range eff.drops {
				delete(st, l.key)
			}
			for _, l := range eff.holds {
				if l.locker || !fs.deferRel[l.key] || !exportable(l.key) {
					continue
				}
				if rv := eff.relVals[l.key]; rv != nil && fs.escapes(rv) {
					continue
				}
				if _, ok := st[l.key]; ok || oneShot(b, h, body) {
					continue
				}
				start, _ := fs.span(x.Pos())
				e := heldLock{write: l.write, pos: start}
				if !eff.direct {
					e.via = eff.name
				} else if i := strings.LastIndexByte(eff.name, '.'); i > 0 {
					e.src = eff.name[:i]
				}
				st[l.key] = e
			}
		case *ssa.Store:
			if k, ok := fs.pathOf(x.Addr); ok {
				for h := range st {
					if hasPrefixPath(h, k+"^") {
						delete(st, h)
					}
				}
			}
		}
	}
	return st
}

// oneShot reports whether block b of the loop with header h runs only
// behind a guard that cannot hold twice: a branch inside the loop on a
// flag or counter the loop carries (if first, if !done, if i == 0).
// Branches that leave the loop are its exit tests, not guards.
func oneShot(b, h *ssa.BasicBlock, body map[*ssa.BasicBlock]bool) bool {
	for d := b.Idom(); d != nil && body[d]; d = d.Idom() {
		if len(d.Instrs) > 0 {
			if iff, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If); ok && body[d.Succs[0]] && body[d.Succs[1]] && loopFlag(iff.Cond, body) {
				return true
			}
		}
		if d == h {
			break
		}
	}
	return false
}

// loopFlag reports whether cond is a value the loop carries from one
// iteration to the next, negated or compared with a constant.
func loopFlag(cond ssa.Value, body map[*ssa.BasicBlock]bool) bool {
	// A phi of the loop, or a counter stepped from one (range over a
	// slice counts i = phi + 1).
	carried := func(v ssa.Value) bool {
		if b, ok := v.(*ssa.BinOp); ok && (b.Op == token.ADD || b.Op == token.SUB) {
			if _, isConst := b.Y.(*ssa.Const); isConst {
				v = b.X
			}
		}
		phi, ok := v.(*ssa.Phi)
		return ok && body[phi.Block()]
	}
	switch c := cond.(type) {
	case *ssa.UnOp:
		return c.Op == token.NOT && carried(c.X)
	case *ssa.BinOp:
		_, xc := c.X.(*ssa.Const)
		_, yc := c.Y.(*ssa.Const)
		return (carried(c.X) && yc) || (carried(c.Y) && xc)
	}
	return carried(cond)
}
