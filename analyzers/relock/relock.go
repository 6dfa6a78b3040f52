package relock

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/code"
	"github.com/hindsight-lint/hindsight/internal/flow"
	"github.com/hindsight-lint/hindsight/internal/lint"
	"github.com/hindsight-lint/hindsight/internal/report"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

//go:embed doc.go
var doc string

// config holds the analyzer's options; each is also an analyzer flag.
type config struct {
	// Tests reports re-acquisitions in _test.go files too.
	Tests bool
	// Loops reports locks still held from the previous iteration of a loop
	// (a deferred release inside the loop) when the next iteration takes
	// them again.
	Loops bool
}

// Analyzer is the relock check with its default configuration.
var Analyzer = New()

// New returns a fresh relock analyzer whose flags fill its own config.
func New() *analysis.Analyzer {
	conf := &config{Tests: true, Loops: true}
	a := &analysis.Analyzer{
		Name:      "relock",
		Doc:       lint.DocFrom(doc),
		URL:       lint.DocURL("relock"),
		Requires:  []*analysis.Analyzer{flow.Analyzer},
		FactTypes: []analysis.Fact{new(Summary)},
		Run:       func(pass *analysis.Pass) (any, error) { return run(pass, conf) },
	}
	a.Flags.BoolVar(&conf.Tests, "tests", conf.Tests, "report re-acquisitions in _test.go files")
	a.Flags.BoolVar(&conf.Loops, "loops", conf.Loops, "report locks held from the previous loop iteration (deferred release in a loop) that the next iteration takes again")
	return a
}

// maxIters bounds how often one function's summary is recomputed.
const maxIters = 6

// checker holds the state of one pass.
type checker struct {
	pass     *analysis.Pass
	conf     *config
	rep      *report.Reporter
	funcs    map[*ssa.Function]*funcState
	byObj    map[*types.Func]*funcState
	imported map[*types.Func]*Summary
	reported map[token.Pos]bool
	skip     map[*token.File]bool
	calls    map[token.Pos]*ast.CallExpr // by Lparen
}

func run(pass *analysis.Pass, conf *config) (any, error) {
	c := &checker{
		pass:     pass,
		conf:     conf,
		rep:      report.New(pass),
		funcs:    make(map[*ssa.Function]*funcState),
		byObj:    make(map[*types.Func]*funcState),
		imported: make(map[*types.Func]*Summary),
		reported: make(map[token.Pos]bool),
		skip:     make(map[*token.File]bool),
	}
	for f := range code.SkippedFiles(pass, conf.Tests) {
		c.skip[pass.Fset.File(f.Pos())] = true
	}
	keep, imports := c.lockingDecls()
	if len(keep) == 0 {
		c.rep.Finish()
		return nil, nil
	}
	var order []*funcState
	for _, fn := range buildSSA(pass, keep, imports) {
		if fn == nil || len(fn.Blocks) == 0 {
			continue
		}
		fs := &funcState{c: c, fn: fn}
		c.funcs[fn] = fs
		order = append(order, fs)
		if obj, ok := fn.Object().(*types.Func); ok && fn.Synthetic == "" {
			c.byObj[obj] = fs
		}
	}

	// Callers within the package, for the fixpoint.
	callers := make(map[*funcState][]*funcState)
	for _, fs := range order {
		seen := map[*funcState]bool{}
		for _, b := range fs.fn.Blocks {
			for _, instr := range b.Instrs {
				var callee *ssa.Function
				switch x := instr.(type) {
				case ssa.CallInstruction:
					callee = x.Common().StaticCallee()
					if callee != nil && strings.HasPrefix(callee.Synthetic, "bound method wrapper") {
						if obj, ok := callee.Object().(*types.Func); ok {
							if g := c.byObj[obj.Origin()]; g != nil && !seen[g] {
								seen[g] = true
								callers[g] = append(callers[g], fs)
							}
						}
						continue
					}
				case *ssa.MakeClosure:
					callee, _ = x.Fn.(*ssa.Function)
				}
				if callee == nil {
					continue
				}
				if callee.Origin() != nil {
					callee = callee.Origin()
				}
				if g := c.funcs[callee]; g != nil && !seen[g] {
					seen[g] = true
					callers[g] = append(callers[g], fs)
				}
			}
		}
	}

	// Fixpoint over the package call graph: recompute a function's summary
	// and requeue its callers whenever it changes.
	queue := make([]*funcState, len(order))
	queued := make(map[*funcState]bool)
	for i, fs := range order {
		queue[len(order)-1-i] = fs // callees tend to come later in source
		queued[fs] = true
	}
	for len(queue) > 0 {
		fs := queue[0]
		queue = queue[1:]
		queued[fs] = false
		if fs.iters >= maxIters {
			continue
		}
		fs.iters++
		old := fs.sum.key()
		fs.analyze(false)
		if fs.sum.key() == old {
			continue
		}
		for _, caller := range callers[fs] {
			if !queued[caller] {
				queued[caller] = true
				queue = append(queue, caller)
			}
		}
	}

	// Report, with the final summaries. This pass also settles the
	// summaries the fixpoint left at maxIters, so it runs without
	// reporting when only the facts are kept.
	reporting := !report.FactsOnly(pass)
	for _, fs := range order {
		if c.skip[pass.Fset.File(fs.fn.Pos())] {
			continue
		}
		fs.analyze(reporting)
	}

	c.exportSummaries(order)
	c.rep.Finish()
	return nil, nil
}

// summaryOf returns the summary of a function object: computed in this
// package, or imported as a fact (what of it this package can act on).
func (c *checker) summaryOf(obj *types.Func) *Summary {
	if obj == nil {
		return nil
	}
	obj = obj.Origin()
	if fs := c.byObj[obj]; fs != nil {
		return fs.sum
	}
	if obj.Pkg() == nil || obj.Pkg() == c.pass.Pkg {
		return nil
	}
	if s, ok := c.imported[obj]; ok {
		return s
	}
	var s *Summary
	fact := new(Summary)
	if c.pass.ImportObjectFact(obj, fact) {
		s = fact.visible()
	}
	c.imported[obj] = s
	return s
}

// callExpr returns the call expression whose Lparen is at pos.
func (c *checker) callExpr(pos token.Pos) *ast.CallExpr {
	if c.calls == nil {
		c.calls = make(map[token.Pos]*ast.CallExpr)
		for _, f := range c.pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					c.calls[call.Lparen] = call
				}
				return true
			})
		}
	}
	return c.calls[pos]
}
