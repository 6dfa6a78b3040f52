package render

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hindsight-lint/hindsight/internal/lint"
)

// short renders a result as "file:line:col rule" with the file relative to
// testdata.
func short(r lint.Result) string {
	f := filepath.ToSlash(r.File)
	if i := strings.Index(f, "testdata/"); i >= 0 {
		f = f[i+len("testdata/"):]
	}
	return fmt.Sprintf("%s:%d:%d %s/%s", f, r.Line, r.Col, r.Check, r.Rule)
}

func run(t *testing.T, cfg Config, paths ...string) []lint.Result {
	t.Helper()
	rs, err := Run(paths, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// expect checks that the findings are exactly want (as short strings).
func expect(t *testing.T, rs []lint.Result, want []string) {
	t.Helper()
	var got []string
	for _, r := range rs {
		got = append(got, short(r))
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("missing finding %s", w)
		}
	}
	for i, g := range got {
		if !slices.Contains(want, g) {
			t.Errorf("unexpected finding %s: %s", g, rs[i].Message)
		}
	}
}

func TestHelmDefaultValues(t *testing.T) {
	rs := run(t, Config{}, "testdata/charts")
	expect(t, rs, []string{
		"charts/shop/Chart.yaml:5:5 render/dependency-not-vendored",
		// required with the default values: one finding, the rest rendered
		"charts/shop/templates/configmap.yaml:6:13 render/render-failed",
		"charts/shop/templates/configmap.yaml:6:76 render/values-undocumented",
		// the range over podLabels sets app a second time
		"charts/shop/templates/deployment.yaml:17:9 manifest/duplicate-key",
		"charts/shop/templates/deployment.yaml:11:7 manifest/selector-mismatch",
		"charts/shop/templates/deployment.yaml:24:53 render/values-undefined",
		"charts/shop/templates/deployment.yaml:27:15 manifest/unknown-field",
		// api-token exists only when auth.enabled is set
		"charts/shop/templates/deployment.yaml:33:24 manifest/missing-ref",
		"charts/shop/templates/secret.yaml:9:17 render/values-undocumented",
		// a near miss of minAvailable, but the template tests it first:
		// an optional value, not a typo (info, not values-undefined)
		"charts/shop/templates/pdb.yaml:6:10 render/values-undocumented",
		"charts/shop/values.yaml:4:3 render/values-unused",
		"charts/shop/values.yaml:14:1 render/values-unused",
	})
	for _, r := range rs {
		switch r.Rule {
		case "unknown-field":
			if !strings.Contains(r.Message, `did you mean "containerPort"`) {
				t.Errorf("unknown-field message: %s", r.Message)
			}
			if len(r.Related) == 0 || r.Related[len(r.Related)-1].Line != 27 || r.Related[len(r.Related)-1].File != "shop/templates/deployment.yaml" {
				t.Errorf("unknown-field related rendered position: %+v", r.Related)
			}
		case "duplicate-key":
			if !strings.Contains(r.Message, "also set at line 15") {
				t.Errorf("duplicate-key message names the rendered line, not the template line: %s", r.Message)
			}
		case "missing-ref":
			if !strings.Contains(r.Message, "templates/secret.yaml:4:") {
				t.Errorf("missing-ref message should point at the Secret's template: %s", r.Message)
			}
		case "values-undefined":
			if !strings.Contains(r.Message, `did you mean "tag"`) {
				t.Errorf("values-undefined message: %s", r.Message)
			}
		case "render-failed":
			if !strings.Contains(r.Message, "region must be set") {
				t.Errorf("render-failed message: %s", r.Message)
			}
		}
	}
}

// With values that enable auth and set the region, the secret key exists
// and the chart renders: those findings go away, the typos stay.
func TestHelmValuesFile(t *testing.T) {
	rs := run(t, Config{ValuesFiles: []string{"testdata/values-prod.yaml"}}, "testdata/charts/shop")
	for _, r := range rs {
		if r.Rule == "missing-ref" || r.Rule == "render-failed" {
			t.Errorf("unexpected with values-prod.yaml: %s", short(r))
		}
	}
	if !slices.ContainsFunc(rs, func(r lint.Result) bool { return r.Rule == "unknown-field" }) {
		t.Error("the misspelled containerPort must still be reported")
	}
}

func TestKustomize(t *testing.T) {
	rs := run(t, Config{}, "testdata/kustomize")
	expect(t, rs, []string{
		"kustomize/base/deployment.yaml:21:28 manifest/enum",
		// the field the patch sets is reported in the patch
		"kustomize/overlays/prod/resources.yaml:12:15 manifest/resource-name",
		"kustomize/overlays/remote/kustomization.yaml:5:5 render/remote-not-checked",
		"kustomize/overlays/typo-target/kustomization.yaml:8:7 render/patch-target-unmatched",
		"kustomize/overlays/unknown-patch/scale.yaml:4:9 render/kustomize-build-failed",
	})
}

func TestLineMap(t *testing.T) {
	tpl := "a:\n  b: {{ .x }}\n  {{- range .l }}\n  - {{ . }}\n  {{- end }}\n  c: {{ toYaml .y | nindent 4 }}\n  d: 1\n"
	rendered := "a:\n  b: 1\n  - p\n  - q\n  c:\n    e: 1\n  d: 1\n"
	got := mapHelm(tpl, rendered)
	want := []int{1, 2, 4, 4, 6, 6, 7}
	for i, w := range want {
		if got[i].line != w {
			t.Errorf("rendered line %d (%q) mapped to %d, want %d", i+1, strings.Split(rendered, "\n")[i], got[i].line, w)
		}
	}
	if !got[5].action {
		t.Error("the toYaml output line should be attributed to the action")
	}
}
