// Command k8sschema-gen reflects over the k8s.io/api types, and the
// CustomResourceDefinition types of k8s.io/apiextensions-apiserver
// (apiextensions.k8s.io v1 and v1beta1), and writes the compact schema table
// that internal/k8sschema embeds (schema.json.gz). It lives in its own module
// so that only this program, never the hindsight binary, links k8s.io/*.
//
//	cd tools/k8sschema-gen && go run . -o ../../internal/k8sschema/schema.json.gz
//
// Table format (see internal/k8sschema for the reader):
//
//	kinds:   "group/version/Kind" -> type name ("apps/v1.Deployment"); core group is "".
//	types:   type name -> {"f": {json field -> ref}, "lk": {json field -> list-map keys}}
//	enums:   enum type name -> allowed values (harvested from +enum comments,
//	         plus unmarkedEnums)
//	removed: "group/version/Kind" -> {"in": "1.16", "use": "group/version/Kind"}
//
// A ref is one of: s (string), b (bool), i32, i64, f (float), q (Quantity),
// ios (IntOrString), dur (Duration), time (Time/MicroTime), bytes (base64),
// any (free-form), e:<enum type>, t:<type name>, []<ref>, {}<ref>.
//
// Types with their own JSON decoding become "any" (not checked), except
// those exactRef can still describe exactly. In a CRD's JSONSchemaProps that
// leaves default, example and enum values (JSON), additionalProperties and
// additionalItems (a schema or a boolean) and dependencies unchecked.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

type typeEntry struct {
	F  map[string]string   `json:"f"`
	LK map[string][]string `json:"lk,omitempty"`
}

type removal struct {
	In  string `json:"in"`
	Use string `json:"use,omitempty"`
}

type table struct {
	Source  string                `json:"source"`
	Kinds   map[string]string     `json:"kinds"`
	Types   map[string]*typeEntry `json:"types"`
	Enums   map[string][]string   `json:"enums"`
	Removed map[string]removal    `json:"removed"`
}

// historical lists API versions that k8s.io/api no longer carries at all.
var historical = map[string]removal{
	"autoscaling/v2beta1/HorizontalPodAutoscaler": {In: "1.25", Use: "autoscaling/v2/HorizontalPodAutoscaler"},
	"autoscaling/v2beta2/HorizontalPodAutoscaler": {In: "1.26", Use: "autoscaling/v2/HorizontalPodAutoscaler"},
	"policy/v1beta1/PodSecurityPolicy":            {In: "1.25"},
	"extensions/v1beta1/PodSecurityPolicy":        {In: "1.16"},
	"batch/v2alpha1/CronJob":                      {In: "1.21", Use: "batch/v1/CronJob"},
	"scheduling.k8s.io/v1alpha1/PriorityClass":    {In: "1.17", Use: "scheduling.k8s.io/v1/PriorityClass"},
	"settings.k8s.io/v1alpha1/PodPreset":          {In: "1.20"},
}

