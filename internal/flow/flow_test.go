package flow

import (
	"go/ast"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/types/typeutil"
)

// The NoReturn facts, within a package and across one.
func TestNoReturnFacts(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), Analyzer, "a", "b")
	for _, r := range results {
		res := r.Result.(*Result)
		if res.ins != nil {
			t.Errorf("%s: inspector built without being asked for", r.Pass.Pkg.Path())
		}
		if res.Inspector() == nil || res.Inspector() != res.ins {
			t.Errorf("%s: Inspector() not built once", r.Pass.Pkg.Path())
		}
		if res.defs != nil || res.calls != nil {
			t.Errorf("%s: indexes built without being asked for", r.Pass.Pkg.Path())
		}
		own := r.Pass.Pkg.Path() == "a" // b assigns nothing and calls only a's functions
		if d := res.Defs(); d == nil || d != res.Defs() || own && len(d.Values) == 0 {
			t.Errorf("%s: Defs() not built once, or empty", r.Pass.Pkg.Path())
		}
		if c := res.Calls(); c == nil || c != res.Calls() || own && len(c.Of) == 0 {
			t.Errorf("%s: Calls() not built once, or empty", r.Pass.Pkg.Path())
		}
	}
}

// same compares flow's answers with ctrlflow's, whose semantics it
// keeps: the same graph for every function and literal, the same answer
// for every function a body calls.
var same = &analysis.Analyzer{
	Name:     "same",
	Doc:      "reports where flow and ctrlflow disagree",
	Requires: []*analysis.Analyzer{Analyzer, ctrlflow.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		mine := pass.ResultOf[Analyzer].(*Result)
		theirs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncDecl:
					if _, ok := pass.TypesInfo.Defs[n.Name].(*types.Func); !ok || n.Body == nil {
						break
					}
					a, b := mine.FuncDecl(n), theirs.FuncDecl(n)
					if a.Format(pass.Fset) != b.Format(pass.Fset) {
						pass.Reportf(n.Pos(), "graph of %s differs", n.Name.Name)
					}
				case *ast.FuncLit:
					a, b := mine.FuncLit(n), theirs.FuncLit(n)
					if a.Format(pass.Fset) != b.Format(pass.Fset) {
						pass.Reportf(n.Pos(), "graph of a literal differs")
					}
				case *ast.CallExpr:
					if fn := typeutil.StaticCallee(pass.TypesInfo, n); fn != nil && mine.NoReturn(fn) != theirs.NoReturn(fn) {
						pass.Reportf(n.Pos(), "NoReturn(%s): flow %v, ctrlflow %v", fn.FullName(), mine.NoReturn(fn), theirs.NoReturn(fn))
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

// On real code (packages with exits, fatal logging, panics and literals,
// and their dependencies), flow and ctrlflow agree everywhere.
func TestSameAsCtrlflow(t *testing.T) {
	if testing.Short() {
		t.Skip("loads and analyses part of std")
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Tests: true},
		"log", "testing", "net/http", "go/types", "cmd/go/internal/base")
	if err != nil {
		t.Fatal(err)
	}
	g, err := checker.Analyze([]*analysis.Analyzer{same}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for act := range g.All() {
		if act.Analyzer != same {
			continue
		}
		n++
		if act.Err != nil {
			t.Errorf("%s: %v", act.Package.PkgPath, act.Err)
		}
		for _, d := range act.Diagnostics {
			t.Errorf("%s: %s", act.Package.Fset.Position(d.Pos), d.Message)
		}
	}
	if n < 5 {
		t.Errorf("compared %d packages", n)
	}

}
