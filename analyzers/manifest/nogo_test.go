package manifest_test

import (
	"bytes"
	"encoding/gob"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/hindsight-lint/hindsight/analyzers/manifest"
)

// nogoPass builds the pass a driver such as Bazel's nogo gives the
// analyzer: the package's own files, type-checked, and nothing else (no
// facts of dependencies, no module to walk).
func nogoPass(t *testing.T, a *analysis.Analyzer, dir string, diags *[]analysis.Diagnostic) *analysis.Pass {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filepath.Join(dir, "svc.go"), nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	pkg, err := conf.Check("example.com/svc", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	return &analysis.Pass{
		Analyzer: a, Fset: fset, Files: []*ast.File{f}, Pkg: pkg, TypesInfo: info,
		TypesSizes: types.SizesFor("gc", "amd64"), ResultOf: map[*analysis.Analyzer]any{},
		Report:            func(d analysis.Diagnostic) { *diags = append(*diags, d) },
		ImportObjectFact:  func(types.Object, analysis.Fact) bool { return false },
		ExportObjectFact:  func(types.Object, analysis.Fact) {},
		ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
		ExportPackageFact: func(analysis.Fact) {},
		AllObjectFacts:    func() []analysis.ObjectFact { return nil },
		AllPackageFacts:   func() []analysis.PackageFact { return nil },
		ReadFile:          os.ReadFile,
	}
}

// Under nogo the pass sees only the package's files and no go.mod lies
// above them: the analyzer must not panic and must report nothing from the
// YAML it cannot place in a module (no false alarms); with a go.mod, the
// same package reports the manifest beside it.
func TestNogoPassWithoutModule(t *testing.T) {
	dir := t.TempDir()
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "go.mod")); err == nil {
		t.Skip("a go.mod above the temporary directory")
	}
	write := func(name, s string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("svc.go", `package svc

import "os"

func getenv(name string) string { return os.Getenv(name) }

var (
	Port = getenv("PORT")
	Host = os.Getenv("LISTEN_HOTS")
)
`)
	write("deploy.yaml", `apiVersion: apps/v1
kind: Deployment
metadata: {name: svc}
spec:
  selector: {matchLabels: {app: svc}}
  template:
    metadata: {labels: {app: svc}}
    spec:
      containers:
        - name: svc
          image: svc
          image: svc2
          env:
            - {name: PORT, value: "8080"}
            - {name: LISTEN_HOST, value: "0.0.0.0"}
`)
	var diags []analysis.Diagnostic
	a := manifest.New()
	if _, err := a.Run(nogoPass(t, a, dir, &diags)); err != nil {
		t.Fatal(err)
	}
	for _, d := range diags {
		t.Errorf("no module visible, yet reported: %s", d.Message)
	}

	// The control: the same package in a module.
	write("go.mod", "module example.com/svc\n\ngo 1.22\n")
	diags = nil
	a = manifest.New()
	if _, err := a.Run(nogoPass(t, a, dir, &diags)); err != nil {
		t.Fatal(err)
	}
	rules := map[string]bool{}
	for _, d := range diags {
		rules[d.Category] = true
	}
	if !rules["duplicate-key"] || !rules["go-env-typo"] {
		t.Errorf("in a module: want duplicate-key and go-env-typo, got %v", diags)
	}
}

// EnvReaderFact crosses process boundaries (go vet, nogo) gob-encoded.
func TestEnvReaderFactGob(t *testing.T) {
	var buf bytes.Buffer
	in := &manifest.EnvReaderFact{Param: 2}
	if err := gob.NewEncoder(&buf).Encode(in); err != nil {
		t.Fatal(err)
	}
	out := new(manifest.EnvReaderFact)
	if err := gob.NewDecoder(&buf).Decode(out); err != nil {
		t.Fatal(err)
	}
	if *out != *in {
		t.Errorf("round trip: got %+v, want %+v", out, in)
	}
}
