package k8s

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	yaml "go.yaml.in/yaml/v3"

	"github.com/hindsight-lint/hindsight/internal/k8sschema"
	"github.com/hindsight-lint/hindsight/internal/spell"
)

type memoKey struct {
	n   *yaml.Node
	ref string
}

// walker checks one object against the schema.
type walker struct {
	c    *checker
	src  *source
	kind string
	memo map[memoKey]bool // aliases already checked against a type
}

func (w *walker) typ(name string) *k8sschema.Type {
	if t := w.c.schema.Types[name]; t != nil {
		return t
	}
	return w.c.crdTypes[name]
}

// shortType turns "core/v1.Container" into "Container", and the type of a
// custom resource's field, "crd:example.com/v1/Queue.spec.consumers[]",
// into its path from the kind, "Queue.spec.consumers[]".
func shortType(name string) string {
	if rest, ok := strings.CutPrefix(name, "crd:"); ok {
		if _, rest, ok = strings.Cut(rest, "/"); ok { // the group
			if _, rest, ok = strings.Cut(rest, "/"); ok { // the version
				return rest
			}
		}
		return name
	}
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i+1:]
	}
	return name
}

func (w *walker) walk(n *yaml.Node, ref, field string, parent *k8sschema.Type) {
	if n == nil {
		return
	}
	if n.Kind == yaml.AliasNode {
		k := memoKey{n.Alias, ref}
		if w.memo[k] {
			return
		}
		w.memo[k] = true
		n = deref(n)
		if n == nil {
			return
		}
	}
	if n.Kind == yaml.ScalarNode && (n.Tag == "!!null" || w.src.isMasked(n)) {
		return
	}
	switch {
	case ref == "any" || ref == "":
		return
	case strings.HasPrefix(ref, "[]"):
		if n.Kind != yaml.SequenceNode {
			w.typeErr(n, field, "a list")
			return
		}
		for _, e := range n.Content {
			w.walk(e, ref[2:], field, nil)
		}
	case strings.HasPrefix(ref, "{}"):
		if n.Kind != yaml.MappingNode {
			w.typeErr(n, field, "a mapping")
			return
		}
		pairs(n, func(k, v *yaml.Node) {
			w.mapKey(k)
			w.walk(v, ref[2:], k.Value, nil)
		})
	case strings.HasPrefix(ref, "t:"):
		w.structNode(n, ref[2:], field, parent)
	default:
		w.scalar(n, ref, field)
	}
}

// mapKey warns about map keys (labels, annotations, ConfigMap keys...)
// that Kubernetes' YAML 1.1 rules turn into something else.
func (w *walker) mapKey(k *yaml.Node) {
	if k.Kind != yaml.ScalarNode || !isPlain(k) || w.src.isMasked(k) {
		return
	}
	if kind, json := resolve11(k.Value); kind != "str" && json != k.Value {
		w.c.report(w.src, k, RuleYAML11Key, "key %s is a YAML 1.1 %s to Kubernetes and becomes the key %q; quote it (\"%s\")", k.Value, kind, json, k.Value)
	}
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	if !isPlain(n) {
		return fmt.Sprintf("the string %q", n.Value)
	}
	kind, json := resolve11(n.Value)
	switch kind {
	case "str":
		return fmt.Sprintf("the string %q", n.Value)
	case "int", "float":
		return "the number " + json
	}
	return fmt.Sprintf("the %s %s", kind, json)
}

// upperSnake matches placeholders such as HELMSUBST_DEPLOYMENT_REPLICAS
// that build scripts substitute before the YAML reaches Kubernetes.
var upperSnake = regexp.MustCompile(`^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$`)

// isPlaceholder reports whether n is such a placeholder, or a mapping
// whose keys all are.
func isPlaceholder(n *yaml.Node) bool {
	switch n.Kind {
	case yaml.ScalarNode:
		return upperSnake.MatchString(n.Value)
	case yaml.MappingNode:
		for i := 0; i < len(n.Content); i += 2 {
			if !upperSnake.MatchString(n.Content[i].Value) {
				return false
			}
		}
		return len(n.Content) > 0
	}
	return false
}

func (w *walker) typeErr(n *yaml.Node, field, want string) {
	if isPlaceholder(n) {
		return
	}
	w.c.report(w.src, n, RuleType, "%s must be %s, not %s", field, want, describe(n))
}

func (w *walker) structNode(n *yaml.Node, name, field string, parent *k8sschema.Type) {
	t := w.typ(name)
	if t == nil {
		return
	}
	if n.Kind != yaml.MappingNode {
		w.typeErr(n, field, "a mapping (a "+shortType(name)+")")
		return
	}
	pairs(n, func(k, v *yaml.Node) {
		if k.Kind != yaml.ScalarNode || w.src.isMasked(k) || strings.HasPrefix(k.Value, "$") {
			return
		}
		ref, ok := t.Fields[k.Value]
		if !ok {
			if !t.Open {
				w.unknown(k, name, t, parent)
			}
			return
		}
		w.walk(v, ref, k.Value, t)
		if keys := t.ListKeys[k.Value]; keys != nil {
			w.listKeys(deref(v), keys, k.Value)
		}
		w.special(name, k, deref(v))
	})
}

