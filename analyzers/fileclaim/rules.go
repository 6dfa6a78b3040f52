package fileclaim

import "github.com/hindsight-lint/hindsight/internal/lint"

// The rules of fileclaim.
var ruleUnclaimed = &lint.Rule{ID: "unclaimed", Severity: lint.Error,
	Summary: "an entry of a shared directory is listed, read and deleted (or moved) with no atomic claim first: a second instance can take the same file"}

var ruleClaimAfterRead = &lint.Rule{ID: "claim-after-read", Severity: lint.Error,
	Summary: "a listed entry of a shared directory is read before the rename or delete that claims it, and used before the claim or even when the claim failed with not-exist"}

var ruleClaimErrorIgnored = &lint.Rule{ID: "claim-error-ignored", Severity: lint.Error,
	Summary: "the rename or delete that claims a listed entry treats not-exist (another consumer took it) as success, and the entry is used anyway"}

var ruleRequestDir = &lint.Rule{ID: "request-dir-unclaimed", Severity: lint.Warning,
	Summary: "a handler reads the files of a directory named by the request and removes it with no claim first: two concurrent requests for the same name both consume it"}

// Rules lists fileclaim's rules.
var Rules = lint.Rules{ruleUnclaimed, ruleClaimAfterRead, ruleClaimErrorIgnored, ruleRequestDir}
