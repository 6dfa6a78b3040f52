package k8s

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// deref follows alias nodes to their anchor.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// pairs calls f for every key/value of mapping n, merged (<<) mappings
// first so that the mapping's own keys override them as YAML specifies.
func pairs(n *yaml.Node, f func(k, v *yaml.Node)) {
	pairsDepth(deref(n), f, 0)
}

func pairsDepth(n *yaml.Node, f func(k, v *yaml.Node), depth int) {
	if n == nil || n.Kind != yaml.MappingNode || depth > 20 {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if isMerge(k) {
			v = deref(v)
			if v.Kind == yaml.SequenceNode {
				for _, m := range v.Content {
					pairsDepth(deref(m), f, depth+1)
				}
			} else {
				pairsDepth(v, f, depth+1)
			}
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; !isMerge(k) {
			f(k, n.Content[i+1])
		}
	}
}

func isMerge(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Value == "<<" && k.Tag == "!!merge"
}

// get returns the value of key in mapping n (following aliases and merge
// keys; the last definition wins), or nil.
func get(n *yaml.Node, path ...string) *yaml.Node {
	for _, key := range path {
		var found *yaml.Node
		pairs(n, func(k, v *yaml.Node) {
			if k.Kind == yaml.ScalarNode && k.Value == key {
				found = v
			}
		})
		if found == nil {
			return nil
		}
		n = deref(found)
	}
	return n
}

// scalarAt returns the scalar value node at path, or nil.
func scalarAt(n *yaml.Node, path ...string) *yaml.Node {
	v := get(n, path...)
	if v == nil || v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		return nil
	}
	return v
}

func str(n *yaml.Node, path ...string) string {
	if v := scalarAt(n, path...); v != nil {
		return v.Value
	}
	return ""
}

// items returns the elements of the sequence at path.
func items(n *yaml.Node, path ...string) []*yaml.Node {
	v := get(n, path...)
	if v == nil || v.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, 0, len(v.Content))
	for _, e := range v.Content {
		out = append(out, deref(e))
	}
	return out
}

// stringMap returns the string entries of the mapping at path.
func stringMap(n *yaml.Node, path ...string) map[string]string {
	v := get(n, path...)
	if v == nil || v.Kind != yaml.MappingNode {
		return nil
	}
	m := map[string]string{}
	pairs(v, func(k, val *yaml.Node) {
		val = deref(val)
		if k.Kind == yaml.ScalarNode && val.Kind == yaml.ScalarNode {
			m[k.Value] = val.Value
		}
	})
	return m
}

// expandedSize counts the nodes of n with every alias expanded, stopping
// once the count passes limit. Each anchor's size is computed once. An
// alias inside the very node it names (a: &a [*a]) makes the document
// infinite: the count is then past limit, and loop is that alias.
func expandedSize(n *yaml.Node, limit int) (size int, loop *yaml.Node) {
	memo := map[*yaml.Node]int{}
	open := map[*yaml.Node]bool{} // anchors being expanded
	var count func(n *yaml.Node, depth int) int
	count = func(n *yaml.Node, depth int) int {
		if n == nil || depth > 10000 {
			return 0
		}
		if n.Kind == yaml.AliasNode {
			if n.Alias == nil {
				return 1
			}
			if open[n.Alias] {
				if loop == nil {
					loop = n
				}
				return limit + 1
			}
			if s, ok := memo[n.Alias]; ok {
				return s
			}
			open[n.Alias] = true
			s := count(n.Alias, depth+1)
			delete(open, n.Alias)
			memo[n.Alias] = s
			return s
		}
		total := 1
		for _, c := range n.Content {
			total += count(c, depth+1)
			if total > limit {
				return limit + 1
			}
		}
		return total
	}
	return count(n, 0), loop
}

