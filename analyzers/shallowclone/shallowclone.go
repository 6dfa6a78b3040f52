package shallowclone

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/hindsight-lint/hindsight/internal/code"
	"github.com/hindsight-lint/hindsight/internal/flow"
	"github.com/hindsight-lint/hindsight/internal/lint"
	"github.com/hindsight-lint/hindsight/internal/report"
)

//go:embed doc.go
var doc string

// config holds the analyzer's options; each is also an analyzer flag.
type config struct {
	// Names lists the method names (comma-separated) that promise a copy.
	Names string
	// Dropped reports fields that a literal-form clone leaves out.
	Dropped bool
	// Tests reports clones in _test.go files (one grade lower).
	Tests bool
}

// DefaultNames are the method names checked by default.
const DefaultNames = "Clone,Copy,DeepCopy,DeepCopyInto,Dup,Duplicate"

// Analyzer is the shallowclone check with its default configuration.
var Analyzer = New()

// New returns a fresh shallowclone analyzer whose flags fill its own config.
func New() *analysis.Analyzer {
	conf := &config{Names: DefaultNames, Dropped: true, Tests: true}
	a := &analysis.Analyzer{
		Name:      "shallowclone",
		Doc:       lint.DocFrom(doc),
		URL:       lint.DocURL("shallowclone"),
		Requires:  []*analysis.Analyzer{flow.Analyzer},
		FactTypes: []analysis.Fact{new(FreshResult)},
		Run:       func(pass *analysis.Pass) (any, error) { return run(pass, conf) },
	}
	a.Flags.StringVar(&conf.Names, "names", conf.Names, "comma-separated method names that promise a copy of the receiver")
	a.Flags.BoolVar(&conf.Dropped, "dropped", conf.Dropped, "report fields a field-by-field clone leaves out (at a lower grade)")
	a.Flags.BoolVar(&conf.Tests, "tests", conf.Tests, "report clones in _test.go files (one grade lower)")
	return a
}

// checker holds the per-package state.
type checker struct {
	pass       *analysis.Pass
	conf       *config
	flow       *flow.Result // its Inspector is built on first use: never on a dependency
	rep        *report.Reporter
	cloneNames map[string]bool
	fields     map[*types.Var]*ast.Field
	written    map[*types.Var]int
	wpos, epos map[*types.Var]token.Pos    // the first write through a field, into its elements
	extends    map[*types.Var][]extendSite // x.F = append(x.F, ...) outside construction
	cut        map[*types.Var]token.Pos    // x.F = x.F[:n] outside construction
	pwrites    map[paramKey]bool
	decls      map[*types.Func]*ast.FuncDecl
	declOrder  []*types.Func // decls' keys in source order
	local      map[*types.Func]*FreshResult
	mutated    map[mutKey]bool
	mutatedBy  map[*types.TypeName]string // what changes the type, for messages
	stores     *storeSet                  // fields stored after construction
	shared     map[*types.Func]bool       // methods called on values not under construction

	constructing map[paramKey]bool                       // parameters every caller allocates (construct.go)
	freshByDecl  map[*ast.FuncDecl]map[types.Object]bool // freshLocals of a declaration
}

func run(pass *analysis.Pass, conf *config) (any, error) {
	a := &checker{
		pass:         pass,
		conf:         conf,
		flow:         pass.ResultOf[flow.Analyzer].(*flow.Result),
		rep:          report.New(pass),
		cloneNames:   map[string]bool{"DeepCopyObject": true},
		pwrites:      make(map[paramKey]bool),
		constructing: make(map[paramKey]bool),
		freshByDecl:  make(map[*ast.FuncDecl]map[types.Object]bool),
		mutated:      make(map[mutKey]bool),
		mutatedBy:    make(map[*types.TypeName]string),
	}
	for _, n := range strings.Split(conf.Names, ",") {
		if n = strings.TrimSpace(n); n != "" {
			a.cloneNames[n] = true
		}
	}
	a.computeFacts()
	if report.FactsOnly(pass) {
		return nil, nil // the rest only decides what to report
	}
	skip := code.SkippedFiles(pass, conf.Tests)
	for _, file := range pass.Files {
		if skip[file] {
			continue
		}
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			cl := a.cloneFunc(fd)
			if cl == nil {
				a.checkContainerClone(fd)
				continue
			}
			if g := a.flow.FuncDecl(fd); g != nil {
				a.check(cl, g, file)
			}
			a.checkMutatesOriginal(cl)
		}
	}
	a.rep.Finish()
	return nil, nil
}
