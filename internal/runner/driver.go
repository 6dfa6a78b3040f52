package runner

// The driver: a memory-frugal, in-process replacement for
// packages.Load(LoadAllSyntax) + checker.Analyze.
//
// The x/tools checker needs every package of the import graph loaded from
// source with its syntax and types.Info before analysis starts, and keeps
// them all alive until it ends: on a large module that is gigabytes. This
// driver instead
//
//   - loads only package metadata (files, imports, module, sizes) with
//     go/packages: no syntax, no types;
//   - processes packages in dependency order, in parallel (GOMAXPROCS
//     workers): each is parsed and type-checked from source with go/types,
//     its imports resolved to the already checked *types.Package;
//   - runs on dependencies only the analyzers that declare facts (and what
//     they require), on the root packages every selected analyzer;
//   - keeps facts in memory, attached to the package that exported them,
//     with the visibility rules of the x/tools checker;
//   - converts root diagnostics to lint.Results as soon as a package is
//     done, then drops the package's syntax, types.Info and analyzer
//     results: nobody else can see them (other packages only see its
//     *types.Package and its facts).
//
// At any time the live heap is the type information of the packages seen
// so far, their facts, and the syntax of the few packages being worked on.

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"io"
	"os"
	"reflect"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/hindsight-lint/hindsight/internal/lint"
	"github.com/hindsight-lint/hindsight/internal/output"
)

// Options configures RunOptions.
type Options struct {
	// Tests also analyses the test variants of the packages.
	Tests bool
	// Dir is the directory patterns are resolved in (default: the
	// current directory).
	Dir string
	// Env, if not nil, is the environment of the go command.
	Env []string
	// Sanity gob-encodes every exported fact twice (the encodings must
	// agree) and keeps the decoded copy, so facts that do not survive
	// go vet's serialisation fail here too. HINDSIGHT_DEBUG=s turns it on
	// in Run.
	Sanity bool
	// Sequential processes one package at a time.
	Sequential bool
	// Timing, if not nil, receives the time spent per analyzer (and in
	// parsing and type checking) at the end of the run.
	Timing io.Writer
	// BuildFlags are passed to the go command (-tags=...).
	BuildFlags []string
	// Rules, if not nil, gives the rules of an analyzer: a diagnostic's
	// Category is a rule id, and its rule decides its severity.
	Rules func(a *analysis.Analyzer) lint.Rules
	// Progress, if not nil, is called after each package with the number
	// of packages done and the total (from the workers: it must be safe
	// for concurrent use and quick).
	Progress func(done, total int)
}

// RunOptions loads the packages matching patterns and runs the analyzers
// on them. Packages that fail to load or type-check are listed in the
// report's Errors and skipped, with the packages that import them; every
// other package is analysed, as go vet does. The error is for a run that
// could not start (no packages, the go command failed).
func RunOptions(analyzers []*analysis.Analyzer, patterns []string, opts Options) (*Report, error) {
	if err := analysis.Validate(analyzers); err != nil {
		return nil, err
	}
	t0 := time.Now()
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
			packages.NeedImports | packages.NeedDeps | packages.NeedModule | packages.NeedTypesSizes,
		Tests:      opts.Tests,
		Dir:        opts.Dir,
		Env:        opts.Env,
		BuildFlags: opts.BuildFlags,
	}
	roots, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, err
	}
	if len(roots) == 0 {
		return nil, fmt.Errorf("no packages matched %s", strings.Join(patterns, " "))
	}
	d := newDriver(analyzers, roots, opts)
	packages.Visit(roots, nil, func(p *packages.Package) {
		if len(p.Errors) == 0 {
			return
		}
		d.byPkg[p].broken = true
		for _, e := range p.Errors {
			if e.Pos == "" || e.Pos == "-" {
				// No position ("-" from go list): say which package.
				d.errs = append(d.errs, p.ID+": "+e.Msg)
				continue
			}
			d.errs = append(d.errs, e.Error())
		}
	})
	d.timing.load = time.Since(t0)
	d.run()
	if opts.Timing != nil {
		d.printTiming(opts.Timing)
	}
	return d.report(), nil
}

