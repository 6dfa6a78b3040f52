package recipes_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// root is the repository root, relative to this package.
const root = "../.."

func readDoc(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

var fence = regexp.MustCompile("(?ms)^```([a-z]*)\n(.*?)^```")

// codeBlock returns the one fenced code block of doc (a file name) that
// contains marker.
func codeBlock(t *testing.T, doc, marker string) string {
	t.Helper()
	var found []string
	for _, m := range fence.FindAllStringSubmatch(readDoc(t, doc), -1) {
		if strings.Contains(m[2], marker) {
			found = append(found, m[2])
		}
	}
	if len(found) != 1 {
		t.Fatalf("%s: %d code blocks contain %q, want 1", doc, len(found), marker)
	}
	return found[0]
}

// run runs name args in dir and returns its combined output and exit code.
func run(t *testing.T, dir string, env []string, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return out.String(), exit.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %s: %v", name, args, err)
	}
	return out.String(), 0
}

// mustRun is run that fails the test on a non-zero exit.
func mustRun(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	out, code := run(t, dir, env, name, args...)
	if code != 0 {
		t.Fatalf("%s %s: exit %d\n%s", name, args, code, out)
	}
	return out
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// gitEnv makes commits work without a user's git configuration.
var gitEnv = []string{
	"GIT_AUTHOR_NAME=recipes", "GIT_AUTHOR_EMAIL=recipes@example.com",
	"GIT_COMMITTER_NAME=recipes", "GIT_COMMITTER_EMAIL=recipes@example.com",
	"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
}

// cloneTagged makes a git repository of the working tree (tracked and
// untracked, not ignored files, as they are on disk) with one commit
// tagged tag: what a clone of a release looks like.
func cloneTagged(t *testing.T, tag string) string {
	t.Helper()
	files := mustRun(t, root, nil, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	dst := filepath.Join(t.TempDir(), "hindsight")
	for _, f := range strings.Split(strings.TrimRight(files, "\x00"), "\x00") {
		info, err := os.Stat(filepath.Join(root, f))
		if err != nil || !info.Mode().IsRegular() {
			continue // deleted in the working tree
		}
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(dst, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, f), data, info.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	mustRun(t, dst, gitEnv, "git", "init", "-q")
	mustRun(t, dst, gitEnv, "git", "add", "-A")
	mustRun(t, dst, gitEnv, "git", "commit", "-q", "-m", "release")
	mustRun(t, dst, gitEnv, "git", "tag", tag)
	return dst
}
