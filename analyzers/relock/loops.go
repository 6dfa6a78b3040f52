package relock

import "golang.org/x/tools/go/ssa"

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
			for _, b := range fs.fn.Blocks {
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
				o := fs.transfer(b, lin[b], false)
				if !o.equal(lout[b]) {
					lout[b] = o
					changed = true
				}
			}
			if !changed {
				break
			}
		}
		for _, b := range fs.fn.Blocks {
			if body[b] && lin[b] != nil {
				fs.transfer(b, lin[b], true)
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
