package output

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/hindsight-lint/hindsight/internal/lint"
)

func sampleResults(t *testing.T) (string, []lint.Result) {
	root := t.TempDir()
	src := "package p\n\nfunc f() { s := \"héllo\"; _ = s }\n"
	if err := os.WriteFile(filepath.Join(root, "p.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	yaml := "kind: Deployment\nspec:\n  replicas: 1\n"
	if err := os.WriteFile(filepath.Join(root, "d.yaml"), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return root, []lint.Result{
		{Check: "deferloop", Grade: lint.Error, File: filepath.Join(root, "p.go"), Line: 3, Col: 26, EndLine: 3, EndCol: 32, Message: "a finding after a non-ASCII string", Func: "f"},
		{Check: "manifest", Rule: "duplicate-key", Grade: lint.Warning, File: filepath.Join(root, "d.yaml"), Line: 3, Col: 3, Message: "a YAML finding",
			Related: []lint.Related{{File: filepath.Join(root, "d.yaml"), Line: 2, Col: 1, Message: "first definition"}}},
		{Check: "trimcutset", Grade: lint.Info, File: filepath.Join(root, "p.go"), Line: 1, Col: 1, Message: "a note"},
	}
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	root, rs := sampleResults(t)
	var buf bytes.Buffer
	err := SARIF(&buf, rs, SARIFOptions{
		ToolName: "hindsight", Version: "test", InformationURI: "https://example.com",
		Root: root,
		Rules: []Rule{
			{ID: "deferloop", Summary: "s", Doc: "d", HelpURI: "https://example.com/deferloop"},
			{ID: "manifest", Summary: "s", Doc: "d", HelpURI: "https://example.com/manifest"},
			{ID: "trimcutset", Summary: "s", Doc: "d", HelpURI: "https://example.com/trimcutset"},
		},
		Fixes: map[int]Fix{0: {Description: "fix it", Edits: []Edit{{File: rs[0].File, StartLine: 3, StartCol: 12, EndLine: 3, EndCol: 13, New: "t"}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	validate(t, buf.Bytes())

	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct{ ID, HelpURI string }
				}
			}
			Results []struct {
				RuleID           string
				Level            string
				RelatedLocations []struct {
					Message          struct{ Text string }
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI, URIBaseID string }
						Region           struct{ StartLine, StartColumn, EndColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	res := log.Runs[0].Results
	if len(res) != 3 {
		t.Fatalf("%d results, want 3", len(res))
	}
	loc := res[0].Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "p.go" || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" {
		t.Errorf("artifact location %+v, want repo-relative p.go under %%SRCROOT%%", loc.ArtifactLocation)
	}
	// Byte column 26 follows "é" (2 bytes, 1 UTF-16 unit): column 25.
	if loc.Region.StartColumn != 25 || loc.Region.EndColumn != 31 {
		t.Errorf("columns %d-%d, want UTF-16 columns 25-31", loc.Region.StartColumn, loc.Region.EndColumn)
	}
	if res[0].Level != "error" || res[1].Level != "warning" || res[2].Level != "note" {
		t.Errorf("levels %s %s %s", res[0].Level, res[1].Level, res[2].Level)
	}
	if res[1].RuleID != "manifest/duplicate-key" || res[1].Locations[0].PhysicalLocation.ArtifactLocation.URI != "d.yaml" {
		t.Errorf("YAML result %+v", res[1])
	}
	if rel := res[1].RelatedLocations; len(rel) != 1 || rel[0].Message.Text != "first definition" ||
		rel[0].PhysicalLocation.ArtifactLocation.URI != "d.yaml" || rel[0].PhysicalLocation.Region.StartLine != 2 {
		t.Errorf("related locations %+v, want d.yaml:2 first definition", rel)
	}
	if got := log.Runs[0].Tool.Driver.Rules[0].HelpURI; got != "https://example.com/deferloop" {
		t.Errorf("helpUri %q", got)
	}
}

func TestTextPrintsRelatedPositions(t *testing.T) {
	root, rs := sampleResults(t)
	var buf bytes.Buffer
	if err := Text(&buf, rs); err != nil {
		t.Fatal(err)
	}
	y := filepath.Join(root, "d.yaml")
	want := y + ":3:3: a YAML finding (manifest)\n\t" + y + ":2:1: first definition\n"
	if !strings.Contains(buf.String(), want) {
		t.Errorf("text output:\n%s\nwant it to contain:\n%s", buf.String(), want)
	}
}

func TestSARIFEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := SARIF(&buf, nil, SARIFOptions{ToolName: "hindsight"}); err != nil {
		t.Fatal(err)
	}
	validate(t, buf.Bytes())
}

func validate(t *testing.T, doc []byte) {
	t.Helper()
	c := jsonschema.NewCompiler()
	schema, err := c.Compile("testdata/sarif-2.1.0-rtm.5.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Fatalf("SARIF does not validate: %v\n%s", err, doc)
	}
}

func TestBaselineSurvivesLineShifts(t *testing.T) {
	root, rs := sampleResults(t)
	rs[0].Message = "the lock on mu taken at line 12 is held"
	b := NewBaseline(root, rs)
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, "baseline.json")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := ReadBaseline(path)
	if err != nil {
		t.Fatal(err)
	}
	// The same findings, moved down five lines by an unrelated edit.
	shifted := append([]lint.Result(nil), rs...)
	for i := range shifted {
		shifted[i].Line += 5
	}
	shifted[0].Message = "the lock on mu taken at line 17 is held"
	if got := b.Filter(root, shifted); len(got) != 0 {
		t.Errorf("shifted findings reported as new: %v", got)
	}
	// A new finding, and a second copy of an accepted one, are new.
	extra := append(shifted, lint.Result{Check: "deferloop", File: rs[0].File, Line: 40, Col: 1, Message: "another", Func: "g"}, shifted[0])
	got := b.Filter(root, extra)
	if len(got) != 2 || got[0].Message != "another" {
		t.Errorf("Filter = %v, want the new finding and the extra copy", got)
	}
	if !strings.Contains(buf.String(), `"message": "the lock on mu taken at line N is held"`) {
		t.Errorf("baseline does not mask line numbers:\n%s", buf.String())
	}
}

func TestSchemaRejectsInvalidSARIF(t *testing.T) {
	c := jsonschema.NewCompiler()
	schema, err := c.Compile("testdata/sarif-2.1.0-rtm.5.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"version":"2.1.0","runs":[{"tool":{"driver":{}},"results":[]}]}`))
	if schema.Validate(inst) == nil {
		t.Fatal("a run whose driver has no name validated: the schema check cannot fail")
	}
}
