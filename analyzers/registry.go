// Package analyzers is the one registry of hindsight's checks. The command,
// the golangci-lint plugin, the docs and the tests all read this list, so a
// new check is its package plus one line here.
package analyzers

import (
	"io"

	"golang.org/x/tools/go/analysis"

	"github.com/hindsight-lint/hindsight/analyzers/deferloop"
	"github.com/hindsight-lint/hindsight/analyzers/fileclaim"
	"github.com/hindsight-lint/hindsight/analyzers/idprefix"
	"github.com/hindsight-lint/hindsight/analyzers/manifest"
	"github.com/hindsight-lint/hindsight/analyzers/relock"
	"github.com/hindsight-lint/hindsight/analyzers/shallowclone"
	"github.com/hindsight-lint/hindsight/analyzers/trimcutset"
)

// Check is one registered check.
type Check struct {
	// Analyzer is the check with its default configuration, as the command
	// and go vet run it (its flags are the check's options).
	Analyzer *analysis.Analyzer
	// New returns a fresh analyzer with its own configuration, for drivers
	// that configure each instance separately (the golangci-lint plugin).
	New func() *analysis.Analyzer
}

// Checks lists every check, in the order help and docs show them.
var Checks = []Check{
	{deferloop.Analyzer, deferloop.New},
	{fileclaim.Analyzer, fileclaim.New},
	{manifest.Analyzer, manifest.New},
	{relock.Analyzer, relock.New},
	{shallowclone.Analyzer, shallowclone.New},
	{trimcutset.Analyzer, trimcutset.New},
	{idprefix.Analyzer, idprefix.New},
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

// Subcommands are checks with a command of their own (hindsight NAME ...):
// each takes its arguments and returns an exit code.
var Subcommands = map[string]func(args []string, stdout, stderr io.Writer) int{
	"manifest": manifest.Main,
}
