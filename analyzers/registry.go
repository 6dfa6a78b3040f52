// Package analyzers is the one registry of hindsight's checks. The command,
// the golangci-lint plugin, the docs and the tests all read this list, so a
// new check is its package plus one line here.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/hindsight-lint/hindsight/analyzers/deferloop"
	"github.com/hindsight-lint/hindsight/analyzers/fileclaim"
	"github.com/hindsight-lint/hindsight/analyzers/idprefix"
	"github.com/hindsight-lint/hindsight/analyzers/manifest"
	"github.com/hindsight-lint/hindsight/analyzers/relock"
	"github.com/hindsight-lint/hindsight/analyzers/shallowclone"
	"github.com/hindsight-lint/hindsight/analyzers/trimcutset"
	"github.com/hindsight-lint/hindsight/internal/lint"
)

// Check is one registered check.
type Check struct {
	// Analyzer is the check with its default configuration, as the command
	// and go vet run it (its flags are the check's options).
	Analyzer *analysis.Analyzer
	// New returns a fresh analyzer with its own configuration, for drivers
	// that configure each instance separately (the golangci-lint plugin).
	New func() *analysis.Analyzer
	// Rules are the check's rules: the ids its diagnostics carry in
	// Category, each with its severity.
	Rules lint.Rules
}

// Name is the check's name.
func (c Check) Name() string { return c.Analyzer.Name }

// Checks lists every check, in the order help and docs show them.
var Checks = []Check{
	{deferloop.Analyzer, deferloop.New, deferloop.Rules},
	{fileclaim.Analyzer, fileclaim.New, fileclaim.Rules},
	{manifest.Analyzer, manifest.New, manifest.Rules},
	{relock.Analyzer, relock.New, relock.Rules},
	{shallowclone.Analyzer, shallowclone.New, shallowclone.Rules},
	{trimcutset.Analyzer, trimcutset.New, trimcutset.Rules},
	{idprefix.Analyzer, idprefix.New, idprefix.Rules},
}

// All returns the default analyzer of every check.
func All() []*analysis.Analyzer {
	all := make([]*analysis.Analyzer, len(Checks))
	for i, c := range Checks {
		all[i] = c.Analyzer
	}
	return all
}

// Lookup returns the check called name.
func Lookup(name string) (Check, bool) {
	for _, c := range Checks {
		if c.Analyzer.Name == name {
			return c, true
		}
	}
	return Check{}, false
}

// RulesOf returns the rules of the check called name (nil if none).
func RulesOf(name string) lint.Rules {
	c, _ := Lookup(name)
	return c.Rules
}
