package k8s

import (
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// validateObject runs the object-level API rules: the name's syntax and a
// workload's selector against its pod template labels.
func (c *checker) validateObject(src *source, obj *yaml.Node, kind string, builtin bool) {
	if !builtin {
		return
	}
	if n := scalarAt(obj, "metadata", "name"); n != nil && !src.isMasked(n) && !isPlaceholder(n) && n.Value != "" {
		var msg string
		switch kind {
		case "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "Node", "User", "Group", "ComponentStatus":
			// path-segment names (system:controller:x) or special rules
		case "Namespace":
			msg = dnsLabel(n.Value)
		case "Service":
			if len(n.Value) > 63 || !dns1035Lbl.MatchString(n.Value) {
				msg = "must be a DNS-1035 label: at most 63 lower-case letters, digits and '-', starting with a letter and ending with a letter or digit"
			}
		default:
			if len(n.Value) > 253 || !dns1123Sub.MatchString(n.Value) {
				msg = "must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit"
			}
		}
		if msg != "" {
			c.report(src, n, RuleObjectName, "%s name %q %s", kind, n.Value, msg)
		}
	}
	var sel, labels *yaml.Node
	switch kind {
	case "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job":
		sel = get(obj, "spec", "selector", "matchLabels")
		labels = get(obj, "spec", "template", "metadata", "labels")
		if kind == "Job" && str(obj, "spec", "manualSelector") != "true" {
			return
		}
		if exprs := items(obj, "spec", "selector", "matchExpressions"); len(exprs) > 0 && labels != nil {
			c.matchExpressions(src, exprs, labels, kind)
		}
	case "ReplicationController":
		sel = get(obj, "spec", "selector")
		labels = get(obj, "spec", "template", "metadata", "labels")
	default:
		return
	}
	if sel == nil || sel.Kind != yaml.MappingNode || labels == nil || anyMasked(src, sel) || anyMasked(src, labels) {
		return // no template labels: a partial object such as a Kustomize patch
	}
	have := stringMap(labels)
	pairs(sel, func(k, v *yaml.Node) {
		v = deref(v)
		if v.Kind != yaml.ScalarNode {
			return
		}
		got, ok := have[k.Value]
		switch {
		case !ok:
			c.report(src, k, RuleSelector, "%s selector %s=%s does not match the pod template, which has no label %q; the API server rejects the %s", kind, k.Value, v.Value, k.Value, kind)
		case got != v.Value:
			c.report(src, v, RuleSelector, "%s selector %s=%s does not match the pod template label %s=%s; the API server rejects the %s", kind, k.Value, v.Value, k.Value, got, kind)
		}
	})
}

func (c *checker) matchExpressions(src *source, exprs []*yaml.Node, labels *yaml.Node, kind string) {
	have := stringMap(labels)
	if anyMasked(src, labels) {
		return
	}
	for _, e := range exprs {
		key, op := scalarAt(e, "key"), str(e, "operator")
		if key == nil || src.isMasked(key) {
			continue
		}
		var vals []string
		for _, v := range items(e, "values") {
			if v.Kind == yaml.ScalarNode {
				vals = append(vals, v.Value)
			}
		}
		got, ok := have[key.Value]
		bad := false
		switch op {
		case "In":
			bad = !ok || !contains(vals, got)
		case "NotIn":
			bad = ok && contains(vals, got)
		case "Exists":
			bad = !ok
		case "DoesNotExist":
			bad = ok
		}
		if bad {
			c.report(src, key, RuleSelector, "%s selector expression %s %s %s does not match the pod template labels; the API server rejects the %s", kind, key.Value, op, strings.Join(vals, ","), kind)
		}
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