func main() {
	out := flag.String("o", "../schema.json.gz", "output file")
	apiDir := flag.String("api", "", "k8s.io/api source directory (default: from the module cache)")
	flag.Parse()

	sch := runtime.NewScheme()
	for _, add := range addToScheme {
		if err := add(sch); err != nil {
			log.Fatal(err)
		}
	}
	dir := *apiDir
	if dir == "" {
		dir = moduleDir("k8s.io/api")
	}
	extDir := moduleDir("k8s.io/apiextensions-apiserver")
	g := &gen{
		t:        table{Kinds: map[string]string{}, Types: map[string]*typeEntry{}, Enums: map[string][]string{}, Removed: map[string]removal{}},
		listKeys: map[string]map[string][]string{},
		enumType: map[string]bool{},
		consts:   map[string]string{},
	}
	for _, name := range unmarkedEnums {
		g.enumType[name] = true
	}
	g.harvest(dir)
	g.harvest(filepath.Join(extDir, "pkg", "apis"))
	g.finishEnums()
	g.t.Source = "k8s.io/api " + filepath.Base(dir) + ", k8s.io/apiextensions-apiserver " + filepath.Base(extDir)

	for gvk, rt := range sch.AllKnownTypes() {
		if gvk.Version == runtime.APIVersionInternal || strings.HasPrefix(rt.PkgPath(), "k8s.io/apimachinery/") {
			continue
		}
		key := gvkKey(gvk)
		g.t.Kinds[key] = g.ref(rt)[2:]
		obj := reflect.New(rt).Interface()
		if r, ok := obj.(interface{ APILifecycleRemoved() (int, int) }); ok {
			maj, min := r.APILifecycleRemoved()
			if maj > 0 {
				rm := removal{In: fmt.Sprintf("%d.%d", maj, min)}
				if rp, ok := obj.(interface {
					APILifecycleReplacement() schema.GroupVersionKind
				}); ok {
					if repl := rp.APILifecycleReplacement(); repl.Kind != "" {
						rm.Use = gvkKey(repl)
					}
				}
				g.t.Removed[key] = rm
			}
		}
	}
	for k, v := range historical {
		g.t.Removed[k] = v
	}
	// A replacement the table does not serve is no advice (apps/v1beta1
	// DeploymentRollback names apps/v1 DeploymentRollback, which does not
	// exist).
	for k, rm := range g.t.Removed {
		if _, ok := g.t.Kinds[rm.Use]; rm.Use != "" && !ok {
			log.Printf("removed %s: replacement %s is not a kind; dropped", k, rm.Use)
			rm.Use = ""
			g.t.Removed[k] = rm
		}
	}
	// Keep only enums that fields use.
	for name := range g.t.Enums {
		if !g.enumUsed[name] {
			delete(g.t.Enums, name)
		}
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	enc := json.NewEncoder(zw)
	if err := enc.Encode(&g.t); err != nil {
		log.Fatal(err)
	}
	zw.Close()
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("%d kinds, %d types, %d enums, %d removed; %d bytes", len(g.t.Kinds), len(g.t.Types), len(g.t.Enums), len(g.t.Removed), buf.Len())
}

// unmarkedEnums are string types without an +enum marker whose values the
// API server nevertheless checks against their constants
// (apiextensions-apiserver's validation.go: validateEnumStrings of
// spec.scope and spec.conversion.strategy).
var unmarkedEnums = []string{
	"apiextensions/v1.ResourceScope",
	"apiextensions/v1beta1.ResourceScope",
	"apiextensions/v1.ConversionStrategyType",
	"apiextensions/v1beta1.ConversionStrategyType",
}

func gvkKey(gvk schema.GroupVersionKind) string {
	return gvk.Group + "/" + gvk.Version + "/" + gvk.Kind
}

func moduleDir(path string) string {
	out, err := runGo("list", "-m", "-f", "{{.Dir}}", path)
	if err != nil {
		log.Fatal(err)
	}
	return strings.TrimSpace(out)
}

type gen struct {
	t        table
	listKeys map[string]map[string][]string // type name -> go field name -> keys
	enumType map[string]bool
	enumUsed map[string]bool
	consts   map[string]string // "core/v1.IPv4Protocol" -> "IPv4": every string constant
	enumRefs []enumRef
}

// shortPkg turns "k8s.io/api/core/v1" into "core/v1",
// "k8s.io/apimachinery/pkg/apis/meta/v1" into "meta/v1" and
// "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1" into
// "apiextensions/v1".
func shortPkg(p string) string {
	p = strings.TrimPrefix(p, "k8s.io/api/")
	p = strings.TrimPrefix(p, "k8s.io/apimachinery/pkg/apis/")
	p = strings.TrimPrefix(p, "k8s.io/apiextensions-apiserver/pkg/apis/")
	return p
}

func typeName(t reflect.Type) string { return shortPkg(t.PkgPath()) + "." + t.Name() }

func (g *gen) ref(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.PkgPath() + "." + t.Name() {
	case "k8s.io/apimachinery/pkg/api/resource.Quantity":
		return "q"
	case "k8s.io/apimachinery/pkg/util/intstr.IntOrString":
		return "ios"
	case "k8s.io/apimachinery/pkg/apis/meta/v1.Time", "k8s.io/apimachinery/pkg/apis/meta/v1.MicroTime":
		return "time"
	case "k8s.io/apimachinery/pkg/apis/meta/v1.Duration":
		return "dur"
	case "k8s.io/apimachinery/pkg/runtime.RawExtension", "k8s.io/apimachinery/pkg/apis/meta/v1.FieldsV1":
		return "any"
	}
	switch t.Kind() {
	case reflect.String:
		if t.PkgPath() != "" && g.enumType[typeName(t)] {
			if g.enumUsed == nil {
				g.enumUsed = map[string]bool{}
			}
			g.enumUsed[typeName(t)] = true
			return "e:" + typeName(t)
		}
		return "s"
	case reflect.Bool:
		return "b"
	case reflect.Int32, reflect.Uint32, reflect.Int16, reflect.Uint16, reflect.Int8, reflect.Uint8:
		return "i32"
	case reflect.Int, reflect.Int64, reflect.Uint, reflect.Uint64:
		return "i64"
	case reflect.Float32, reflect.Float64:
		return "f"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return "bytes"
		}
		return "[]" + g.ref(t.Elem())
	case reflect.Map:
		return "{}" + g.ref(t.Elem())
	case reflect.Interface:
		return "any"
	case reflect.Struct:
		if reflect.PointerTo(t).Implements(reflect.TypeFor[json_unmarshaler]()) {
			if r, ok := g.exactRef(t); ok {
				return r
			}
			return "any"
		}
		name := typeName(t)
		if _, ok := g.t.Types[name]; !ok {
			e := &typeEntry{F: map[string]string{}}
			g.t.Types[name] = e
			g.fields(t, e, name)
			if len(e.LK) == 0 {
				e.LK = nil
			}
		}
		return "t:" + name
	}
	return "any"
}

