package k8s

import "github.com/hindsight-lint/hindsight/internal/lint"

// Rule ids. They are stable: suppression directives and baselines name them.
const (
	RuleSyntax          = "yaml-syntax"
	RuleTab             = "yaml-tab"
	RuleDuplicateKey    = "duplicate-key"
	RuleKeyCollision    = "key-collision"
	RuleYAML11          = "yaml11-coercion"
	RuleYAML11Key       = "yaml11-key"
	RuleAliasBudget     = "alias-budget"
	RuleUnreadable      = "unreadable"
	RuleUnknownField    = "unknown-field"
	RuleMisplacedField  = "misplaced-field"
	RuleType            = "wrong-type"
	RuleEnum            = "enum"
	RuleFormat          = "format"
	RuleResourceName    = "resource-name"
	RuleLabelSyntax     = "label-syntax"
	RuleObjectName      = "object-name"
	RulePortRange       = "port-range"
	RuleSelector        = "selector-mismatch"
	RuleUnknownKind     = "unknown-kind"
	RuleUndefinedKind   = "undefined-kind"
	RuleRemovedAPI      = "removed-api"
	RuleDuplicateItem   = "duplicate-list-key"
	RuleDuplicatePort   = "duplicate-port"
	RuleMissingRef      = "missing-ref"
	RuleRefTypo         = "missing-ref-typo"
	RuleEnvNearDup      = "env-near-duplicate"
	RuleEnvInconsistent = "env-inconsistent"
	RuleMatchesNothing  = "matches-nothing"
	RulePortName        = "port-name"
	RuleGoEnvUnset      = "go-env-unset"
	RuleGoEnvTypo       = "go-env-typo"
	RuleEnvUnread       = "env-unread"
	RuleMisspelling     = "misspelling"
	RuleIgnore          = "ignore-directive"
	RuleSkipped         = "skipped"
)

// Rules lists the manifest check's rules with their severities, in the
// order docs/manifest.md shows them. A rule's severity is the same for
// every finding of that rule: where two grades were wanted, there are two
// rules.
var Rules = lint.Rules{
	{ID: RuleSyntax, Severity: lint.Error, Summary: "a YAML syntax error: the file, or the rest of it, cannot be applied"},
	{ID: RuleTab, Severity: lint.Error, Summary: "a tab in YAML indentation"},
	{ID: RuleDuplicateKey, Severity: lint.Error, Summary: "the same key twice in one mapping: every loader Kubernetes uses keeps the last value silently"},
	{ID: RuleKeyCollision, Severity: lint.Error, Summary: "two keys that become the same key under Kubernetes' YAML 1.1 rules: one is lost"},
	{ID: RuleYAML11, Severity: lint.Error, Summary: "a plain scalar that Kubernetes reads as a boolean or number where a string is required: apply fails or the value changes"},
	{ID: RuleYAML11Key, Severity: lint.Warning, Summary: "a map key such as on: or yes: that Kubernetes renames to \"true\""},
	{ID: RuleAliasBudget, Severity: lint.Error, Summary: "a document whose aliases expand past the node budget (an alias bomb) or into themselves (an infinite document)"},
	{ID: RuleUnreadable, Severity: lint.Error, Summary: "a file that is not YAML text (binary, invalid UTF-8, too large, unreadable), or a directory that cannot be read"},
	{ID: RuleSkipped, Severity: lint.Info, Summary: "YAML not checked: a symbolic link met while walking, or an explicitly named Helm templates/ directory"},
	{ID: RuleUnknownField, Severity: lint.Error, Summary: "a field the type does not have (rejected under strict validation, dropped otherwise)"},
	{ID: RuleMisplacedField, Severity: lint.Error, Summary: "a field of a parent or child type at the wrong level: wrong indentation"},
	{ID: RuleType, Severity: lint.Error, Summary: "a value of the wrong type"},
	{ID: RuleEnum, Severity: lint.Error, Summary: "a value outside the field's enum"},
	{ID: RuleFormat, Severity: lint.Error, Summary: "a malformed quantity, percentage, duration or base64 value"},
	{ID: RuleResourceName, Severity: lint.Error, Summary: "a resource name in limits/requests that is neither standard nor domain-qualified"},
	{ID: RuleLabelSyntax, Severity: lint.Error, Summary: "an invalid label or annotation key, or label value"},
	{ID: RuleObjectName, Severity: lint.Error, Summary: "an object or container name the API server rejects"},
	{ID: RulePortRange, Severity: lint.Error, Summary: "a port outside its valid range"},
	{ID: RuleSelector, Severity: lint.Error, Summary: "a workload selector that does not match its pod template: the API server rejects it"},
	{ID: RuleUnknownKind, Severity: lint.Error, Summary: "a misspelled built-in kind, or a kind under the wrong apiVersion"},
	{ID: RuleUndefinedKind, Severity: lint.Warning, Summary: "a kind that is neither built in nor defined by a CustomResourceDefinition in the set"},
	{ID: RuleRemovedAPI, Severity: lint.Error, Summary: "an apiVersion no longer served, with its replacement"},
	{ID: RuleDuplicateItem, Severity: lint.Error, Summary: "two entries with the same key in a list-map (containers, volumes, mounts, env): apply drops or rejects one"},
	{ID: RuleDuplicatePort, Severity: lint.Warning, Summary: "two ports with the same port and protocol: the API server only warns, and apply merges them"},
	{ID: RuleMissingRef, Severity: lint.Error, Summary: "a Secret/ConfigMap key reference naming a key the object in the set does not have"},
	{ID: RuleRefTypo, Severity: lint.Warning, Summary: "a reference to an object the set does not define, while a near-miss name is defined"},
	{ID: RuleEnvNearDup, Severity: lint.Warning, Summary: "an env name one or two edits from a name that other workloads of the same image, or one slip from a name that another workload of the same application, set"},
	{ID: RuleEnvInconsistent, Severity: lint.Warning, Summary: "copies of a workload's env var that should agree differ"},
	{ID: RuleMisspelling, Severity: lint.Warning, Summary: "a word of an env var name, ConfigMap/Secret key or label/annotation key that the misspell dictionary lists as a misspelling"},
	{ID: RuleMatchesNothing, Severity: lint.Warning, Summary: "a selector or backend that matches nothing in the set"},
	{ID: RulePortName, Severity: lint.Error, Summary: "a named port that no selected container declares, or an invalid port name"},
	{ID: RuleGoEnvTypo, Severity: lint.Warning, Summary: "the Go code reads an env var the manifests set under a near-miss name"},
	{ID: RuleGoEnvUnset, Severity: lint.Info, Summary: "the Go code reads an env var no manifest sets, where the manifests configure this package"},
	{ID: RuleEnvUnread, Severity: lint.Info, Summary: "a container running this module's code sets an env var no Go code names"},
	lint.DirectiveRule,
}

// ruleIDs lists the rule ids, for suggestions.
func ruleIDs() []string {
	ids := make([]string, len(Rules))
	for i, r := range Rules {
		ids[i] = r.ID
	}
	return ids
}
