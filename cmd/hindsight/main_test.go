package main_test

// End-to-end tests: build the hindsight binary once and run it the ways
// users do, on the small module in testdata/e2e.

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/hindsight-lint/hindsight/analyzers"
	"github.com/hindsight-lint/hindsight/internal/testutil"
)

var binary string // path of the built hindsight

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "hindsight-e2e")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "hindsight")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		os.Stderr.Write(out)
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// e2eModule copies testdata/e2e into a fresh directory so tests may change it.
func e2eModule(t *testing.T) string {
	t.Helper()
	return testutil.CopyDir(t, filepath.Join("..", "..", "testdata", "e2e"))
}

type result struct {
	stdout, stderr string
	code           int
}

func run(t *testing.T, dir string, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return result{stdout.String(), stderr.String(), code}
}

const (
	badLock = "bad/bad.go:13:3: defer of mu.Unlock() in loop runs at function exit, not at the end of the iteration: the lock on mu taken at line 12 is still held when the next iteration locks it again: a self-deadlock"
	badTest = "bad/bad_test.go:14:3: defer of f.Close() in loop"
)

func TestStandaloneReportsAndExits3(t *testing.T) {
	dir := e2eModule(t)
	r := run(t, dir, binary, "./...")
	if r.code != 3 {
		t.Fatalf("exit code %d, want 3\n%s", r.code, r.stderr)
	}
	for _, want := range []string{badLock, badTest} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stderr)
		}
	}
	if !strings.Contains(r.stderr, "(deferloop)") {
		t.Errorf("diagnostics do not name their check:\n%s", r.stderr)
	}
}

func TestStandaloneCleanExits0(t *testing.T) {
	dir := e2eModule(t)
	r := run(t, dir, binary, "./clean")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("exit code %d, output %q; want 0 and nothing", r.code, r.stderr)
	}
}

func TestChdirFlag(t *testing.T) {
	dir := e2eModule(t)
	r := run(t, t.TempDir(), binary, "-C", dir, "./clean")
	if r.code != 0 {
		t.Fatalf("-C: exit code %d: %s", r.code, r.stderr)
	}
}

func TestBadPatternFails(t *testing.T) {
	dir := e2eModule(t)
	r := run(t, dir, binary, "./nonexistent")
	if r.code != 1 {
		t.Fatalf("exit code %d, want 1 (failure)\n%s", r.code, r.stderr)
	}
}

func TestVet(t *testing.T) {
	dir := e2eModule(t)
	r := run(t, dir, "go", "vet", "-vettool="+binary, "./...")
	out := r.stdout + r.stderr
	if r.code != 1 {
		t.Fatalf("go vet exit code %d, want 1\n%s", r.code, out)
	}
	for _, want := range []string{badLock, badTest} {
		if !strings.Contains(out, want) {
			t.Errorf("go vet output lacks %q:\n%s", want, out)
		}
	}
	// Analyzer flags pass through go vet.
	r = run(t, dir, "go", "vet", "-vettool="+binary, "-deferloop.tests=false", "./...")
	out = r.stdout + r.stderr
	if !strings.Contains(out, badLock) || strings.Contains(out, "bad_test.go") {
		t.Errorf("go vet -deferloop.tests=false: want only the non-test finding:\n%s", out)
	}
}

func TestFixAndDiff(t *testing.T) {
	dir := e2eModule(t)
	r := run(t, dir, binary, "-fix", "-diff", "./bad")
	if !strings.Contains(r.stdout, "+\t\tfunc() {") || !strings.Contains(r.stdout, "+\t\t\t\treturn") {
		t.Errorf("-fix -diff did not print the rewrite:\n%s%s", r.stdout, r.stderr)
	}
	orig, _ := os.ReadFile(filepath.Join(dir, "bad", "bad.go"))
	if strings.Contains(string(orig), "func() {") {
		t.Fatal("-diff changed the file")
	}
	r = run(t, dir, binary, "-fix", "./bad")
	if r.code != 0 {
		t.Fatalf("-fix exit code %d: %s", r.code, r.stderr)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "bad", "bad.go"))
	want, _ := os.ReadFile(filepath.Join(dir, "bad", "bad.go.fixed"))
	if string(got) != string(want) {
		t.Errorf("-fix result:\n%s\nwant:\n%s", got, want)
	}
	// The fixed code is clean.
	if r := run(t, dir, binary, "-deferloop.tests=false", "./bad"); r.code != 0 {
		t.Errorf("after -fix: exit code %d: %s", r.code, r.stderr)
	}
}

