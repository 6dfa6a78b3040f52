package lint

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestParseDirective(t *testing.T) {
	for _, tc := range []struct {
		text   string
		ok     bool
		verb   string
		checks []string
		reason string
	}{
		{"//hindsight:ignore deferloop files are closed at exit", true, "hindsight:ignore", []string{"deferloop"}, "files are closed at exit"},
		{"//hindsight:ignore deferloop,relock why", true, "hindsight:ignore", []string{"deferloop", "relock"}, "why"},
		{"//hindsight:file-ignore trimcutset generated-like table", true, "hindsight:file-ignore", []string{"trimcutset"}, "generated-like table"},
		{"//hindsight:ignore deferloop", true, "hindsight:ignore", []string{"deferloop"}, ""},
		{"//hindsight:ignore", true, "hindsight:ignore", nil, ""},
		{"//hindsight:ignored deferloop x", false, "", nil, ""},
		{"// hindsight:ignore deferloop x", false, "", nil, ""},
		{"//nolint:deferloop", false, "", nil, ""},
	} {
		verb, checks, reason, ok := ParseDirective(tc.text)
		if ok != tc.ok || verb != tc.verb || !slices.Equal(checks, tc.checks) || reason != tc.reason {
			t.Errorf("ParseDirective(%q) = %q, %q, %q, %v; want %q, %q, %q, %v", tc.text, verb, checks, reason, ok, tc.verb, tc.checks, tc.reason, tc.ok)
		}
	}
}

func TestDocFrom(t *testing.T) {
	src := "// Package x does x.\n//\n// # Analyzer x\n//\n// x: report things\n//\n// More text.\n//\n//\tcode()\npackage x\n"
	got := DocFrom(src)
	want := "report things\n\nMore text.\n\n\tcode()"
	if got != want {
		t.Errorf("DocFrom = %q, want %q", got, want)
	}
}

// A result's severity is written and read as its name in JSON.
func TestSeverityJSON(t *testing.T) {
	b, err := json.Marshal(Result{Check: "c", Severity: Warning})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"severity":"warning"`) {
		t.Errorf("got %s", b)
	}
	var r Result
	if err := json.Unmarshal([]byte(`{"severity":"note"}`), &r); err != nil || r.Severity != Info {
		t.Errorf("note: %v %v", r.Severity, err)
	}
	if err := json.Unmarshal([]byte(`{"severity":"fatal"}`), &r); err == nil {
		t.Error("fatal: no error")
	}
}
