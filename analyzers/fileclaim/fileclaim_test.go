package fileclaim_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/hindsight-lint/hindsight/analyzers/fileclaim"
)

func TestFileclaim(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), fileclaim.Analyzer, "a", "owned", "libowned", "example.com/store/...", "example.com/other/...", "example.com/mail/...", "uploads")
}

func TestTestsFlag(t *testing.T) {
	a := fileclaim.New()
	if err := a.Flags.Set("tests", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, analysistest.TestData(), a, "withtests")
}

// TestBroken runs the check on code with type errors: it must not panic.
func TestBroken(t *testing.T) {
	a := fileclaim.New()
	a.RunDespiteErrors = true
	analysistest.Run(t, analysistest.TestData(), a, "broken")
}
