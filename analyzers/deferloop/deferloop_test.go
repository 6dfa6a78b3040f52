package deferloop_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/hindsight-lint/hindsight/analyzers/deferloop"
)

func TestDeferloop(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), deferloop.Analyzer, "a", "cmdmain")
}

func TestFileIgnore(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), deferloop.Analyzer, "fileignore")
}

func TestFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), deferloop.Analyzer, "fix")
}

// TestGrades checks the severity of every finding whose line carries a
// "grade:SEVERITY" marker (before its want comment).
func TestGrades(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), deferloop.Analyzer, "a", "cmdmain")
	marker := regexp.MustCompile(`grade:(\w+)`)
	lines := map[string][]string{}
	checked := 0
	for _, r := range results {
		for _, d := range r.Diagnostics {
			pos := r.Pass.Fset.Position(d.Pos)
			if lines[pos.Filename] == nil {
				data, err := os.ReadFile(pos.Filename)
				if err != nil {
					t.Fatal(err)
				}
				lines[pos.Filename] = strings.Split(string(data), "\n")
			}
			m := marker.FindStringSubmatch(lines[pos.Filename][pos.Line-1])
			if m == nil {
				continue
			}
			checked++
			if got := deferloop.Rules.SeverityOf(d.Category, pos.Filename).String(); got != m[1] {
				t.Errorf("%s:%d: rule %s has severity %s, want %s", filepath.Base(pos.Filename), pos.Line, d.Category, got, m[1])
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d graded findings checked", checked)
	}
}