// A node is one package of the import graph.
type node struct {
	pkg     *packages.Package
	types   *types.Package // created up front, filled by the type checker
	imports []*node        // direct imports, by import path order
	direct  map[*node]bool // the same, as a set
	users   []*node        // packages importing this one
	pending int            // imports not yet done (guarded by driver.mu)
	root    bool
	broken  bool // go list reported errors for it

	// Set while the package is processed, read by its importers after.
	illTyped bool
	facts    map[*analysis.Analyzer]*factSet // by analyzer: written concurrently
	failed   map[*analysis.Analyzer]error    // analyzers that failed here
}

// factSet holds the facts one analyzer exported on one package.
type factSet struct {
	obj map[objectFactKey]analysis.Fact
	pkg map[reflect.Type]analysis.Fact
}

type objectFactKey struct {
	obj types.Object
	typ reflect.Type
}

type driver struct {
	opts      Options
	fset      *token.FileSet
	nodes     []*node
	byTypes   map[*types.Package]*node // immutable during the run
	byPkg     map[*packages.Package]*node
	rootPlan  []*analysis.Analyzer // every analyzer to run on a root, prerequisites first
	depPlan   []*analysis.Analyzer // the same for dependencies: fact analyzers and their prerequisites
	factTypes map[*analysis.Analyzer]map[reflect.Type]bool

	mu      sync.Mutex
	errs    []string
	skipped int // root packages not analysed because of errors
	done    int
	results []lint.Result
	fixes   map[int]output.Fix
	seen    map[string]bool

	timing struct {
		load         time.Duration
		parse, check atomic.Int64 // ns, summed over workers
		byAnalyzer   map[*analysis.Analyzer]*atomic.Int64
	}
}

func newDriver(analyzers []*analysis.Analyzer, roots []*packages.Package, opts Options) *driver {
	d := &driver{
		opts:      opts,
		fset:      token.NewFileSet(),
		byTypes:   map[*types.Package]*node{},
		factTypes: map[*analysis.Analyzer]map[reflect.Type]bool{},
		fixes:     map[int]output.Fix{},
		seen:      map[string]bool{},
	}
	d.timing.byAnalyzer = map[*analysis.Analyzer]*atomic.Int64{}

	// The analyzers: every selected one and its prerequisites, in an order
	// where prerequisites come first.
	d.rootPlan = plan(analyzers)
	var withFacts []*analysis.Analyzer
	for _, a := range d.rootPlan {
		d.timing.byAnalyzer[a] = new(atomic.Int64)
		ft := map[reflect.Type]bool{}
		for _, f := range a.FactTypes {
			ft[reflect.TypeOf(f)] = true
		}
		d.factTypes[a] = ft
		if len(a.FactTypes) > 0 {
			withFacts = append(withFacts, a)
		}
	}
	d.depPlan = plan(withFacts)

	// The package graph.
	byPkg := map[*packages.Package]*node{}
	d.byPkg = byPkg
	var add func(p *packages.Package) *node
	add = func(p *packages.Package) *node {
		if n, ok := byPkg[p]; ok {
			return n
		}
		n := &node{pkg: p, direct: map[*node]bool{}}
		byPkg[p] = n
		if p.PkgPath == "unsafe" {
			n.types = types.Unsafe
		} else {
			n.types = types.NewPackage(p.PkgPath, p.Name)
		}
		d.byTypes[n.types] = n
		paths := make([]string, 0, len(p.Imports))
		for path := range p.Imports {
			paths = append(paths, path)
		}
		sort.Strings(paths)
		for _, path := range paths {
			dep := add(p.Imports[path])
			if !n.direct[dep] {
				n.direct[dep] = true
				n.imports = append(n.imports, dep)
				dep.users = append(dep.users, n)
			}
		}
		n.pending = len(n.imports)
		d.nodes = append(d.nodes, n) // postorder: imports first
		return n
	}
	for _, p := range roots {
		add(p).root = true
	}
	return d
}

// plan returns analyzers and their prerequisites, prerequisites first.
func plan(analyzers []*analysis.Analyzer) []*analysis.Analyzer {
	var out []*analysis.Analyzer
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, req := range a.Requires {
			visit(req)
		}
		out = append(out, a)
	}
	for _, a := range analyzers {
		visit(a)
	}
	return out
}

