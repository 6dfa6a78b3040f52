package manifest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/hindsight-lint/hindsight/analyzers/manifest"
)

// In -gopos mode every YAML finding sits on the owner package's package
// clause, where analysistest can match it; Go env findings are at the reads.
func TestAnalyzerGoPos(t *testing.T) {
	a := manifest.New()
	if err := a.Flags.Set("gopos", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, filepath.Join(analysistest.TestData(), "mod"), a, "./...")
}

// yamlFindings runs a fresh analyzer with the given flags over the test
// module and returns its YAML findings as "file:line:col [rule]".
func yamlFindings(t *testing.T, flags map[string]string) (map[string]int, string) {
	t.Helper()
	dir, _ := filepath.Abs(filepath.Join("testdata", "mod"))
	return yamlFindingsIn(t, dir, flags), dir
}

// yamlFindingsIn is yamlFindings over the module in dir.
func yamlFindingsIn(t *testing.T, dir string, flags map[string]string) map[string]int {
	t.Helper()
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Tests: true, Env: append(testEnv(), "GOFLAGS=-mod=mod", "GOPROXY=off")}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	a := manifest.New()
	for k, v := range flags {
		if err := a.Flags.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	g, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for act := range g.All() {
		if act.Analyzer != a {
			continue
		}
		for _, d := range act.Diagnostics {
			posn := act.Package.Fset.Position(d.Pos)
			if !strings.HasSuffix(posn.Filename, ".yaml") {
				continue
			}
			rel, _ := filepath.Rel(dir, posn.Filename)
			seen[filepath.ToSlash(rel)+":"+itoa(posn.Line)+":"+itoa(posn.Column)+" ["+d.Category+"]"]++
		}
	}
	return seen
}

// Without -gopos the findings carry real YAML positions.
func TestAnalyzerYAMLPositions(t *testing.T) {
	seen, _ := yamlFindings(t, nil)
	want := []string{
		"deploy/app.yaml:9:17 [env-unread]",
		"deploy/app.yaml:14:15 [duplicate-key]",
		"deploy/app.yaml:14:20 [missing-ref]",
		"deploy/app.yaml:20:17 [env-unread]",
		"deploy/app.yaml:21:18 [yaml11-coercion]",
		"internal/envutil/deploy-owned/pdb.yaml:7:7 [matches-nothing]",
	}
	for _, w := range want {
		if seen[w] == 0 {
			t.Errorf("missing %s; got %v", w, seen)
		}
		delete(seen, w)
	}
	for k := range seen {
		t.Errorf("unexpected %s", k)
	}
}

// -globs selects the manifest files; the others are not read.
func TestAnalyzerGlobs(t *testing.T) {
	// Only the PDB: no pods in the set, so its selector is not checked.
	if seen, _ := yamlFindings(t, map[string]string{"globs": "internal/**/*.yaml"}); len(seen) != 0 {
		t.Errorf("got %v", seen)
	}
	seen, _ := yamlFindings(t, map[string]string{"globs": "deploy/*.yaml"})
	if len(seen) != 5 {
		t.Errorf("want the 5 deploy/app.yaml findings, got %v", seen)
	}
	for k := range seen {
		if !strings.HasPrefix(k, "deploy/") {
			t.Errorf("file outside the globs reported: %s", k)
		}
	}
}

// A manifest over -max-bytes is reported as not checked, as by the
// standalone command, instead of being left out of the set in silence.
func TestAnalyzerMaxBytes(t *testing.T) {
	seen, _ := yamlFindings(t, map[string]string{"max-bytes": "1000"})
	if want := "deploy/app.yaml:1:1 [unreadable]"; seen[want] == 0 || len(seen) != 1 {
		t.Errorf("want only %s, got %v", want, seen)
	}
}

// In module mode, a symbolic link to a manifest is reported once, at the
// link, by the package owning it; a link to a non-manifest is not.
func TestAnalyzerSymlinkSkipped(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	write := func(p, s string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "go.mod"), "module example.com/m\n\ngo 1.22\n")
	write(filepath.Join(dir, "main.go"), "package main\n\nfunc main() {}\n")
	write(filepath.Join(outside, "cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shared}\ndata: {a: b}\n")
	write(filepath.Join(outside, "values.yaml"), "replicas: 3\n")
	for link, target := range map[string]string{"deploy/cm.yaml": "cm.yaml", "deploy/values.yaml": "values.yaml"} {
		write(filepath.Join(dir, "deploy", "keep.txt"), "")
		if err := os.Symlink(filepath.Join(outside, target), filepath.Join(dir, link)); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	seen := yamlFindingsIn(t, dir, nil)
	if want := "deploy/cm.yaml:1:1 [skipped]"; seen[want] == 0 || len(seen) != 1 {
		t.Errorf("want only %s, got %v", want, seen)
	}
}
