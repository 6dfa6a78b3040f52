package relock

import (
	"go/types"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/code"
	"golang.org/x/tools/go/ssa"
)

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

// funcState is the analysis of one function.
type funcState struct {
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
func (fs *funcState) analyze(report bool) {
	if !fs.relevant() {
		fs.sum = nil
		return
	}
	fs.report = report
	fs.loopPass = false
	fs.effMemo = map[ssa.Instruction]*effects{} // callee summaries are fixed during one analysis
	fs.acq, fs.acqSeen, fs.returns = nil, map[string]bool{}, nil
	fs.prepareDefers()

	blocks := fs.fn.Blocks
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
		o := fs.transfer(b, in[b.Index], false)
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

	fs.mayRel = map[string]bool{}
	for k := range fs.deferRel {
		fs.mayRel[k] = true
	}
	for _, o := range out {
		if o != nil {
			for k := range o.released {
				fs.mayRel[k] = true
			}
		}
	}

	// Final pass: collect acquisitions and return states, and report.
	fs.acq, fs.acqSeen, fs.returns = nil, map[string]bool{}, nil
	for _, b := range blocks {
		if in[b.Index] == nil {
			continue
		}
		out[b.Index] = fs.transfer(b, in[b.Index], report)
	}
	fs.summarize()
	if report && fs.c.conf.Loops {
		fs.loops(in, out)
	}
	fs.effMemo = nil
}

// relevant reports whether fn does anything to locks: calls a lock
// method, a function with a summary, or a release function. Most functions
// do not, and skip the dataflow.
func (fs *funcState) relevant() bool {
	c := fs.c
	objRelevant := func(obj *types.Func) bool {
		return obj != nil && (syncMethod(obj) != "" || c.summaryOf(obj) != nil)
	}
	for _, b := range fs.fn.Blocks {
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
					if _, ok := fs.releaseOf(cc.Value, nil); ok {
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
func (fs *funcState) prepareDefers() {
	fs.defers, fs.deferRel, fs.deferUnk = nil, map[string]bool{}, false
	for _, b := range fs.fn.Blocks {
		for _, instr := range b.Instrs {
			d, ok := instr.(*ssa.Defer)
			if !ok {
				continue
			}
			eff := fs.effects(&d.Call, d)
			if eff == nil {
				eff = &effects{}
			}
			fs.defers = append(fs.defers, deferInfo{d, eff})
			for _, l := range eff.mayRelease {
				fs.deferRel[l.key] = true
			}
			if eff.unknown {
				fs.deferUnk = true
			}
		}
	}
}