// run processes every package, each after its imports, with up to
// GOMAXPROCS workers.
func (d *driver) run() {
	workers := runtime.GOMAXPROCS(0)
	if d.opts.Sequential {
		workers = 1
	}
	ready := make(chan *node, len(d.nodes))
	for _, n := range d.nodes {
		if n.pending == 0 {
			ready <- n
		}
	}
	remaining := len(d.nodes)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range ready {
				d.process(n)
				d.mu.Lock()
				d.done++
				if d.opts.Progress != nil {
					d.opts.Progress(d.done, len(d.nodes))
				}
				for _, u := range n.users {
					u.pending--
					if u.pending == 0 {
						ready <- u
					}
				}
				remaining--
				if remaining == 0 {
					close(ready)
				}
				d.mu.Unlock()
			}
		}()
	}
	wg.Wait()
}

// unit is the working state of one package, dropped when it is done.
type unit struct {
	n          *node
	files      []*ast.File
	info       *types.Info
	typeErrors []types.Error
}

// process parses, type-checks and analyses one package.
func (d *driver) process(n *node) {
	n.failed = map[*analysis.Analyzer]error{}
	n.facts = map[*analysis.Analyzer]*factSet{}
	for _, a := range d.rootPlan {
		if len(a.FactTypes) > 0 {
			n.facts[a] = &factSet{obj: map[objectFactKey]analysis.Fact{}, pkg: map[reflect.Type]analysis.Fact{}}
		}
	}
	for _, dep := range n.imports {
		n.broken = n.broken || dep.illTyped
	}
	if n.broken {
		// Its errors (or its imports') are listed; what depends on
		// broken types is not analysed, as go vet does not.
		n.illTyped = true
		if n.root {
			d.mu.Lock()
			d.skipped++
			d.mu.Unlock()
		}
		return
	}
	if n.types == types.Unsafe {
		// Nothing to check; analyzers still run, on no files.
		u := &unit{n: n, files: []*ast.File{}, info: newInfo()}
		d.analyze(u)
		return
	}
	plan := d.depPlan
	if n.root {
		plan = d.rootPlan
	}
	u := &unit{n: n}
	var errs []string
	t0 := time.Now()
	u.files, errs = d.parse(n.pkg.CompiledGoFiles, !n.root)
	t1 := time.Now()
	d.timing.parse.Add(int64(t1.Sub(t0)))

	if len(plan) > 0 {
		u.info = newInfo()
	}
	tc := &types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			if dep := d.byPkg[n.pkg.Imports[path]]; dep != nil {
				return dep.types, nil
			}
			return nil, fmt.Errorf("no metadata for %s", path)
		}),
		// A dependency nobody analyses needs only its API.
		IgnoreFuncBodies: len(plan) == 0,
		Error: func(err error) {
			if te, ok := err.(types.Error); ok {
				u.typeErrors = append(u.typeErrors, te)
				errs = append(errs, fmt.Sprintf("%s: %s", te.Fset.Position(te.Pos), te.Msg))
			} else {
				errs = append(errs, err.Error())
			}
		},
		Sizes: n.pkg.TypesSizes,
	}
	if m := n.pkg.Module; m != nil && m.GoVersion != "" {
		tc.GoVersion = "go" + m.GoVersion
	}
	err := types.NewChecker(tc, d.fset, n.types, u.info).Files(u.files)
	if err != nil && len(errs) == 0 {
		errs = append(errs, fmt.Sprintf("%s: %v", n.pkg.ID, err))
	}
	d.timing.check.Add(int64(time.Since(t1)))
	n.illTyped = len(errs) > 0
	for _, dep := range n.imports {
		n.illTyped = n.illTyped || dep.illTyped
	}
	if len(errs) > 0 {
		// The gate must not pass on code it could not check: the errors
		// are listed and fail the run, but the other packages go on.
		d.mu.Lock()
		d.errs = append(d.errs, errs...)
		if n.root {
			d.skipped++
		}
		d.mu.Unlock()
		return
	}
	if len(plan) > 0 {
		d.analyze(u)
	}
	pruneBodies(n.types)
}

