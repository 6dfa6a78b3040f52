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
//   - drops a package's types and facts too once every package importing
//     it, directly or not, is done (release), and picks the most recently
//     readied package first, so that groups of packages (a package's test
//     variants) finish and go early.
//
// At any time the live heap is the type information and facts of the
// packages that something still to be processed can reach, and the syntax
// of the few packages being worked on.

import (
	"fmt"
	"go/token"
	"go/types"
	"io"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/hindsight-lint/hindsight/internal/cache"
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
	// Cache, if not nil, is the persistent cache (cache.go): packages
	// whose inputs did not change since a previous run are not analysed
	// again.
	Cache *cache.Cache
	// ExtraInputs, if not nil, returns for a root package a digest of the
	// files outside the package that analyzer a reads when it analyses
	// the package (the manifest check's YAML files), or "" if it reads
	// none. It joins the package's cache key; an error makes the package
	// uncacheable.
	ExtraInputs func(a *analysis.Analyzer, pkg *packages.Package) (string, error)
	// Warn, if not nil, receives warnings (a cache that cannot be used).
	Warn func(string)
	// Progress, if not nil, is called after each package with the number
	// of packages done and the total (from the workers: it must be safe
	// for concurrent use and quick).
	Progress func(done, total int)
}

// loadMode is the metadata the driver asks go/packages for: no syntax,
// no types.
const loadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedDeps | packages.NeedModule | packages.NeedTypesSizes

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
		Mode:       loadMode,
		Tests:      opts.Tests,
		Dir:        opts.Dir,
		Env:        opts.Env,
		BuildFlags: opts.BuildFlags,
	}
	if opts.Cache != nil {
		go func() { _, _ = exeHash() }() // part of every key; hashed while go list runs
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
	if opts.Cache != nil {
		if err := d.initCache(); err != nil {
			if opts.Warn != nil {
				opts.Warn(fmt.Sprintf("cache not used: %v", err))
			}
		} else if d.prepareCache() {
			if opts.Timing != nil {
				d.printTiming(opts.Timing)
			}
			return d.report(), nil
		}
	}
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
	live    int            // users not yet released (guarded by driver.mu)
	done    bool           // processed (guarded by driver.mu)
	root    bool
	broken  bool // go list reported errors for it

	// Set while the package is processed, read by its importers after.
	illTyped bool
	facts    map[*analysis.Analyzer]*factSet // by analyzer: written concurrently
	failed   map[*analysis.Analyzer]error    // analyzers that failed here

	// The cache (cache.go).
	inputs     cache.Key // identity, files, build settings
	hasInputs  bool
	key        cache.Key // inputs and the imports' dependency hashes
	hasKey     bool
	depHash    cache.Key // API, facts and the imports' dependency hashes
	hasDepHash bool
	meta       *metaEntry // the entry under key, if any
	data       *dataEntry // a settled root's data entry, read before the run
	settled    bool       // key and entry known before the run
	needTypes  bool       // imported, directly or not, by a package that is not settled
}

type driver struct {
	opts      Options
	fset      *token.FileSet
	nodes     []*node
	byTypes   map[*types.Package]*node // guarded by typesMu (see owner)
	typesMu   sync.RWMutex
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
	cache   *cacheState // nil without a cache

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
	for _, n := range d.nodes {
		n.live = len(n.users)
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
// GOMAXPROCS workers. The most recently readied package goes first
// (depth first): a package's importers follow it while its types are
// fresh, so groups such as a package's test variants finish, and are
// released, early instead of all at the end.
func (d *driver) run() {
	workers := runtime.GOMAXPROCS(0)
	if d.opts.Sequential {
		workers = 1
	}
	var ready []*node // a stack, guarded by d.mu
	for _, n := range d.nodes {
		if n.pending == 0 {
			ready = append(ready, n)
		}
	}
	slices.Reverse(ready) // the first in graph order on top
	remaining := len(d.nodes)
	wake := sync.NewCond(&d.mu)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d.mu.Lock()
			defer d.mu.Unlock()
			for {
				for len(ready) == 0 && remaining > 0 {
					wake.Wait()
				}
				if remaining == 0 {
					return
				}
				n := ready[len(ready)-1]
				ready = ready[:len(ready)-1]
				d.mu.Unlock()
				d.process(n)
				d.mu.Lock()
				d.done++
				if d.opts.Progress != nil {
					d.opts.Progress(d.done, len(d.nodes))
				}
				for _, u := range n.users {
					u.pending--
					if u.pending == 0 {
						ready = append(ready, u)
						wake.Signal()
					}
				}
				n.done = true
				d.release(n)
				remaining--
				if remaining == 0 {
					wake.Broadcast()
				}
			}
		}()
	}
	wg.Wait()
}

// release drops n's types and facts once n and every package importing
// it, directly or not, are done: nothing left to process can reach them
// (an object is only ever seen by packages that import its package,
// directly or not). Then its imports may go too. On std with tests most
// of the graph is test variants that only their own test imports, so the
// live heap stays near what the packages in flight can reach instead of
// growing to the whole graph. Called with d.mu held.
func (d *driver) release(n *node) {
	if !n.done || n.live > 0 || n.types == nil {
		return
	}
	d.typesMu.Lock()
	delete(d.byTypes, n.types)
	d.typesMu.Unlock()
	n.types, n.facts, n.failed = nil, nil, nil
	for _, dep := range n.imports {
		dep.live--
		d.release(dep)
	}
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
	if c := d.cache; c != nil {
		rep.Cache = &CacheStats{Analysed: len(c.analysed), AnalysedIDs: slices.Sorted(slices.Values(c.analysed)), FromCache: c.fromHit, Source: c.source}
		_ = c.c.Trim()
	}
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
