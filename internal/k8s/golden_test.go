package k8s

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hindsight-lint/hindsight/internal/lint"
)

// The golden corpus: each directory under testdata/golden is one manifest
// set. A finding is expected on a line that carries a "# want RULE..."
// comment (several rules may follow), or that want.txt lists as
// "file:line RULE" (for lines that cannot carry a comment). Every finding
// must be expected and every expectation met. Directories under
// testdata/clean must produce nothing.

var wantRE = regexp.MustCompile(`#\s*want\s+([a-z0-9, -]+)$`)

type expectKey struct {
	file string
	line int
	rule string
}

func expectations(t *testing.T, dir string) map[expectKey]int {
	want := map[expectKey]int{}
	files, err := collect([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			m := wantRE.FindStringSubmatch(strings.TrimRight(line, "\r"))
			if m == nil {
				continue
			}
			for _, r := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ' ' || r == ',' }) {
				want[expectKey{f, i + 1, r}]++
			}
		}
	}
	if data, err := os.ReadFile(filepath.Join(dir, "want.txt")); err == nil {
		sc := bufio.NewScanner(strings.NewReader(string(data)))
		for sc.Scan() {
			var file, rule string
			var line int
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			loc, r, _ := strings.Cut(sc.Text(), " ")
			i := strings.LastIndexByte(loc, ':')
			file, rule = loc[:i], strings.TrimSpace(r)
			fmt.Sscan(loc[i+1:], &line)
			want[expectKey{filepath.Join(dir, file), line, rule}]++
		}
	}
	return want
}

func TestGolden(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/golden/*")
	if len(dirs) == 0 {
		t.Fatal("no golden cases")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			results, err := Check([]string{dir}, Config{CRDDirs: crdDirsOf(dir)})
			if err != nil {
				t.Fatal(err)
			}
			want := expectations(t, dir)
			for _, r := range results {
				k := expectKey{r.File, r.Line, r.Rule}
				if want[k] > 0 {
					want[k]--
					continue
				}
				t.Errorf("unexpected: %s [%s]", r, r.Rule)
			}
			var missing []string
			for k, n := range want {
				if n > 0 {
					missing = append(missing, fmt.Sprintf("%s:%d: %s", k.file, k.line, k.rule))
				}
			}
			sort.Strings(missing)
			for _, m := range missing {
				t.Errorf("missing: %s", m)
			}
		})
	}
}

func crdDirsOf(dir string) []string {
	d := filepath.Join(dir, "crds.d")
	if _, err := os.Stat(d); err == nil {
		return []string{d}
	}
	return nil
}

func TestClean(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/clean/*")
	if len(dirs) == 0 {
		t.Fatal("no clean cases")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			results, err := Check([]string{dir}, Config{})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range results {
				t.Errorf("false alarm: %s [%s]", r, r.Rule)
			}
		})
	}
}

// Every rule id has a golden case and a docs entry.
func TestRulesCovered(t *testing.T) {
	rules := []string{RuleSyntax, RuleTab, RuleDuplicateKey, RuleKeyCollision, RuleYAML11, RuleAliasBudget, RuleUnreadable,
		RuleUnknownField, RuleMisplacedField, RuleType, RuleEnum, RuleFormat, RuleResourceName, RuleLabelSyntax, RuleObjectName,
		RulePortRange, RuleSelector, RuleUnknownKind, RuleRemovedAPI, RuleDuplicateItem, RuleMissingRef, RuleEnvNearDup,
		RuleEnvInconsistent, RuleMatchesNothing, RulePortName, RuleIgnore, RuleSkipped, RuleMisspelling}
	seen := map[string]bool{}
	dirs, _ := filepath.Glob("testdata/golden/*")
	for _, dir := range dirs {
		for k := range expectations(t, dir) {
			seen[k.rule] = true
		}
	}
	docs, err := os.ReadFile("../../docs/manifest.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		if !seen[r] {
			t.Errorf("rule %s has no golden case", r)
		}
		if !strings.Contains(string(docs), "`"+r+"`") {
			t.Errorf("rule %s has no entry in docs/manifest.md", r)
		}
	}
}

func TestResultFields(t *testing.T) {
	dir := t.TempDir()
	// é is two bytes: the key after it starts at rune column 9, byte column 10.
	os.WriteFile(filepath.Join(dir, "a.yaml"), []byte("a: {é: 1, b: 2, b: 3}\n"), 0o644)
	res, err := Check([]string{dir}, Config{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 {
		t.Fatalf("got %v", res)
	}
	r := res[0]
	if r.Check != "manifest" || r.Rule != RuleDuplicateKey || r.Severity != lint.Error || r.Line != 1 || r.Col != 18 {
		t.Errorf("got %+v", r)
	}
}
