package idprefix

import (
	_ "embed"
	"go/ast"
	"go/types"

	"github.com/hindsight-lint/hindsight/internal/code"
	"github.com/hindsight-lint/hindsight/internal/flow"
	"github.com/hindsight-lint/hindsight/internal/lint"
	"github.com/hindsight-lint/hindsight/internal/report"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
)

//go:embed doc.go
var doc string

// config holds the analyzer's options; each is also an analyzer flag.
type config struct {
	// Tests also checks _test.go files.
	Tests bool
}

// Analyzer is the idprefix check with its default configuration.
var Analyzer = New()

// New returns a fresh idprefix analyzer whose flags fill its own config.
func New() *analysis.Analyzer {
	cfg := &config{}
	a := &analysis.Analyzer{
		Name:     "idprefix",
		Doc:      lint.DocFrom(doc),
		URL:      lint.DocURL("idprefix"),
		Requires: []*analysis.Analyzer{flow.Analyzer},
		Run:      func(pass *analysis.Pass) (any, error) { return run(pass, cfg) },
	}
	a.Flags.BoolVar(&cfg.Tests, "tests", cfg.Tests, "also check _test.go files")
	return a
}

type checker struct {
	pass *analysis.Pass
	rep  *report.Reporter
	defs *code.Defs

	fieldDocs map[types.Object]string // struct fields' comments, lower-cased, built on first use
}

func run(pass *analysis.Pass, conf *config) (any, error) {
	idx := pass.ResultOf[flow.Analyzer].(*flow.Result)
	ins := idx.Inspector()
	c := &checker{pass: pass, rep: report.New(pass), defs: idx.Defs()}
	skip := code.SkippedFiles(pass, conf.Tests)
	for cur := range ins.Root().Preorder((*ast.File)(nil)) {
		file := cur.Node().(*ast.File)
		if skip[file] {
			continue
		}
		for fc := range cur.Preorder((*ast.FuncDecl)(nil)) {
			fd := fc.Node().(*ast.FuncDecl)
			if fd.Body == nil {
				continue
			}
			for n := range fc.Preorder((*ast.CallExpr)(nil), (*ast.BinaryExpr)(nil)) {
				c.check(fd, n.Node().(ast.Expr), n)
				c.checkSwapped(fd, n.Node().(ast.Expr), n)
				if call, ok := n.Node().(*ast.CallExpr); ok {
					c.checkLookup(fd, call, n)
				}
			}
		}
	}
	c.rep.Finish()
	return nil, nil
}

func (c *checker) check(fd *ast.FuncDecl, e ast.Expr, cur inspector.Cursor) {
	m, ok := c.matchOf(e)
	if !ok || c.isConst(m.a) || c.isConst(m.b) {
		return
	}
	info := c.pass.TypesInfo
	k, deleteOnly, ok := operands(operandKind(info, m.a), operandKind(info, m.b), freeName(info, m.a))
	if !ok {
		return
	}
	u := classifyUse(c.siteOf(fd, m, cur))
	if u == useNone || deleteOnly && u != useDelete {
		return
	}
	if u == useScan {
		// Listing by prefix is what prefixes are for, unless the package
		// builds the keys with a separator after this ID.
		if k != ident {
			return
		}
		if _, ok := c.inferSep(unwrap(info, m.b), m.suffix); !ok {
			return
		}
	}
	if c.bounded(fd.Body, m) {
		return
	}
	c.report(m, k, u)
}
