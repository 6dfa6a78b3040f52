package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/hindsight-lint/hindsight/internal/lint"
	"github.com/hindsight-lint/hindsight/internal/report"
)

// Decorated returns a copy of the check's analyzer a for drivers that print
// only a diagnostic's message (go vet, golangci-lint): each message becomes
// "severity: message (check/rule)", the form hindsight's own text output
// gives the same finding, and findings below min are dropped. The
// diagnostic keeps its rule in Category. A panic in the check becomes an
// error naming the check and the package (report.Run).
func Decorated(c Check, a *analysis.Analyzer, min *lint.Severity) *analysis.Analyzer {
	wrapped := *a
	wrapped.Run = func(pass *analysis.Pass) (any, error) {
		p := *pass
		p.Analyzer = a
		p.Report = func(d analysis.Diagnostic) {
			file := ""
			if tf := pass.Fset.File(d.Pos); tf != nil {
				file = tf.Name()
			}
			sev := c.Rules.SeverityOf(d.Category, file)
			if min != nil && sev < *min {
				return
			}
			d.Message = lint.Decorate(sev, a.Name, d.Category, d.Message)
			pass.Report(d)
		}
		return report.Run(&p)
	}
	return &wrapped
}
