package main_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/hindsight-lint/hindsight/internal/testutil"
)

// cacheRun runs hindsight with JSON output and the cache in cacheDir
// ("off" for none) and returns the output, and from -debug=c the number
// of packages analysed and served from the cache.
func cacheRun(t *testing.T, dir, cacheDir string) (res result, analysed, cached int) {
	t.Helper()
	res = run(t, dir, binary, "-cache="+cacheDir, "-debug=c", "-severity=info", "-format=json", "./...")
	if res.code != exitFindingsCode && res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	if cacheDir == "off" {
		return res, -1, -1
	}
	m := regexp.MustCompile(`cache: (\d+) packages analysed, (\d+) from cache`).FindStringSubmatch(res.stderr)
	if m == nil {
		t.Fatalf("no cache line in %q", res.stderr)
	}
	analysed, _ = strconv.Atoi(m[1])
	cached, _ = strconv.Atoi(m[2])
	return res, analysed, cached
}

const exitFindingsCode = 3

// sameAsUncached runs hindsight with the cache and without and fails if
// the outputs differ in any byte.
func sameAsUncached(t *testing.T, step, dir, cacheDir string) (analysed, cached int) {
	t.Helper()
	with, analysed, cached := cacheRun(t, dir, cacheDir)
	without, _, _ := cacheRun(t, dir, "off")
	if with.stdout != without.stdout || with.code != without.code {
		t.Fatalf("%s: with the cache (exit %d):\n%s\nwithout (exit %d):\n%s", step, with.code, with.stdout, without.code, without.stdout)
	}
	return analysed, cached
}

func edit(t *testing.T, file, old, new string) {
	t.Helper()
	testutil.Replace(t, file, old, new)
}

// Cold, warm and edited runs give byte for byte what a run without the
// cache gives, on the e2e module (Go and YAML findings).
func TestCacheE2E(t *testing.T) {
	dir := e2eModule(t)
	cacheDir := t.TempDir()
	if a, _ := sameAsUncached(t, "cold", dir, cacheDir); a == 0 {
		t.Fatal("cold run analysed nothing")
	}
	if a, c := sameAsUncached(t, "warm", dir, cacheDir); a != 0 || c == 0 {
		t.Fatalf("warm run: %d analysed, %d from cache; want all from cache", a, c)
	}
	// A leaf file: a new finding.
	edit(t, filepath.Join(dir, "clean", "clean.go"), "// First returns", `// Leak defers in a loop.
func Leak(names []string) {
	for _, n := range names {
		f, _ := os.Open(n)
		defer f.Close()
	}
}

// First returns`)
	sameAsUncached(t, "leaf edit", dir, cacheDir)
	// A YAML file: the manifest finding goes away.
	edit(t, filepath.Join(dir, "deploy", "worker.yaml"), "                  key: password\n", "")
	sameAsUncached(t, "YAML edit", dir, cacheDir)
	edit(t, filepath.Join(dir, "deploy", "worker.yaml"), "key: queue-password", "key: queue-password\n                  key: again")
	sameAsUncached(t, "YAML edit 2", dir, cacheDir)
	// go.mod.
	edit(t, filepath.Join(dir, "go.mod"), "go 1.26.0", "go 1.21")
	sameAsUncached(t, "go.mod edit", dir, cacheDir)
	if a, _ := sameAsUncached(t, "warm again", dir, cacheDir); a != 0 {
		t.Fatalf("warm run after the edits analysed %d packages", a)
	}
}

// The same across packages with facts (a -> b -> c, deferloop's no-return
// facts), and a body edit that changes neither c's API nor its facts
// re-analyses c alone (early cut-off).
func TestCacheFacts(t *testing.T) {
	dir := testutil.CopyDir(t, filepath.Join("..", "..", "internal", "runner", "testdata", "facts"))
	cacheDir := t.TempDir()
	sameAsUncached(t, "cold", dir, cacheDir)
	if a, _ := sameAsUncached(t, "warm", dir, cacheDir); a != 0 {
		t.Fatalf("warm run analysed %d packages", a)
	}
	c := filepath.Join(dir, "c", "c.go")
	edit(t, c, "os.Exit(1) }", "os.Exit(4) }")
	if a, _ := sameAsUncached(t, "body edit", dir, cacheDir); a != 1 {
		t.Errorf("after a body edit of c: %d packages analysed, want 1 (c)", a)
	}
	// A leaf edit that changes c's facts: Fail returns, so a's loop in
	// SilencedVia is reported now.
	edit(t, c, "\tos.Exit(2)\n", "")
	a, _ := sameAsUncached(t, "fact edit", dir, cacheDir)
	if a < 3 {
		t.Errorf("after a fact change in c: %d packages analysed, want a, b and c", a)
	}
	// The middle package.
	edit(t, filepath.Join(dir, "b", "b.go"), "func Warn(msg string) { fmt.Println(msg) }", "func Warn(msg string) { fmt.Println(msg); os.Exit(3) }")
	sameAsUncached(t, "middle edit", dir, cacheDir)
	edit(t, filepath.Join(dir, "go.mod"), "go 1.26.0", "go 1.22")
	sameAsUncached(t, "go.mod edit", dir, cacheDir)
}

