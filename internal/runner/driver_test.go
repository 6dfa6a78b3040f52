package runner

import (
	"errors"
	"fmt"
	"go/ast"
	"go/types"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/hindsight-lint/hindsight/analyzers"
	"github.com/hindsight-lint/hindsight/analyzers/deferloop"
	"github.com/hindsight-lint/hindsight/internal/lint"
	"github.com/hindsight-lint/hindsight/internal/output"
	"github.com/hindsight-lint/hindsight/internal/report"
)

// viaChecker is the reference: what the previous runner did, with
// packages.Load(LoadAllSyntax) and the x/tools checker.
func viaChecker(t *testing.T, dir string, as []*analysis.Analyzer, tests bool) *Report {
	t.Helper()
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Tests: tests, Dir: dir}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	if n := packages.PrintErrors(pkgs); n > 0 {
		t.Fatalf("%d load errors", n)
	}
	graph, err := checker.Analyze(as, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	rep := &Report{Fixes: map[int]output.Fix{}}
	conv := &driver{fset: pkgs[0].Fset}
	seen := map[string]bool{}
	for act := range graph.All() {
		if !act.IsRoot {
			continue
		}
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
		for _, d := range act.Diagnostics {
			r, fix := conv.convert(act.Package.Syntax, act.Analyzer, d)
			key := fmt.Sprintf("%s:%d:%d:%s:%s:%s", r.File, r.Line, r.Col, r.Check, r.Rule, r.Message)
			if seen[key] {
				continue
			}
			seen[key] = true
			if fix != nil {
				rep.Fixes[len(rep.Results)] = *fix
			}
			rep.Results = append(rep.Results, r)
		}
	}
	d := &driver{results: rep.Results, fixes: rep.Fixes}
	return d.report()
}

func viaDriver(t *testing.T, dir string, as []*analysis.Analyzer, tests bool) *Report {
	t.Helper()
	rep, err := RunOptions(as, []string{"./..."}, Options{Tests: tests, Dir: dir, Sanity: true})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func dump(rep *Report) string {
	var b strings.Builder
	for i, r := range rep.Results {
		fmt.Fprintf(&b, "%+v\n", r)
		if f, ok := rep.Fixes[i]; ok {
			fmt.Fprintf(&b, "\tfix %+v\n", f)
		}
	}
	return b.String()
}

func sameFindings(t *testing.T, dir string, as []*analysis.Analyzer, tests bool) *Report {
	t.Helper()
	want := viaChecker(t, dir, as, tests)
	got := viaDriver(t, dir, as, tests)
	if g, w := dump(got), dump(want); g != w {
		t.Errorf("tests=%v: driver findings differ from the x/tools checker's\ndriver:\n%s\nchecker:\n%s", tests, g, w)
	}
	return got
}

func TestSameAsCheckerE2E(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "e2e")
	for _, tests := range []bool{false, true} {
		rep := sameFindings(t, dir, analyzers.All(), tests)
		files := map[string]bool{}
		for _, r := range rep.Results {
			files[filepath.Base(r.File)] = true
		}
		if !files["bad.go"] || files["bad_test.go"] != tests {
			t.Errorf("tests=%v: findings in %v", tests, files)
		}
	}
}

// Facts from other packages: b.Die calls os.Exit, so a defer in a loop
// followed by b.Die() runs once (internal/flow's NoReturn fact on b.Die).
func TestCrossPackageFacts(t *testing.T) {
	dir := filepath.Join("testdata", "facts")
	rep := sameFindings(t, dir, []*analysis.Analyzer{deferloop.Analyzer}, true)
	var got []string
	for _, r := range rep.Results {
		if r.Check == "deferloop" {
			got = append(got, fmt.Sprintf("%s %s", filepath.Base(r.File), r.Func))
		}
	}
	if want := []string{"a.go Reported"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("deferloop findings in %v, want %v", got, want)
	}
}

// markFact marks an object (or a package) with its name.
type markFact struct{ Name string }

func (*markFact) AFact()           {}
func (f *markFact) String() string { return f.Name }

