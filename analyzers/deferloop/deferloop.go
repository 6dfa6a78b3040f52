package deferloop

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"

	"github.com/hindsight-lint/hindsight/internal/code"
	"github.com/hindsight-lint/hindsight/internal/flow"
	"github.com/hindsight-lint/hindsight/internal/lint"
	"github.com/hindsight-lint/hindsight/internal/report"
)

//go:embed doc.go
var doc string

// config holds the analyzer's options; each is also an analyzer flag.
type config struct {
	// Tests reports defers in loops of _test.go files (at a lower grade).
	Tests bool
}

// Analyzer is the deferloop check with its default configuration.
var Analyzer = New()

// New returns a fresh deferloop analyzer whose flags fill its own config.
func New() *analysis.Analyzer {
	cfg := &config{Tests: true}
	a := &analysis.Analyzer{
		Name:     "deferloop",
		Doc:      lint.DocFrom(doc),
		URL:      lint.DocURL("deferloop"),
		Requires: []*analysis.Analyzer{flow.Analyzer},
		Run:      func(pass *analysis.Pass) (any, error) { return run(pass, cfg) },
	}
	a.Flags.BoolVar(&cfg.Tests, "tests", cfg.Tests, "report defers in loops of _test.go files (at a lower grade)")
	return a
}

func run(pass *analysis.Pass, conf *config) (any, error) {
	cfgs := pass.ResultOf[flow.Analyzer].(*flow.Result)
	ins := cfgs.Inspector()
	c := &checker{pass: pass, rep: report.New(pass), idx: cfgs}
	skip := code.SkippedFiles(pass, conf.Tests)

	for cur := range ins.Root().Preorder((*ast.File)(nil)) {
		file := cur.Node().(*ast.File)
		if skip[file] {
			continue
		}
		for fc := range cur.Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
			var body *ast.BlockStmt
			var g *cfg.CFG
			switch fn := fc.Node().(type) {
			case *ast.FuncDecl:
				if fn.Body == nil {
					continue
				}
				body, g = fn.Body, cfgs.FuncDecl(fn)
			case *ast.FuncLit:
				body, g = fn.Body, cfgs.FuncLit(fn)
			}
			if g == nil {
				continue
			}
			fs := &funcState{checker: c, fnBody: body, graph: g, test: code.IsTestFile(pass, file.Pos())}
			fs.walk(body, nil)
		}
	}
	c.rep.Finish()
	return nil, nil
}

// checker is the state of one pass over a package.
type checker struct {
	pass    *analysis.Pass
	rep     *report.Reporter
	idx     *flow.Result // the package's shared indexes
	lockIdx *lockIndex   // built on first use by locks
	varIdx  *varIndex    // built on first use by vars
}

// funcState examines the defers of one function body.
type funcState struct {
	*checker
	fnBody *ast.BlockStmt // the function whose defers are examined
	loop   ast.Stmt       // the loop of the defer being classified
	graph  *cfg.CFG
	test   bool
	// defs holds the assignments in defsLoop, built on first use by loopDefs.
	defs     map[*types.Var][]ast.Node
	defsLoop ast.Stmt
}

// walk visits n, collecting the loops (innermost last) that enclose each
// defer, without entering nested function literals: those are functions of
// their own and are visited separately.
func (fs *funcState) walk(n ast.Node, loops []ast.Stmt) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt:
			inner := append(loops[:len(loops):len(loops)], n)
			if n.Init != nil {
				fs.walk(n.Init, loops)
			}
			if n.Cond != nil {
				fs.walk(n.Cond, loops)
			}
			if n.Post != nil {
				fs.walk(n.Post, inner)
			}
			fs.walk(n.Body, inner)
			return false
		case *ast.RangeStmt:
			fs.walk(n.X, loops)
			fs.walk(n.Body, append(loops[:len(loops):len(loops)], n))
			return false
		case *ast.DeferStmt:
			if len(loops) > 0 {
				fs.check(n, loops)
			}
			// The deferred call's arguments may contain function literals;
			// they are separate functions.
			return false
		}
		return true
	})
}

// check reports d if it can run again before the function returns.
func (fs *funcState) check(d *ast.DeferStmt, loops []ast.Stmt) {
	block := fs.blockOf(d)
	if block == nil {
		return // unreachable code
	}
	// The innermost enclosing loop in which the defer lies on a cycle.
	var loop ast.Stmt
	for i := len(loops) - 1; i >= 0; i-- {
		if fs.cycles(block, loops[i]) {
			loop = loops[i]
			break
		}
	}
	if loop == nil {
		return // the loop cannot run again after the defer
	}
	body := code.LoopBody(loop)
	fs.loop = loop
	f := fs.classify(d, loop, body)
	if f == nil {
		return
	}
	advice := "; wrap the loop body in a function literal so the defer runs per iteration, or release explicitly"
	if fs.test {
		advice = "; in tests use t.Cleanup or a subtest (t.Run) so it runs per iteration"
	}
	if f.rule == ruleLateRelease {
		advice = "; wrap the loop body in a function literal to keep the early-exit cleanup per iteration"
	}
	msg := fmt.Sprintf("defer of %s in loop runs at function exit, not at the end of the iteration", renderCall(d.Call))
	if f.why != "" {
		msg += ": " + f.why
	}
	msg += advice
	finding := report.Finding{Pos: d.Pos(), End: d.End(), Rule: f.rule, Message: msg}
	if fix, ok := wrapFix(fs.pass, loop, body); ok {
		finding.Fixes = []analysis.SuggestedFix{fix}
	}
	fs.rep.Report(finding)
}

// blockOf returns the live CFG block holding stmt.
func (fs *funcState) blockOf(stmt ast.Stmt) *cfg.Block {
	for _, b := range fs.graph.Blocks {
		if !b.Live {
			continue
		}
		for _, n := range b.Nodes {
			if n == stmt {
				return b
			}
		}
	}
	return nil
}

// cycles reports whether control can flow from block back to itself without
// leaving loop: whether the defer in block can run a second time in the same
// call because loop iterates.
func (fs *funcState) cycles(block *cfg.Block, loop ast.Stmt) bool {
	inside := func(b *cfg.Block) bool {
		var pos token.Pos
		switch {
		case len(b.Nodes) > 0:
			pos = b.Nodes[0].Pos()
		case b.Stmt != nil:
			pos = b.Stmt.Pos()
		default:
			return true
		}
		return loop.Pos() <= pos && pos < loop.End()
	}
	seen := make(map[*cfg.Block]bool)
	stack := append([]*cfg.Block(nil), block.Succs...)
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if b == block {
			return true
		}
		if seen[b] || !inside(b) {
			continue
		}
		seen[b] = true
		stack = append(stack, b.Succs...)
	}
	return false
}

// renderCall shows the deferred call compactly: mu.Unlock(), release(),
// func literal.
func renderCall(call *ast.CallExpr) string {
	if _, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		return "a function literal"
	}
	args := ""
	if len(call.Args) > 0 {
		args = "..."
	}
	return types.ExprString(call.Fun) + "(" + args + ")"
}
