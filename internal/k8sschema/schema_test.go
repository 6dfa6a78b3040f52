package k8sschema

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func load(t *testing.T) *Schema {
	t.Helper()
	s, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return s
}

func TestLoadDecodesTheTable(t *testing.T) {
	s := load(t)
	if len(s.Kinds) < 300 || len(s.Types) < 1000 || len(s.Enums) < 50 || len(s.Removed) < 100 {
		t.Fatalf("table too small: %d kinds, %d types, %d enums, %d removed", len(s.Kinds), len(s.Types), len(s.Enums), len(s.Removed))
	}
	for _, src := range []string{"k8s.io/api ", "k8s.io/apiextensions-apiserver "} {
		if !strings.Contains(s.Source, src) {
			t.Errorf("Source %q does not name %q", s.Source, src)
		}
	}
	if again, _ := Load(); again != s {
		t.Error("Load decoded the table twice")
	}
}

// field returns the ref of a field of a type, failing when either is missing.
func field(t *testing.T, s *Schema, typ, name string) string {
	t.Helper()
	ty := s.Types[typ]
	if ty == nil {
		t.Fatalf("no type %s", typ)
	}
	ref, ok := ty.Fields[name]
	if !ok {
		t.Fatalf("type %s has no field %q", typ, name)
	}
	return ref
}

func TestDeployment(t *testing.T) {
	s := load(t)
	typ, ok := s.Kinds[Key("apps/v1", "Deployment")]
	if !ok || typ != "apps/v1.Deployment" {
		t.Fatalf("apps/v1 Deployment: type %q, %v", typ, ok)
	}
	for _, c := range []struct{ typ, field, want string }{
		{typ, "metadata", "t:meta/v1.ObjectMeta"},
		{typ, "spec", "t:apps/v1.DeploymentSpec"},
		{"apps/v1.DeploymentSpec", "template", "t:core/v1.PodTemplateSpec"},
		{"apps/v1.DeploymentSpec", "replicas", "i32"},
		{"core/v1.PodTemplateSpec", "spec", "t:core/v1.PodSpec"},
		{"core/v1.PodSpec", "containers", "[]t:core/v1.Container"},
		{"core/v1.Container", "imagePullPolicy", "e:core/v1.PullPolicy"},
		{"core/v1.ResourceRequirements", "limits", "{}q"},
		{"core/v1.ContainerPort", "containerPort", "i32"},
	} {
		if got := field(t, s, c.typ, c.field); got != c.want {
			t.Errorf("%s.%s = %q, want %q", c.typ, c.field, got, c.want)
		}
	}
	if _, ok := s.Types["apps/v1.DeploymentSpec"].Fields["scope"]; ok {
		t.Error("DeploymentSpec has a field scope")
	}
	if s.Types["core/v1.PodSpec"].Open {
		t.Error("a built-in type is open")
	}
}

func TestEnums(t *testing.T) {
	s := load(t)
	for enum, want := range map[string][]string{
		"core/v1.RestartPolicy": {"Always", "Never", "OnFailure"},
		"core/v1.PullPolicy":    {"Always", "IfNotPresent", "Never"},
		"core/v1.Protocol":      {"SCTP", "TCP", "UDP"},
		// Not marked +enum, but checked by the API server: the generator's unmarkedEnums.
		"apiextensions/v1.ResourceScope":               {"Cluster", "Namespaced"},
		"apiextensions/v1beta1.ResourceScope":          {"Cluster", "Namespaced"},
		"apiextensions/v1.ConversionStrategyType":      {"None", "Webhook"},
		"apiextensions/v1beta1.ConversionStrategyType": {"None", "Webhook"},
	} {
		if got := s.Enums[enum]; !slices.Equal(got, want) {
			t.Errorf("Enums[%s] = %q, want %q", enum, got, want)
		}
	}
	if got := s.Enums["core/v1.NoSuchEnum"]; got != nil {
		t.Errorf("unknown enum: %q", got)
	}
}

