package recipes_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/hindsight-lint/hindsight/analyzers"
)

var releaseHeading = regexp.MustCompile(`(?m)^## (v\d+\.\d+\.\d+)\b`)

// latestRelease is CHANGELOG.md's first release heading.
func latestRelease(t *testing.T) string {
	t.Helper()
	m := releaseHeading.FindStringSubmatch(readDoc(t, "CHANGELOG.md"))
	if m == nil {
		t.Fatal("CHANGELOG.md has no ## vX.Y.Z heading")
	}
	return m[1]
}

func checkNames() []string {
	var names []string
	for _, c := range analyzers.Checks {
		names = append(names, c.Analyzer.Name)
	}
	return names
}

// pinned finds the places the docs pin a hindsight release: go install
// ...@vX, go get ...@vX, uses: hindsight-lint/hindsight@vX, pre-commit's
// rev: vX, the action's version: vX and golangci-lint custom's version.
var pinned = regexp.MustCompile(`(?:github\.com/hindsight-lint/hindsight(?:/[\w/]+)?@|hindsight-lint/hindsight@|rev: |version: |git checkout )(v\d+\.\d+\.\d+(?:-[\w.]+)?|latest)`)

// Every version the docs pin is CHANGELOG.md's latest release, and none
// is @latest (the module cannot be resolved as latest before it is
// published, and latest ignores the pin).
func TestDocsPinTheLatestRelease(t *testing.T) {
	latest := latestRelease(t)
	docs := []string{"README.md", "action.yml"}
	md, _ := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	for _, f := range md {
		docs = append(docs, filepath.Join("docs", filepath.Base(f)))
	}
	found := 0
	for _, doc := range docs {
		for i, line := range strings.Split(readDoc(t, doc), "\n") {
			for _, m := range pinned.FindAllStringSubmatch(line, -1) {
				if strings.HasPrefix(m[0], "version: ") && !strings.Contains(line, "hindsight") {
					continue // another tool's version (golangci-lint's in .custom-gcl.yml)
				}
				found++
				if m[1] != latest {
					t.Errorf("%s:%d: pins %s, want CHANGELOG.md's latest release %s: %s", doc, i+1, m[1], latest, strings.TrimSpace(line))
				}
			}
			if strings.Contains(line, "hindsight") && strings.Contains(line, "@latest") {
				t.Errorf("%s:%d: @latest: %s", doc, i+1, strings.TrimSpace(line))
			}
		}
	}
	if found < 5 {
		t.Errorf("found %d pinned versions in the docs; the pattern no longer matches them", found)
	}
}

// docs/bazel.md's nogo target lists exactly the registry's checks, its
// MODULE.bazel declares what the nogo target needs, and its config is
// JSON naming only checks.
func TestBazelRecipe(t *testing.T) {
	build := codeBlock(t, "docs/bazel.md", `load("@io_bazel_rules_go//go:def.bzl", "nogo")`)
	var listed []string
	for _, m := range regexp.MustCompile(`"@com_github_hindsight_lint_hindsight//analyzers/(\w+)"`).FindAllStringSubmatch(build, -1) {
		listed = append(listed, m[1])
	}
	if want := checkNames(); !slices.Equal(listed, want) {
		t.Errorf("docs/bazel.md's nogo deps list %v, the registry %v", listed, want)
	}
	for _, name := range listed {
		if _, err := os.Stat(filepath.Join(root, "analyzers", name, name+".go")); err != nil {
			t.Errorf("nogo dep analyzers/%s: %v", name, err)
		}
	}
	if !strings.Contains(build, `name = "hindsight_nogo"`) {
		t.Errorf("the nogo target is not hindsight_nogo:\n%s", build)
	}

	module := codeBlock(t, "docs/bazel.md", "bazel_dep(")
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`bazel_dep\(name = "rules_go", version = "[\d.]+", repo_name = "io_bazel_rules_go"\)`),
		regexp.MustCompile(`bazel_dep\(name = "gazelle", version = "[\d.]+", repo_name = "bazel_gazelle"\)`),
		regexp.MustCompile(`go_sdk = use_extension\("@io_bazel_rules_go//go:extensions.bzl", "go_sdk"\)`),
		regexp.MustCompile(`go_sdk.nogo\(nogo = "//:hindsight_nogo"\)`),
		regexp.MustCompile(`go_deps = use_extension\("@bazel_gazelle//:extensions.bzl", "go_deps"\)`),
		regexp.MustCompile(`go_deps.from_file\(go_mod = "//:go.mod"\)`),
		regexp.MustCompile(`use_repo\(go_deps, "com_github_hindsight_lint_hindsight"\)`),
	} {
		if !want.MatchString(module) {
			t.Errorf("docs/bazel.md's MODULE.bazel lacks %s:\n%s", want, module)
		}
	}

	var config map[string]map[string]map[string]string
	if err := json.Unmarshal([]byte(codeBlock(t, "docs/bazel.md", `"analyzer_flags"`)), &config); err != nil {
		t.Fatalf("nogo_config.json: %v", err)
	}
	for name, entry := range config {
		c, ok := analyzers.Lookup(name)
		if !ok {
			t.Errorf("nogo_config.json names %s, which is not a check", name)
			continue
		}
		for flag := range entry["analyzer_flags"] {
			if c.Analyzer.Flags.Lookup(flag) == nil {
				t.Errorf("nogo_config.json: %s has no option %s", name, flag)
			}
		}
		for key := range entry {
			if !slices.Contains([]string{"exclude_files", "only_files", "analyzer_flags"}, key) {
				t.Errorf("nogo_config.json: %s: unknown key %s", name, key)
			}
		}
	}
}

const nogoPkg = `package p

import (
	"os"
	"strings"
	"sync"
)

var mu sync.Mutex

func Each(items []string) {
	for _, it := range items {
		mu.Lock()
		defer mu.Unlock()
		println(it, os.Getenv("QUEUE_URL"), strings.TrimRight(it, "-ns"))
	}
}
`

// The nogo situation: a package alone on disk, with no go.mod and no YAML
// around it (a Bazel sandbox shows an action only its declared inputs).
// Every check runs without an error; the checks that read only Go code
// report; manifest, which needs the module's YAML tree, reports nothing.
func TestNogoSituation(t *testing.T) {
	gopath := t.TempDir()
	dir := filepath.Join(gopath, "src", "example.com", "p")
	writeFile(t, filepath.Join(dir, "p.go"), nogoPkg)
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  dir,
		Env:  append(os.Environ(), "GO111MODULE=off", "GOPATH="+gopath, "GOFLAGS=", "GOWORK=off"),
	}
	pkgs, err := packages.Load(cfg, ".")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("the package does not load")
	}
	graph, err := checker.Analyze(analyzers.All(), pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	reported := map[string]bool{}
	for act := range graph.All() {
		if act.Err != nil {
			t.Errorf("%s: %v", act, act.Err)
		}
		if act.Package.PkgPath == "example.com/p" && len(act.Diagnostics) > 0 {
			reported[act.Analyzer.Name] = true
		}
	}
	for _, name := range []string{"deferloop", "trimcutset"} {
		if !reported[name] {
			t.Errorf("%s reports nothing on a package alone on disk", name)
		}
	}
	if reported["manifest"] {
		t.Error("manifest reports with no YAML in sight; docs/bazel.md says it reports nothing there")
	}
}
