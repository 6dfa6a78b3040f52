package idprefix

import "github.com/hindsight-lint/hindsight/internal/lint"

// The rules of idprefix, one per use of the bare prefix or suffix match.
var (
	ruleAuthorise = &lint.Rule{ID: "authorise", Severity: lint.Error,
		Summary: "a bare prefix or suffix match of an ID or path decides access: \"abcdef\" also grants \"abcdef2\""}
	ruleDelete = &lint.Rule{ID: "delete", Severity: lint.Error,
		Summary: "a bare prefix or suffix match of an ID or path decides what to delete: deleting \"abcdef\"'s items also deletes \"abcdef2\"'s"}
	ruleSelect = &lint.Rule{ID: "select", Severity: lint.Warning,
		Summary: "a bare prefix or suffix match selects one element: the first element whose ID merely starts with the wanted one wins"}
	ruleMatch = &lint.Rule{ID: "match", Severity: lint.Warning,
		Summary: "a function that answers whether an ID or path matches does so by bare prefix or suffix"}
)

var (
	ruleScan = &lint.Rule{ID: "scan", Severity: lint.Warning,
		Summary: "a loop collects the elements under an ID by bare prefix where the package builds keys with a separator after it: listing \"abcdef\" also lists \"abcdef2\"'s"}
	ruleSwapped = &lint.Rule{ID: "swapped", Severity: lint.Warning,
		Summary: "the arguments of a prefix filter are swapped: HasPrefix(filter, id) matches only IDs that are a prefix of the filter"}
	ruleLookup = &lint.Rule{ID: "prefix-lookup", Severity: lint.Warning,
		Summary: "a lookup by ID prefix fetches one item by its full ID where an exact getter exists: an ID that prefixes another returns both"}
)

// Rules lists idprefix's rules, in the order its docs show them.
var Rules = lint.Rules{ruleAuthorise, ruleDelete, ruleSelect, ruleMatch, ruleScan, ruleSwapped, ruleLookup}

var ruleByUse = map[use]*lint.Rule{
	useAuthorise: ruleAuthorise, useDelete: ruleDelete, useSelect: ruleSelect, useMatch: ruleMatch,
	useScan: ruleScan,
}
