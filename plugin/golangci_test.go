package plugin_test

// End-to-end test of the module plugins inside a custom golangci-lint
// (built by `make golangci`; `make test-golangci` runs this test with
// HINDSIGHT_GOLANGCI_LINT set to it).

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hindsight-lint/hindsight/analyzers"
	"github.com/hindsight-lint/hindsight/internal/testutil"
)

func golangciBinary(t *testing.T) string {
	bin := os.Getenv("HINDSIGHT_GOLANGCI_LINT")
	if bin == "" {
		t.Skip("HINDSIGHT_GOLANGCI_LINT is not set; run `make test-golangci`")
	}
	return bin
}

// config writes a v2 .golangci.yml enabling every check, with extra
// settings per check (YAML lines, indented under "settings:").
func config(t *testing.T, dir string, settings map[string]string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("version: \"2\"\nlinters:\n  default: none\n  enable:\n")
	for _, c := range analyzers.Checks {
		fmt.Fprintf(&b, "    - %s\n", c.Analyzer.Name)
	}
	b.WriteString("  settings:\n    custom:\n")
	for _, c := range analyzers.Checks {
		name := c.Analyzer.Name
		fmt.Fprintf(&b, "      %s:\n        type: module\n        description: hindsight %s\n", name, name)
		if s, ok := settings[name]; ok {
			fmt.Fprintf(&b, "        settings:\n          %s\n", s)
		}
	}
	b.WriteString("issues:\n  max-issues-per-linter: 0\n  max-same-issues: 0\n  uniq-by-line: false\n")
	if err := os.WriteFile(filepath.Join(dir, ".golangci.yml"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// golangci runs `golangci-lint run` in dir with a private cache.
// --allow-parallel-runners: without it golangci-lint takes a lock in the
// shared temp directory and fails after 5 s ("parallel golangci-lint is
// running") while any other golangci-lint runs on the machine.
func golangci(t *testing.T, bin, dir string, args ...string) (string, int) {
	t.Helper()
	args = append([]string{"run", "--allow-parallel-runners", "--show-stats=false"}, args...)
	cmd := exec.Command(bin, append(args, "./...")...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+t.TempDir())
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return out.String(), exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), 0
}

// Every check reports on the incident demo through golangci-lint, including
// the manifest checker, whose YAML findings golangci-lint would drop if
// they were positioned in the YAML file.
// The module is set up as docs/golangci-lint.md says: the shipped
// golangci.hindsight.yml copied to .golangci.yml.
func TestGolangciEveryCheck(t *testing.T) {
	bin := golangciBinary(t)
	dir := testutil.CopyDir(t, filepath.Join("..", "testdata", "incidents"))
	shipped, err := os.ReadFile(filepath.Join("..", "golangci.hindsight.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".golangci.yml"), shipped, 0o644); err != nil {
		t.Fatal(err)
	}
	out, code := golangci(t, bin, dir)
	if code != 1 {
		t.Fatalf("exit code %d, want 1 (issues found)\n%s", code, out)
	}
	for _, c := range analyzers.Checks {
		name := c.Analyzer.Name
		if !strings.Contains(out, "("+name+")") {
			t.Errorf("no finding of %s in golangci-lint output:\n%s", name, out)
		}
		if strings.Contains(out, "("+name+") ("+name+")") {
			t.Errorf("%s's check tag is doubled:\n%s", name, out)
		}
	}
	if _, ok := analyzers.Lookup("manifest"); ok && !strings.Contains(out, ".yaml:") {
		t.Errorf("the manifest checker's YAML findings were lost:\n%s", out)
	}
}

func TestGolangciNolintAndSettings(t *testing.T) {
	bin := golangciBinary(t)
	dir := testutil.CopyDir(t, filepath.Join("..", "testdata", "e2e"))
	// A lock held across iterations is an error in tests too (the e2e
	// test file's own bounded leak is info, below the default severity).
	lockTest := "package bad\n\nimport (\n\t\"sync\"\n\t\"testing\"\n)\n\nfunc TestLock(t *testing.T) {\n\tvar mu sync.Mutex\n\tfor range 2 {\n\t\tmu.Lock()\n\t\tdefer mu.Unlock()\n\t}\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "bad", "lock_test.go"), []byte(lockTest), 0o644); err != nil {
		t.Fatal(err)
	}

	config(t, dir, nil)
	out, _ := golangci(t, bin, dir)
	if !strings.Contains(out, "bad/bad.go:13:3") || !strings.Contains(out, "bad/lock_test.go:12:3") {
		t.Fatalf("deferloop findings missing:\n%s", out)
	}

	// A setting changes behaviour: tests: false drops the test-file finding.
	config(t, dir, map[string]string{"deferloop": "tests: false"})
	out, _ = golangci(t, bin, dir)
	if !strings.Contains(out, "bad/bad.go:13:3") || strings.Contains(out, "lock_test.go:12:3") {
		t.Errorf("with deferloop's tests: false, want no deferloop finding in tests:\n%s", out)
	}

	// //nolint:deferloop suppresses.
	src := filepath.Join(dir, "bad", "bad.go")
	data, _ := os.ReadFile(src)
	data = bytes.Replace(data, []byte("defer mu.Unlock()"), []byte("defer mu.Unlock() //nolint:deferloop // demo"), 1)
	if err := os.WriteFile(src, data, 0o644); err != nil {
		t.Fatal(err)
	}
	config(t, dir, nil)
	out, _ = golangci(t, bin, dir)
	if strings.Contains(out, "bad/bad.go:13:3") || !strings.Contains(out, "bad/lock_test.go:12:3") {
		t.Errorf("//nolint:deferloop did not suppress exactly its line:\n%s", out)
	}

	// An unknown setting fails clearly, and says so once.
	config(t, dir, map[string]string{"deferloop": "bogus-key: 1"})
	out, code := golangci(t, bin, dir)
	if code == 0 || code == 1 || !strings.Contains(out, `unknown setting "bogus-key"`) {
		t.Errorf("unknown setting: exit %d, want a failure naming it:\n%s", code, out)
	}
	if n := strings.Count(out, `unknown setting "bogus-key"`); n != 1 {
		t.Errorf("the error is printed %d times, want once:\n%s", n, out)
	}
}

// The wrapper prints each error once: cobra prints most ("Error: ..."),
// the wrapper only those cobra does not (the config and migrate commands).
func TestGolangciErrorsPrintedOnce(t *testing.T) {
	bin := golangciBinary(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bad.yml"), []byte("version: \"2\"\nlinters:\n  bogus: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--bogus-flag"}, "unknown flag: --bogus-flag"},
		{[]string{"bogus-command"}, `unknown command "bogus-command"`},
		{[]string{"config", "verify", "-c", "bad.yml"}, "the configuration contains invalid elements"},
		{[]string{"--color", "never", "config", "verify", "-c", "bad.yml"}, "the configuration contains invalid elements"},
		{[]string{"migrate", "-c", "missing.yml"}, "missing.yml"},
	} {
		cmd := exec.Command(bin, tc.args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Errorf("%s: exit 0, want a failure", tc.args)
		}
		if n := strings.Count(string(out), tc.want); n != 1 {
			t.Errorf("%s: %q printed %d times, want once:\n%s", tc.args, tc.want, n, out)
		}
	}
}

