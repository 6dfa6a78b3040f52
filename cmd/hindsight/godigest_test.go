package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/hindsight-lint/hindsight/internal/cache"
)

func TestGoDigest(t *testing.T) {
	const base = "//go:build linux\n\n// Package p.\npackage p\n\nimport \"os\"\n\nfunc F() string { return os.Getenv(\"A\") }\n"
	same := map[string]string{
		"comment":         base + "\n// More.\n",
		"function":        base + "\nfunc g() int { return 1 }\n",
		"body":            "//go:build linux\n\n// Package p.\npackage p\n\nimport \"os\"\n\nfunc F() string { x := os.Getenv(\"A\"); return x }\n",
		"string repeated": base + "\nvar v = \"A\"\n",
	}
	differs := map[string]string{
		"new string":       base + "\nvar v = \"B\"\n",
		"struct tag":       base + "\ntype T struct{ X int `env:\"X\"` }\n",
		"build constraint": "//go:build windows\n" + base[len("//go:build linux\n"):],
		"package clause":   "//go:build linux\n\n// Package p.\npackage q\n\nimport \"os\"\n\nfunc F() string { return os.Getenv(\"A\") }\n",
		"import":           "//go:build linux\n\n// Package p.\npackage p\n\nimport \"os\"\nimport \"C\"\n\nfunc F() string { return os.Getenv(\"A\") }\n",
	}
	want := goDigest([]byte(base))
	for name, src := range same {
		if goDigest([]byte(src)) != want {
			t.Errorf("%s: digest changed", name)
		}
	}
	for name, src := range differs {
		if goDigest([]byte(src)) == want {
			t.Errorf("%s: digest unchanged", name)
		}
	}
}

// goSum, through its memos, sees what the check reads of a Go file and
// nothing else (the memos' rules are cache.FileMemo's, tested there).
func TestGoSum(t *testing.T) {
	root := t.TempDir()
	c, err := cache.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	a := filepath.Join(root, "a.go")
	sum := func(src string) string {
		t.Helper()
		if err := os.WriteFile(a, []byte(src), 0o666); err != nil {
			t.Fatal(err)
		}
		m := &moduleInputs{root: root, goFiles: []string{a}, cache: c}
		return string(m.goSum())
	}
	first := sum("package p\n\nvar A = \"x\"\n")
	if sum("package p\n\nvar A = \"x\"\n\n// B is x too.\nvar B = A\n") != first {
		t.Error("a declaration without a new string changed goSum")
	}
	if sum("package p\n\nvar A = \"y\"\n") == first {
		t.Error("a new string went unseen")
	}
	if sum("package p\n\nvar A = \"x\"\n") != first {
		t.Error("back to the first content, another goSum")
	}
}
