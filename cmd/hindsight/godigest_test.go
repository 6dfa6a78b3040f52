package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

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

// The memo of goSum: unchanged files are not read again, a changed one is
// seen, even with its size and time kept when it changed right after it
// was read (racyWindow).
func TestGoSumMemo(t *testing.T) {
	root := t.TempDir()
	c, err := cache.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	a, b := filepath.Join(root, "a.go"), filepath.Join(root, "b.go")
	old := time.Now().Add(-time.Hour)
	write := func(file, src string, mtime time.Time) {
		t.Helper()
		if err := os.WriteFile(file, []byte(src), 0o666); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(file, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	sum := func() string {
		m := &moduleInputs{root: root, goFiles: []string{a, b}, cache: c}
		return string(m.goSum())
	}
	write(a, "package p\nvar A = \"x\"\n", old)
	write(b, "package p\nvar B = \"y\"\n", time.Now())
	first := sum()
	if sum() != first {
		t.Fatal("goSum changed without an edit")
	}
	// b was read within racyWindow of its modification: an edit that
	// keeps its size and time is still seen.
	st, _ := os.Stat(b)
	write(b, "package p\nvar B = \"z\"\n", st.ModTime())
	if sum() == first {
		t.Error("an edit of a file modified just before it was read went unseen")
	}
	// a changes size.
	write(a, "package p\nvar A = \"xx\"\n", old)
	if sum() == first {
		t.Error("a size change went unseen")
	}
}