func TestListMapKeys(t *testing.T) {
	s := load(t)
	for _, c := range []struct {
		typ, field string
		want       []string
	}{
		{"core/v1.PodSpec", "containers", []string{"name"}},
		{"core/v1.PodSpec", "volumes", []string{"name"}},
		{"core/v1.Container", "env", []string{"name"}},
		{"core/v1.Container", "ports", []string{"containerPort", "protocol"}},
		{"core/v1.Container", "volumeMounts", []string{"mountPath"}},
		{"apiextensions/v1.JSONSchemaProps", "x-kubernetes-validations", []string{"rule"}},
	} {
		if got := s.Types[c.typ].ListKeys[c.field]; !slices.Equal(got, c.want) {
			t.Errorf("%s.%s list-map keys = %q, want %q", c.typ, c.field, got, c.want)
		}
	}
	if got := s.Types["core/v1.Container"].ListKeys["args"]; got != nil {
		t.Errorf("Container.args has list-map keys %q", got)
	}
}

func TestCustomResourceDefinition(t *testing.T) {
	s := load(t)
	for _, v := range []string{"v1", "v1beta1"} {
		t.Run(v, func(t *testing.T) {
			pkg := "apiextensions/" + v + "."
			typ, ok := s.Kinds[Key("apiextensions.k8s.io/"+v, "CustomResourceDefinition")]
			if !ok || typ != pkg+"CustomResourceDefinition" {
				t.Fatalf("CustomResourceDefinition: type %q, %v", typ, ok)
			}
			spec := pkg + "CustomResourceDefinitionSpec"
			if got := field(t, s, typ, "spec"); got != "t:"+spec {
				t.Errorf("spec = %q", got)
			}
			if got := field(t, s, spec, "scope"); got != "e:"+pkg+"ResourceScope" {
				t.Errorf("spec.scope = %q", got)
			}
			if got := field(t, s, spec, "names"); got != "t:"+pkg+"CustomResourceDefinitionNames" {
				t.Errorf("spec.names = %q", got)
			}
			// scope under names is the upgrade-time rejection the table must catch.
			if _, ok := s.Types[pkg+"CustomResourceDefinitionNames"].Fields["scope"]; ok {
				t.Error("CustomResourceDefinitionNames has a field scope")
			}
			if got := field(t, s, pkg+"CustomResourceValidation", "openAPIV3Schema"); got != "t:"+pkg+"JSONSchemaProps" {
				t.Errorf("openAPIV3Schema = %q", got)
			}
			props := pkg + "JSONSchemaProps"
			for name, want := range map[string]string{
				// Recursive: maps and lists of schemas, and items (the
				// API server rejects its list form).
				"properties":        "{}t:" + props,
				"patternProperties": "{}t:" + props,
				"definitions":       "{}t:" + props,
				"allOf":             "[]t:" + props,
				"not":               "t:" + props,
				"items":             "t:" + props,
				// Custom JSON decoding: not checked.
				"default":              "any",
				"example":              "any",
				"enum":                 "[]any",
				"additionalProperties": "any",
				"additionalItems":      "any",
				"dependencies":         "{}any",
				// Names from json tags.
				"$ref":                                 "s",
				"x-kubernetes-preserve-unknown-fields": "b",
				"x-kubernetes-int-or-string":           "b",
				"x-kubernetes-list-map-keys":           "[]s",
				"type":                                 "s",
				"maximum":                              "f",
				"maxLength":                            "i64",
				"required":                             "[]s",
			} {
				if got := field(t, s, props, name); got != want {
					t.Errorf("JSONSchemaProps.%s = %q, want %q", name, got, want)
				}
			}
		})
	}
	// v1beta1 only: the single version and the schema directly under spec.
	if got := field(t, s, "apiextensions/v1beta1.CustomResourceDefinitionSpec", "validation"); got != "t:apiextensions/v1beta1.CustomResourceValidation" {
		t.Errorf("v1beta1 spec.validation = %q", got)
	}
	if _, ok := s.Types["apiextensions/v1.CustomResourceDefinitionSpec"].Fields["validation"]; ok {
		t.Error("v1 CustomResourceDefinitionSpec has a field validation")
	}
	if !s.KnownGroup("apiextensions.k8s.io") {
		t.Error("apiextensions.k8s.io is not a known group")
	}
}

