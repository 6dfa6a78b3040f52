package main_test

// End-to-end tests: build the hindsight binary once and run it the ways
// users do, on the small module in testdata/e2e.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hindsight-lint/hindsight/analyzers"
	"github.com/hindsight-lint/hindsight/internal/testutil"
)

var binary string // path of the built hindsight

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "hindsight-e2e")
	if err != nil {
		panic(err)
	}
	// The other tests run without the cache (and never touch the user's);
	// cache_test.go gives each run its own.
	os.Setenv("HINDSIGHT_CACHE", "off")
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

// The findings every mode must give on testdata/e2e at the default
// severity, as "file:line:col severity check/rule".
var e2eFindings = []string{
	"bad/bad.go:12:3 error relock/double-lock",
	"bad/bad.go:13:3 error deferloop/lock-held",
	"deploy/worker.yaml:23:19 error manifest/duplicate-key",
}

// The test file's leak is info (bounded by the test): shown only with
// -severity=info.
const testLeak = "bad/bad_test.go:14:3 info deferloop/leak-bounded"

const (
	badLock = "bad/bad.go:13:3: error: defer of mu.Unlock() in loop runs at function exit, not at the end of the iteration: the lock on mu taken at line 12 is still held when the next iteration locks it again: a self-deadlock; wrap the loop body in a function literal so the defer runs per iteration, or release explicitly (deferloop/lock-held)"
	badTest = "bad/bad_test.go:14:3: info: defer of f.Close() in loop"
)

// textLine is one finding line of the text format.
var textLine = regexp.MustCompile(`^(\S+):(\d+):(\d+): (error|warning|info): .* \(([a-z]+/[a-z0-9-]+)\)$`)

// fromText extracts the findings of text output (related lines, which
// carry a tab after the position, are skipped).
func fromText(t *testing.T, out string) []string {
	t.Helper()
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" || strings.Contains(line, ": \t") {
			continue
		}
		m := textLine.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("not a finding line: %q", line)
			continue
		}
		got = append(got, fmt.Sprintf("%s:%s:%s %s %s", filepath.ToSlash(m[1]), m[2], m[3], m[4], m[5]))
	}
	sort.Strings(got)
	return got
}

func fromJSON(t *testing.T, out string) []string {
	t.Helper()
	var rs []struct {
		Check, Rule, Severity, File string
		Line, Col                   int
	}
	if err := json.Unmarshal([]byte(out), &rs); err != nil {
		t.Fatalf("not a JSON array of findings: %v\n%s", err, out)
	}
	var got []string
	for _, r := range rs {
		got = append(got, fmt.Sprintf("%s:%d:%d %s %s/%s", filepath.ToSlash(r.File), r.Line, r.Col, r.Severity, r.Check, r.Rule))
	}
	sort.Strings(got)
	return got
}

type sarifLog struct {
	Version string
	Runs    []struct {
		Tool struct {
			Driver struct {
				Version string
				Rules   []struct {
					ID                   string
					HelpURI              string
					DefaultConfiguration struct{ Level string }
				}
			}
		}
		Results []struct {
			RuleID    string
			RuleIndex *int
			Level     string
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct{ URI string }
					Region           struct{ StartLine, StartColumn int }
				}
			}
		}
	}
}

func fromSARIF(t *testing.T, out string) []string {
	t.Helper()
	var log sarifLog
	if err := json.Unmarshal([]byte(out), &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("not a SARIF log with one run: %v\n%s", err, out)
	}
	level := map[string]string{"error": "error", "warning": "warning", "note": "info"}
	var got []string
	rules := log.Runs[0].Tool.Driver.Rules
	for _, r := range log.Runs[0].Results {
		if r.RuleIndex == nil || *r.RuleIndex >= len(rules) || rules[*r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %s: ruleIndex does not point at its rule", r.RuleID)
		}
		loc := r.Locations[0].PhysicalLocation
		got = append(got, fmt.Sprintf("%s:%d:%d %s %s", loc.ArtifactLocation.URI, loc.Region.StartLine, loc.Region.StartColumn, level[r.Level], r.RuleID))
	}
	sort.Strings(got)
	return got
}

