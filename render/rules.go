package render

import "github.com/hindsight-lint/hindsight/internal/lint"

// The render rules: findings about charts and kustomizations themselves.
// Findings in the rendered objects carry the manifest check's rules.
var (
	ruleValuesUndefined = &lint.Rule{ID: "values-undefined", Severity: lint.Warning,
		Summary: "a template reads a .Values path that values.yaml does not define while a near-miss key is defined: a typo, the template gets nothing"}
	ruleValuesUndocumented = &lint.Rule{ID: "values-undocumented", Severity: lint.Info,
		Summary: "a template reads a .Values path that values.yaml does not define (no near miss): an optional value users cannot discover"}
	ruleValuesUnused = &lint.Rule{ID: "values-unused", Severity: lint.Info,
		Summary: "a values.yaml key that no template of the chart reads"}
	ruleRenderFailed = &lint.Rule{ID: "render-failed", Severity: lint.Error,
		Summary: "a template fails to render with the chart's default values (a template error, a required value, a fail call): helm install fails"}
	ruleDependencyMissing = &lint.Rule{ID: "dependency-not-vendored", Severity: lint.Info,
		Summary: "a chart dependency that is not in charts/: it is not rendered nor checked (run helm dependency build to check it)"}
	ruleKustomizeFailed = &lint.Rule{ID: "kustomize-build-failed", Severity: lint.Error,
		Summary: "a kustomization that does not build: a cycle, a missing resource, a patch whose target matches nothing"}
	rulePatchUnmatched = &lint.Rule{ID: "patch-target-unmatched", Severity: lint.Error,
		Summary: "a kustomize patch whose target selector names no object of the build: the patch is silently applied to nothing"}
	ruleRemoteBase = &lint.Rule{ID: "remote-not-checked", Severity: lint.Info,
		Summary: "a remote base, resource or component of a kustomization: never fetched, so the overlay is not checked"}
	ruleUnreadable = &lint.Rule{ID: "chart-unreadable", Severity: lint.Error,
		Summary: "a chart or kustomization file that cannot be read or parsed (Chart.yaml, values.yaml, kustomization.yaml)"}
)

// Rules are the render command's own rules; rendered objects are checked
// with the manifest check's rules.
var Rules = lint.Rules{
	ruleValuesUndefined, ruleValuesUndocumented, ruleValuesUnused, ruleRenderFailed,
	ruleDependencyMissing, ruleKustomizeFailed, rulePatchUnmatched, ruleRemoteBase, ruleUnreadable,
}

// Check is the check name render findings carry ("render/values-undefined").
const Check = "render"
