package manifest

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// Each manifest has exactly one owner, decided by each package alone: the
// nearest enclosing package directory, else the module's first package
// directory in path order ("a-b" sorts before "a/x").
func TestOwnedManifests(t *testing.T) {
	root := t.TempDir()
	write := func(p, s string) {
		t.Helper()
		p = filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n"
	write("go.mod", "module example.com/m\n\ngo 1.22\n")
	write("a/x/x.go", "package x\n")
	write("a-b/b.go", "package b\n")
	write("a-b/only_test.go", "package b\n")
	write("docs/orphan.yaml", cm)
	write("a/orphan.yaml", cm)
	write("svc/svc.go", "package svc\n")
	write("svc/deploy/app.yaml", cm)
	write("svc/sub/sub.go", "package sub\n")
	write("svc/sub/k8s/sub.yaml", cm)
	write("svc/testdata/ignored.yaml", cm)
	write("tests/t_test.go", "package tests\n") // tests only: not a package for go/build
	write("tests/k8s/t.yaml", cm)

	owners := map[string][]string{}
	for _, pkg := range []string{"a/x", "a-b", "svc", "svc/sub", "tests"} {
		for f := range ownedManifests(root, filepath.Join(root, pkg), &config{}) {
			rel, _ := filepath.Rel(root, f)
			owners[filepath.ToSlash(rel)] = append(owners[filepath.ToSlash(rel)], pkg)
		}
	}
	var got []string
	for f, pkgs := range owners {
		sort.Strings(pkgs)
		got = append(got, f+"="+strings.Join(pkgs, ","))
	}
	sort.Strings(got)
	want := []string{"a/orphan.yaml=a-b", "docs/orphan.yaml=a-b", "svc/deploy/app.yaml=svc", "svc/sub/k8s/sub.yaml=svc/sub", "tests/k8s/t.yaml=a-b"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("owners:\n got %q\nwant %q", got, want)
	}
}
