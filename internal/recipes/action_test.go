package recipes_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// fakeCommand writes an executable shell script called name into dir that
// records its arguments, one a line, in dir/name.args (and each call as a
// line in dir/name.calls), writes a file named by its -o argument (as
// hindsight does), and exits with $FAKE_EXIT. `go env GOPATH` prints
// /fake/gopath.
func fakeCommand(t *testing.T, dir, name string) {
	t.Helper()
	script := `#!/bin/sh
echo "$*" >> "$0.calls"
if [ "$*" = "env GOPATH" ]; then echo /fake/gopath; exit 0; fi
args="$0.args"
: > "$args"
out=
for a in "$@"; do
	printf '%s\n' "$a" >> "$args"
	if [ "$prev" = "-o" ]; then out=$a; fi
	prev=$a
done
if [ -n "$out" ] && [ "${FAKE_EXIT:-0}" != 1 ]; then echo '{"version":"2.1.0","runs":[]}' > "$out"; fi
exit "${FAKE_EXIT:-0}"
`
	if err := os.WriteFile(filepath.Join(dir, name), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
}

func recordedArgs(t *testing.T, dir, name string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name+".args"))
	if err != nil {
		t.Fatalf("%s was not run: %v", name, err)
	}
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}

func outputs(t *testing.T, path string) map[string]string {
	t.Helper()
	data, _ := os.ReadFile(path)
	m := map[string]string{}
	for line := range strings.Lines(string(data)) {
		k, v, _ := strings.Cut(strings.TrimSpace(line), "=")
		m[k] = v
	}
	return m
}

// The GitHub Action's shell steps (.github/action/run.sh), run locally
// with fake go and hindsight commands on PATH: the arguments hindsight
// gets, and the step's result for each of hindsight's exit codes.
func TestActionScript(t *testing.T) {
	script, err := filepath.Abs(filepath.Join(root, ".github", "action", "run.sh"))
	if err != nil {
		t.Fatal(err)
	}
	fakes := t.TempDir()
	fakeCommand(t, fakes, "hindsight")
	fakeCommand(t, fakes, "go")
	work := t.TempDir()
	writeFile(t, filepath.Join(work, "base.json"), "[]")

	step := func(mode string, inputs map[string]string, fakeExit string) (string, int, map[string]string) {
		t.Helper()
		ghOutput := filepath.Join(t.TempDir(), "output")
		env := []string{
			"PATH=" + fakes + string(os.PathListSeparator) + os.Getenv("PATH"),
			"GITHUB_OUTPUT=" + ghOutput, "GITHUB_PATH=" + filepath.Join(t.TempDir(), "path"),
			"FAKE_EXIT=" + fakeExit,
		}
		for _, k := range []string{"VERSION", "PATTERNS", "ARGS", "SEVERITY", "BASELINE", "SARIF"} {
			env = append(env, "INPUT_"+k+"="+inputs[k]) // unset inputs are empty, as in Actions
		}
		out, code := run(t, work, env, "bash", script, mode)
		return out, code, outputs(t, ghOutput)
	}
	defaults := actionDefaults(t)

	// install: go install of the pinned version, its bin directory on PATH.
	if defaults["version"] != latestRelease(t) {
		t.Errorf("action.yml's default version %s is not CHANGELOG.md's latest release %s", defaults["version"], latestRelease(t))
	}
	ghPath := filepath.Join(t.TempDir(), "path")
	out, code := run(t, work, []string{
		"PATH=" + fakes + string(os.PathListSeparator) + os.Getenv("PATH"),
		"GITHUB_PATH=" + ghPath, "INPUT_VERSION=" + defaults["version"],
	}, "bash", script, "install")
	if code != 0 {
		t.Fatalf("install: exit %d\n%s", code, out)
	}
	calls, _ := os.ReadFile(filepath.Join(fakes, "go.calls"))
	if !strings.HasPrefix(string(calls), "install github.com/hindsight-lint/hindsight/cmd/hindsight@"+defaults["version"]+"\n") {
		t.Errorf("go commands:\n%s\nwant go install github.com/hindsight-lint/hindsight/cmd/hindsight@%s first", calls, defaults["version"])
	}
	if p, _ := os.ReadFile(ghPath); string(p) != "/fake/gopath/bin\n" {
		t.Errorf("GITHUB_PATH gets %q, want GOPATH/bin", p)
	}
	if out, code, _ := step("install", map[string]string{"VERSION": "latest"}, "0"); code == 0 || !strings.Contains(out, "must be a release tag") {
		t.Errorf("install @latest: exit %d, want a failure asking for a tag\n%s", code, out)
	}

	// The defaults of action.yml: SARIF to hindsight.sarif, severity
	// warning, ./... .
	in := map[string]string{"PATTERNS": defaults["patterns"], "SEVERITY": defaults["severity"], "SARIF": defaults["sarif"]}
	out, code, outs := step("run", in, "0")
	if code != 0 {
		t.Errorf("hindsight exit 0: step exit %d, want 0\n%s", code, out)
	}
	if got, want := recordedArgs(t, fakes, "hindsight"), []string{"-format=sarif", "-o", "hindsight.sarif", "-severity=warning", "./..."}; !slices.Equal(got, want) {
		t.Errorf("hindsight args %q, want %q", got, want)
	}
	if outs["exit-code"] != "0" || outs["sarif-file"] != "hindsight.sarif" {
		t.Errorf("outputs %v", outs)
	}

	// Every input set.
	in = map[string]string{"PATTERNS": "./cmd/... ./internal/...", "ARGS": "-deferloop.tests=false", "SEVERITY": "error", "BASELINE": "base.json", "SARIF": "out.sarif"}
	out, code, outs = step("run", in, "0")
	if code != 0 || outs["sarif-file"] != "out.sarif" {
		t.Errorf("exit 0 with every input: step exit %d, outputs %v\n%s", code, outs, out)
	}
	want := []string{"-format=sarif", "-o", "out.sarif", "-severity=error", "-baseline=base.json", "-deferloop.tests=false", "./cmd/...", "./internal/..."}
	if got := recordedArgs(t, fakes, "hindsight"); !slices.Equal(got, want) {
		t.Errorf("hindsight args %q, want %q", got, want)
	}

	// Findings (exit 3) fail the step, and the SARIF file is still there
	// for the upload step.
	out, code, outs = step("run", in, "3")
	if code == 0 || !strings.Contains(out, "::error::hindsight: findings at or above error") {
		t.Errorf("hindsight exit 3: step exit %d, want a failure\n%s", code, out)
	}
	if outs["exit-code"] != "3" || outs["sarif-file"] != "out.sarif" {
		t.Errorf("outputs after findings %v, want exit-code 3 and the SARIF file to upload", outs)
	}

	// A failure (exit 1) fails the step, with nothing to upload.
	os.Remove(filepath.Join(work, "out.sarif"))
	out, code, outs = step("run", in, "1")
	if code == 0 || !strings.Contains(out, "::error::hindsight failed (exit code 1)") {
		t.Errorf("hindsight exit 1: step exit %d, want a failure\n%s", code, out)
	}
	if outs["exit-code"] != "1" || outs["sarif-file"] != "" {
		t.Errorf("outputs after a failure %v", outs)
	}

	// Bad inputs fail before hindsight runs.
	for _, bad := range []map[string]string{{"SEVERITY": "fatal"}, {"SEVERITY": "warning", "BASELINE": "missing.json"}} {
		os.Remove(filepath.Join(fakes, "hindsight.args"))
		out, code, _ := step("run", bad, "0")
		if _, err := os.Stat(filepath.Join(fakes, "hindsight.args")); code == 0 || err == nil {
			t.Errorf("inputs %v: exit %d and hindsight ran, want a failure before it\n%s", bad, code, out)
		}
	}
}

