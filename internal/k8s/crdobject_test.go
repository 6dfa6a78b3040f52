package k8s_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hindsight-lint/hindsight/internal/k8s"
	"github.com/hindsight-lint/hindsight/internal/lint"
)

// CustomResourceDefinition objects are checked against the schema of
// apiextensions.k8s.io like any built-in kind: a field at the wrong level,
// such as scope under spec.names, is rejected by the API server (at upgrade
// time, when the CRD is re-applied) and must be reported.

// goodCRDv1 is a complete v1 CRD using the schema features real generators
// emit: nested properties, items, additionalProperties, enum, default,
// x-kubernetes-* extensions, CEL rules, printer columns, subresources and a
// conversion webhook.
const goodCRDv1 = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
  annotations:
    controller-gen.kubebuilder.io/version: v0.16.0
spec:
  group: example.com
  names:
    kind: Widget
    listKind: WidgetList
    plural: widgets
    singular: widget
    shortNames: [wdg]
    categories: [all]
  scope: Namespaced
  conversion:
    strategy: Webhook
    webhook:
      conversionReviewVersions: [v1]
      clientConfig:
        service:
          name: widget-webhook
          namespace: widgets
          path: /convert
          port: 443
  versions:
  - name: v1
    served: true
    storage: true
    additionalPrinterColumns:
    - name: Ready
      type: string
      jsonPath: .status.conditions[?(@.type=="Ready")].status
    - name: Age
      type: date
      jsonPath: .metadata.creationTimestamp
    subresources:
      status: {}
      scale:
        specReplicasPath: .spec.replicas
        statusReplicasPath: .status.replicas
    schema:
      openAPIV3Schema:
        description: Widget is a widget.
        type: object
        required: [spec]
        properties:
          apiVersion:
            type: string
          kind:
            type: string
          metadata:
            type: object
          spec:
            type: object
            x-kubernetes-validations:
            - rule: self.replicas <= 10
              message: at most 10 replicas
              reason: FieldValueInvalid
            properties:
              replicas:
                type: integer
                format: int32
                minimum: 0
                default: 1
              mode:
                type: string
                enum: [fast, slow]
                default: fast
              port:
                x-kubernetes-int-or-string: true
                anyOf:
                - type: integer
                - type: string
              labels:
                type: object
                additionalProperties:
                  type: string
              template:
                type: object
                x-kubernetes-preserve-unknown-fields: true
              items:
                type: array
                maxItems: 16
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [name]
                items:
                  type: object
                  required: [name]
                  properties:
                    name:
                      type: string
                      pattern: ^[a-z]+$
                      maxLength: 63
          status:
            type: object
            properties:
              replicas:
                type: integer
              conditions:
                type: array
                items:
                  type: object
                  x-kubernetes-embedded-resource: false
                  nullable: true
status:
  acceptedNames:
    kind: ""
    plural: ""
  conditions: null
  storedVersions: null
`

// goodCRDv1beta1 is a complete v1beta1 CRD (single version, schema under
// spec.validation, JSONPath printer columns).
const goodCRDv1beta1 = `apiVersion: apiextensions.k8s.io/v1beta1
kind: CustomResourceDefinition
metadata:
  name: gadgets.example.com
spec:
  group: example.com
  version: v1alpha1
  versions:
  - name: v1alpha1
    served: true
    storage: true
  names:
    kind: Gadget
    plural: gadgets
  scope: Cluster
  preserveUnknownFields: false
  subresources:
    status: {}
  additionalPrinterColumns:
  - name: Size
    type: integer
    JSONPath: .spec.size
  validation:
    openAPIV3Schema:
      type: object
      properties:
        spec:
          type: object
          properties:
            size:
              type: integer
              minimum: 1
            tags:
              type: array
              items:
                type: string
