package shallowclone

import "github.com/hindsight-lint/hindsight/internal/lint"

// The rules of shallowclone. The grade follows the evidence: error (a bug)
// only when the analysis sees a write through the shared memory (a field
// store, a map or element write, an append, a method that does so) that
// can happen on a live value a copy shares; info when it sees none.
// Construction (a parameter every caller allocates), default filling (a
// write guarded by the location being empty), decoding a dynamically
// typed value, re-deriving a slice from the value itself and sorting in
// place are not such writes (construct.go, defaults.go, appends.go). In
// test files each error is one grade lower: test fixtures' copies rarely
// outlive the test.
var (
	ruleSharedWritten = &lint.Rule{ID: "shared-written", Severity: lint.Error, InTests: lint.Warning,
		Summary: "a copy shares a pointer, map or slice field with the original, and the package writes through that field (directly or in a method; an append that only extends the original counts when a copy can be extended too or the field is cut back; writes while the value is constructed, defaults filled where empty, decoding and sorting do not count): the writes show in both and race"}
	ruleReturnsSelf = &lint.Rule{ID: "returns-self", Severity: lint.Error, InTests: lint.Warning,
		Summary: "a Clone/Copy method returns its receiver itself, not a copy, and the type is changed after construction: changes through the result change the original (immutable types and mocks are silent)"}
	ruleMutatesOriginal = &lint.Rule{ID: "mutates-original", Severity: lint.Error, InTests: lint.Warning,
		Summary: "a Clone/Copy method changes the original after making the copy (a fix-up applied to the receiver instead of the copy)"}
	ruleSharedElementsWritten = &lint.Rule{ID: "shared-elements-written", Severity: lint.Error, InTests: lint.Warning,
		Summary: "a copy copies a slice or map but not its elements, and the package writes into those elements (or the pointed-to type is mutated): the writes show in both"}
	ruleShared = &lint.Rule{ID: "shared", Severity: lint.Info,
		Summary: "a copy shares an exported pointer, map or slice field with the original; nothing the analysis can see writes through it (importers could), or the package only extends stored originals by appending, past the end of what copies see"}
	ruleSharedElements = &lint.Rule{ID: "shared-elements", Severity: lint.Info,
		Summary: "a copy copies a slice or map but not its elements, which still refer to the original's data; nothing visible writes into them"}
	ruleDropped = &lint.Rule{ID: "dropped-field", Severity: lint.Info,
		Summary: "a field-by-field copy leaves an exported field out (with -shallowclone.dropped)"}
)

// Rules lists shallowclone's rules, in the order its docs show them.
var Rules = lint.Rules{ruleSharedWritten, ruleReturnsSelf, ruleMutatesOriginal, ruleSharedElementsWritten,
	ruleShared, ruleSharedElements, ruleDropped}