// actionDefaults reads action.yml's inputs' defaults and checks the steps
// hand every input to the script.
func actionDefaults(t *testing.T) map[string]string {
	t.Helper()
	var action struct {
		Inputs map[string]struct{ Default string }
		Runs   struct {
			Using string
			Steps []struct {
				Run  string
				Uses string
				Env  map[string]string
			}
		}
	}
	if err := yaml.Unmarshal([]byte(readDoc(t, "action.yml")), &action); err != nil {
		t.Fatal(err)
	}
	if action.Runs.Using != "composite" {
		t.Errorf("action.yml runs.using = %q", action.Runs.Using)
	}
	defaults := map[string]string{}
	for name, in := range action.Inputs {
		defaults[name] = in.Default
	}
	passed := map[string]bool{}
	var uploads bool
	for _, s := range action.Runs.Steps {
		for k, v := range s.Env {
			name := strings.ToLower(strings.TrimPrefix(k, "INPUT_"))
			if v != "${{ inputs."+name+" }}" {
				t.Errorf("action.yml: env %s = %q, want ${{ inputs.%s }}", k, v, name)
			}
			passed[name] = true
		}
		if s.Run != "" && !strings.Contains(s.Run, "$GITHUB_ACTION_PATH/.github/action/run.sh") {
			t.Errorf("action.yml: a shell step that is not run.sh: %q", s.Run)
		}
		uploads = uploads || strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@")
	}
	for _, name := range []string{"version", "patterns", "args", "severity", "baseline", "sarif"} {
		if _, ok := action.Inputs[name]; !ok || !passed[name] {
			t.Errorf("action.yml: input %s is not declared or not passed to run.sh", name)
		}
	}
	if !uploads {
		t.Error("action.yml does not upload the SARIF file")
	}
	return defaults
}
