package trimcutset

import "github.com/hindsight-lint/hindsight/internal/lint"

// The rules of trimcutset.
var (
	ruleAffix = &lint.Rule{ID: "affix", Severity: lint.Error,
		Summary: "a Trim/TrimLeft/TrimRight cutset that the code also uses as a prefix or suffix (the names it trims are built with it): the trim eats characters of the name, not the affix"}
	ruleAffixLike = &lint.Rule{ID: "affix-like", Severity: lint.Warning,
		Summary: "a Trim/TrimLeft/TrimRight cutset that reads like a prefix or suffix (\"-ns\", \"0x\", \".json\") rather than a set of characters"}
)

// Rules lists trimcutset's rules, in the order its docs show them.
var Rules = lint.Rules{ruleAffix, ruleAffixLike}
