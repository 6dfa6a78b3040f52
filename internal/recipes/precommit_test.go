package recipes_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

const cleanGo = `package app

import "sync"

var mu sync.Mutex

// Each prints every item under the lock.
func Each(items []string) {
	for _, it := range items {
		mu.Lock()
		println(it)
		mu.Unlock()
	}
}
`

const badGo = `package app

// EachDeferred defers the unlock in the loop: a self-deadlock.
func EachDeferred(items []string) {
	for _, it := range items {
		mu.Lock()
		defer mu.Unlock()
		println(it)
	}
}
`

const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.0.0
`

// The pre-commit recipe of docs/ci.md, as written, with the real pre-commit
// against a local clone of this repository tagged with the recipe's rev:
// only hindsight is built, Go and YAML changes trigger the hook, findings
// fail it.
func TestPreCommitRecipe(t *testing.T) {
	if _, err := exec.LookPath("pre-commit"); err != nil {
		t.Skip("pre-commit is not installed (Debian: apt-get install pre-commit); skipping the pre-commit recipe test")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed; skipping the pre-commit recipe test")
	}
	start := time.Now()
	recipe := codeBlock(t, "docs/ci.md", "repo: https://github.com/hindsight-lint/hindsight")
	rev := regexp.MustCompile(`(?m)^\s*rev: (\S+)$`).FindStringSubmatch(recipe)
	if rev == nil {
		t.Fatalf("no rev in the recipe:\n%s", recipe)
	}
	clone := cloneTagged(t, rev[1])
	config := strings.Replace(recipe, "https://github.com/hindsight-lint/hindsight", clone, 1)
	// The commented-out hook, enabled (it runs only when named below).
	config = strings.Replace(config, "# - id: hindsight-vet", "- id: hindsight-vet", 1)
	if !strings.Contains(config, "- id: hindsight-vet") {
		t.Fatalf("no hindsight-vet hook in the recipe:\n%s", recipe)
	}

	user := filepath.Join(t.TempDir(), "user")
	writeFile(t, filepath.Join(user, "go.mod"), "module example.com/user\n\ngo 1.26.0\n")
	writeFile(t, filepath.Join(user, "app", "app.go"), cleanGo)
	writeFile(t, filepath.Join(user, "deploy", "web.yaml"), manifest)
	writeFile(t, filepath.Join(user, ".pre-commit-config.yaml"), config)
	mustRun(t, user, gitEnv, "git", "init", "-q")
	mustRun(t, user, gitEnv, "git", "add", "-A")

	home := t.TempDir()
	env := append([]string{"PRE_COMMIT_HOME=" + home, "PRE_COMMIT_COLOR=never"}, gitEnv...)
	precommit := func(args ...string) (string, int) {
		t.Helper()
		mustRun(t, user, gitEnv, "git", "add", "-A")
		return run(t, user, env, "pre-commit", append([]string{"run"}, args...)...)
	}

	// Clean code and manifests: the hook runs and passes.
	out, code := precommit("hindsight", "--all-files")
	if code != 0 || !regexp.MustCompile(`hindsight\.+Passed`).MatchString(out) {
		t.Fatalf("clean module: exit %d, want the hook to pass\n%s", code, out)
	}

	// A Go finding fails the hook.
	writeFile(t, filepath.Join(user, "app", "bad.go"), badGo)
	out, code = precommit("hindsight", "--files", "app/bad.go")
	if code == 0 || !strings.Contains(out, "bad.go:7:3") || !strings.Contains(out, "(deferloop") {
		t.Errorf("deferloop finding: exit %d, want a failure reporting app/bad.go:7:3\n%s", code, out)
	}
	// The go vet hook reports it too.
	out, code = precommit("hindsight-vet", "--files", "app/bad.go")
	if code == 0 || !strings.Contains(out, "bad.go:7:3") {
		t.Errorf("hindsight-vet: exit %d, want a failure reporting app/bad.go:7:3\n%s", code, out)
	}
	if err := os.Remove(filepath.Join(user, "app", "bad.go")); err != nil {
		t.Fatal(err)
	}

	// A commit that changes only a manifest runs the hook, and a manifest
	// finding (a duplicate key) fails it.
	writeFile(t, filepath.Join(user, "deploy", "web.yaml"), strings.Replace(manifest, "  replicas: 2\n", "  replicas: 2\n  replicas: 3\n", 1))
	out, code = precommit("hindsight", "--files", "deploy/web.yaml")
	if strings.Contains(out, "Skipped") {
		t.Errorf("a YAML-only change skipped the hook:\n%s", out)
	}
	if code == 0 || !strings.Contains(out, "web.yaml") {
		t.Errorf("duplicate key: exit %d, want a failure naming deploy/web.yaml\n%s", code, out)
	}

	// Only the hindsight binary was built, and no Go environment was
	// installed for the hooks (no `go install ./...`).
	bins, _ := filepath.Glob(filepath.Join(home, "*", ".pre-commit-bin", "*"))
	if len(bins) != 1 || filepath.Base(bins[0]) != "hindsight" {
		t.Errorf("built into the hook's clone: %v, want only hindsight", bins)
	}
	envs, _ := filepath.Glob(filepath.Join(home, "*", "golangenv-*"))
	if len(envs) != 0 {
		t.Errorf("a golang hook environment was installed: %v", envs)
	}
	t.Logf("pre-commit recipe test took %v", time.Since(start).Round(time.Second))
}

// The hooks' entry script without pre-commit (which the test above needs):
// run from a clone of the repository as pre-commit runs it, in a module
// with a finding, each hook of .pre-commit-hooks.yaml fails the commit.
func TestPreCommitHookScript(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	var hooks []struct {
		ID, Entry, Language string
		Args                []string
	}
	if err := yaml.Unmarshal([]byte(readDoc(t, ".pre-commit-hooks.yaml")), &hooks); err != nil {
		t.Fatal(err)
	}
	clone := cloneTagged(t, latestRelease(t))
	user := t.TempDir()
	writeFile(t, filepath.Join(user, "go.mod"), "module example.com/user\n\ngo 1.26.0\n")
	writeFile(t, filepath.Join(user, "app", "app.go"), cleanGo)
	writeFile(t, filepath.Join(user, "app", "bad.go"), badGo)
	var ids []string
	for _, h := range hooks {
		ids = append(ids, h.ID)
		if h.Language != "script" {
			t.Errorf("hook %s: language %s, want script (golang installs every main package)", h.ID, h.Language)
			continue
		}
		entry := strings.Fields(h.Entry)
		args := append(entry[1:], h.Args...)
		out, code := run(t, user, nil, filepath.Join(clone, entry[0]), args...)
		if code == 0 || !strings.Contains(out, "bad.go:7:3") {
			t.Errorf("hook %s: exit %d, want a failure reporting app/bad.go:7:3\n%s", h.ID, code, out)
		}
	}
	if !slices.Equal(ids, []string{"hindsight", "hindsight-vet"}) {
		t.Errorf("hooks %v", ids)
	}
}
