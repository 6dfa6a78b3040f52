package fileclaim

import (
	_ "embed"
	"go/ast"
	"go/types"
	"sort"

	"golang.org/x/tools/go/analysis"

	"github.com/hindsight-lint/hindsight/internal/code"
	"github.com/hindsight-lint/hindsight/internal/lint"
	"github.com/hindsight-lint/hindsight/internal/report"
)

//go:embed doc.go
var doc string

// config holds the analyzer's options; each is also an analyzer flag.
type config struct {
	// Tests reports the shape in _test.go files too.
	Tests bool
	// Owners keeps packages silent whose module takes an exclusive lock
	// outside every directory scan (they own their directories).
	Owners bool
}

// Analyzer is the fileclaim check with its default configuration.
var Analyzer = New()

// New returns a fresh fileclaim analyzer whose flags fill its own config.
func New() *analysis.Analyzer {
	cfg := &config{Owners: true}
	a := &analysis.Analyzer{
		Name:      "fileclaim",
		Doc:       lint.DocFrom(doc),
		URL:       lint.DocURL("fileclaim"),
		FactTypes: []analysis.Fact{new(Locks), new(Owner), new(Ops)},
		Run:       func(pass *analysis.Pass) (any, error) { return run(pass, cfg) },
	}
	a.Flags.BoolVar(&cfg.Tests, "tests", cfg.Tests, "also report in _test.go files")
	a.Flags.BoolVar(&cfg.Owners, "owners", cfg.Owners, "stay silent in packages whose module takes an exclusive directory lock outside every scan")
	return a
}

// checker is one run of the check over one package.
type checker struct {
	pass *analysis.Pass
	conf *config
	info *types.Info

	decls          map[*types.Func]*ast.FuncDecl
	files          map[*ast.FuncDecl]*ast.File
	summaries      map[*types.Func]*summary
	busy           map[*types.Func]bool
	listers        map[*types.Func]*listKind
	listBusy       map[*types.Func]bool
	walkers        map[*types.Func]*ast.CallExpr // named walk callbacks → the Walk call
	walkFuncStates map[*ast.CallExpr]*funcState

	locks         map[*types.Func]string // local functions that take a lock (not listing ones)
	privateFields map[*types.Var]bool    // fields holding a directory from os.MkdirTemp
	listsDir      map[*types.Func]bool   // local functions that call a listing function directly
	callers       map[*types.Func][]*types.Func
	calls         map[*types.Func][]*types.Func
	ownerFunc     string
	identityNames map[string]bool // identityName's answers, by name (bodyTraits)
}

func run(pass *analysis.Pass, conf *config) (any, error) {
	c := &checker{
		pass: pass, conf: conf, info: pass.TypesInfo,
		decls:          map[*types.Func]*ast.FuncDecl{},
		files:          map[*ast.FuncDecl]*ast.File{},
		summaries:      map[*types.Func]*summary{},
		busy:           map[*types.Func]bool{},
		listers:        map[*types.Func]*listKind{},
		listBusy:       map[*types.Func]bool{},
		walkers:        map[*types.Func]*ast.CallExpr{},
		walkFuncStates: map[*ast.CallExpr]*funcState{},
		locks:          map[*types.Func]string{},
		privateFields:  map[*types.Var]bool{},
		listsDir:       map[*types.Func]bool{},
		callers:        map[*types.Func][]*types.Func{},
		calls:          map[*types.Func][]*types.Func{},
	}
	if c.info == nil || pass.Pkg == nil {
		return nil, nil
	}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || fd.Name == nil {
				continue
			}
			if fn, ok := c.info.Defs[fd.Name].(*types.Func); ok {
				c.decls[fn] = fd
				c.files[fd] = f
			}
		}
	}
	c.computeLocks()
	c.computeOwner()
	c.exportOps()
	if report.FactsOnly(pass) {
		return nil, nil // the rest only decides what to report
	}

	rep := report.New(pass)
	skip := code.SkippedFiles(pass, conf.Tests)
	// A lock held by the process does not order its concurrent requests.
	c.checkRequestDirs(skip, rep)
	if c.ownerFunc == "" || !conf.Owners {
		// Named functions passed to filepath.Walk(Dir) are entry callbacks.
		for _, fd := range c.sortedDecls() {
			file := c.files[fd]
			if skip[file] {
				continue
			}
			fn, _ := c.info.Defs[fd.Name].(*types.Func)
			if !c.listsDir[fn] {
				continue
			}
			fc := c.newFuncState(fd.Body, fd.Type)
			fc.findWalkers()
		}
		for _, fd := range c.sortedDecls() {
			file := c.files[fd]
			if skip[file] {
				continue
			}
			fn, _ := c.info.Defs[fd.Name].(*types.Func)
			if _, walker := c.walkers[fn]; !c.listsDir[fn] && !walker && !c.callsLister(fn) {
				continue // nothing listed here
			}
			fc := c.newFuncState(fd.Body, fd.Type)
			fc.fn = fn
			fc.findEntries()
			if call, ok := c.walkers[fn]; ok {
				fc.addCallbackEntry(fd.Type, fd.Body, call, c.walkFuncStates[call])
			}
			if len(fc.entries) == 0 {
				continue
			}
			fc.collectEvents()
			for _, f := range fc.check() {
				rep.Report(f)
			}
		}
	}
	rep.Finish()
	return nil, nil
}

func (c *checker) sortedDecls() []*ast.FuncDecl {
	out := make([]*ast.FuncDecl, 0, len(c.decls))
	for _, fd := range c.decls {
		out = append(out, fd)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pos() < out[j].Pos() })
	return out
}
