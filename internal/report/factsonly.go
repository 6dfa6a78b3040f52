package report

import "golang.org/x/tools/go/analysis"

// A driver runs an analyzer with facts on every dependency of the packages
// it checks, only for the facts the analyzer exports there: it discards the
// findings. The x/tools drivers give an analyzer no way to know that, so
// each of hindsight's checks would also do all of its reporting work on
// every dependency. hindsight's drivers say so in the pass instead: the
// result of factsOnly, an analyzer that never runs and that no check
// requires, is present in pass.ResultOf exactly when the findings are
// discarded. Other drivers leave it out, and the check then does
// everything, as it must.
var factsOnly = &analysis.Analyzer{
	Name: "factsonly",
	Doc:  "marks, in a pass's ResultOf, a pass whose findings the driver discards",
	Run:  func(*analysis.Pass) (any, error) { panic("report.factsOnly is a marker; it never runs") },
}

// FactsOnly reports whether the driver discards pass's findings: the check
// then need only export its facts, and may skip every step that only
// decides what to report.
func FactsOnly(pass *analysis.Pass) bool {
	_, ok := pass.ResultOf[factsOnly]
	return ok
}

// MarkFactsOnly records in resultOf (a pass's ResultOf) that the pass's
// findings are discarded. Only a driver calls it.
func MarkFactsOnly(resultOf map[*analysis.Analyzer]any) {
	resultOf[factsOnly] = true
}