// parse parses files, in parallel, without object resolution for
// dependencies (no analyzer here uses ast.Object; the x/tools loader
// resolves them).
func (d *driver) parse(filenames []string, dep bool) ([]*ast.File, []string) {
	mode := parser.AllErrors | parser.ParseComments
	if dep {
		mode |= parser.SkipObjectResolution
	}
	files := make([]*ast.File, len(filenames))
	errs := make([][]string, len(filenames))
	parse := func(i int) {
		name := filenames[i]
		src, err := os.ReadFile(name)
		if err != nil {
			errs[i] = []string{fmt.Sprintf("%s:1: %v", name, err)}
			return
		}
		files[i], err = parser.ParseFile(d.fset, name, src, mode)
		if err != nil {
			var list scanner.ErrorList
			if errors.As(err, &list) {
				for _, e := range list {
					errs[i] = append(errs[i], e.Error())
				}
			} else {
				errs[i] = []string{err.Error()}
			}
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(filenames))
	if d.opts.Sequential || workers < 2 {
		for i := range filenames {
			parse(i)
		}
	} else {
		var next atomic.Int64
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := int(next.Add(1) - 1); i < len(filenames); i = int(next.Add(1) - 1) {
					parse(i)
				}
			}()
		}
		wg.Wait()
	}
	var out []*ast.File
	var msgs []string
	for i, f := range files {
		if f != nil {
			out = append(out, f)
		}
		msgs = append(msgs, errs[i]...)
	}
	return out, msgs
}

