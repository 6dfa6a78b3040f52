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
	_, analysed, cached = sameAsUncachedRun(t, step, dir, cacheDir)
	return analysed, cached
}

func sameAsUncachedRun(t *testing.T, step, dir, cacheDir string) (with result, analysed, cached int) {
	t.Helper()
	with, analysed, cached = cacheRun(t, dir, cacheDir)
	without, _, _ := cacheRun(t, dir, "off")
	if with.stdout != without.stdout || with.code != without.code {
		t.Fatalf("%s: with the cache (exit %d):\n%s\nwithout (exit %d):\n%s", step, with.code, with.stdout, without.code, without.stdout)
	}
	return with, analysed, cached
}

// reanalysed is sameAsUncached that checks which packages the cached run
// analysed: exactly want, or, with all, at least want.
func reanalysed(t *testing.T, step, dir, cacheDir string, all bool, want ...string) {
	t.Helper()
	res, _, _ := sameAsUncachedRun(t, step, dir, cacheDir)
	ids := analysedIDs(res)
	if all {
		for _, w := range want {
			if !slices.Contains(ids, w) {
				t.Errorf("%s: analysed %q, want %s among them", step, ids, w)
			}
		}
		return
	}
	if !slices.Equal(ids, want) {
		t.Errorf("%s: analysed %q, want %q", step, ids, want)
	}
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
	// clean alone: bad owns deploy/worker.yaml, but the edit adds no string.
	reanalysed(t, "leaf edit", dir, cacheDir, false, "example.com/e2e/clean")
	// A YAML file: the manifest finding goes away; every root depends on
	// the module's YAML.
	const bad, clean = "example.com/e2e/bad", "example.com/e2e/clean"
	edit(t, filepath.Join(dir, "deploy", "worker.yaml"), "                  key: password\n", "")
	reanalysed(t, "YAML edit", dir, cacheDir, true, bad, clean)
	edit(t, filepath.Join(dir, "deploy", "worker.yaml"), "key: queue-password", "key: queue-password\n                  key: again")
	reanalysed(t, "YAML edit 2", dir, cacheDir, true, bad, clean)
	// go.mod.
	edit(t, filepath.Join(dir, "go.mod"), "go 1.26.0", "go 1.21")
	reanalysed(t, "go.mod edit", dir, cacheDir, true, bad, clean)
	if a, _ := sameAsUncached(t, "warm again", dir, cacheDir); a != 0 {
		t.Fatalf("warm run after the edits analysed %d packages", a)
	}
}

// The same across packages with facts (a -> b -> c, deferloop's no-return
// facts), after edits of the bottom, middle and top packages, a YAML file
// and go.mod; each run analyses exactly what the edit reaches: a body edit
// that changes neither c's API nor its facts re-analyses c alone (early
// cut-off).
func TestCacheFacts(t *testing.T) {
	dir := testutil.CopyDir(t, filepath.Join("..", "..", "internal", "runner", "testdata", "facts"))
	cacheDir := t.TempDir()
	sameAsUncached(t, "cold", dir, cacheDir)
	if a, _ := sameAsUncached(t, "warm", dir, cacheDir); a != 0 {
		t.Fatalf("warm run analysed %d packages", a)
	}
	const a, b, c = "example.com/facts/a", "example.com/facts/b", "example.com/facts/c"
	cFile := filepath.Join(dir, "c", "c.go")
	edit(t, cFile, "os.Exit(1) }", "os.Exit(4) }")
	reanalysed(t, "body edit", dir, cacheDir, false, c)
	// A bottom edit that changes c's facts: Fail returns, so b.DieVia
	// does too, and a's loop in SilencedVia is reported now.
	edit(t, cFile, "\tos.Exit(2)\n", "")
	reanalysed(t, "fact edit", dir, cacheDir, false, a, b, c)
	// The middle package: b.Warn stops returning.
	edit(t, filepath.Join(dir, "b", "b.go"), "func Warn(msg string) { fmt.Println(msg) }", "func Warn(msg string) { fmt.Println(msg); os.Exit(3) }")
	reanalysed(t, "middle edit", dir, cacheDir, false, a, b)
	// The top package.
	edit(t, filepath.Join(dir, "a", "a.go"), "// Reported: b.Warn returns", "func added() {}\n\n// Reported: b.Warn returns")
	reanalysed(t, "top edit", dir, cacheDir, false, a)
	// A YAML file appears: every root depends on the module's YAML.
	if err := os.WriteFile(filepath.Join(dir, "app.yaml"), []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  a: b\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	reanalysed(t, "YAML edit", dir, cacheDir, true, a, b, c)
	edit(t, filepath.Join(dir, "go.mod"), "go 1.26.0", "go 1.22")
	reanalysed(t, "go.mod edit", dir, cacheDir, true, a, b, c)
	if n, _ := sameAsUncached(t, "warm again", dir, cacheDir); n != 0 {
		t.Fatalf("warm run after the edits analysed %d packages", n)
	}
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
