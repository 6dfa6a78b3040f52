package shallowclone_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/hindsight-lint/hindsight/analyzers/shallowclone"
)

func TestShallowclone(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), shallowclone.Analyzer, "a")
}

func TestFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), shallowclone.Analyzer, "fix")
}

func TestGrades(t *testing.T) {
	want := map[string]string{
		"Clone shares field Rec":     "error",
		"Clone shares field Tags":    "info",
		"Clone copies field Recs":    "error",
		"Clone copies field Notes":   "info",
		"Copy returns the receiver":  "error",
		"Copy shares field Vals":     "info",  // a test file: one grade lower
		"Clone shares field Entries": "info",  // appended only on the original
		"Clone shares field Pending": "error", // appended by an exported method
	}
	results := analysistest.Run(t, analysistest.TestData(), shallowclone.Analyzer, "grades")
	seen := map[string]bool{} // packages are analysed with and without their tests
	for _, r := range results {
		for _, d := range r.Diagnostics {
			for prefix, grade := range want {
				if strings.HasPrefix(d.Message, prefix) {
					seen[prefix] = true
					file := r.Pass.Fset.Position(d.Pos).Filename
					if got := shallowclone.Rules.SeverityOf(d.Category, file).String(); got != grade {
						t.Errorf("%q: rule %s, severity %s, want %s", d.Message, d.Category, got, grade)
					}
				}
			}
		}
	}
	if len(seen) != len(want) {
		t.Errorf("saw %d of the %d graded diagnostics", len(seen), len(want))
	}
}

func TestNames(t *testing.T) {
	a := shallowclone.New()
	if err := a.Flags.Set("names", "Snapshot"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, analysistest.TestData(), a, "names")
}

func TestRecall(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), shallowclone.Analyzer, "recall")
}
