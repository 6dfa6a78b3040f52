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

// Rules lists idprefix's rules, in the order its docs show them.
var Rules = lint.Rules{ruleAuthorise, ruleDelete, ruleSelect, ruleMatch}

var ruleByUse = map[use]*lint.Rule{
	useAuthorise: ruleAuthorise, useDelete: ruleDelete, useSelect: ruleSelect, useMatch: ruleMatch,
}
