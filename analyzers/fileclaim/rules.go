package fileclaim

import "github.com/hindsight-lint/hindsight/internal/lint"

// The rules of fileclaim.
var ruleUnclaimed = &lint.Rule{ID: "unclaimed", Severity: lint.Error,
	Summary: "an entry of a shared directory is listed, read and deleted (or moved) with no atomic claim first: a second instance can take the same file"}

// Rules lists fileclaim's rules.
var Rules = lint.Rules{ruleUnclaimed}
