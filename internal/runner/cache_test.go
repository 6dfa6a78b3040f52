package runner

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/hindsight-lint/hindsight/analyzers"
	"github.com/hindsight-lint/hindsight/internal/cache"
	"github.com/hindsight-lint/hindsight/internal/testutil"
)

// cachedRun runs every check on dir with the cache in cacheDir and fails
// if the findings differ from a run without the cache (*uncached, computed
// if empty). It returns how the cache was used.
func cachedRun(t *testing.T, step, dir, cacheDir string, uncached *string) *CacheStats {
	t.Helper()
	c, err := cache.Open(cacheDir, nil)
	if err != nil {
		t.Fatal(err)
	}
	with, err := RunOptions(analyzers.All(), []string{"./..."}, Options{Dir: dir, Cache: c, Tests: true})
	if err != nil {
		t.Fatal(err)
	}
	if *uncached == "" {
		without, err := RunOptions(analyzers.All(), []string{"./..."}, Options{Dir: dir, Tests: true})
		if err != nil {
			t.Fatal(err)
		}
		*uncached = dump(without)
	}
	if g, w := dump(with), *uncached; g != w {
		t.Fatalf("%s: with the cache:\n%s\nwithout:\n%s", step, g, w)
	}
	if len(with.Errors) > 0 {
		t.Fatalf("%s: errors %v", step, with.Errors)
	}
	return with.Cache
}

// After an edit, exactly the edited package and what its change reaches
// are analysed, and only those are type-checked from source: their
// imports' types come from the export data in the cache, the facts with
// them (a -> b -> c: internal/flow's no-return facts on c's functions, on a method of a
// type of c that a reaches only through c.Hidden, and on a function of c
// nothing exported reaches).
func TestCacheReanalysesOnlyTheEdited(t *testing.T) {
	dir := testutil.CopyDir(t, filepath.Join("testdata", "facts"))
	cacheDir := t.TempDir()
	const a, b, c = "example.com/facts/a", "example.com/facts/b", "example.com/facts/c"
	var uncached string // the findings without the cache, "" after an edit
	edit := func(file, old, new string) {
		t.Helper()
		testutil.Replace(t, file, old, new)
		uncached = ""
	}
	check := func(step string, want ...string) {
		t.Helper()
		st := cachedRun(t, step, dir, cacheDir, &uncached)
		if !slices.Equal(st.AnalysedIDs, want) {
			t.Errorf("%s: analysed %q, want %q", step, st.AnalysedIDs, want)
		}
		if st.Source != len(want) {
			t.Errorf("%s: %d packages type-checked from source, want %d (those analysed)", step, st.Source, len(want))
		}
	}
	if st := cachedRun(t, "cold", dir, cacheDir, &uncached); st.Analysed == 0 || st.FromCache != 0 {
		t.Fatalf("cold run: %+v", st)
	}
	check("warm")
	// The top package: b and c (and std) come from export data.
	edit(filepath.Join(dir, "a", "a.go"), "// Reported: b.Warn returns", "func added() {}\n\n// Reported: b.Warn returns")
	check("top edit", a)
	// A body edit in the middle: same API, same facts, a stays cached.
	edit(filepath.Join(dir, "b", "b.go"), "func Warn(msg string) { fmt.Println(msg) }", "func Warn(msg string) { fmt.Println(msg, msg) }")
	check("middle body edit", b)
	// A new exported function in the bottom package: its API changed.
	edit(filepath.Join(dir, "c", "c.go"), "const K = 1", "const K = 1\n\nfunc Extra() {}")
	check("bottom API edit", a, b, c)
	// Lines move in c: positions are part of its API.
	edit(filepath.Join(dir, "c", "c.go"), "// Package c is", "\n// Package c is")
	check("bottom line shift", a, b, c)
	// b.Warn stops returning: b's facts change, a's finding goes away.
	edit(filepath.Join(dir, "b", "b.go"), "fmt.Println(msg, msg) }", "fmt.Println(msg, msg); os.Exit(3) }")
	check("middle fact edit", a, b)
	check("warm again")
}