func newInfo() *types.Info {
	return &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Instances:    map[*ast.Ident]types.Instance{},
		Scopes:       map[ast.Node]*types.Scope{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		FileVersions: map[*ast.File]string{},
	}
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// analyze runs the plan's analyzers on a type-checked package, records
// facts on its node, and for a root converts the diagnostics. Analyzers
// run concurrently, each once those it requires are done (as in the
// x/tools checker: a huge package on the critical path is not analysed
// one analyzer after another).
func (d *driver) analyze(u *unit) {
	n := u.n
	plan := d.depPlan
	if n.root {
		plan = d.rootPlan
	}
	var module *analysis.Module
	if m := n.pkg.Module; m != nil {
		module = analysisModule(m)
	} else {
		module = &analysis.Module{}
	}
	type action struct {
		done   chan struct{}
		result any
		err    error
		diags  []analysis.Diagnostic
	}
	acts := make(map[*analysis.Analyzer]*action, len(plan))
	for _, a := range plan {
		acts[a] = &action{done: make(chan struct{})}
	}
	run := func(a *analysis.Analyzer, act *action) {
		defer close(act.done)
		var failed []string
		for _, req := range a.Requires {
			<-acts[req].done
			if acts[req].err != nil {
				failed = append(failed, fmt.Sprintf("%s@%s", req.Name, n.pkg.PkgPath))
			}
		}
		if err := d.prerequisites(n, a, failed); err != nil {
			act.err = err
			return
		}
		if n.illTyped && !a.RunDespiteErrors {
			act.err = fmt.Errorf("analysis skipped due to errors in package")
			return
		}
		inputs := make(map[*analysis.Analyzer]any, len(a.Requires))
		for _, req := range a.Requires {
			inputs[req] = acts[req].result
		}
		pass := &analysis.Pass{
			Analyzer:     a,
			Fset:         d.fset,
			Files:        u.files,
			OtherFiles:   n.pkg.OtherFiles,
			IgnoredFiles: n.pkg.IgnoredFiles,
			Pkg:          n.types,
			TypesInfo:    u.info,
			TypesSizes:   n.pkg.TypesSizes,
			TypeErrors:   u.typeErrors,
			Module:       module,
			ResultOf:     inputs,
		}
		pass.Report = func(diag analysis.Diagnostic) {
			if err := validateFixes(d.fset, a, diag.SuggestedFixes); err != nil {
				panic(err) // as the x/tools checker: a bug in the analyzer
			}
			act.diags = append(act.diags, diag)
		}
		fs := &factScope{d: d, n: n, a: a, pass: pass}
		pass.ImportObjectFact = fs.importObjectFact
		pass.ExportObjectFact = fs.exportObjectFact
		pass.ImportPackageFact = fs.importPackageFact
		pass.ExportPackageFact = fs.exportPackageFact
		pass.AllObjectFacts = fs.allObjectFacts
		pass.AllPackageFacts = fs.allPackageFacts
		pass.ReadFile = func(filename string) ([]byte, error) {
			if err := checkReadable(pass, filename); err != nil {
				return nil, err
			}
			return os.ReadFile(filename)
		}

		t0 := time.Now()
		result, err := runPass(pass)
		d.timing.byAnalyzer[a].Add(int64(time.Since(t0)))
		pass.ExportObjectFact, pass.ExportPackageFact = nil, nil // calls after Run panic
		if err == nil {
			if got, want := reflect.TypeOf(result), a.ResultType; got != want {
				err = fmt.Errorf("internal error: analyzer %s returned a result of type %v, but declared ResultType %v", a, got, want)
			}
		}
		act.result, act.err = result, err
	}
	if d.opts.Sequential {
		for _, a := range plan { // prerequisites first
			run(a, acts[a])
		}
	} else {
		var wg sync.WaitGroup
		for _, a := range plan {
			wg.Add(1)
			go func() {
				defer wg.Done()
				run(a, acts[a])
			}()
		}
		wg.Wait()
	}
	type diag struct {
		a *analysis.Analyzer
		d analysis.Diagnostic
	}
	var diags []diag
	for _, a := range plan {
		if err := acts[a].err; err != nil {
			n.failed[a] = err
			continue
		}
		for _, dg := range acts[a].diags {
			diags = append(diags, diag{a, dg})
		}
	}
	if !n.root {
		return
	}
	var errs []string
	for _, a := range d.rootPlan {
		if err, ok := n.failed[a]; ok {
			errs = append(errs, fmt.Sprintf("%s: %s: %v", n.pkg.PkgPath, a.Name, err))
		}
	}
	// Convert now, while the syntax is at hand.
	d.mu.Lock()
	defer d.mu.Unlock()
	d.errs = append(d.errs, errs...)
	for _, dg := range diags {
		r, fix := d.convert(u.files, dg.a, dg.d)
		key := fmt.Sprintf("%s:%d:%d:%s:%s:%s", r.File, r.Line, r.Col, r.Check, r.Rule, r.Message)
		if d.seen[key] {
			continue // a package and its test variant share files
		}
		d.seen[key] = true
		if fix != nil {
			d.fixes[len(d.results)] = *fix
		}
		d.results = append(d.results, r)
	}
}

// prerequisites returns an error if a cannot run on n because an analyzer
// it requires failed on n (listed in failed), or (for an analyzer with
// facts) a failed on one of n's imports.
func (d *driver) prerequisites(n *node, a *analysis.Analyzer, failed []string) error {
	if len(a.FactTypes) > 0 {
		for _, dep := range n.imports {
			if _, ok := dep.failed[a]; ok {
				failed = append(failed, fmt.Sprintf("%s@%s (%v)", a.Name, dep.pkg.PkgPath, dep.failed[a]))
			}
		}
	}
	if failed != nil {
		return fmt.Errorf("failed prerequisites: %s", strings.Join(failed, ", "))
	}
	return nil
}

// runPass runs the analyzer, turning a panic into an error.
func runPass(pass *analysis.Pass) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: analyzer %s panicked on package %s: %v\n%s", pass.Analyzer.Name, pass.Pkg.Path(), r, debug.Stack())
		}
	}()
	return pass.Analyzer.Run(pass)
}

// checkReadable enforces Pass.ReadFile's policy, as the x/tools checker
// does: only the package's own files may be read.
func checkReadable(pass *analysis.Pass, filename string) error {
	if slices.Contains(pass.OtherFiles, filename) || slices.Contains(pass.IgnoredFiles, filename) {
		return nil
	}
	for _, f := range pass.Files {
		if pass.Fset.File(f.FileStart).Name() == filename {
			return nil
		}
	}
	return fmt.Errorf("Pass.ReadFile: %s is not among OtherFiles, IgnoredFiles, or names of Files", filename)
}

