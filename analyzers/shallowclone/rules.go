package shallowclone

import "github.com/hindsight-lint/hindsight/internal/lint"

// The rules of shallowclone. In test files each is one grade lower: test
// fixtures' copies rarely outlive the test.
var (
	ruleReturnsSelf = &lint.Rule{ID: "returns-self", Severity: lint.Error, InTests: lint.Warning,
		Summary: "a Clone/Copy method returns its receiver itself, not a copy: changes through the result change the original"}
	ruleSharedWritten = &lint.Rule{ID: "shared-written", Severity: lint.Error, InTests: lint.Warning,
		Summary: "a copy shares a pointer, map or slice field with the original, and the package writes through that field: the writes race"}
	ruleShared = &lint.Rule{ID: "shared", Severity: lint.Warning, InTests: lint.Info,
		Summary: "a copy shares an exported pointer, map or slice field with the original; nothing in the package writes through it, but importers can"}
	ruleSharedElements = &lint.Rule{ID: "shared-elements", Severity: lint.Info,
		Summary: "a copy copies a slice or map field but not its elements, which still refer to the original's data"}
	ruleDropped = &lint.Rule{ID: "dropped-field", Severity: lint.Info,
		Summary: "a field-by-field copy leaves an exported field out (with -shallowclone.dropped)"}
)

// Rules lists shallowclone's rules, in the order its docs show them.
var Rules = lint.Rules{ruleReturnsSelf, ruleSharedWritten, ruleShared, ruleSharedElements, ruleDropped}
