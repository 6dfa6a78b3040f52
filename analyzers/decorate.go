package analyzers

import (
	"maps"

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

// ForFacts returns a copy of a whose passes say that the driver discards
// their findings (report.FactsOnly), so the check skips the work that only
// decides what to report. For a go vet unit that runs only for its facts
// (a dependency: VetxOnly in the unit's configuration).
func ForFacts(a *analysis.Analyzer) *analysis.Analyzer {
	wrapped := *a
	wrapped.Run = func(pass *analysis.Pass) (any, error) {
		if len(a.FactTypes) == 0 && a.ResultType == nil {
			// Nothing of it is kept. unitchecker runs it all the same,
			// because it requires internal/flow, which has facts.
			return nil, nil
		}
		p := *pass
		p.ResultOf = maps.Clone(pass.ResultOf)
		if p.ResultOf == nil {
			p.ResultOf = map[*analysis.Analyzer]any{}
		}
		report.MarkFactsOnly(p.ResultOf)
		return a.Run(&p)
	}
	return &wrapped
}