// report returns the sorted findings.
func (d *driver) report() *Report {
	idx := make([]int, len(d.results))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool { return output.Less(d.results[idx[i]], d.results[idx[j]]) })
	errs := slices.Compact(slices.Sorted(slices.Values(d.errs)))
	rep := &Report{Results: make([]lint.Result, len(idx)), Fixes: map[int]output.Fix{}, Errors: errs, Packages: d.roots(), Skipped: d.skipped}
	for i, j := range idx {
		rep.Results[i] = d.results[j]
		if f, ok := d.fixes[j]; ok {
			rep.Fixes[i] = f
		}
	}
	return rep
}

// roots counts the root packages (test variants included).
func (d *driver) roots() int {
	n := 0
	for _, x := range d.nodes {
		if x.root {
			n++
		}
	}
	return n
}

func (d *driver) printTiming(w io.Writer) {
	type row struct {
		name string
		t    time.Duration
	}
	rows := []row{
		{"(load metadata)", d.timing.load},
		{"(parse)", time.Duration(d.timing.parse.Load())},
		{"(type-check)", time.Duration(d.timing.check.Load())},
	}
	for a, t := range d.timing.byAnalyzer {
		rows = append(rows, row{a.Name, time.Duration(t.Load())})
	}
	sort.SliceStable(rows[3:], func(i, j int) bool { return rows[3+i].t > rows[3+j].t })
	fmt.Fprintf(w, "%d packages; time summed over %d workers:\n", len(d.nodes), runtime.GOMAXPROCS(0))
	for _, r := range rows {
		fmt.Fprintf(w, "%10.3fs  %s\n", r.t.Seconds(), r.name)
	}
}

func analysisModule(m *packages.Module) *analysis.Module {
	if m == nil {
		return nil
	}
	var modErr *analysis.ModuleError
	if m.Error != nil {
		modErr = &analysis.ModuleError{Err: m.Error.Err}
	}
	return &analysis.Module{
		Path:      m.Path,
		Version:   m.Version,
		Replace:   analysisModule(m.Replace),
		Time:      m.Time,
		Main:      m.Main,
		Indirect:  m.Indirect,
		Dir:       m.Dir,
		GoMod:     m.GoMod,
		GoVersion: m.GoVersion,
		Error:     modErr,
	}
}

// factScope implements the fact functions of one pass (analyzer a on
// package n).
type factScope struct {
	d    *driver
	n    *node
	a    *analysis.Analyzer
	pass *analysis.Pass
}

func factType(fact analysis.Fact) reflect.Type {
	t := reflect.TypeOf(fact)
	if t == nil || t.Kind() != reflect.Pointer {
		panic(fmt.Sprintf("invalid Fact type: got %T, want pointer", fact))
	}
	return t
}

func (fs *factScope) importObjectFact(obj types.Object, ptr analysis.Fact) bool {
	if obj == nil {
		panic("nil object")
	}
	t := factType(ptr)
	if !fs.d.factTypes[fs.a][t] {
		return false // another analyzer's fact type: not visible to this one
	}
	owner := fs.d.byTypes[obj.Pkg()]
	if owner == nil {
		return false
	}
	set := owner.facts[fs.a]
	if set == nil {
		return false
	}
	v, ok := set.obj[objectFactKey{obj, t}]
	if !ok || !visible(obj, owner, fs.n) {
		return false
	}
	reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(v).Elem())
	return true
}

// visible reports whether a fact about obj, exported by package owner, is
// visible to package n. It mirrors the x/tools checker, which passes facts
// from a package to its importers only for objects that may be visible to
// them: methods, fields, types and constants travel the whole import
// graph; package-level functions (exported ones) and variables reach only
// direct importers.
func visible(obj types.Object, owner, n *node) bool {
	if owner == n {
		return true
	}
	switch obj := obj.(type) {
	case *types.Func:
		if obj.Signature().Recv() != nil {
			return true
		}
		return obj.Exported() && n.direct[owner]
	case *types.Var:
		return obj.IsField() || n.direct[owner]
	case *types.TypeName, *types.Const:
		return true
	}
	return false
}

