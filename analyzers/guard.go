package analyzers

import (
	"fmt"
	"runtime/debug"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// A check must never crash the driver: a panic in a check becomes an
// analysis error naming the check and the package, which every driver
// reports as an internal error (exit code 1), with the stack for the bug
// report.
func init() {
	for i := range Checks {
		guard(Checks[i].Analyzer)
		newFn := Checks[i].New
		Checks[i].New = func() *analysis.Analyzer {
			a := newFn()
			guard(a)
			return a
		}
	}
}

func guard(a *analysis.Analyzer) {
	run := a.Run
	a.Run = func(pass *analysis.Pass) (result any, err error) {
		defer func() {
			if r := recover(); r != nil {
				pkg := "?"
				if pass.Pkg != nil {
					pkg = pass.Pkg.Path()
				}
				err = fmt.Errorf("internal error in check %s on package %s: %v (please report this bug)\n%s", a.Name, pkg, r, stackTail())
			}
		}()
		return run(pass)
	}
}

// stackTail returns the panicking frames, without the runtime's and this
// file's own.
func stackTail() string {
	lines := strings.Split(string(debug.Stack()), "\n")
	var keep []string
	for i := 0; i+1 < len(lines); i++ {
		if strings.Contains(lines[i], "hindsight/analyzers/") && !strings.Contains(lines[i], "analyzers.guard") {
			keep = append(keep, "\t"+strings.TrimSpace(lines[i]), lines[i+1])
			i++
		}
		if len(keep) >= 16 {
			break
		}
	}
	return strings.Join(keep, "\n")
}
