package idprefix_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/hindsight-lint/hindsight/analyzers/idprefix"
)

func TestIdprefix(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), idprefix.Analyzer, "a")
}

func TestFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), idprefix.Analyzer, "fix")
}