// resolve11 classifies a plain scalar the way go-yaml v2 (and so
// sigs.k8s.io/yaml, kubectl and Helm) resolves it. It returns the kind
// ("bool", "int", "float", "null", "str") and the JSON text Kubernetes sees.
func resolve11(v string) (kind, json string) {
	switch v {
	case "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE":
		return "bool", "true"
	case "n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE":
		return "bool", "false"
	case "", "~", "null", "Null", "NULL":
		return "null", "null"
	case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN":
		return "float", v
	}
	if v == "" || !strings.ContainsAny(v[:1], "+-.0123456789") {
		return "str", v
	}
	plain := strings.ReplaceAll(v, "_", "")
	if i, err := strconv.ParseInt(plain, 0, 64); err == nil {
		// strconv's base prefix 0 reads 0644 as octal, like YAML 1.1.
		return "int", strconv.FormatInt(i, 10)
	}
	if u, err := strconv.ParseUint(plain, 0, 64); err == nil {
		return "int", strconv.FormatUint(u, 10)
	}
	if yaml11Float.MatchString(v) {
		f, err := strconv.ParseFloat(plain, 64)
		if err == nil && !math.IsInf(f, 0) {
			return "float", strconv.FormatFloat(f, 'g', -1, 64)
		}
	}
	return "str", v
}

var yaml11Float = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$`)

// isPlain reports whether n is an untagged plain scalar (its type comes from
// resolution, not from quotes or an explicit tag).
func isPlain(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle|yaml.TaggedStyle) == 0
}

// yamlChecks runs the schema-free checks over a document: duplicate keys
// and keys that collide once Kubernetes' YAML 1.1 rules rewrite them.
func (c *checker) yamlChecks(src *source, root *yaml.Node) {
	// Without following aliases the nodes form a tree: each is seen once.
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		if n == nil || depth > 10000 {
			return
		}
		if n.Kind == yaml.MappingNode {
			c.mappingKeys(src, n)
		}
		for _, ch := range n.Content {
			if ch.Kind != yaml.AliasNode && len(ch.Content) > 0 {
				walk(ch, depth+1)
			}
		}
	}
	walk(root, 0)
}

func (c *checker) mappingKeys(src *source, n *yaml.Node) {
	// Most mappings are small and clean: a quadratic scan without
	// allocation finds whether there is anything to look at.
	if len(n.Content) <= 32 {
		clean := true
		for i := 0; i+1 < len(n.Content) && clean; i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				continue
			}
			if isPlain(k) {
				if kind, _ := resolve11(k.Value); kind != "str" {
					clean = false // resolves to a non-string under YAML 1.1
				}
			}
			for j := i + 2; j+1 < len(n.Content); j += 2 {
				if n.Content[j].Kind == yaml.ScalarNode && n.Content[j].Value == k.Value {
					clean = false
					break
				}
			}
		}
		if clean {
			return
		}
	}
	var keys map[string]*yaml.Node
	var norm map[string]*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind != yaml.ScalarNode || isMerge(k) {
			continue
		}
		if keys == nil {
			keys, norm = map[string]*yaml.Node{}, map[string]*yaml.Node{}
		}
		id := k.Value
		if first, dup := keys[id]; dup {
			if src.template && src.controlBetween(first.Line, k.Line) {
				continue // {{ if }} ... {{ else }} branches set the key once each
			}
			if src.isMasked(k) {
				continue
			}
			f := finding{src: src, line: k.Line, col: k.Column, rule: RuleDuplicateKey,
				msg: fmt.Sprintf("duplicate key %q in this mapping: also set at line %d; YAML loaders keep only the last value, so the one at line %d is silently dropped",
					k.Value, first.Line, first.Line)}
			f.related = &position{src, first.Line, first.Column}
			c.findings = append(c.findings, f)
			continue
		}
		keys[id] = k
		// Normalise as Kubernetes' YAML path (go-yaml v2 -> JSON) does.
		nk := k.Value
		if isPlain(k) {
			_, nk = resolve11(k.Value)
		}
		if first, clash := norm[nk]; clash && first.Value != k.Value {
			c.report(src, k, RuleKeyCollision,
				"key %q collides with key %q at line %d: Kubernetes' YAML 1.1 rules read both as %q and keep only one; quote them", k.Value, first.Value, first.Line, nk)
			continue
		}
		norm[nk] = k
	}
}
