package runner

// Running the analyzers on one type-checked package: passes, prerequisites,
// panics turned into errors.

import (
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hindsight-lint/hindsight/internal/report"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// analyze runs the plan's analyzers on a type-checked package, records
// facts on its node, and for a root converts the diagnostics. Analyzers
// run concurrently, each once those it requires are done (as in the
// x/tools checker: a huge package on the critical path is not analysed
// one analyzer after another).
func (d *driver) analyze(u *unit) []cachedResult {
	n := u.n
	if d.cache != nil {
		d.cache.mu.Lock()
		d.cache.analysed = append(d.cache.analysed, n.pkg.ID)
		d.cache.mu.Unlock()
	}
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
		if !n.root {
			report.MarkFactsOnly(inputs) // a dependency: only its facts are kept
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
		return nil
	}
	var errs []string
	for _, a := range d.rootPlan {
		if err, ok := n.failed[a]; ok {
			errs = append(errs, fmt.Sprintf("%s: %s: %v", n.pkg.PkgPath, a.Name, err))
		}
	}
	// Convert now, while the syntax is at hand.
	results := make([]cachedResult, 0, len(diags))
	for _, dg := range diags {
		r, fix := d.convert(u.files, dg.a, dg.d)
		results = append(results, cachedResult{r, fix})
	}
	d.mu.Lock()
	d.errs = append(d.errs, errs...)
	d.mu.Unlock()
	d.addResults(results)
	return results
}

// addResults records a root package's findings, once each: a package and
// its test variant share files.
func (d *driver) addResults(results []cachedResult) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, cr := range results {
		r := cr.Result
		key := fmt.Sprintf("%s:%d:%d:%s:%s:%s", r.File, r.Line, r.Col, r.Check, r.Rule, r.Message)
		if d.seen[key] {
			continue
		}
		d.seen[key] = true
		if cr.Fix != nil {
			d.fixes[len(d.results)] = *cr.Fix
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
func runPass(pass *analysis.Pass) (result any, err error) { return report.Run(pass) }

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
