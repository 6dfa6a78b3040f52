package trimcutset_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/hindsight-lint/hindsight/analyzers/trimcutset"
)

func TestTrimcutset(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), trimcutset.Analyzer, "a")
}

func TestFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), trimcutset.Analyzer, "fix")
}

func TestConstOnly(t *testing.T) {
	a := trimcutset.New()
	if err := a.Flags.Set("nonconst", "false"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, analysistest.TestData(), a, "b")
}