func (w *walker) unknown(k *yaml.Node, name string, t, parent *k8sschema.Type) {
	if isPlaceholder(k) {
		return
	}
	var cands []string
	for f := range t.Fields {
		cands = append(cands, f)
	}
	sort.Strings(cands)
	if s, ok := spell.Nearest(k.Value, cands); ok {
		w.c.report(w.src, k, RuleUnknownField, "unknown field %q in %s; did you mean %q?", k.Value, shortType(name), s)
		return
	}
	// The field of a child type, placed one level too high?
	for _, f := range cands {
		child := strings.TrimPrefix(t.Fields[f], "[]")
		if ct := w.typ(strings.TrimPrefix(child, "t:")); strings.HasPrefix(child, "t:") && ct != nil {
			if _, ok := ct.Fields[k.Value]; ok {
				w.c.report(w.src, k, RuleMisplacedField, "%q is not a field of %s but of %s (under %q): wrong indentation?", k.Value, shortType(name), shortType(child[2:]), f)
				return
			}
		}
	}
	if parent != nil {
		if _, ok := parent.Fields[k.Value]; ok {
			w.c.report(w.src, k, RuleMisplacedField, "%q is not a field of %s but of the enclosing object: wrong indentation?", k.Value, shortType(name))
			return
		}
	}
	w.c.report(w.src, k, RuleUnknownField, "unknown field %q in %s%s", k.Value, shortType(name), fieldList(cands))
}

// maxListedFields is how many fields a type may have for an unknown-field
// message to list them all when no field is a near miss: a custom
// resource's "mode:" where its CRD says "type:" is no typo, but the list
// shows the field meant.
const maxListedFields = 8

// fieldList returns "; its fields are a, b, c" for a type with few fields
// (sorted), or "" for a larger one.
func fieldList(fields []string) string {
	if len(fields) == 0 || len(fields) > maxListedFields {
		return ""
	}
	return "; its fields are " + strings.Join(fields, ", ")
}

func (w *walker) scalar(n *yaml.Node, ref, field string) {
	if n.Kind != yaml.ScalarNode {
		want := map[string]string{"s": "a string", "b": "a boolean", "i32": "an integer", "i64": "an integer", "f": "a number",
			"q": "a quantity such as 500m or 1Gi", "ios": "an integer or a string", "dur": "a duration such as 30s", "time": "a timestamp", "bytes": "a base64 string"}[ref]
		if want == "" {
			want = "a string"
		}
		w.typeErr(n, field, want)
		return
	}
	plain := isPlain(n)
	kind := "str"
	json := n.Value
	if plain {
		kind, json = resolve11(n.Value)
	}
	if n.Tag == "!!binary" || (n.Tag != "" && n.Style&yaml.TaggedStyle != 0 && n.Tag != "!!str" && strings.HasPrefix(n.Tag, "!")) {
		return
	}
	if ref != "s" && isPlaceholder(n) {
		return
	}
	switch {
	case ref == "s" || strings.HasPrefix(ref, "e:") || ref == "bytes" || ref == "time" || ref == "dur":
		if kind == "bool" && n.Tag == "!!str" {
			w.c.report(w.src, n, RuleYAML11, "%s: %s is a YAML 1.1 boolean to Kubernetes (it becomes %s, not the string %q), and a string is required; quote it", field, n.Value, json, n.Value)
			return
		}
		if (kind == "int" || kind == "float") && json != n.Value {
			w.c.report(w.src, n, RuleYAML11, "%s: %s is read as the number %s by Kubernetes, and a string is required; quote it (\"%s\")", field, n.Value, json, n.Value)
			return
		}
		if kind != "str" && kind != "null" {
			w.c.report(w.src, n, RuleType, "%s must be a string, not %s; quote it", field, describe(n))
			return
		}
		switch {
		case strings.HasPrefix(ref, "e:"):
			w.enum(n, ref[2:], field)
		case ref == "bytes":
			if placeholder(n.Value) {
				return
			}
			if _, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(n.Value), "")); err != nil {
				hint := ""
				if w.kind == "Secret" {
					hint = " (put plain text under stringData)"
				}
				w.c.report(w.src, n, RuleFormat, "%s: value is not valid base64, and this field must be base64-encoded%s", field, hint)
			}
		case ref == "dur":
			if _, err := time.ParseDuration(n.Value); err != nil {
				w.c.report(w.src, n, RuleFormat, "%s: %q is not a duration (use forms like 30s, 5m, 1h30m)", field, n.Value)
			}
		}
	case ref == "b":
		if kind != "bool" {
			if !plain && (n.Value == "true" || n.Value == "false") {
				w.c.report(w.src, n, RuleType, "%s must be a boolean, not the string %q; remove the quotes", field, n.Value)
				return
			}
			w.typeErr(n, field, "a boolean (true or false)")
		}
	case ref == "i32" || ref == "i64":
		if kind == "int" {
			if ref == "i32" {
				if v, err := strconv.ParseInt(json, 10, 64); err == nil && (v > 1<<31-1 || v < -1<<31) {
					w.c.report(w.src, n, RuleType, "%s: %s does not fit in a 32-bit integer", field, json)
				}
			}
			return
		}
		if !plain && isInt(n.Value) {
			w.c.report(w.src, n, RuleType, "%s must be an integer, not the string %q; remove the quotes", field, n.Value)
			return
		}
		w.typeErr(n, field, "an integer")
	case ref == "f":
		if kind != "int" && kind != "float" {
			w.typeErr(n, field, "a number")
		}
	case ref == "q":
		if kind == "bool" || kind == "null" {
			w.typeErr(n, field, "a quantity such as 500m or 1Gi")
			return
		}
		if !validQuantity(json) {
			w.c.report(w.src, n, RuleFormat, "%s: %q is not a valid quantity (use forms like 500m, 0.5, 128Mi, 1Gi, 10G)%s", field, n.Value, quantityHint(n.Value))
		}
	case ref == "ios":
		if kind == "bool" || kind == "float" {
			w.typeErr(n, field, "an integer or a string")
		}
	}
}

func isInt(s string) bool {
	_, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return err == nil
}
