package manifest

import (
	"fmt"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/hindsight-lint/hindsight/internal/code"
	"github.com/hindsight-lint/hindsight/internal/k8sschema"
)

// validateObject runs the object-level API rules: the name's syntax and a
// workload's selector against its pod template labels.
func (c *checker) validateObject(src *source, obj *yaml.Node, kind string, builtin bool) {
	if !builtin {
		return
	}
	if n := scalarAt(obj, "metadata", "name"); n != nil && !src.isMasked(n) && n.Value != "" {
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

// registerCRD records the kind a CustomResourceDefinition defines, so that
// objects of that kind are not reported as unknown.
func (c *checker) registerCRD(src *source, doc *yaml.Node) {
	if doc == nil || len(doc.Content) == 0 {
		return
	}
	root := doc.Content[0]
	var visit func(obj *yaml.Node)
	visit = func(obj *yaml.Node) {
		switch str(obj, "kind") {
		case "CustomResourceDefinition":
			group, kind := str(obj, "spec", "group"), str(obj, "spec", "names", "kind")
			if kind == "" || anyMasked(src, get(obj, "spec")) {
				return
			}
			c.crdKinds[group+"/"+kind] = true
			legacy := get(obj, "spec", "validation", "openAPIV3Schema")
			for _, v := range items(obj, "spec", "versions") {
				version := str(v, "name")
				schema := get(v, "schema", "openAPIV3Schema")
				if schema == nil {
					schema = legacy
				}
				if version == "" || schema == nil {
					continue
				}
				key := group + "/" + version + "/" + kind
				if c.crdKeys == nil {
					c.crdKeys, c.crdPrints = map[string]string{}, map[string]string{}
				}
				print := fingerprint(schema)
				if prev, dup := c.crdPrints[key]; dup {
					if prev != print {
						// Two different schemas for one kind (copies from
						// different releases): trust neither.
						c.crdKeys[key] = ""
					}
					continue
				}
				c.crdPrints[key] = print
				c.crdKeys[key] = c.crdSchema("crd:"+key, schema, true)
			}
		case "List":
			for _, it := range items(obj, "items") {
				visit(it)
			}
		}
	}
	if root.Kind == yaml.MappingNode {
		visit(root)
	}
}

// ignoreDir is a "# hindsight:ignore rule reason" comment in a YAML file.
type ignoreDir struct {
	line, col int // byte column
	rules     []string
	reason    string
	used      bool
}

func parseDirectives(src *source) []*ignoreDir {
	var out []*ignoreDir
	data := src.data
	const marker = "hindsight:ignore"
	for i := 0; ; {
		j := strings.Index(string(data[i:]), marker)
		if j < 0 {
			break
		}
		at := i + j
		i = at + len(marker)
		// It must be a comment: '#', optional spaces, then the marker.
		k := at - 1
		for k >= 0 && data[k] == ' ' {
			k--
		}
		if k < 0 || data[k] != '#' {
			continue
		}
		end := at
		for end < len(data) && data[end] != '\n' {
			end++
		}
		text := string(data[at+len(marker) : end])
		if i := strings.Index(text, " #"); i >= 0 {
			text = text[:i] // a further comment
		}
		fields := strings.Fields(text)
		line, col := src.lineColOf(k)
		d := &ignoreDir{line: line, col: col}
		if len(fields) > 0 {
			d.rules = strings.Split(fields[0], ",")
			d.reason = strings.Join(fields[1:], " ")
		}
		out = append(out, d)
	}
	return out
}

// covers reports whether the directive suppresses findings of rule. One
// without a reason suppresses nothing, as in Go code.
func (d *ignoreDir) covers(rule string) bool {
	if d.reason == "" {
		return false
	}
	for _, r := range d.rules {
		if r == rule || r == "manifest" || r == "*" || r == "all" {
			return true
		}
	}
	return false
}

// applyDirectives drops findings suppressed by an ignore comment on their
// line or the line above, and reports directives that suppress nothing or
// give no reason.
func (c *checker) applyDirectives(sources []*source) {
	kept := c.findings[:0]
	for _, f := range c.findings {
		suppressed := false
		for _, d := range f.src.dirs {
			if (d.line == f.line || d.line == f.line-1) && d.covers(f.rule) {
				d.used = true
				suppressed = true
			}
		}
		if !suppressed {
			kept = append(kept, f)
		}
	}
	c.findings = kept
	known := map[string]bool{"manifest": true, "*": true, "all": true}
	for _, r := range Rules {
		known[r.ID] = true
	}
	for _, src := range sources {
		for _, d := range src.dirs {
			var unknown []string
			for _, r := range d.rules {
				if !known[r] {
					unknown = append(unknown, r)
				}
			}
			switch {
			case len(d.rules) == 0 || d.reason == "":
				c.findings = append(c.findings, finding{src: src, line: d.line, col: d.col, byteCol: true, rule: RuleIgnore,
					msg: "hindsight:ignore needs a rule id (or manifest) and a reason, and suppresses nothing without them: # hindsight:ignore duplicate-key <why>"})
			case len(unknown) > 0:
				msg := fmt.Sprintf("hindsight:ignore names %s, which is not a rule of the manifest check", quoteAll(unknown))
				if len(unknown) == len(d.rules) {
					msg += ", so it suppresses nothing"
				}
				if s, ok := code.Nearest(unknown[0], ruleIDs()); ok {
					msg += fmt.Sprintf("; did you mean %q?", s)
				}
				c.findings = append(c.findings, finding{src: src, line: d.line, col: d.col, byteCol: true, rule: RuleIgnore, msg: msg})
			case !d.used:
				c.findings = append(c.findings, finding{src: src, line: d.line, col: d.col, byteCol: true, rule: RuleIgnore,
					msg: fmt.Sprintf("hindsight:ignore %s suppresses nothing; remove it", strings.Join(d.rules, ","))})
			}
		}
	}
}

func quoteAll(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = strconv.Quote(v)
	}
	return strings.Join(q, ", ")
}

// crdSchema converts an OpenAPI v3 schema of a CRD into the table's form,
// registering struct types under names derived from name, and returns the
// ref. The converter is conservative: whatever it does not understand
// becomes "any" and is not checked.
func (c *checker) crdSchema(name string, s *yaml.Node, root bool) string {
	s = deref(s)
	if s == nil || s.Kind != yaml.MappingNode {
		return "any"
	}
	if str(s, "x-kubernetes-int-or-string") == "true" {
		return "ios"
	}
	if str(s, "x-kubernetes-embedded-resource") == "true" {
		return "any"
	}
	for _, k := range []string{"anyOf", "oneOf", "allOf", "not"} {
		if get(s, k) != nil {
			return "any"
		}
	}
	preserve := str(s, "x-kubernetes-preserve-unknown-fields") == "true"
	switch str(s, "type") {
	case "string":
		var vals []string
		for _, e := range items(s, "enum") {
			if e.Kind == yaml.ScalarNode {
				vals = append(vals, e.Value)
			}
		}
		if len(vals) > 0 {
			c.crdEnums[name] = vals
			return "e:" + name
		}
		return "s"
	case "integer":
		if str(s, "format") == "int32" {
			return "i32"
		}
		return "i64"
	case "number":
		return "f"
	case "boolean":
		return "b"
	case "array":
		return "[]" + c.crdSchema(name+"[]", get(s, "items"), false)
	case "object", "":
		props := get(s, "properties")
		if props == nil || props.Kind != yaml.MappingNode || len(props.Content) == 0 {
			if ap := get(s, "additionalProperties"); ap != nil && ap.Kind == yaml.MappingNode {
				return "{}" + c.crdSchema(name+"{}", ap, false)
			}
			if root {
				t := &k8sschema.Type{Fields: map[string]string{"apiVersion": "s", "kind": "s", "metadata": "t:meta/v1.ObjectMeta"}, Open: true}
				c.crdTypes[name] = t
				return name
			}
			return "any"
		}
		t := &k8sschema.Type{Fields: map[string]string{}, Open: preserve || get(s, "additionalProperties") != nil}
		c.crdTypes[name] = t
		pairs(props, func(k, v *yaml.Node) {
			ref := c.crdSchema(name+"."+k.Value, v, false)
			t.Fields[k.Value] = ref
			v = deref(v)
			if str(v, "x-kubernetes-list-type") == "map" {
				var keys []string
				for _, mk := range items(v, "x-kubernetes-list-map-keys") {
					keys = append(keys, mk.Value)
				}
				if len(keys) > 0 {
					if t.ListKeys == nil {
						t.ListKeys = map[string][]string{}
					}
					t.ListKeys[k.Value] = keys
				}
			}
		})
		if root {
			t.Fields["apiVersion"], t.Fields["kind"] = "s", "s"
			t.Fields["metadata"] = "t:meta/v1.ObjectMeta"
			return name
		}
		return "t:" + name
	}
	return "any"
}

// fingerprint summarises a schema subtree: its keys and scalars in order.
func fingerprint(n *yaml.Node) string {
	var b strings.Builder
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		n = deref(n)
		if n == nil || depth > 200 || b.Len() > 1<<20 {
			return
		}
		if n.Kind == yaml.ScalarNode {
			b.WriteString(n.Value)
			b.WriteByte(0)
		}
		for _, c := range n.Content {
			walk(c, depth+1)
		}
		b.WriteByte(1)
	}
	walk(n, 0)
	return b.String()
}
