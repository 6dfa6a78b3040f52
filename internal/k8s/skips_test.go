package k8s

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

func writeFile(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
}

// checkRules runs Check and returns "relative/path:line rule" for every finding.
func checkRules(t *testing.T, base string, paths ...string) []string {
	t.Helper()
	res, err := Check(paths, Config{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range res {
		rel, _ := filepath.Rel(base, r.File)
		out = append(out, filepath.ToSlash(rel)+":"+strconv.Itoa(r.Line)+" "+r.Rule)
	}
	sort.Strings(out)
	return out
}

const cmYAML = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shared}\ndata: {a: b}\n"

// Walking a directory does not follow symbolic links, and says so once per
// link to YAML: to a file, to a directory holding YAML, or broken. Links to
// other files and to directories without YAML stay silent.
func TestSkippedSymlinks(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(root, "set", "app.yaml"), cmYAML)
	writeFile(t, filepath.Join(outside, "cm.yaml"), cmYAML)
	writeFile(t, filepath.Join(outside, "more", "x.yml"), cmYAML)
	writeFile(t, filepath.Join(outside, "docs", "README.md"), "# docs\n")
	symlink(t, filepath.Join(outside, "cm.yaml"), filepath.Join(root, "set", "linked.yaml"))
	symlink(t, filepath.Join(outside, "more"), filepath.Join(root, "set", "more"))
	symlink(t, filepath.Join(outside, "gone.yaml"), filepath.Join(root, "set", "broken.yaml"))
	symlink(t, filepath.Join(outside, "docs"), filepath.Join(root, "set", "docs"))
	symlink(t, filepath.Join(outside, "docs", "README.md"), filepath.Join(root, "set", "README.md"))
	got := checkRules(t, root, filepath.Join(root, "set"))
	want := []string{"set/broken.yaml:1 skipped", "set/linked.yaml:1 skipped", "set/more:1 skipped"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("got %q, want %q", got, want)
	}
	// Named explicitly, a link (to a file or a directory) is followed.
	writeFile(t, filepath.Join(outside, "more", "dup.yaml"), "a: 1\na: 2\n")
	got = checkRules(t, root, filepath.Join(root, "set", "more"), filepath.Join(root, "set", "linked.yaml"))
	want = []string{"set/more/dup.yaml:2 duplicate-key"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("explicit links: got %q, want %q", got, want)
	}
}

// A Helm chart's templates directory is skipped when walking the chart (it
// is not YAML until rendered); named explicitly, the skip is reported.
func TestSkippedHelmTemplates(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "chart", "Chart.yaml"), "apiVersion: v2\nname: app\nversion: 0.1.0\n")
	writeFile(t, filepath.Join(root, "chart", "templates", "cm.yaml"), "{{- if .Values.on }}\napiVersion: v1\nkind: ConfigMap\n{{- end }}\n")
	if got := checkRules(t, root, filepath.Join(root, "chart")); len(got) != 0 {
		t.Errorf("walking the chart: got %q", got)
	}
	got := checkRules(t, root, filepath.Join(root, "chart", "templates"))
	if want := []string{"chart/templates:1 skipped"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("got %q, want %q", got, want)
	}
}

// An unreadable sub-directory is a finding, like an unreadable file; the
// rest of the set is still checked.
func TestUnreadableDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every directory")
	}
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "ok", "dup.yaml"), "a: 1\na: 2\n")
	writeFile(t, filepath.Join(root, "locked", "x.yaml"), cmYAML)
	if err := os.Chmod(filepath.Join(root, "locked"), 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(filepath.Join(root, "locked"), 0o755)
	got := checkRules(t, root, root)
	want := []string{"locked:1 unreadable", "ok/dup.yaml:2 duplicate-key"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("got %q, want %q", got, want)
	}
}