func fromBaseline(t *testing.T, out string) []string {
	t.Helper()
	var b struct {
		Version  int
		Findings []struct{ Check, Rule, File, Key string }
	}
	if err := json.Unmarshal([]byte(out), &b); err != nil || b.Version != 2 {
		t.Fatalf("not a version 2 baseline: %v\n%s", err, out)
	}
	var got []string
	for _, f := range b.Findings {
		got = append(got, f.File+" "+f.Check+"/"+f.Rule)
	}
	sort.Strings(got)
	return got
}

// TestEveryModeAgrees runs every way of using the command on the same
// module: the same findings, the same rule ids, the documented exit code.
func TestEveryModeAgrees(t *testing.T) {
	dir := e2eModule(t)
	elsewhere := t.TempDir()
	sarifOut := filepath.Join(elsewhere, "out.sarif")
	baselineEmpty := filepath.Join(elsewhere, "empty.json")
	if err := os.WriteFile(baselineEmpty, []byte(`{"version": 2, "findings": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	var baselineWant []string
	for _, f := range e2eFindings {
		loc, rest, _ := strings.Cut(f, " ")
		file, _, _ := strings.Cut(loc, ":")
		_, id, _ := strings.Cut(rest, " ")
		baselineWant = append(baselineWant, file+" "+id)
	}
	sort.Strings(baselineWant)
	modes := []struct {
		name  string
		dir   string
		cmd   string
		args  []string
		code  int
		parse func(*testing.T, string) []string
		out   func(result) string
		want  []string
	}{
		{"text", dir, binary, []string{"./..."}, 3, fromText, stdout, e2eFindings},
		{"no pattern means .", filepath.Join(dir, "bad"), binary, nil, 3, fromText, stdout, []string{
			// Paths relative to the working directory, as go vet shows
			// them; the module's manifests belong to its first package.
			"../deploy/worker.yaml:23:19 error manifest/duplicate-key",
			"bad.go:12:3 error relock/double-lock",
			"bad.go:13:3 error deferloop/lock-held",
		}},
		{"-json", dir, binary, []string{"-json", "./..."}, 3, fromJSON, stdout, e2eFindings},
		{"-format=json", dir, binary, []string{"-format=json", "./..."}, 3, fromJSON, stdout, e2eFindings},
		{"-format=sarif", dir, binary, []string{"-format=sarif", "./..."}, 3, fromSARIF, stdout, e2eFindings},
		{"sarif", dir, binary, []string{"sarif", "./..."}, 3, fromSARIF, stdout, e2eFindings},
		{"-C with many arguments", elsewhere, binary, []string{"-C", dir, "-deferloop", "-relock", "-manifest", "-format=text", "./..."}, 3, fromText, stdout, e2eFindings},
		{"-C sarif -o", elsewhere, binary, []string{"-C", dir, "sarif", "-o", sarifOut, "./..."}, 3, fromSARIF, func(result) string {
			data, _ := os.ReadFile(sarifOut)
			return string(data)
		}, e2eFindings},
		{"-baseline (empty)", dir, binary, []string{"-baseline=" + baselineEmpty, "./..."}, 3, fromText, stdout, e2eFindings},
		{"baseline", dir, binary, []string{"baseline", "./..."}, 0, fromBaseline, stdout, baselineWant},
		// -diff: the fixes on standard output, the findings without one
		// on standard error.
		{"-diff", dir, binary, []string{"-diff", "-format=text", "./..."}, 3, fromText, stderrFindings, []string{e2eFindings[0], e2eFindings[2]}},
		{"manifest", dir, binary, []string{"manifest", "deploy"}, 3, fromText, stdout, e2eFindings[2:]},
		{"manifest -format=sarif", dir, binary, []string{"manifest", "-format=sarif", "deploy"}, 3, fromSARIF, stdout, e2eFindings[2:]},
		{"-C manifest -format=json", elsewhere, binary, []string{"-C", dir, "manifest", "-format=json", "deploy"}, 3, fromJSON, stdout, e2eFindings[2:]},
		{"go vet -vettool", dir, "go", []string{"vet", "-vettool=" + binary, "./..."}, 1, fromText, func(r result) string { return r.stderr }, e2eFindings},
	}
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			r := run(t, m.dir, m.cmd, m.args...)
			if r.code != m.code {
				t.Errorf("exit code %d, want %d\n%s%s", r.code, m.code, r.stdout, r.stderr)
			}
			if got := m.parse(t, m.out(r)); !slices.Equal(got, m.want) {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(m.want, "\n"))
			}
		})
	}
}

func stdout(r result) string { return r.stdout }

// stderrFindings is what -diff leaves on standard error besides the
// summary: the findings that have no fix.
func stderrFindings(r result) string {
	var keep []string
	for _, line := range strings.Split(r.stderr, "\n") {
		if !strings.HasPrefix(line, "hindsight: ") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}

// TestVetOutputIsStandaloneOutput: go vet -vettool prints exactly what the
// standalone command prints, in another order.
func TestVetOutputIsStandaloneOutput(t *testing.T) {
	dir := e2eModule(t)
	own := run(t, dir, binary, "./...")
	vet := run(t, dir, "go", "vet", "-vettool="+binary, "./...")
	sorted := func(s string) []string {
		var ls []string
		for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
			if !strings.HasPrefix(l, "#") {
				ls = append(ls, l)
			}
		}
		sort.Strings(ls)
		return ls
	}
	if a, b := sorted(own.stdout), sorted(vet.stderr); !slices.Equal(a, b) {
		t.Errorf("standalone:\n%s\ngo vet:\n%s", strings.Join(a, "\n"), strings.Join(b, "\n"))
	}
	// -severity passes through go vet too.
	r := run(t, dir, "go", "vet", "-vettool="+binary, "-severity=error", "./...")
	if strings.Contains(r.stderr, "bad_test.go") || !strings.Contains(r.stderr, badLock) {
		t.Errorf("go vet -severity=error:\n%s", r.stderr)
	}
	// Analyzer flags pass through go vet.
	r = run(t, dir, "go", "vet", "-vettool="+binary, "-deferloop.tests=false", "./...")
	if !strings.Contains(r.stderr, badLock) || strings.Contains(r.stderr, "bad_test.go") {
		t.Errorf("go vet -deferloop.tests=false: want only the non-test finding:\n%s", r.stderr)
	}
}

func TestStandaloneOutput(t *testing.T) {
	dir := e2eModule(t)
	r := run(t, dir, binary, "-severity=info", "./...")
	if r.code != 3 {
		t.Fatalf("exit code %d, want 3\n%s", r.code, r.stderr)
	}
	for _, want := range []string{badLock + "\n", badTest} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	// Related positions follow their finding, as go vet prints them.
	if !strings.Contains(r.stdout, "(manifest/duplicate-key)\ndeploy/worker.yaml:22:19: \tfirst definition\n") {
		t.Errorf("the duplicate key's first definition does not follow it:\n%s", r.stdout)
	}
	// relock's loop case names the previous iteration in its message and
	// does not point at itself.
	if strings.Contains(r.stdout, "bad/bad.go:12:3: \tfirst acquisition") {
		t.Errorf("relock points at its own position as the first acquisition:\n%s", r.stdout)
	}
	// The summary goes to standard error, last.
	if !strings.HasPrefix(r.stderr, "hindsight: 4 findings (deferloop 2, manifest 1, relock 1) in ") {
		t.Errorf("summary: %q", r.stderr)
	}
}

func TestCleanExits0Silently(t *testing.T) {
	dir := e2eModule(t)
	r := run(t, dir, binary, "./clean")
	if r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Fatalf("exit code %d, output %q %q; want 0 and nothing", r.code, r.stdout, r.stderr)
	}
}

func TestSeverityThreshold(t *testing.T) {
	dir := e2eModule(t)
	r := run(t, dir, binary, "./...")
	if r.code != 3 || strings.Contains(r.stdout, "bad_test.go") || !strings.Contains(r.stderr, "1 below -severity=warning") {
		t.Errorf("default severity: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = run(t, dir, binary, "-severity=info", "./...")
	if got := fromText(t, r.stdout); !slices.Contains(got, testLeak) || len(got) != len(e2eFindings)+1 {
		t.Errorf("-severity=info: %v", got)
	}
	r = run(t, dir, binary, "-severity=error", "./...")
	if r.code != 3 || strings.Contains(r.stdout, "bad_test.go") || !strings.Contains(r.stderr, "1 below -severity=error") {
		t.Errorf("-severity=error: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Nothing at or above the threshold: exit 0, whatever is hidden.
	r = run(t, dir, binary, "-severity=error", "./bad/...", "-deferloop=false", "-relock=false")
	if r.code == 0 {
		t.Errorf("flags after patterns must be rejected as patterns, not ignored")
	}
	r = run(t, dir, binary, "-severity=error", "-deferloop=false", "-relock=false", "-manifest=false", "./...")
	if r.code != 0 || r.stdout != "" {
		t.Errorf("nothing at -severity=error: exit %d\n%s", r.code, r.stdout)
	}
	if r := run(t, dir, binary, "-severity=loud", "./..."); r.code != 1 || !strings.Contains(r.stderr, `unknown severity "loud"`) {
		t.Errorf("-severity=loud: exit %d\n%s", r.code, r.stderr)
	}
}

// Flags are checked before any analysis, and errors read "hindsight: ...".
func TestBadFlagsFailFast(t *testing.T) {
	dir := e2eModule(t)
	for _, args := range [][]string{
		{"-format=xml", "./..."},
		{"-c=0", "./..."},
		{"-json", "-format=sarif", "./..."},
		{"baseline", "-format=json", "./..."},
		{"-debug=x", "./..."},
	} {
		start := time.Now()
		r := run(t, dir, binary, args...)
		if r.code != 1 || !strings.HasPrefix(r.stderr, "hindsight") && !strings.HasPrefix(r.stderr, "flag provided but not defined") {
			t.Errorf("%v: exit %d\n%s", args, r.code, r.stderr)
		}
		if strings.Contains(r.stderr, "hindsight: -:") {
			t.Errorf("%v: error %q", args, r.stderr)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%v took %v: rejected only after analysis?", args, d)
		}
	}
}

func TestBadPatternFails(t *testing.T) {
	dir := e2eModule(t)
	r := run(t, dir, binary, "./nonexistent")
	if r.code != 1 || strings.Contains(r.stderr, "hindsight: -:") {
		t.Fatalf("exit code %d, want 1 (failure)\n%s", r.code, r.stderr)
	}
	if r := run(t, dir, binary, "sarif", "./nonexistent"); r.code != 1 {
		t.Errorf("sarif on a bad pattern: exit %d, want 1", r.code)
	}
}

// A package that does not type-check is listed, fails the run, and hides
// nothing of the others (as under go vet).
func TestKeepsGoingPastBrokenPackage(t *testing.T) {
	dir := e2eModule(t)
	if err := os.MkdirAll(filepath.Join(dir, "broken"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "broken", "b.go"), []byte("package broken\n\nfunc F() int { return \"x\" }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, dir, binary, "./...")
	if r.code != 1 {
		t.Errorf("exit code %d, want 1", r.code)
	}
	if got := fromText(t, r.stdout); !slices.Equal(got, e2eFindings) {
		t.Errorf("findings next to a broken package:\n%s", strings.Join(got, "\n"))
	}
	if !strings.Contains(r.stderr, "broken/b.go:3:23") || !strings.Contains(r.stderr, "1 error, 1 package not analysed") {
		t.Errorf("the type error is not listed:\n%s", r.stderr)
	}
}

func TestTags(t *testing.T) {
	dir := e2eModule(t)
	r := run(t, dir, binary, "./bad")
	if strings.Contains(r.stdout, "tagged.go") {
		t.Fatalf("tagged.go analysed without its tag:\n%s", r.stdout)
	}
	r = run(t, dir, binary, "-tags=integration", "./bad")
	if !strings.Contains(r.stdout, "bad/tagged.go:14:3: error: defer of f.Close() in loop") {
		t.Errorf("-tags=integration: tagged.go not analysed:\n%s%s", r.stdout, r.stderr)
	}
}

func TestFixAndDiff(t *testing.T) {
	dir := e2eModule(t)
	r := run(t, dir, binary, "-diff", "./bad")
	if !strings.Contains(r.stdout, "+\t\tfunc() {") || !strings.Contains(r.stdout, "+\t\t\t\treturn") || !strings.HasPrefix(r.stdout, "--- a/bad/bad.go") {
		t.Errorf("-diff did not print the rewrite:\n%s%s", r.stdout, r.stderr)
	}
	if r.code != 3 {
		t.Errorf("-diff: exit %d, want 3 (nothing was applied)", r.code)
	}
	orig, _ := os.ReadFile(filepath.Join(dir, "bad", "bad.go"))
	if strings.Contains(string(orig), "func() {") {
		t.Fatal("-diff changed the file")
	}
	// -fix applies what it can and reports the rest: relock's finding and
	// the duplicate YAML key have no fix, so the run still exits 3.
	r = run(t, dir, binary, "-fix", "-format=text", "./bad")
	if got := fromText(t, r.stdout); r.code != 3 || !slices.Equal(got, []string{e2eFindings[0], e2eFindings[2]}) {
		t.Fatalf("-fix: exit code %d, want 3 with the findings that have no fix\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "1 fixed (1 file)") {
		t.Errorf("-fix summary: %s", r.stderr)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "bad", "bad.go"))
	want, _ := os.ReadFile(filepath.Join(dir, "bad", "bad.go.fixed"))
	if string(got) != string(want) {
		t.Errorf("-fix result:\n%s\nwant:\n%s", got, want)
	}
	// The fixed code is clean.
	if r := run(t, dir, binary, "-manifest=false", "./bad"); r.code != 0 {
		t.Errorf("after -fix: exit code %d: %s%s", r.code, r.stdout, r.stderr)
	}
}

func TestHelp(t *testing.T) {
	r := run(t, ".", binary, "help")
	if r.code != 0 {
		t.Errorf("help: exit %d", r.code)
	}
	for _, want := range []string{"hindsight sarif", "hindsight baseline", "hindsight manifest", "-format", "-baseline", "-severity", "-o", "-C dir", "-fix", "-tags"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("help does not mention %s:\n%s", want, r.stdout)
		}
	}
	for _, notWant := range []string{"-all ", "-source", "Usage of hindsight check", "-baseline hindsight baseline"} {
		if strings.Contains(r.stdout, notWant) {
			t.Errorf("help mentions %q:\n%s", notWant, r.stdout)
		}
	}
	for _, c := range analyzers.Checks {
		if !strings.Contains(r.stdout, c.Name()) {
			t.Errorf("help does not list %s", c.Name())
		}
		h := run(t, ".", binary, "help", c.Name())
		if h.code != 0 || !strings.Contains(h.stdout, c.Analyzer.Doc[:40]) {
			t.Errorf("help %s does not print its docs:\n%s%s", c.Name(), h.stdout, h.stderr)
		}
		for _, rule := range c.Rules {
			if !strings.Contains(h.stdout, c.Name()+"/"+rule.ID) {
				t.Errorf("help %s does not list rule %s", c.Name(), rule.ID)
			}
		}
	}
	r = run(t, ".", binary, "help", "flags")
	if r.code != 0 || !strings.Contains(r.stdout, "-deferloop.tests") || !strings.Contains(r.stdout, "-crd-dir") {
		t.Errorf("help flags: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, args := range [][]string{{"-h"}, {"sarif", "-h"}, {"baseline", "-h"}, {"manifest", "-h"}} {
		r := run(t, ".", binary, args...)
		if r.code != 0 || !strings.Contains(r.stderr, "-severity") {
			t.Errorf("%v: exit %d\n%s", args, r.code, r.stderr)
		}
	}
	if r := run(t, ".", binary, "help", "nosuchcheck"); r.code != 1 {
		t.Errorf("help nosuchcheck: exit %d", r.code)
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
	// A release stamps its version, and SARIF carries it.
	stamped := filepath.Join(t.TempDir(), "hindsight")
	if out, err := exec.Command("go", "build", "-ldflags=-X main.version=v9.8.7", "-o", stamped, ".").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if r := run(t, ".", stamped, "version"); r.stdout != "hindsight v9.8.7\n" {
		t.Errorf("stamped version: %q", r.stdout)
	}
	r = run(t, e2eModule(t), stamped, "sarif", "./clean")
	var log sarifLog
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil || log.Runs[0].Tool.Driver.Version != "v9.8.7" {
		t.Errorf("SARIF tool version: %v %s", err, r.stdout)
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

func TestSARIFRules(t *testing.T) {
	dir := e2eModule(t)
	r := run(t, dir, binary, "sarif", "./...")
	var log sarifLog
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	rules := map[string]string{}
	for _, rule := range log.Runs[0].Tool.Driver.Rules {
		rules[rule.ID] = rule.DefaultConfiguration.Level
		if !strings.HasSuffix(rule.HelpURI, ".md#"+rule.ID[strings.Index(rule.ID, "/")+1:]) {
			t.Errorf("rule %s: helpUri %q", rule.ID, rule.HelpURI)
		}
	}
	for _, c := range analyzers.Checks {
		for _, rule := range c.Rules {
			if lvl, ok := rules[c.Name()+"/"+rule.ID]; !ok || lvl != map[string]string{"error": "error", "warning": "warning", "info": "note"}[rule.Severity.String()] {
				t.Errorf("SARIF rule %s/%s: level %q, declared %s", c.Name(), rule.ID, lvl, rule.Severity)
			}
		}
	}
	// Clean code: exit 0, still a valid log.
	if r := run(t, dir, binary, "sarif", "./clean"); r.code != 0 || !strings.Contains(r.stdout, `"results": []`) {
		t.Errorf("sarif on clean code: exit %d\n%s", r.code, r.stdout)
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
	r = run(t, dir, binary, "-baseline="+base, "./...")
	if r.code != 0 || r.stdout != "" || !strings.Contains(r.stderr, "3 in the baseline") {
		t.Fatalf("-baseline after a line shift: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// A new finding is reported, alone.
	extra := "package bad\n\nimport \"os\"\n\nfunc More(names []string) {\n\tfor _, n := range names {\n\t\tf, _ := os.Open(n)\n\t\tdefer f.Close()\n\t}\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "bad", "more.go"), []byte(extra), 0o644); err != nil {
		t.Fatal(err)
	}
	r = run(t, dir, binary, "-baseline="+base, "./...")
	if r.code != 3 || strings.Count(r.stdout, "\n") != 1 || !strings.Contains(r.stdout, "bad/more.go:8:3:") {
		t.Fatalf("-baseline with a new finding: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = run(t, dir, binary, "-format=json", "-baseline="+base, "./...")
	if got := fromJSON(t, r.stdout); len(got) != 1 || !strings.HasSuffix(got[0], "error deferloop/leak") {
		t.Fatalf("-format=json -baseline: %v", got)
	}
	// A baseline that cannot be read fails before any analysis.
	if r := run(t, dir, binary, "-baseline=nosuchfile.json", "./..."); r.code != 1 {
		t.Errorf("missing baseline: exit %d", r.code)
	}
}

// TestDemo runs the README's first command on the incident demo: every
// incident is reported, with related positions as go vet prints them.
func TestDemo(t *testing.T) {
	demo, err := filepath.Abs(filepath.Join("..", "..", "testdata", "incidents"))
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, demo, binary, "./...")
	if r.code != 3 {
		t.Fatalf("exit code %d, want 3\n%s", r.code, r.stderr)
	}
	for _, check := range []string{"deferloop", "relock", "shallowclone", "trimcutset", "idprefix", "manifest", "fileclaim"} {
		if !regexp.MustCompile(`: error: .* \(` + check + `/[a-z0-9-]+\)\n`).MatchString(r.stdout) {
			t.Errorf("the demo has no error-grade %s finding:\n%s", check, r.stdout)
		}
	}
	want := "lockloop/clients.go:28:11: error: recursive read lock of cs.mu through cs.Get"
	lines := strings.Split(r.stdout, "\n")
	for i, line := range lines {
		if strings.Contains(line, want) {
			if i+1 >= len(lines) || lines[i+1] != "lockloop/clients.go:24:2: \tfirst acquisition of cs.mu" {
				t.Errorf("related position missing after %q:\n%s", line, r.stdout)
			}
			return
		}
	}
	t.Errorf("output lacks %q:\n%s", want, r.stdout)
}

// hindsight golangci-config prints the shipped golangci.hindsight.yml.
func TestGolangciConfig(t *testing.T) {
	r := run(t, ".", binary, "golangci-config")
	want, err := os.ReadFile(filepath.Join("..", "..", "golangci.hindsight.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if r.code != 0 || r.stdout != string(want) {
		t.Errorf("golangci-config: exit %d, output differs from golangci.hindsight.yml:\n%s", r.code, r.stdout)
	}
}