// factDump exports a fact on every object it can, then reports which
// facts it sees: the visibility rules of the driver must be the checker's.
var factDump = &analysis.Analyzer{
	Name:      "factdump",
	Doc:       "factdump: reports the facts it sees",
	FactTypes: []analysis.Fact{new(markFact)},
	Run: func(pass *analysis.Pass) (any, error) {
		mark := func(obj types.Object) {
			if obj != nil && obj.Pkg() == pass.Pkg {
				pass.ExportObjectFact(obj, &markFact{obj.Pkg().Path() + "." + obj.Name()})
			}
		}
		scope := pass.Pkg.Scope()
		for _, name := range scope.Names() {
			obj := scope.Lookup(name)
			mark(obj)
			if tn, ok := obj.(*types.TypeName); ok {
				if named, ok := tn.Type().(*types.Named); ok {
					for i := range named.NumMethods() {
						mark(named.Method(i))
					}
				}
				if st, ok := tn.Type().Underlying().(*types.Struct); ok {
					for i := range st.NumFields() {
						mark(st.Field(i))
					}
				}
			}
		}
		pass.ExportPackageFact(&markFact{"pkg " + pass.Pkg.Path()})
		if !strings.HasPrefix(pass.Pkg.Path(), "example.com/") || len(pass.Files) == 0 {
			return nil, nil
		}
		local := func(path string) bool { return strings.HasPrefix(path, "example.com/") }
		at := pass.Files[0].Package
		var all []string
		for _, f := range pass.AllObjectFacts() {
			if local(f.Object.Pkg().Path()) {
				all = append(all, f.Fact.(*markFact).Name)
			}
		}
		sort.Strings(all)
		pass.Reportf(at, "object facts: %s", strings.Join(all, " "))
		all = nil
		for _, f := range pass.AllPackageFacts() {
			if local(f.Package.Path()) {
				all = append(all, f.Fact.(*markFact).Name)
			}
		}
		sort.Strings(all)
		pass.Reportf(at, "package facts: %s", strings.Join(all, " "))
		for _, file := range pass.Files {
			ast.Inspect(file, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					if obj := pass.TypesInfo.Uses[id]; obj != nil && obj.Pkg() != nil && local(obj.Pkg().Path()) {
						var f markFact
						pass.Reportf(id.Pos(), "use of %s: fact %v", id.Name, pass.ImportObjectFact(obj, &f))
					}
				}
				return true
			})
		}
		name := pass.Fset.File(pass.Files[0].Pos()).Name()
		if _, err := pass.ReadFile(name); err != nil {
			pass.Reportf(at, "cannot read own file: %v", err)
		}
		if _, err := pass.ReadFile(filepath.Join(filepath.Dir(name), "..", "go.mod")); err == nil {
			pass.Reportf(at, "could read go.mod")
		}
		return nil, nil
	},
}

func TestFactVisibilityAsChecker(t *testing.T) {
	rep := sameFindings(t, filepath.Join("testdata", "facts"), []*analysis.Analyzer{factDump}, false)
	var msgs []string
	for _, r := range rep.Results {
		msgs = append(msgs, r.Message)
	}
	all := strings.Join(msgs, "\n")
	// Spot checks: from a, b's functions are visible, c's package-level
	// function and variable are not (a does not import c), c's method is.
	for _, want := range []string{"example.com/facts/b.Die", "example.com/facts/c.Stop", "package facts: pkg example.com/facts/a pkg example.com/facts/b pkg example.com/facts/c"} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in\n%s", want, all)
		}
	}
}

// badFact has no exported field: gob cannot encode it, so go vet could
// not pass it between packages. Sanity mode must fail on it.
type badFact struct{ n int }

func (*badFact) AFact() {}

var badFacts = &analysis.Analyzer{
	Name:      "badfacts",
	Doc:       "badfacts: exports a fact gob cannot encode",
	FactTypes: []analysis.Fact{new(badFact)},
	Run: func(pass *analysis.Pass) (any, error) {
		pass.ExportPackageFact(&badFact{n: 1})
		return nil, nil
	},
}

func TestSanityModeRejectsUnencodableFacts(t *testing.T) {
	dir := filepath.Join("testdata", "facts")
	as := []*analysis.Analyzer{badFacts}
	if _, err := RunOptions(as, []string{"./a"}, Options{Dir: dir}); err != nil {
		t.Fatalf("without sanity checks: %v", err)
	}
	err := runErrors(RunOptions(as, []string{"./a"}, Options{Dir: dir, Sanity: true}))
	if err == nil || !strings.Contains(err.Error(), "encoding of *runner.badFact fact failed") {
		t.Fatalf("sanity mode: err = %v, want a fact encoding error", err)
	}
}

func TestTypeErrorsFail(t *testing.T) {
	err := runErrors(RunOptions(analyzers.All(), []string{"./..."}, Options{Dir: filepath.Join("testdata", "broken")}))
	if err == nil || !strings.Contains(err.Error(), "p.go:3:23") || !strings.Contains(err.Error(), "cannot use") {
		t.Fatalf("err = %v, want the type error", err)
	}
}

// A broken package does not hide the findings of the others, as under go
// vet; the packages importing it are not analysed.
func TestKeepsGoingPastBrokenPackages(t *testing.T) {
	rep, err := RunOptions(analyzers.All(), []string{"./..."}, Options{Dir: filepath.Join("testdata", "broken")})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) == 0 || !strings.Contains(rep.Errors[0], "cannot use") {
		t.Errorf("errors %q, want the type error", rep.Errors)
	}
	found := false
	for _, r := range rep.Results {
		found = found || strings.HasSuffix(r.File, "good.go") && r.Check == "deferloop" && r.Rule == "lock-held"
	}
	if !found {
		t.Errorf("the good package's finding is missing: %+v", rep.Results)
	}
	if rep.Skipped != 2 || rep.Packages != 3 {
		t.Errorf("skipped %d of %d packages, want 2 of 3 (p and its importer)", rep.Skipped, rep.Packages)
	}
}

