package manifest

import (
	"github.com/hindsight-lint/hindsight/internal/k8s"
	"github.com/hindsight-lint/hindsight/internal/lint"
)

// Rules lists the manifest check's rules: the engine's table (internal/k8s
// declares them, since the standalone command reports them too).
var Rules = k8s.Rules

// ruleOf returns the declared rule with the given id.
func ruleOf(id string) *lint.Rule {
	r, ok := Rules.Lookup(id)
	if !ok {
		panic("manifest: undeclared rule " + id)
	}
	return r
}