func TestRemoved(t *testing.T) {
	s := load(t)
	for key, want := range map[string]Removal{
		"extensions/v1beta1/Deployment":                         {In: "1.16", Use: "apps/v1/Deployment"},
		"apiextensions.k8s.io/v1beta1/CustomResourceDefinition": {In: "1.22", Use: "apiextensions.k8s.io/v1/CustomResourceDefinition"},
		"batch/v2alpha1/CronJob":                                {In: "1.21", Use: "batch/v1/CronJob"}, // historical: no longer in k8s.io/api
		"policy/v1beta1/PodSecurityPolicy":                      {In: "1.25"},                          // nothing replaces it
	} {
		if got, ok := s.Removed[key]; !ok || got != want {
			t.Errorf("Removed[%s] = %+v, %v; want %+v", key, got, ok, want)
		}
	}
	for _, key := range []string{"apps/v1/Deployment", "apiextensions.k8s.io/v1/CustomResourceDefinition", "v1/Pod"} {
		if _, ok := s.Removed[key]; ok {
			t.Errorf("%s is marked removed", key)
		}
	}
	// Removals estimated for releases after the table's are dropped.
	minor := s.minor()
	for key, r := range s.Removed {
		var maj, min int
		if _, err := fmt.Sscanf(r.In, "%d.%d", &maj, &min); err != nil || maj != 1 || min > minor {
			t.Errorf("Removed[%s].In = %q: not a release up to 1.%d", key, r.In, minor)
		}
		if r.Use != "" {
			if _, ok := s.Kinds[r.Use]; !ok {
				t.Errorf("Removed[%s].Use = %q: not a kind of the table", key, r.Use)
			}
		}
	}
}

func TestMinor(t *testing.T) {
	if got := load(t).minor(); got != 37 {
		t.Errorf("minor() = %d, want 37 (k8s.io/api v0.37.x); update this test when bumping k8s.io/api", got)
	}
	for src, want := range map[string]int{
		"k8s.io/api api@v0.30.2": 30,
		"k8s.io/api api@v0.37.1, k8s.io/apiextensions-apiserver apiextensions-apiserver@v0.37.1": 37,
		"":                        0,
		"k8s.io/api api@v1.2.3":   0,
		"k8s.io/api api@v0.x":     0,
		"k8s.io/api (local copy)": 0,
	} {
		if got := (&Schema{Source: src}).minor(); got != want {
			t.Errorf("minor() of %q = %d, want %d", src, got, want)
		}
	}
}

