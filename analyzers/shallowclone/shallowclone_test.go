package shallowclone_test

import (
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
