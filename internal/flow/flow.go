// Package flow is the analyzer the checks share for per-package syntax
// indexes: control-flow graphs of function bodies, which functions never
// return, the AST inspector, and the declaration and call indexes of
// internal/code.
//
// It does what x/tools' ctrlflow pass does, with the same answers, but
// without requiring the inspect pass: ctrlflow builds an inspector for
// every package only to list its functions, and a driver runs it on every
// dependency, where the checks only compute facts and no check looks at an
// inspector. Building those inspectors was a tenth of a cold run's CPU
// time. Here the inspector is built on first use, so a package whose
// checks never ask for one (a dependency analysed for its facts) never
// pays for it.
package flow

import (
	"go/ast"
	"go/types"
	"reflect"
	"slices"
	"sync"

	"github.com/hindsight-lint/hindsight/internal/code"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"
)

// Analyzer computes the package's Result. Its NoReturn facts mark the
// functions that never return, for the packages that call them.
var Analyzer = &analysis.Analyzer{
	Name:       "flow",
	Doc:        "build control-flow graphs, find the functions that never return, and index the syntax for the checks",
	URL:        "https://github.com/hindsight-lint/hindsight/tree/main/internal/flow",
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(NoReturn)},
}

// NoReturn is the fact that a function never returns: every path through
// it ends in a panic, an exit or another such call, or loops forever.
type NoReturn struct {
	// Never is always true; gob needs an exported field.
	Never bool
}

// AFact marks NoReturn as an analysis fact.
func (*NoReturn) AFact() {}

func (*NoReturn) String() string { return "noReturn" }

// Result holds the package's control-flow graphs, and builds its
// inspector and indexes on first use.
type Result struct {
	funcDecls map[*types.Func]*declInfo
	funcLits  map[*ast.FuncLit]*cfg.CFG
	noReturn  map[*types.Func]bool // this package's, and those imported that a body here calls

	pass      *analysis.Pass // for the indexes built on first use
	insOnce   sync.Once
	ins       *inspector.Inspector
	defsOnce  sync.Once
	defs      *code.Defs
	callsOnce sync.Once
	calls     *code.Calls
}

type declInfo struct {
	decl    *ast.FuncDecl
	cfg     *cfg.CFG // iff decl.Body != nil
	started bool     // to break cycles
}

// FuncDecl returns the control-flow graph of a function declaration of
// the package, or nil if it has no body.
func (r *Result) FuncDecl(decl *ast.FuncDecl) *cfg.CFG {
	if decl.Body == nil {
		return nil
	}
	fn, _ := r.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if di := r.funcDecls[fn]; di != nil {
		return di.cfg
	}
	return nil
}

// FuncLit returns the control-flow graph of a function literal of the
// package.
func (r *Result) FuncLit(lit *ast.FuncLit) *cfg.CFG { return r.funcLits[lit] }

// NoReturn reports whether fn never returns: a function of the package, or
// an imported one that a function body of the package calls.
func (r *Result) NoReturn(fn *types.Func) bool { return r.noReturn[fn] }

// Inspector returns an inspector of the package's files, built on the
// first call. Checks may call it concurrently.
func (r *Result) Inspector() *inspector.Inspector {
	r.insOnce.Do(func() { r.ins = inspector.New(r.pass.Files) })
	return r.ins
}

// Defs returns the package's assignments (code.CollectDefs), collected on
// the first call. Checks may call it concurrently and must not change it.
func (r *Result) Defs() *code.Defs {
	r.defsOnce.Do(func() { r.defs = code.CollectDefs(r.pass) })
	return r.defs
}

// Calls returns the calls of the package's own functions
// (code.CollectCalls), collected on the first call. Checks may call it
// concurrently and must not change it.
func (r *Result) Calls() *code.Calls {
	r.callsOnce.Do(func() { r.calls = code.CollectCalls(r.pass) })
	return r.calls
}

// builder holds the state of one run.
type builder struct {
	pass *analysis.Pass
	res  *Result
}