// analysedIDs returns the packages a -debug=c run analysed.
func analysedIDs(res result) []string {
	var ids []string
	for _, m := range regexp.MustCompile(`(?m)^hindsight: cache: analysed (.*)$`).FindAllStringSubmatch(res.stderr, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// The package that owns a manifest (bad: the first package, as no
// package encloses deploy/) depends on the string literals of the whole
// module: an edit elsewhere that adds none leaves it cached, one that
// adds a variable's name re-analyses it and changes its findings.
func TestCacheManifestOwner(t *testing.T) {
	dir := e2eModule(t)
	cacheDir := t.TempDir()
	step := func(name string, want ...string) string {
		t.Helper()
		sameAsUncached(t, name, dir, cacheDir)
		res, _, _ := cacheRun(t, dir, cacheDir) // warm: the same again
		if ids := analysedIDs(res); len(ids) != 0 {
			t.Fatalf("%s: the run after analysed %q", name, ids)
		}
		return res.stdout
	}
	edit(t, filepath.Join(dir, "deploy", "worker.yaml"), "          env:\n", "          env:\n            - name: WORKER_MODE\n              value: fast\n")
	step("cold")
	clean := filepath.Join(dir, "clean", "clean.go")
	edit(t, clean, "var mu sync.Mutex", "var mu sync.Mutex\n\nfunc helper() int { return 1 }")
	res, _, _ := cacheRun(t, dir, cacheDir)
	if ids := analysedIDs(res); strings.Join(ids, " ") != "example.com/e2e/clean" {
		t.Errorf("after a function without strings in clean: analysed %q, want clean alone", ids)
	}
	out := step("function without strings")
	if strings.Contains(out, "WORKER_MODE") {
		t.Fatalf("env-unread before any Go code names a variable of the container:\n%s", out)
	}
	edit(t, clean, "func helper() int { return 1 }", `func helper() string { return "QUEUE_PASSWORD" }`)
	res, _, _ = cacheRun(t, dir, cacheDir)
	if ids := analysedIDs(res); !slices.Contains(ids, "example.com/e2e/bad") {
		t.Errorf("after a new string in clean: analysed %q, want the owner bad too", ids)
	}
	if out := step("a new string"); !strings.Contains(out, "WORKER_MODE") {
		t.Errorf("no env-unread finding for WORKER_MODE once the container reads QUEUE_PASSWORD:\n%s", out)
	}
}

// A damaged entry is ignored and recomputed.
func TestCacheCorrupt(t *testing.T) {
	dir := e2eModule(t)
	cacheDir := t.TempDir()
	sameAsUncached(t, "cold", dir, cacheDir)
	n := 0
	filepath.WalkDir(cacheDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, "-e") {
			return nil
		}
		b, _ := os.ReadFile(p)
		switch n++; n % 3 {
		case 0:
			b = b[:len(b)/2]
		case 1:
			b[len(b)-1] ^= 0xff
		case 2:
			b = nil
		}
		os.WriteFile(p, b, 0o666)
		return nil
	})
	if n == 0 {
		t.Fatal("no entries written")
	}
	if a, _ := sameAsUncached(t, "corrupt", dir, cacheDir); a == 0 {
		t.Error("nothing recomputed from a corrupt cache")
	}
	if a, _ := sameAsUncached(t, "repaired", dir, cacheDir); a != 0 {
		t.Errorf("%d packages analysed after the cache was repaired", a)
	}
}

// Two runs at once on one cache directory.
func TestCacheConcurrent(t *testing.T) {
	dir := e2eModule(t)
	cacheDir := t.TempDir()
	want, _, _ := cacheRun(t, dir, "off")
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := run(t, dir, binary, "-cache="+cacheDir, "-severity=info", "-format=json", "./...")
			if res.stdout != want.stdout {
				t.Errorf("concurrent run:\n%s\nwant\n%s", res.stdout, want.stdout)
			}
		}()
	}
	wg.Wait()
	sameAsUncached(t, "after", dir, cacheDir)
}

// A cache directory that cannot be written: one warning, same findings.
func TestCacheReadOnly(t *testing.T) {
	if os.Getuid() == 0 {
		t.Skip("root writes anywhere")
	}
	dir := e2eModule(t)
	cacheDir := t.TempDir()
	if err := os.Chmod(cacheDir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(cacheDir, 0o755)
	with, _, _ := cacheRun(t, dir, cacheDir)
	without, _, _ := cacheRun(t, dir, "off")
	if with.stdout != without.stdout {
		t.Fatalf("read-only cache changed the output")
	}
	if n := strings.Count(with.stderr, "warning:"); n != 1 {
		t.Errorf("%d warnings, want 1:\n%s", n, with.stderr)
	}
}

func TestCacheCommand(t *testing.T) {
	dir := e2eModule(t)
	cacheDir := t.TempDir()
	cacheRun(t, dir, cacheDir)
	res := run(t, dir, binary, "cache", "info", "-cache="+cacheDir)
	if res.code != 0 || !regexp.MustCompile(`entries: +[1-9]`).MatchString(res.stdout) {
		t.Fatalf("cache info: %d %q %q", res.code, res.stdout, res.stderr)
	}
	if res := run(t, dir, binary, "cache", "clean", "-cache="+cacheDir); res.code != 0 {
		t.Fatalf("cache clean: %d %q", res.code, res.stderr)
	}
	res = run(t, dir, binary, "cache", "info", "-cache="+cacheDir)
	if !regexp.MustCompile(`entries: +0\n`).MatchString(res.stdout) {
		t.Fatalf("after clean: %q", res.stdout)
	}
}