`

func checkCRD(t *testing.T, yaml string) []lint.Result {
	t.Helper()
	res, err := k8s.CheckDocuments([]k8s.Document{{Path: "crd.yaml", Data: []byte(yaml)}}, k8s.Config{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func lineOf(t *testing.T, yaml, text string, nth int) int {
	t.Helper()
	n := 0
	for i, l := range strings.Split(yaml, "\n") {
		if strings.TrimSpace(l) == text {
			if n++; n == nth {
				return i + 1
			}
		}
	}
	t.Fatalf("no line %q (#%d)", text, nth)
	return 0
}

func describeResults(res []lint.Result) string {
	var b strings.Builder
	for _, r := range res {
		fmt.Fprintf(&b, "\n  %d:%d %s: %s", r.Line, r.Col, r.Rule, r.Message)
	}
	return b.String()
}

func TestCRDObjectCorrectIsSilent(t *testing.T) {
	if res := checkCRD(t, goodCRDv1); len(res) != 0 {
		t.Errorf("correct v1 CRD: findings:%s", describeResults(res))
	}
	// v1beta1 is no longer served: that is its only finding.
	res := checkCRD(t, goodCRDv1beta1)
	if len(res) != 1 || res[0].Rule != k8s.RuleRemovedAPI || res[0].Line != 1 {
		t.Fatalf("correct v1beta1 CRD: want one removed-api finding on line 1, got:%s", describeResults(res))
	}
	if msg := res[0].Message; !strings.Contains(msg, "no longer served since Kubernetes 1.22") || !strings.Contains(msg, "use apiVersion apiextensions.k8s.io/v1") {
		t.Errorf("removed-api message does not give the release and the replacement: %q", msg)
	}
}

// scopeUnderNames moves "scope: <v>" from spec into spec.names.
func scopeUnderNames(t *testing.T, yaml, value string) string {
	t.Helper()
	top := "\n  scope: " + value + "\n"
	if !strings.Contains(yaml, top) {
		t.Fatalf("no spec.scope %s", value)
	}
	yaml = strings.Replace(yaml, top, "\n", 1)
	return strings.Replace(yaml, "\n  names:\n", "\n  names:\n    scope: "+value+"\n", 1)
}

func TestCRDObjectScopeUnderNames(t *testing.T) {
	for _, c := range []struct {
		version, yaml, scope string
	}{
		{"v1", goodCRDv1, "Namespaced"},
		{"v1beta1", goodCRDv1beta1, "Cluster"},
	} {
		t.Run(c.version, func(t *testing.T) {
			bad := scopeUnderNames(t, c.yaml, c.scope)
			line := lineOf(t, bad, "scope: "+c.scope, 1)
			res := checkCRD(t, bad)
			var got []lint.Result
			for _, r := range res {
				if r.Rule != k8s.RuleRemovedAPI {
					got = append(got, r)
				}
			}
			if len(got) != 1 || got[0].Rule != k8s.RuleMisplacedField || got[0].Line != line {
				t.Fatalf("want one misplaced-field on line %d, got:%s", line, describeResults(res))
			}
			if msg := got[0].Message; !strings.Contains(msg, `"scope" is not a field of CustomResourceDefinitionNames`) {
				t.Errorf("message: %q", msg)
			}
		})
	}
}

func TestCRDObjectMistakes(t *testing.T) {
	for _, c := range []struct {
		name      string
		from, to  string // replaced once in goodCRDv1
		at        string // the reported line's text
		rule      string
		inMessage string
	}{
		{"misspelt scope", "\n  scope: Namespaced\n", "\n  scop: Namespaced\n", "scop: Namespaced",
			k8s.RuleUnknownField, `did you mean "scope"?`},
		{"scope value", "\n  scope: Namespaced\n", "\n  scope: namespaced\n", "scope: namespaced",
			k8s.RuleEnum, `did you mean "Namespaced"?`},
		{"conversion strategy", "strategy: Webhook", "strategy: webhooks", "strategy: webhooks",
			k8s.RuleEnum, "allowed: None, Webhook"},
		{"misspelt schema keyword", "        required: [spec]\n", "        requird: [spec]\n", "requird: [spec]",
			k8s.RuleUnknownField, `did you mean "required"?`},
		{"keyword deep in a property", "pattern: ^[a-z]+$", "patern: ^[a-z]+$", "patern: ^[a-z]+$",
			k8s.RuleUnknownField, `did you mean "pattern"?`},
		{"printer column path", "jsonPath: .metadata.creationTimestamp", "JSONPath: .metadata.creationTimestamp", "JSONPath: .metadata.creationTimestamp",
			k8s.RuleUnknownField, `did you mean "jsonPath"?`},
		{"boolean as string", "served: true", `served: "true"`, `served: "true"`,
			k8s.RuleType, "must be a boolean"},
		{"minimum as a word", "minimum: 0", "minimum: zero", "minimum: zero",
			k8s.RuleType, "must be a number"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(goodCRDv1, c.from) {
				t.Fatalf("no %q in the CRD", c.from)
			}
			bad := strings.Replace(goodCRDv1, c.from, c.to, 1)
			line := lineOf(t, bad, c.at, 1)
			res := checkCRD(t, bad)
			if len(res) != 1 || res[0].Rule != c.rule || res[0].Line != line || !strings.Contains(res[0].Message, c.inMessage) {
				t.Fatalf("want one %s on line %d containing %q, got:%s", c.rule, line, c.inMessage, describeResults(res))
			}
		})
	}
}

// The API server rejects the list form of items ("items must be a schema
// object and not an array").
func TestCRDObjectItemsList(t *testing.T) {
	from := "                items:\n                  type: object\n                  required: [name]\n"
	to := "                items:\n                - type: object\n                  required: [name]\n"
	if !strings.Contains(goodCRDv1, from) {
		t.Fatal("no items schema in the CRD")
	}
	bad := strings.Replace(goodCRDv1, from, to, 1)
	res := checkCRD(t, bad)
	var rules []string
	for _, r := range res {
		rules = append(rules, r.Rule)
	}
	if !slices.Contains(rules, k8s.RuleType) {
		t.Fatalf("items as a list: want wrong-type, got:%s", describeResults(res))
	}
}

// Fields without a fixed shape (default, example, enum values,
// additionalProperties as a boolean or a schema) are not checked.
func TestCRDObjectFreeFormFields(t *testing.T) {
	crd := strings.Replace(goodCRDv1, "                default: 1\n",
		"                default: {any: [shape]}\n                example: 3\n", 1)
	crd = strings.Replace(crd, "                additionalProperties:\n                  type: string\n",
		"                additionalProperties: true\n", 1)
	crd = strings.Replace(crd, "                enum: [fast, slow]\n", "                enum: [fast, 2, {x: y}]\n", 1)
	if crd == goodCRDv1 {
		t.Fatal("nothing replaced")
	}
	if res := checkCRD(t, crd); len(res) != 0 {
		t.Errorf("findings on free-form fields:%s", describeResults(res))
	}
}
