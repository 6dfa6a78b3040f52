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
			open := crdSchemaPartial(obj)
			for _, v := range crdVersions(obj) {
				key := group + "/" + v.name + "/" + kind
				if c.crdKeys == nil {
					c.crdKeys, c.crdPrints = map[string]string{}, map[string]string{}
				}
				print := fingerprint(v.schema)
				if open {
					print = "open\x00" + print
				}
				if prev, dup := c.crdPrints[key]; dup {
					if prev != print {
						// Two different schemas for one kind (copies from
						// different releases): trust neither.
						c.crdKeys[key] = ""
					}
					continue
				}
				c.crdPrints[key] = print
				c.crdKeys[key] = c.crdSchema("crd:"+key, v.schema, true, open)
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

// crdVersion is a served version of a CustomResourceDefinition and the
// schema its objects are validated against.
type crdVersion struct {
	name   string
	schema *yaml.Node
}

// crdVersions lists the versions of a CustomResourceDefinition that have a
// schema: apiextensions v1 puts one in each spec.versions entry;
// v1beta1 may instead give one spec.validation for all versions, and may
// name its only version in spec.version instead of a versions list.
func crdVersions(crd *yaml.Node) []crdVersion {
	legacy := get(crd, "spec", "validation", "openAPIV3Schema")
	var out []crdVersion
	versions := items(crd, "spec", "versions")
	for _, v := range versions {
		schema := get(v, "schema", "openAPIV3Schema")
		if schema == nil {
			schema = legacy
		}
		if name := str(v, "name"); name != "" && schema != nil {
			out = append(out, crdVersion{name, schema})
		}
	}
	if len(versions) == 0 && legacy != nil {
		if name := str(crd, "spec", "version"); name != "" {
			out = append(out, crdVersion{name, legacy})
		}
	}
	return out
}

// crdSchemaPartial reports whether a CustomResourceDefinition's schema may
// describe only some of its objects' fields. apiextensions v1beta1 keeps
// unknown fields by default (spec.preserveUnknownFields: true), and
// hand-written v1beta1 schemas often validate a few fields only, leaving
// the rest to the controller: such a schema says nothing about fields it
// does not list. A v1beta1 CRD that sets preserveUnknownFields: false, or
// that controller-gen generated from the Go types, describes every field.
// apiextensions v1 schemas are structural: unknown fields are pruned.
func crdSchemaPartial(crd *yaml.Node) bool {
	if str(crd, "apiVersion") != "apiextensions.k8s.io/v1beta1" {
		return false
	}
	if str(crd, "spec", "preserveUnknownFields") == "false" {
		return false
	}
	return get(crd, "metadata", "annotations", "controller-gen.kubebuilder.io/version") == nil
}

// crdSchema converts an OpenAPI v3 schema of a CRD into the table's form,
// registering struct types under names derived from name, and returns the
// ref. The converter is conservative: whatever it does not understand
// becomes "any" and is not checked. With open set, every object type
// accepts fields it does not list (a partial schema).
func (c *checker) crdSchema(name string, s *yaml.Node, root, open bool) string {
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
		return "[]" + c.crdSchema(name+"[]", get(s, "items"), false, open)
	case "object", "":
		props := get(s, "properties")
		if props == nil || props.Kind != yaml.MappingNode || len(props.Content) == 0 {
			if ap := get(s, "additionalProperties"); ap != nil && ap.Kind == yaml.MappingNode {
				return "{}" + c.crdSchema(name+"{}", ap, false, open)
			}
			if root {
				t := &k8sschema.Type{Fields: map[string]string{"apiVersion": "s", "kind": "s", "metadata": "t:meta/v1.ObjectMeta"}, Open: true}
				c.crdTypes[name] = t
				return name
			}
			return "any"
		}
		t := &k8sschema.Type{Fields: map[string]string{}, Open: open || preserve || get(s, "additionalProperties") != nil}
		c.crdTypes[name] = t
		pairs(props, func(k, v *yaml.Node) {
			ref := c.crdSchema(name+"."+k.Value, v, false, open)
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
