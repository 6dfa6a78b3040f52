package relock

import (
	"fmt"
	"go/token"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/code"
	"github.com/hindsight-lint/hindsight/internal/lint"
	"github.com/hindsight-lint/hindsight/internal/report"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// span returns the source range to report for an instruction.
func (fs *funcState) span(pos token.Pos) (token.Pos, token.Pos) {
	if call := fs.c.callExpr(pos); call != nil {
		return call.Pos(), call.End()
	}
	return pos, pos
}

func (fs *funcState) where(pos token.Pos, at token.Pos) string {
	p, q := fs.c.pass.Fset.Position(pos), fs.c.pass.Fset.Position(at)
	if p.Filename == q.Filename {
		return fmt.Sprintf("line %d", p.Line)
	}
	return fmt.Sprintf("%s:%d", code.ShortFile(p.Filename), p.Line)
}

// firstDesc describes where the held lock was taken.
func (fs *funcState) firstDesc(e heldLock, key string, at token.Pos) string {
	s := "first taken at " + fs.where(e.pos, at)
	if e.via != "" {
		s = "first taken by " + e.via + " at " + fs.where(e.pos, at)
	}
	if e.prev {
		s += " in the previous iteration of the loop"
		if fs.deferRel[key] {
			s += ", whose deferred release runs only when the function returns"
		}
	}
	return s
}

// conflict reports an acquisition of a lock the function already holds.
func (fs *funcState) conflict(e heldLock, l lockRef, eff *effects, instr ssa.Instruction) {
	pos, end := fs.span(instr.Pos())
	if !pos.IsValid() || fs.c.reported[pos] || fs.c.skip[fs.c.pass.Fset.File(pos)] {
		return
	}
	if e.via == "" && !fs.mayRel[l.key] {
		// Never released here: a mutex used as a semaphore, unlocked by
		// another goroutine (lock; go worker(); lock again to wait).
		return
	}
	if !e.write && !l.write && fs.unshared(l.key) {
		return // no other goroutine can reach it, so no writer can wait
	}
	if e.cond && !e.prev && !fs.committed(e.relVal, instr) {
		return // maybe an error path, where the callee returned no lock
	}
	fs.c.reported[pos] = true
	mu := fs.render(l.key)
	if r, _ := splitRoot(l.key); r != "" && r[0] == 'v' && e.src != "" {
		mu = e.src // a local value: the source names it better
	}
	first := fs.firstDesc(e, l.key, pos)
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
	f := report.Finding{Pos: pos, End: end, Rule: rule, Message: msg}
	// In a loop the first acquisition is this same call, one iteration
	// earlier: the message says so, and a related location pointing at
	// the finding itself would say nothing.
	if fset := fs.c.pass.Fset; e.pos.IsValid() && fset.Position(e.pos) != fset.Position(pos) {
		f.Related = []analysis.RelatedInformation{{Pos: e.pos, Message: "first acquisition of " + mu}}
	}
	fs.c.rep.Report(f)
}

// deferredConflict reports defer mu.Lock() while mu is held at return.
func (fs *funcState) deferredConflict(e heldLock, l lockRef, d deferInfo) {
	pos := d.instr.Pos()
	_, end := fs.span(d.instr.Call.Pos())
	if !pos.IsValid() || fs.c.reported[pos] || fs.c.skip[fs.c.pass.Fset.File(pos)] {
		return
	}
	fs.c.reported[pos] = true
	unlock := strings.TrimSuffix(d.eff.name, "Lock") + "Unlock"
	if l.write || e.write {
		msg := fmt.Sprintf("deferred %s runs when the function returns, while %s is still held (%s): a certain self-deadlock; did you mean defer %s()?",
			d.eff.name, fs.render(l.key), fs.firstDesc(e, l.key, pos), unlock)
		fs.c.rep.Report(report.Finding{Pos: pos, End: end, Rule: ruleDeferredLock, Message: msg})
		return
	}
	msg := fmt.Sprintf("deferred %s runs when the function returns, while %s is still read-locked (%s): it deadlocks as soon as a writer waits; did you mean defer %s()?",
		d.eff.name, fs.render(l.key), fs.firstDesc(e, l.key, pos), unlock)
	fs.c.rep.Report(report.Finding{Pos: pos, End: end, Rule: ruleDeferredLock, Message: msg})
}

// committed reports whether instr runs only after the function called or
// deferred the release function rel: then rel is a real release (the
// callee returns a nil or no-op one when it took no lock) and the lock is
// held.
func (fs *funcState) committed(rel ssa.Value, instr ssa.Instruction) bool {
	if rel == nil || rel.Referrers() == nil {
		return false
	}
	for _, r := range *rel.Referrers() {
		var cc *ssa.CallCommon
		switch r := r.(type) {
		case *ssa.Call:
			cc = &r.Call
		case *ssa.Defer:
			cc = &r.Call
		default:
			continue
		}
		if cc.Value != rel {
			continue
		}
		if b := r.Block(); b == instr.Block() {
			if r.Pos() < instr.Pos() {
				return true
			}
		} else if b.Dominates(instr.Block()) {
			return true
		}
	}
	return false
}