func TestDecodeDropsFutureRemovals(t *testing.T) {
	s, err := decode(strings.NewReader(`{
		"source": "k8s.io/api api@v0.30.0",
		"kinds": {"apps/v1/Deployment": "apps/v1.Deployment", "/v1/Pod": "core/v1.Pod", "x.k8s.io/v1beta1/Gadget": "x/v1beta1.Gadget"},
		"types": {},
		"enums": {},
		"removed": {
			"extensions/v1beta1/Deployment": {"in": "1.16", "use": "apps/v1/Deployment"},
			"x.k8s.io/v1beta1/Gadget": {"in": "1.31"}
		}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Removed["x.k8s.io/v1beta1/Gadget"]; ok {
		t.Error("a removal after the table's release (1.31 > 1.30) was kept")
	}
	if _, ok := s.Removed["extensions/v1beta1/Deployment"]; !ok {
		t.Error("a past removal was dropped")
	}
	// A kind known only as removed still names its group/version.
	if got := s.GroupVersions("Deployment"); !slices.Equal(sorted(got), []string{"apps/v1", "extensions/v1beta1"}) {
		t.Errorf("GroupVersions(Deployment) = %q", got)
	}
	if _, err := decode(strings.NewReader(`{"kinds": [`)); err == nil {
		t.Error("decode accepted a truncated table")
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func TestKeys(t *testing.T) {
	for _, c := range []struct{ apiVersion, kind, key string }{
		{"apps/v1", "Deployment", "apps/v1/Deployment"},
		{"v1", "Pod", "/v1/Pod"},
		{"apiextensions.k8s.io/v1beta1", "CustomResourceDefinition", "apiextensions.k8s.io/v1beta1/CustomResourceDefinition"},
	} {
		key := Key(c.apiVersion, c.kind)
		if key != c.key {
			t.Errorf("Key(%q, %q) = %q, want %q", c.apiVersion, c.kind, key, c.key)
		}
		if got := APIVersion(key); got != c.apiVersion {
			t.Errorf("APIVersion(%q) = %q, want %q", key, got, c.apiVersion)
		}
		if got := KindOf(key); got != c.kind {
			t.Errorf("KindOf(%q) = %q, want %q", key, got, c.kind)
		}
	}
}

func TestLookups(t *testing.T) {
	s := load(t)
	if got := sorted(s.GroupVersions("CustomResourceDefinition")); !slices.Equal(got, []string{"apiextensions.k8s.io/v1", "apiextensions.k8s.io/v1beta1"}) {
		t.Errorf("GroupVersions(CustomResourceDefinition) = %q", got)
	}
	if got := s.GroupVersions("Pod"); !slices.Equal(got, []string{"/v1"}) {
		t.Errorf("GroupVersions(Pod) = %q", got)
	}
	if got := s.GroupVersions("Deployment"); !slices.Contains(got, "apps/v1") || !slices.Contains(got, "extensions/v1beta1") {
		t.Errorf("GroupVersions(Deployment) = %q", got)
	}
	// Known only from the generator's historical list of removed APIs.
	if got := s.GroupVersions("PodSecurityPolicy"); !slices.Contains(got, "policy/v1beta1") {
		t.Errorf("GroupVersions(PodSecurityPolicy) = %q", got)
	}
	// Unknown names: no entry, no panic.
	if got := s.GroupVersions("Deploymnet"); got != nil {
		t.Errorf("GroupVersions of an unknown kind = %q", got)
	}
	if _, ok := s.Kinds[Key("example.com/v1", "Widget")]; ok {
		t.Error("a custom resource is in the table")
	}
	if s.Types["apps/v1.NoSuchType"] != nil {
		t.Error("an unknown type resolves")
	}

	names := s.KindNames()
	for _, k := range []string{"Pod", "Deployment", "CustomResourceDefinition", "PodSecurityPolicy"} {
		if !slices.Contains(names, k) {
			t.Errorf("KindNames lacks %s", k)
		}
	}
	if len(names) != len(slices.Compact(sorted(names))) {
		t.Error("KindNames repeats a kind")
	}

	for group, want := range map[string]bool{
		"":                      true, // core
		"apps":                  true,
		"networking.k8s.io":     true,
		"apiextensions.k8s.io":  true,
		"app":                   false, // a prefix of apps is not apps
		"example.com":           false,
		"monitoring.coreos.com": false,
	} {
		if got := s.KnownGroup(group); got != want {
			t.Errorf("KnownGroup(%q) = %v, want %v", group, got, want)
		}
	}
}

// TestRefsResolve checks the generator's output is self-consistent: every
// ref is well formed, and names a type or enum of the table.
func TestRefsResolve(t *testing.T) {
	s := load(t)
	var check func(where, ref string)
	check = func(where, ref string) {
		switch {
		case strings.HasPrefix(ref, "[]"), strings.HasPrefix(ref, "{}"):
			check(where, ref[2:])
		case strings.HasPrefix(ref, "t:"):
			if s.Types[ref[2:]] == nil {
				t.Errorf("%s: type %s not in the table", where, ref[2:])
			}
		case strings.HasPrefix(ref, "e:"):
			if len(s.Enums[ref[2:]]) == 0 {
				t.Errorf("%s: enum %s not in the table", where, ref[2:])
			}
		default:
			switch ref {
			case "s", "b", "i32", "i64", "f", "q", "ios", "dur", "time", "bytes", "any":
			default:
				t.Errorf("%s: malformed ref %q", where, ref)
			}
		}
	}
	for key, typ := range s.Kinds {
		check("kind "+key, "t:"+typ)
	}
	for name, typ := range s.Types {
		for f, ref := range typ.Fields {
			check(name+"."+f, ref)
		}
		for f, keys := range typ.ListKeys {
			ref, ok := typ.Fields[f]
			if !ok || !strings.HasPrefix(ref, "[]t:") {
				t.Errorf("%s.%s: list-map keys on %q, not a list of objects", name, f, ref)
				continue
			}
			elem := s.Types[ref[4:]]
			for _, k := range keys {
				if _, ok := elem.Fields[k]; elem != nil && !ok {
					t.Errorf("%s.%s: list-map key %q is not a field of %s", name, f, k, ref[4:])
				}
			}
		}
	}
}