func TestJSON(t *testing.T) {
	dir := e2eModule(t)
	r := run(t, dir, binary, "-json", "./bad")
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal([]byte(r.stdout), &tree); err != nil {
		t.Fatalf("-json output is not JSON: %v\n%s", err, r.stdout)
	}
	var diags []struct {
		Posn, Message, Category string
	}
	for _, byAnalyzer := range tree {
		if raw, ok := byAnalyzer["deferloop"]; ok {
			if err := json.Unmarshal(raw, &diags); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(diags) == 0 {
		t.Fatalf("no deferloop diagnostics in %s", r.stdout)
	}
	if diags[0].Category != "error" {
		t.Errorf("category %q, want the grade \"error\"", diags[0].Category)
	}
}

func TestHelp(t *testing.T) {
	r := run(t, ".", binary, "help")
	for _, c := range analyzers.Checks {
		if !strings.Contains(r.stdout, c.Analyzer.Name) {
			t.Errorf("help does not list %s:\n%s", c.Analyzer.Name, r.stdout)
		}
	}
	for _, c := range analyzers.Checks {
		r := run(t, ".", binary, "help", c.Analyzer.Name)
		if !strings.Contains(r.stdout+r.stderr, c.Analyzer.Doc[:40]) {
			t.Errorf("help %s does not print its docs:\n%s", c.Analyzer.Name, r.stdout+r.stderr)
		}
	}
}

func TestVersion(t *testing.T) {
	r := run(t, ".", binary, "-V=full")
	if !strings.Contains(r.stdout, "buildID=") {
		t.Errorf("-V=full: %q", r.stdout)
	}
	r = run(t, ".", binary, "version")
	if !strings.HasPrefix(r.stdout, "hindsight ") {
		t.Errorf("version: %q", r.stdout)
	}
}

// Facts must survive gob encoding (go vet serialises them); the checker's
// sanity mode round-trips every fact.
func TestFactsSanity(t *testing.T) {
	dir := e2eModule(t)
	r := run(t, dir, binary, "-debug=s", "./...")
	if r.code == 1 || strings.Contains(r.stderr, "panic") {
		t.Fatalf("-debug=s failed (exit %d):\n%s", r.code, r.stderr)
	}
}

func TestSARIFCommand(t *testing.T) {
	dir := e2eModule(t)
	r := run(t, dir, binary, "sarif", "./...")
	if r.code != 3 {
		t.Fatalf("sarif exit code %d, want 3 (findings)\n%s", r.code, r.stderr)
	}
	var log struct {
		Version string
		Runs    []struct {
			Results []struct {
				RuleID    string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatalf("sarif output: %v\n%s", err, r.stdout)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || len(log.Runs[0].Results) < 2 {
		t.Fatalf("unexpected SARIF: %s", r.stdout)
	}
	found := false
	for _, res := range log.Runs[0].Results {
		if res.RuleID == "deferloop" && res.Locations[0].PhysicalLocation.ArtifactLocation.URI == "bad/bad.go" {
			found = true
		}
	}
	if !found {
		t.Errorf("no deferloop result at bad/bad.go in %s", r.stdout)
	}
	// Clean code: exit 0, still a valid log.
	if r := run(t, dir, binary, "sarif", "./clean"); r.code != 0 || !strings.Contains(r.stdout, `"results": []`) {
		t.Errorf("sarif on clean code: exit %d\n%s", r.code, r.stdout)
	}
	// A bad pattern is a failure, not "no findings".
	if r := run(t, dir, binary, "sarif", "./nonexistent"); r.code != 1 {
		t.Errorf("sarif on a bad pattern: exit %d, want 1", r.code)
	}
}

func TestBaseline(t *testing.T) {
	dir := e2eModule(t)
	r := run(t, dir, binary, "baseline", "./...")
	if r.code != 0 {
		t.Fatalf("baseline: exit %d\n%s", r.code, r.stderr)
	}
	base := filepath.Join(dir, "hindsight-baseline.json")
	if err := os.WriteFile(base, []byte(r.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	// Unrelated lines added above the findings: still baselined.
	src := filepath.Join(dir, "bad", "bad.go")
	data, _ := os.ReadFile(src)
	data = []byte(strings.Replace(string(data), "var mu sync.Mutex", "var mu sync.Mutex\n\nvar (\n\t_ = 1\n\t_ = 2\n)", 1))
	if err := os.WriteFile(src, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, dir, binary, "-baseline="+base, "./..."); r.code != 0 || r.stderr != "" {
		t.Fatalf("-baseline after a line shift: exit %d\n%s", r.code, r.stderr)
	}
	// A new finding is reported, alone.
	extra := "package bad\n\nimport \"os\"\n\nfunc More(names []string) {\n\tfor _, n := range names {\n\t\tf, _ := os.Open(n)\n\t\tdefer f.Close()\n\t}\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "bad", "more.go"), []byte(extra), 0o644); err != nil {
		t.Fatal(err)
	}
	r = run(t, dir, binary, "-baseline="+base, "./...")
	if r.code != 3 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "bad/more.go:8:3:") {
		t.Fatalf("-baseline with a new finding: exit %d\n%s", r.code, r.stderr)
	}
	// JSON through the own driver.
	r = run(t, dir, binary, "-format=json", "-baseline="+base, "./...")
	var results []struct{ Check, File, Level string }
	if err := json.Unmarshal([]byte(r.stdout), &results); err != nil || len(results) != 1 || results[0].Level != "error" {
		t.Fatalf("-format=json: %v %s", err, r.stdout)
	}
}

// The pre-commit hook runs what .pre-commit-hooks.yaml says.
func TestPreCommitHook(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID    string
		Entry string
		Args  []string
	}
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatal(err)
	}
	dir := e2eModule(t)
	for _, h := range hooks {
		switch h.ID {
		case "hindsight":
			if h.Entry != "hindsight" {
				t.Fatalf("entry %q", h.Entry)
			}
			r := run(t, dir, binary, h.Args...)
			if r.code != 3 || !strings.Contains(r.stderr, badLock) {
				t.Errorf("hook %s: exit %d\n%s", h.ID, r.code, r.stderr)
			}
		case "hindsight-vet":
			// The entry resolves hindsight on PATH.
			cmd := exec.Command("bash", "-c", h.Entry)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(binary)+string(os.PathListSeparator)+os.Getenv("PATH"))
			out, err := cmd.CombinedOutput()
			if err == nil || !strings.Contains(string(out), badLock) {
				t.Errorf("hook %s: err %v\n%s", h.ID, err, out)
			}
		default:
			t.Errorf("untested hook %s", h.ID)
		}
	}
}

func TestManifestCommand(t *testing.T) {
	demo := filepath.Join("..", "..", "testdata", "incidents", "notifyworker")
	r := run(t, ".", binary, "manifest", demo)
	if r.code != 3 || !strings.Contains(r.stdout, `queue-worker.yaml:32:19: duplicate key "key"`) || !strings.Contains(r.stdout, "(manifest)") {
		t.Fatalf("manifest: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = run(t, ".", binary, "manifest", "-format=sarif", demo)
	var log struct {
		Version string
		Runs    []struct {
			Results []struct{ RuleID string }
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil || r.code != 3 || len(log.Runs) != 1 || len(log.Runs[0].Results) == 0 {
		t.Fatalf("manifest -format=sarif: exit %d, %v\n%s", r.code, err, r.stdout)
	}
	if got := log.Runs[0].Results[0].RuleID; got != "manifest/duplicate-key" {
		t.Errorf("first ruleId %q", got)
	}
}

// TestDemoPrintsRelatedPositions runs the README's first command on the
// incident demo: every incident is reported, and a finding's related
// positions (relock's first acquisition) follow it, indented, as go vet
// prints them.
func TestDemoPrintsRelatedPositions(t *testing.T) {
	demo, err := filepath.Abs(filepath.Join("..", "..", "testdata", "incidents"))
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, demo, binary, "./...")
	if r.code != 3 {
		t.Fatalf("exit code %d, want 3\n%s", r.code, r.stderr)
	}
	for _, check := range []string{"deferloop", "relock", "shallowclone", "trimcutset", "idprefix", "manifest", "fileclaim"} {
		if !strings.Contains(r.stderr, "("+check+")\n") {
			t.Errorf("the demo has no %s finding:\n%s", check, r.stderr)
		}
	}
	want := "lockloop/clients.go:28:11: recursive read lock of cs.mu through cs.Get"
	lines := strings.Split(r.stderr, "\n")
	for i, line := range lines {
		if strings.Contains(line, want) {
			if i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], "\t") || !strings.HasSuffix(lines[i+1], "lockloop/clients.go:24:2: first acquisition of cs.mu") {
				t.Errorf("related position missing after %q:\n%s", line, r.stderr)
			}
			return
		}
	}
	t.Errorf("output lacks %q:\n%s", want, r.stderr)
}
