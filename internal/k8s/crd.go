package k8s

import (
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/hindsight-lint/hindsight/internal/k8sschema"
)

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
