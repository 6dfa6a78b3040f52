// Package benchbase holds the load-only analyzers `make bench` measures
// hindsight against: the floor any golang.org/x/tools/go/analysis suite pays
// on the same code with the x/tools checker (cmd/baseline), and the floor of
// a suite with facts (cmd/factsbaseline), for which the checker loads and
// type-checks every dependency from source.
//
// The analyzers do no work of their own: they only require what a real
// check requires (type-checked syntax; for the facts variant, a declared
// fact type), so the measured time and memory are the driver's.
package benchbase

import "golang.org/x/tools/go/analysis"

// Fact is the fact type the facts baseline declares. It is never exported:
// declaring it is what makes the checker load every dependency from source
// and run the analyzer on each.
type Fact struct{ Seen bool }

// AFact marks Fact as an analysis fact.
func (*Fact) AFact() {}

// String describes the fact.
func (*Fact) String() string { return "benchbase" }

// New returns the load-only analyzer; with facts set it declares Fact.
func New(facts bool) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name: "baseline",
		Doc:  "baseline: load-only analyzer (type-checked syntax, no work)",
		Run:  run,
	}
	if facts {
		a.Name = "factsbaseline"
		a.Doc = "factsbaseline: load-only analyzer declaring a fact type (every dependency from source)"
		a.FactTypes = []analysis.Fact{new(Fact)}
	}
	return a
}

// run does nothing: the cost measured is loading, parsing and type
// checking (and, with facts, doing that for every dependency).
func run(*analysis.Pass) (any, error) { return nil, nil }
