package recipes_test

import (
	"encoding/json"
	"regexp"
	"slices"
	"testing"
)

// The problem matcher of docs/editors.md, read out of the page, matches
// the text format's finding lines, with every group in place, and nothing
// else (related positions, summaries).
func TestVSCodeProblemMatcher(t *testing.T) {
	var tasks struct {
		Tasks []struct {
			Label          string
			ProblemMatcher struct {
				FileLocation []string
				Pattern      map[string]any
			}
		}
	}
	if err := json.Unmarshal([]byte(codeBlock(t, "docs/editors.md", `"problemMatcher"`)), &tasks); err != nil {
		t.Fatalf("docs/editors.md's tasks.json: %v", err)
	}
	if len(tasks.Tasks) != 1 {
		t.Fatalf("want one task, got %d", len(tasks.Tasks))
	}
	pm := tasks.Tasks[0].ProblemMatcher
	if !slices.Equal(pm.FileLocation, []string{"relative", "${workspaceFolder}"}) {
		t.Errorf("fileLocation %v: the text format's paths are relative to the working directory", pm.FileLocation)
	}
	// VS Code's regexps are JavaScript's; this one uses only what RE2 and
	// JavaScript read alike (groups, classes, lazy +, anchors).
	re, err := regexp.Compile(pm.Pattern["regexp"].(string))
	if err != nil {
		t.Fatal(err)
	}
	group := map[string]int{}
	for _, k := range []string{"file", "line", "column", "severity", "message", "code"} {
		n, ok := pm.Pattern[k].(float64)
		if !ok || int(n) < 1 || int(n) > re.NumSubexp() {
			t.Fatalf("pattern.%s = %v", k, pm.Pattern[k])
		}
		group[k] = int(n)
	}

	for _, tc := range []struct {
		line string
		want map[string]string
	}{
		{"path/to/file.go:12:3: error: message text (deferloop/lock-held)",
			map[string]string{"file": "path/to/file.go", "line": "12", "column": "3", "severity": "error", "message": "message text", "code": "deferloop/lock-held"}},
		{"internal/cache/cache.go:140:2: warning: RLock of c.mu while this goroutine holds it (since line 131): a writer in between deadlocks both (relock)",
			map[string]string{"file": "internal/cache/cache.go", "line": "140", "column": "2", "severity": "warning", "message": "RLock of c.mu while this goroutine holds it (since line 131): a writer in between deadlocks both", "code": "relock"}},
		{"deploy/web.yaml:7:3: info: duplicate key \"replicas\" in this mapping: also set at line 6 (manifest/duplicate-key)",
			map[string]string{"file": "deploy/web.yaml", "line": "7", "column": "3", "severity": "info", "message": "duplicate key \"replicas\" in this mapping: also set at line 6", "code": "manifest/duplicate-key"}},
		{"a b/c:d.go:1:1: error: x (trimcutset/affix)",
			map[string]string{"file": "a b/c:d.go", "line": "1", "column": "1", "severity": "error", "message": "x", "code": "trimcutset/affix"}},
	} {
		m := re.FindStringSubmatch(tc.line)
		if m == nil {
			t.Errorf("no match: %s", tc.line)
			continue
		}
		for k, want := range tc.want {
			if got := m[group[k]]; got != want {
				t.Errorf("%s: %s = %q, want %q", tc.line, k, got, want)
			}
		}
	}
	for _, line := range []string{
		"\tdeploy/web.yaml:6:3: first definition",
		"path/to/file.go:12:3: message without a severity (deferloop)",
		"path/to/file.go:12:3: note: not a severity of the text format (deferloop)",
		"hindsight: 3 findings",
	} {
		if re.MatchString(line) {
			t.Errorf("matches a line that is not a finding: %q", line)
		}
	}
}