func run(pass *analysis.Pass) (any, error) {
	r := &Result{
		funcDecls: make(map[*types.Func]*declInfo),
		funcLits:  make(map[*ast.FuncLit]*cfg.CFG),
		noReturn:  make(map[*types.Func]bool),
		pass:      pass,
	}
	b := &builder{pass: pass, res: r}

	// Functions and literals in source order (a preorder walk), as the
	// cycles in the static call graph are broken by that order.
	var decls []*types.Func
	var lits []*ast.FuncLit
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					r.funcDecls[fn] = &declInfo{decl: fd}
					decls = append(decls, fn)
				}
			}
			ast.Inspect(d, func(n ast.Node) bool {
				if lit, ok := n.(*ast.FuncLit); ok {
					lits = append(lits, lit)
				}
				return true
			})
		}
	}
	for _, fn := range decls {
		b.buildDecl(fn, r.funcDecls[fn])
	}
	// Literals are built for the FuncLit method and, as their calls are
	// looked up, they add the imported functions they call to NoReturn.
	for _, lit := range lits {
		r.funcLits[lit] = cfg.New(lit.Body, b.callMayReturn)
	}
	return r, nil
}

// buildDecl builds fn's graph, first those of the package's functions it
// calls (through callMayReturn), and exports a NoReturn fact if it never
// returns.
func (b *builder) buildDecl(fn *types.Func, di *declInfo) {
	if di.started {
		return // a cycle: the callee counts as returning
	}
	di.started = true
	noReturn, known := knownNoReturn(fn)
	if !known && di.decl.Body != nil {
		di.cfg = cfg.New(di.decl.Body, b.callMayReturn)
		noReturn = di.cfg.NoReturn()
	}
	if noReturn {
		b.pass.ExportObjectFact(fn, &NoReturn{Never: true})
		b.res.noReturn[fn] = true
	}
}

// callMayReturn reports whether the call may return; the graph builder
// ends a block after a call that does not.
func (b *builder) callMayReturn(call *ast.CallExpr) bool {
	if id, ok := call.Fun.(*ast.Ident); ok && b.pass.TypesInfo.Uses[id] == panicBuiltin {
		return false
	}
	fn := typeutil.StaticCallee(b.pass.TypesInfo, call)
	if fn == nil {
		return true // not known statically
	}
	if di, ok := b.res.funcDecls[fn]; ok {
		b.buildDecl(fn, di)
		return !b.res.noReturn[fn]
	}
	if b.pass.ImportObjectFact(fn, new(NoReturn)) {
		b.res.noReturn[fn] = true
		return false
	}
	return true
}

var panicBuiltin = types.Universe.Lookup("panic")

// knownNoReturn reports what is known of fn without its body: functions
// that stop the process or the goroutine in ways no body shows, logging
// methods whose exit is beyond the analysis (the list ctrlflow and
// staticcheck keep), and compiler intrinsics that do return although their
// body says otherwise.
func knownNoReturn(fn *types.Func) (noReturn, known bool) {
	pkg := ""
	if fn.Pkg() != nil {
		pkg = fn.Pkg().Path()
	}
	recv := recvName(fn)
	for _, k := range intrinsics {
		if k.pkg == pkg && k.recv == recv && slices.Contains(k.names, fn.Name()) {
			return k.noReturn, true
		}
	}
	return false, false
}

// intrinsics lists the functions whose fate their bodies do not show.
var intrinsics = []struct {
	pkg, recv string // recv "" for a package-level function
	names     []string
	noReturn  bool
}{
	{"syscall", "", []string{"Exit", "ExitProcess", "ExitThread"}, true},
	{"runtime", "", []string{"Goexit", "fatalthrow", "fatalpanic", "exit"}, true},
	{"go.uber.org/zap", "Logger", []string{"Fatal", "Panic"}, true},
	{"go.uber.org/zap", "SugaredLogger", []string{"Fatal", "Fatalw", "Fatalf", "Panic", "Panicw", "Panicf"}, true},
	{"github.com/sirupsen/logrus", "Logger", []string{"Exit", "Panic", "Panicf", "Panicln"}, true},
	{"github.com/sirupsen/logrus", "Entry", []string{"Panicf", "Panicln"}, true},
	{"k8s.io/klog", "", []string{"Exit", "ExitDepth", "Exitf", "Exitln", "Fatal", "FatalDepth", "Fatalf", "Fatalln"}, true},
	{"k8s.io/klog/v2", "", []string{"Exit", "ExitDepth", "Exitf", "Exitln", "Fatal", "FatalDepth", "Fatalf", "Fatalln"}, true},
	{"internal/abi", "", []string{"EscapeNonString"}, false},
	{"hash/maphash", "", []string{"Comparable"}, false},
}

// recvName returns the name of the named type of fn's receiver (through a
// pointer), or "" for a function.
func recvName(fn *types.Func) string {
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return ""
	}
	t := sig.Recv().Type()
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name()
	}
	return "?" // an interface method: never in the list
}
