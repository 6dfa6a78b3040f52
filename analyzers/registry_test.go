package analyzers

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/hindsight-lint/hindsight/internal/report"
)

func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range Checks {
		a := c.Analyzer
		if err := analysis.Validate([]*analysis.Analyzer{a}); err != nil {
			t.Errorf("%s: %v", a.Name, err)
		}
		if seen[a.Name] {
			t.Errorf("%s registered twice", a.Name)
		}
		seen[a.Name] = true
		if a.Doc == "" || a.URL == "" || !strings.HasSuffix(a.URL, "/docs/"+a.Name+".md") {
			t.Errorf("%s: missing Doc or URL (%q)", a.Name, a.URL)
		}
		if fresh := c.New(); fresh == a || fresh.Name != a.Name {
			t.Errorf("%s: New must return a fresh analyzer of the same check", a.Name)
		}
	}
}

func TestDecoratedTurnsPanicsIntoErrors(t *testing.T) {
	a := &analysis.Analyzer{Name: "boom", Doc: "boom", Run: func(*analysis.Pass) (any, error) { panic("kaboom") }}
	d := Decorated(Check{Analyzer: a}, a, nil)
	fset := token.NewFileSet()
	f, _ := parser.ParseFile(fset, "p.go", "package p", 0)
	pkg, _ := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, nil)
	_, err := d.Run(&analysis.Pass{Analyzer: d, Fset: fset, Files: []*ast.File{f}, Pkg: pkg})
	if err == nil || !strings.Contains(err.Error(), "internal error in check boom on package p: kaboom") {
		t.Fatalf("err = %v", err)
	}
}

type probeFact struct{ Seen bool }

func (*probeFact) AFact() {}

// ForFacts (a go vet unit run for its facts) tells a check with facts that
// its findings are discarded, and does not run a check without facts: its
// findings are all it has.
func TestForFacts(t *testing.T) {
	var factsOnly []bool
	withFacts := &analysis.Analyzer{Name: "withfacts", Doc: "withfacts", FactTypes: []analysis.Fact{new(probeFact)},
		Run: func(pass *analysis.Pass) (any, error) {
			factsOnly = append(factsOnly, report.FactsOnly(pass))
			return nil, nil
		}}
	without := &analysis.Analyzer{Name: "without", Doc: "without",
		Run: func(*analysis.Pass) (any, error) { panic("a check without facts ran on a facts-only unit") }}
	pass := &analysis.Pass{ResultOf: map[*analysis.Analyzer]any{}}
	for _, a := range []*analysis.Analyzer{withFacts, without} {
		if _, err := ForFacts(a).Run(pass); err != nil {
			t.Fatalf("%s: %v", a.Name, err)
		}
	}
	if _, err := withFacts.Run(pass); err != nil {
		t.Fatal(err)
	}
	if want := []bool{true, false}; fmt.Sprint(factsOnly) != fmt.Sprint(want) {
		t.Errorf("FactsOnly seen by the check: %v, want %v (wrapped, then the original pass untouched)", factsOnly, want)
	}
}
