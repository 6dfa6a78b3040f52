package runner

// Parsing and type checking one package of the graph, from source.

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/types"
	"os"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/tools/go/analysis"
)

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
	d.resetFacts(n)
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
	// A package with an entry in the cache is not analysed. Unless a
	// package that is analysed imports it, directly or not, nothing of it
	// is read but its findings (a root); otherwise its types come from its
	// export data (export.go), or from source if that is missing.
	var hit *dataEntry
	switch {
	case n.data != nil:
		hit, n.data = n.data, nil
	case n.settled && !n.root && !n.needTypes:
		d.countHit()
		return
	case d.cache != nil && (n.meta != nil || d.computeKey(n) && d.lookupMeta(n)):
		hit, _ = d.lookupData(n)
	}
	if hit != nil && !n.needTypes {
		if n.root {
			d.addResults(hit.Results)
		}
		d.countHit()
		return
	}
	if hit != nil && n.types != types.Unsafe && d.loadExport(n) {
		if d.useHit(n, hit, true) {
			return
		}
		// Facts that do not fit the types: analyse the package again.
		d.replaceTypes(n)
		d.resetFacts(n)
		hit = nil
	}
	if n.types == types.Unsafe {
		// Nothing to check; analyzers still run, on no files.
		if hit != nil && d.useHit(n, hit, false) {
			return
		}
		u := &unit{n: n, files: []*ast.File{}, info: newInfo()}
		d.store(n, d.analyze(u), len(n.failed) == 0)
		return
	}
	plan := d.depPlan
	if n.root {
		plan = d.rootPlan
	}
	if hit != nil {
		plan = nil // types only: the entry has the rest
	}
	u := &unit{n: n}
	var errs []string
	t0 := time.Now()
	u.files, errs = d.parse(n.pkg.CompiledGoFiles, !n.root)
	t1 := time.Now()
	d.timing.parse.Add(int64(t1.Sub(t0)))

	if len(plan) > 0 {
		size := 0
		for _, f := range u.files {
			size += int(f.FileEnd - f.FileStart)
		}
		u.info = newInfoSized(size)
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
	if d.cache != nil {
		d.cache.mu.Lock()
		d.cache.source++
		d.cache.mu.Unlock()
	}
	switch {
	case hit != nil:
		if !d.useHit(n, hit, false) {
			d.mu.Lock()
			d.errs = append(d.errs, fmt.Sprintf("%s: internal error: cached facts do not match the package; run hindsight cache clean", n.pkg.ID))
			d.mu.Unlock()
		}
	case len(plan) > 0:
		results := d.analyze(u)
		d.store(n, results, len(n.failed) == 0)
	default:
		d.store(n, nil, true)
	}
	pruneBodies(n.types)
}

// resetFacts gives n empty fact sets, one per analyzer with facts.
func (d *driver) resetFacts(n *node) {
	n.facts = map[*analysis.Analyzer]*factSet{}
	for _, a := range d.rootPlan {
		if len(a.FactTypes) > 0 {
			n.facts[a] = &factSet{obj: map[objectFactKey]analysis.Fact{}, pkg: map[reflect.Type]analysis.Fact{}}
		}
	}
}

// useHit serves a package whose types are known from its entry: its facts
// and, for a root, its findings. fromExport says the types were read from
// export data, which lacks the objects no importer can reach: facts on
// them are dropped.
func (d *driver) useHit(n *node, hit *dataEntry, fromExport bool) bool {
	if err := d.decodeFacts(n, hit.Facts, fromExport); err != nil {
		return false
	}
	if n.root {
		d.addResults(hit.Results)
	}
	d.countHit()
	return true
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

func newInfo() *types.Info { return newInfoSized(0) }

// newInfoSized returns a types.Info whose maps are sized for size bytes
// of source, a little under what the type checker records on average (in
// std, one Types entry per 16–18 bytes, one Uses entry per 20–25, one
// Defs, Scopes or Selections entry per 110–125): growing the maps entry by
// entry was a tenth of the CPU of a run.
func newInfoSized(size int) *types.Info {
	return &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue, size/20),
		Defs:         make(map[*ast.Ident]types.Object, size/140),
		Uses:         make(map[*ast.Ident]types.Object, size/28),
		Implicits:    map[ast.Node]types.Object{},
		Instances:    map[*ast.Ident]types.Instance{},
		Scopes:       make(map[ast.Node]*types.Scope, size/140),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection, size/140),
		FileVersions: map[*ast.File]string{},
	}
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