// A busy CI machine runs other golangci-lints: the tests and `make lint`
// must pass while another holds golangci-lint's lock
// ($TMPDIR/golangci-lint.lock, an flock(2) lock).
func TestGolangciWhileAnotherHoldsTheLock(t *testing.T) {
	bin := golangciBinary(t)
	unlock := holdGolangciLock(t)
	defer unlock()
	dir := testutil.CopyDir(t, filepath.Join("..", "testdata", "e2e"))
	shipped, err := filepath.Abs(filepath.Join("..", "golangci.hindsight.yml"))
	if err != nil {
		t.Fatal(err)
	}

	// The shipped config used as it is, with -c (docs/golangci-lint.md).
	out, _ := golangci(t, bin, dir, "-c", shipped)
	if strings.Contains(out, "parallel golangci-lint is running") || !strings.Contains(out, "bad/bad.go:13:3") {
		t.Errorf("with --allow-parallel-runners, while the lock is held:\n%s", out)
	}

	// The control: the lock is really held, as golangci-lint sees it.
	cmd := exec.Command(bin, "run", "-c", shipped, "--show-stats=false", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+t.TempDir())
	ctl, _ := cmd.CombinedOutput()
	if !strings.Contains(string(ctl), "parallel golangci-lint is running") {
		t.Errorf("without --allow-parallel-runners, golangci-lint did not see the lock:\n%s", ctl)
	}
}

// golangci-lint's own schema check accepts the shipped config.
func TestGolangciShippedConfigVerifies(t *testing.T) {
	bin := golangciBinary(t)
	cmd := exec.Command(bin, "config", "verify", "-c", filepath.Join("..", "golangci.hindsight.yml"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("config verify: %v\n%s", err, out)
	}
}