func (fs *factScope) exportObjectFact(obj types.Object, fact analysis.Fact) {
	if fs.pass.ExportObjectFact == nil {
		panic(fmt.Sprintf("%s@%s: Pass.ExportObjectFact(%s, %T) called after Run", fs.a.Name, fs.n.pkg.PkgPath, obj, fact))
	}
	if obj == nil || obj.Pkg() != fs.n.types {
		panic(fmt.Sprintf("internal error: in analysis %s of package %s: Fact.Set(%s, %T): can't set facts on objects belonging another package", fs.a.Name, fs.n.pkg.PkgPath, obj, fact))
	}
	t := factType(fact)
	if !fs.d.factTypes[fs.a][t] {
		panic(fmt.Sprintf("analyzer %s exported a fact of type %v it does not declare in FactTypes", fs.a.Name, t))
	}
	fs.n.facts[fs.a].obj[objectFactKey{obj, t}] = fs.d.sanity(fact)
}

func (fs *factScope) importPackageFact(pkg *types.Package, ptr analysis.Fact) bool {
	if pkg == nil {
		panic("nil package")
	}
	t := factType(ptr)
	if !fs.d.factTypes[fs.a][t] {
		return false
	}
	owner := fs.d.byTypes[pkg]
	if owner == nil {
		return false
	}
	set := owner.facts[fs.a]
	if set == nil {
		return false
	}
	v, ok := set.pkg[t]
	if !ok {
		return false
	}
	reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(v).Elem())
	return true
}

func (fs *factScope) exportPackageFact(fact analysis.Fact) {
	if fs.pass.ExportPackageFact == nil {
		panic(fmt.Sprintf("%s@%s: Pass.ExportPackageFact(%T) called after Run", fs.a.Name, fs.n.pkg.PkgPath, fact))
	}
	t := factType(fact)
	if !fs.d.factTypes[fs.a][t] {
		panic(fmt.Sprintf("analyzer %s exported a fact of type %v it does not declare in FactTypes", fs.a.Name, t))
	}
	fs.n.facts[fs.a].pkg[t] = fs.d.sanity(fact)
}

// closure returns n and every package it imports, directly or not.
func (n *node) closure() []*node {
	seen := map[*node]bool{n: true}
	out := []*node{n}
	for i := 0; i < len(out); i++ {
		for _, dep := range out[i].imports {
			if !seen[dep] {
				seen[dep] = true
				out = append(out, dep)
			}
		}
	}
	return out
}

func (fs *factScope) allObjectFacts() []analysis.ObjectFact {
	var facts []analysis.ObjectFact
	for _, owner := range fs.n.closure() {
		set := owner.facts[fs.a]
		if set == nil {
			continue
		}
		for k, fact := range set.obj {
			if visible(k.obj, owner, fs.n) {
				facts = append(facts, analysis.ObjectFact{Object: k.obj, Fact: fact})
			}
		}
	}
	return facts
}

func (fs *factScope) allPackageFacts() []analysis.PackageFact {
	var facts []analysis.PackageFact
	for _, owner := range fs.n.closure() {
		if set := owner.facts[fs.a]; set != nil {
			for _, fact := range set.pkg {
				facts = append(facts, analysis.PackageFact{Package: owner.types, Fact: fact})
			}
		}
	}
	return facts
}

// sanity, in sanity mode, returns a gob round-tripped copy of fact,
// panicking (an analyzer error) if the fact does not encode or encodes
// nondeterministically.
func (d *driver) sanity(fact analysis.Fact) analysis.Fact {
	if !d.opts.Sanity {
		return fact
	}
	var buf, buf2 bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(fact); err != nil {
		panic(fmt.Sprintf("encoding of %T fact failed: %v", fact, err))
	}
	if err := gob.NewEncoder(&buf2).Encode(fact); err != nil {
		panic(fmt.Sprintf("encoding of %T fact failed: %v", fact, err))
	}
	if !bytes.Equal(buf.Bytes(), buf2.Bytes()) {
		panic(fmt.Sprintf("encoding of %T fact is nondeterministic", fact))
	}
	copy := reflect.New(reflect.TypeOf(fact).Elem()).Interface().(analysis.Fact)
	if err := gob.NewDecoder(&buf).Decode(copy); err != nil {
		panic(fmt.Sprintf("decoding of %T fact failed: %v", fact, err))
	}
	return copy
}