type json_unmarshaler interface{ UnmarshalJSON([]byte) error }

// exactRef describes a type with its own JSON decoding when a table ref
// says exactly what the API server accepts. JSONSchemaPropsOrArray (a CRD
// schema's items) decodes a schema or a list of schemas, but the API server
// rejects the list form ("items must be a schema object and not an array",
// apiextensions-apiserver's validation.go), so items is a JSONSchemaProps.
func (g *gen) exactRef(t reflect.Type) (string, bool) {
	if t.Name() == "JSONSchemaPropsOrArray" && strings.HasPrefix(t.PkgPath(), "k8s.io/apiextensions-apiserver/") {
		if f, ok := t.FieldByName("Schema"); ok {
			return g.ref(f.Type), true
		}
	}
	return "", false
}

func (g *gen) fields(t reflect.Type, e *typeEntry, owner string) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if (f.Anonymous && name == "") || strings.Contains(","+opts+",", ",inline,") {
			if ft.Kind() == reflect.Struct {
				g.fields(ft, e, typeName(ft))
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		e.F[name] = g.ref(f.Type)
		if keys := g.listKeys[owner][f.Name]; len(keys) > 0 {
			if e.LK == nil {
				e.LK = map[string][]string{}
			}
			e.LK[name] = keys
		} else if mk := f.Tag.Get("patchMergeKey"); mk != "" && f.Tag.Get("patchStrategy") != "" && ft.Kind() == reflect.Slice {
			if e.LK == nil {
				e.LK = map[string][]string{}
			}
			e.LK[name] = []string{mk}
		}
	}
}

func runGo(args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	out, err := cmd.Output()
	return string(out), err
}
