package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hindsight-lint/hindsight/internal/testutil"
)

// The edit row's file: a non-test Go file of a package nothing imports,
// put back after the edit.
func TestLeafEdit(t *testing.T) {
	dir := testutil.CopyDir(t, filepath.Join("..", "..", "testdata", "e2e"))
	co := &corpus{name: "e2e", dir: dir, pattern: "./..."}
	lf, err := findLeaf(&common{goCmd: "go"}, co)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(lf.file, ".go") || strings.HasSuffix(lf.file, "_test.go") || !strings.HasPrefix(lf.pkg, "example.com/e2e/") {
		t.Fatalf("leaf %+v", lf)
	}
	orig, _ := os.ReadFile(lf.file)
	restore, err := appendEdit(lf.file, "\nfunc edited() {}\n")
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(lf.file); string(b) != string(orig)+"\nfunc edited() {}\n" {
		t.Fatalf("edited file:\n%s", b)
	}
	restore()
	if b, _ := os.ReadFile(lf.file); string(b) != string(orig) {
		t.Fatalf("restored file:\n%s", b)
	}
}

// The golangci-lint row runs hindsight's checks alone.
func TestGolangciConfig(t *testing.T) {
	wd, _ := os.Getwd()
	if err := os.Chdir(filepath.Join("..", "..")); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	path, err := golangciConfig(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), "linters:\n  default: none\n  enable:\n    - deferloop") {
		t.Errorf("config:\n%s", b)
	}
}
