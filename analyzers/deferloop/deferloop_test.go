package deferloop_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/hindsight-lint/hindsight/analyzers/deferloop"
)

func TestDeferloop(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), deferloop.Analyzer, "a")
}

func TestFileIgnore(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), deferloop.Analyzer, "fileignore")
}

func TestFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), deferloop.Analyzer, "fix")
}
