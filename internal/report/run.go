package report

import (
	"fmt"
	"runtime/debug"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Run runs pass's analyzer and turns a panic into an error naming the
// check and the package, with the panicking frames for the bug report.
// It is the one panic policy: every driver (hindsight's own, go vet's
// unitchecker, golangci-lint) runs checks through it, once.
func Run(pass *analysis.Pass) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			pkg := "?"
			if pass.Pkg != nil {
				pkg = pass.Pkg.Path()
			}
			err = fmt.Errorf("internal error in check %s on package %s: %v (please report this bug)\n%s", pass.Analyzer.Name, pkg, r, stackTail())
		}
	}()
	return pass.Analyzer.Run(pass)
}

// stackTail returns the frames of hindsight's own packages from the
// panicking goroutine's stack (at most 8), or the whole stack when none is.
func stackTail() string {
	stack := string(debug.Stack())
	lines := strings.Split(stack, "\n")
	var keep []string
	for i := 0; i+1 < len(lines) && len(keep) < 16; i++ {
		if strings.Contains(lines[i], "hindsight-lint/hindsight/") && !strings.Contains(lines[i], "internal/report.Run") {
			keep = append(keep, "\t"+strings.TrimSpace(lines[i]), lines[i+1])
			i++
		}
	}
	if len(keep) == 0 {
		return stack
	}
	return strings.Join(keep, "\n")
}
