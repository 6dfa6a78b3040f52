package relock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/hindsight-lint/hindsight/analyzers/relock"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), relock.Analyzer, "a", "partial")
}

// TestCrossPackage checks that summaries travel as facts: dep's functions
// are analysed first and user sees through them.
func TestCrossPackage(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), relock.Analyzer, "dep", "user")
}

func TestFlags(t *testing.T) {
	a := relock.New()
	if err := a.Flags.Set("loops", "false"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, analysistest.TestData(), a, "noloops")
}

// TestPrivateLocks checks which locks travel to importers: those of
// another package's private variables and fields only when a function of
// that package lets its callers hold them.
func TestPrivateLocks(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), relock.Analyzer, "privdep", "privmid", "privuser")
}
