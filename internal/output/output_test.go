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
		{Check: "deferloop", Rule: "lock-held", Severity: lint.Error, File: filepath.Join(root, "p.go"), Line: 3, Col: 26, EndLine: 3, EndCol: 32, Message: "a finding after a non-ASCII string", Func: "f"},
		{Check: "manifest", Rule: "duplicate-key", Severity: lint.Warning, File: filepath.Join(root, "d.yaml"), Line: 3, Col: 3, Message: "a YAML finding",
			Related: []lint.Related{{File: filepath.Join(root, "d.yaml"), Line: 2, Col: 1, Message: "first definition"}}},
		{Check: "trimcutset", Rule: "affix-like", Severity: lint.Info, File: filepath.Join(root, "p.go"), Line: 1, Col: 1, Message: "a note"},
	}
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	root, rs := sampleResults(t)
	var buf bytes.Buffer
	err := SARIF(&buf, rs, SARIFOptions{
		ToolName: "hindsight", Version: "test", InformationURI: "https://example.com",
		Root: root,
		Rules: []Rule{
			{ID: "deferloop/lock-held", Summary: "s", Doc: "d", HelpURI: "https://example.com/deferloop#lock-held", Level: "error"},
			{ID: "manifest/duplicate-key", Summary: "s", Doc: "d", HelpURI: "https://example.com/manifest#duplicate-key", Level: "error"},
			{ID: "trimcutset/affix-like", Summary: "s", Doc: "d", HelpURI: "https://example.com/trimcutset#affix-like", Level: "warning"},
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
				RuleIndex        int
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
	if got := log.Runs[0].Tool.Driver.Rules[0].HelpURI; got != "https://example.com/deferloop#lock-held" {
		t.Errorf("helpUri %q", got)
	}
	if res[0].RuleID != "deferloop/lock-held" || res[0].RuleIndex != 0 || res[2].RuleIndex != 2 {
		t.Errorf("rule ids %q %q, indices %d %d", res[0].RuleID, res[2].RuleID, res[0].RuleIndex, res[2].RuleIndex)
	}
}

func TestTextPrintsRelatedPositions(t *testing.T) {
	root, rs := sampleResults(t)
	var buf bytes.Buffer
	if err := Text(&buf, rs); err != nil {
		t.Fatal(err)
	}
	y := filepath.Join(root, "d.yaml")
	want := y + ":3:3: warning: a YAML finding (manifest/duplicate-key)\n" + y + ":2:1: \tfirst definition\n"
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

// baselineCase writes a small source file and one finding in it.
func baselineCase(t *testing.T) (root, file string, r lint.Result) {
	root = t.TempDir()
	file = filepath.Join(root, "p.go")
	src := "package p\n\nfunc f() {\n\tfor _, x := range xs {\n\t\tmu.Lock()\n\t\tdefer mu.Unlock()\n\t}\n}\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	r = lint.Result{Check: "deferloop", Rule: "lock-held", Severity: lint.Error, File: file, Line: 6, Col: 3, EndLine: 6, EndCol: 20,
		Message: "the lock on mu taken at line 5 is held", Func: "f"}
	return root, file, r
}

func roundTrip(t *testing.T, root string, b *Baseline) (*Baseline, string) {
	t.Helper()
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
	return b, buf.String()
}

func TestBaselineSurvivesLineShiftsAndRewording(t *testing.T) {
	root, file, r := baselineCase(t)
	b, text := roundTrip(t, root, NewBaseline(root, []lint.Result{r}))
	if !strings.Contains(text, `"version": 2`) || !strings.Contains(text, `"key": "defer mu.Unlock()"`) || !strings.Contains(text, `"rule": "lock-held"`) {
		t.Errorf("baseline:\n%s", text)
	}
	// An unrelated edit moves the code down three lines, and the check's
	// message is reworded.
	data, _ := os.ReadFile(file)
	if err := os.WriteFile(file, []byte(strings.Replace(string(data), "package p\n", "package p\n\n// a\n// b\n", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	moved := r
	moved.Line, moved.EndLine = 9, 9
	moved.Message = "mu, locked at line 8, stays locked across iterations"
	if got, hidden := b.Filter(root, []lint.Result{moved}); len(got) != 0 || hidden != 1 {
		t.Errorf("moved, reworded finding reported as new: %v", got)
	}
	// A new finding, and a second copy of an accepted one, are new.
	other := moved
	other.Line, other.Col, other.EndLine, other.EndCol = 8, 3, 8, 12 // mu.Lock()
	got, hidden := b.Filter(root, []lint.Result{moved, other, moved})
	if len(got) != 2 || hidden != 1 || got[0].Line != 8 {
		t.Errorf("Filter = %v, want the new finding and the extra copy", got)
	}
	// Another rule at the same place is another finding.
	otherRule := moved
	otherRule.Rule = "leak"
	if got, _ := b.Filter(root, []lint.Result{otherRule}); len(got) != 1 {
		t.Errorf("a finding of another rule matched the baseline")
	}
}

func TestBaselineVersion1StillMatches(t *testing.T) {
	root, _, r := baselineCase(t)
	v1 := `{"version": 1, "findings": [{"check": "deferloop", "file": "p.go", "func": "f", "message": "the lock on mu taken at line N is held"}]}`
	path := filepath.Join(root, "old.json")
	if err := os.WriteFile(path, []byte(v1), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := ReadBaseline(path)
	if err != nil {
		t.Fatal(err)
	}
	r.Line, r.Message = 40, "the lock on mu taken at line 39 is held"
	if got, hidden := b.Filter(root, []lint.Result{r}); len(got) != 0 || hidden != 1 {
		t.Errorf("a version 1 baseline no longer matches: %v", got)
	}
	if err := os.WriteFile(path, []byte(`{"version": 9, "findings": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadBaseline(path); err == nil || !strings.Contains(err.Error(), "unsupported version 9") {
		t.Errorf("version 9: err = %v", err)
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
