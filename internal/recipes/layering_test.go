package recipes_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLibrariesWithoutAnalysis keeps the libraries that other programs
// (hindsight-render, hsbench) embed free of go/analysis: the manifest
// engine, the finding model and the spelling helpers.
func TestLibrariesWithoutAnalysis(t *testing.T) {
	for _, pkg := range []string{"internal/k8s", "internal/lint", "internal/spell", "internal/output"} {
		out, err := exec.Command("go", "list", "-deps", "github.com/hindsight-lint/hindsight/"+pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			if strings.HasPrefix(dep, "golang.org/x/tools/go/analysis") {
				t.Errorf("%s depends on %s; keep go/analysis in internal/report, internal/code and the checks", pkg, dep)
			}
		}
	}
}