func TestBadPatternFails(t *testing.T) {
	err := runErrors(RunOptions(analyzers.All(), []string{"./nonexistent"}, Options{Dir: filepath.Join("testdata", "facts")}))
	if err == nil {
		t.Fatal("no error for a pattern matching nothing")
	}
}

// RunDespiteErrors: an ill-typed package is analysed only by analyzers
// that ask for it; the others fail, and so does the run.
func TestAnalyzerErrorFails(t *testing.T) {
	failing := &analysis.Analyzer{
		Name: "failing",
		Doc:  "failing: always errs",
		Run:  func(*analysis.Pass) (any, error) { return nil, fmt.Errorf("boom") },
	}
	err := runErrors(RunOptions([]*analysis.Analyzer{failing}, []string{"./a"}, Options{Dir: filepath.Join("testdata", "facts")}))
	if err == nil || !strings.Contains(err.Error(), "example.com/facts/a: failing: boom") {
		t.Fatalf("err = %v", err)
	}
	panicking := &analysis.Analyzer{
		Name: "panicking",
		Doc:  "panicking: always panics",
		Run:  func(*analysis.Pass) (any, error) { panic("oops") },
	}
	err = runErrors(RunOptions([]*analysis.Analyzer{panicking}, []string{"./a"}, Options{Dir: filepath.Join("testdata", "facts")}))
	if err == nil || !strings.Contains(err.Error(), "internal error in check panicking on package example.com/facts/a: oops") {
		t.Fatalf("err = %v", err)
	}
}

var _ = lint.Result{}

// runErrors turns a run's listed errors (or its failure) into one error.
func runErrors(rep *Report, err error) error {
	if err != nil {
		return err
	}
	if len(rep.Errors) > 0 {
		return errors.New(strings.Join(rep.Errors, "\n"))
	}
	return nil
}

// TestReleasesEveryPackage: once a package and everything importing it
// are done, its types and facts are dropped (the live heap of a large
// run), so at the end of a run nothing is left; and nothing is dropped
// before a package that can see it has been processed.
func TestReleasesEveryPackage(t *testing.T) {
	dir := filepath.Join("testdata", "facts")
	roots, err := packages.Load(&packages.Config{Mode: loadMode, Tests: true, Dir: dir}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	d := newDriver([]*analysis.Analyzer{factDump}, roots, Options{Dir: dir, Tests: true})
	var early []string
	d.opts.Progress = func(int, int) {
		// Called with d.mu held, after a package is done and before it
		// is released: whatever it imports, directly or not, is alive.
		for _, n := range d.nodes {
			if n.done || n.pending > 0 {
				continue
			}
			for _, dep := range n.closure() {
				if dep.types == nil {
					early = append(early, dep.pkg.ID+" (needed by "+n.pkg.ID+")")
				}
			}
		}
	}
	d.run()
	if len(early) > 0 {
		t.Errorf("released while a package importing them was still to be processed: %v", early)
	}
	for _, n := range d.nodes {
		if n.types != nil || n.facts != nil {
			t.Errorf("%s: types or facts kept after the run", n.pkg.ID)
		}
	}
	if len(d.byTypes) != 0 {
		t.Errorf("byTypes keeps %d packages after the run", len(d.byTypes))
	}
	if len(d.nodes) < 5 {
		t.Fatalf("only %d packages: the test needs a graph", len(d.nodes))
	}
}

// A dependency is analysed only for its facts, and its pass says so
// (report.FactsOnly); a root's does not, nor does the x/tools checker's.
func TestFactsOnlyOnDependencies(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]bool{}
	probe := &analysis.Analyzer{
		Name:      "factsprobe",
		Doc:       "factsprobe: records which passes are facts-only",
		FactTypes: []analysis.Fact{new(markFact)},
		Run: func(pass *analysis.Pass) (any, error) {
			mu.Lock()
			seen[pass.Pkg.Path()] = report.FactsOnly(pass)
			mu.Unlock()
			return nil, nil
		},
	}
	dir := filepath.Join("testdata", "facts")
	if _, err := RunOptions([]*analysis.Analyzer{probe}, []string{"./a"}, Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"example.com/facts/a": false, "example.com/facts/b": true, "example.com/facts/c": true}
	for path, factsOnly := range want {
		if got, ok := seen[path]; !ok || got != factsOnly {
			t.Errorf("%s: FactsOnly = %v (analysed: %v), want %v", path, got, ok, factsOnly)
		}
	}
	clear(seen)
	viaChecker(t, dir, []*analysis.Analyzer{probe}, false)
	for path, factsOnly := range seen {
		if factsOnly {
			t.Errorf("x/tools checker: FactsOnly true on %s", path)
		}
	}
	if len(seen) == 0 {
		t.Error("x/tools checker did not run the probe")
	}
}
