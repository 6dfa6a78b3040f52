// Package k8sschema is the offline Kubernetes schema that the manifest check
// uses: the fields, scalar types, enums and list-map keys of every built-in
// kind (CustomResourceDefinition included), and the API versions that are no
// longer served. The table is generated from k8s.io/api and
// k8s.io/apiextensions-apiserver by the program in tools/k8sschema-gen/ (its
// own module, the only code that imports k8s.io/*) and embedded compressed,
// so the hindsight binary links nothing from Kubernetes.
//
// A field's type is a ref: s (string), b (bool), i32, i64, f (float), q
// (quantity), ios (IntOrString), dur (duration), time, bytes (base64), any
// (not checked), e:<enum name> (a key of Enums), t:<type name> (a key of
// Types), []<ref> (a list), {}<ref> (a map with string keys).
package k8sschema

//go:generate sh -c "cd ../../tools/k8sschema-gen && go run . -o ../../internal/k8sschema/schema.json.gz"

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
)

//go:embed schema.json.gz
var table []byte

// Schema is the decoded table.
type Schema struct {
	Source  string              `json:"source"`
	Kinds   map[string]string   `json:"kinds"` // "group/version/Kind" -> type name
	Types   map[string]*Type    `json:"types"`
	Enums   map[string][]string `json:"enums"`
	Removed map[string]Removal  `json:"removed"` // "group/version/Kind" -> removal

	byKind map[string][]string // Kind -> "group/version" list
}

// Type is a struct type: its fields by JSON name (each with its ref) and
// the keys of its list-map fields.
type Type struct {
	Fields   map[string]string   `json:"f"`
	ListKeys map[string][]string `json:"lk"`
	// Open types accept fields beyond Fields (CRD schemas with
	// x-kubernetes-preserve-unknown-fields); the built-in table has none.
	Open bool `json:"open,omitempty"`
}

// Removal says since which Kubernetes release a group/version/kind is no
// longer served and what replaces it ("" when nothing does).
type Removal struct {
	In  string `json:"in"`
	Use string `json:"use"`
}

// Load decodes the embedded table once.
var Load = sync.OnceValues(func() (*Schema, error) {
	zr, err := gzip.NewReader(bytes.NewReader(table))
	if err != nil {
		return nil, err
	}
	return decode(zr)
})

// decode reads a table and indexes it.
func decode(r io.Reader) (*Schema, error) {
	s := new(Schema)
	if err := json.NewDecoder(r).Decode(s); err != nil {
		return nil, err
	}
	// Removal releases in the future of the table's Kubernetes version are
	// estimates for beta APIs that are still served: drop them.
	if minor := s.minor(); minor > 0 {
		for k, r := range s.Removed {
			var maj, min int
			if _, err := fmt.Sscanf(r.In, "%d.%d", &maj, &min); err == nil && maj == 1 && min > minor {
				delete(s.Removed, k)
			}
		}
	}
	s.byKind = make(map[string][]string)
	for k := range s.Kinds {
		gv, kind := splitKey(k)
		s.byKind[kind] = append(s.byKind[kind], gv)
	}
	for k := range s.Removed {
		gv, kind := splitKey(k)
		if _, ok := s.Kinds[k]; !ok {
			s.byKind[kind] = append(s.byKind[kind], gv)
		}
	}
	return s, nil
}

// minor returns the Kubernetes minor version the table was generated from
// (k8s.io/api v0.N.x is Kubernetes 1.N), or 0.
func (s *Schema) minor() int {
	i := strings.Index(s.Source, "@v0.")
	if i < 0 {
		return 0
	}
	var n int
	if _, err := fmt.Sscanf(s.Source[i+4:], "%d", &n); err != nil {
		return 0
	}
	return n
}

func splitKey(k string) (gv, kind string) {
	i := strings.LastIndexByte(k, '/')
	return k[:i], k[i+1:]
}

// Key builds the table key of an apiVersion ("apps/v1" or "v1") and kind.
func Key(apiVersion, kind string) string {
	if !strings.Contains(apiVersion, "/") {
		apiVersion = "/" + apiVersion
	}
	return apiVersion + "/" + kind
}

// APIVersion renders the group/version part of a table key the way
// manifests spell it ("v1" for the core group).
func APIVersion(key string) string {
	gv, _ := splitKey(key)
	return strings.TrimPrefix(gv, "/")
}

// KindOf returns the Kind part of a table key.
func KindOf(key string) string {
	_, k := splitKey(key)
	return k
}

// GroupVersions returns the group/versions ("apps/v1", "/v1") that define kind.
func (s *Schema) GroupVersions(kind string) []string { return s.byKind[kind] }

// KindNames returns every kind name in the table.
func (s *Schema) KindNames() []string {
	out := make([]string, 0, len(s.byKind))
	for k := range s.byKind {
		out = append(out, k)
	}
	return out
}

// KnownGroup reports whether the table has any kind in group.
func (s *Schema) KnownGroup(group string) bool {
	for k := range s.Kinds {
		if strings.HasPrefix(k, group+"/") {
			return true
		}
	}
	return false
}
