package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// A go vet unit run only for its facts is told so (VetxOnly); anything
// else, unreadable files included, gets the full analysis.
func TestVetxOnly(t *testing.T) {
	dir := t.TempDir()
	for i, c := range []struct {
		body string
		want bool
	}{
		{`{"ID": "example.com/a", "VetxOnly": true}`, true},
		{`{"ID": "example.com/a", "VetxOnly": false}`, false},
		{`{"ID": "example.com/a"}`, false},
		{`not json`, false},
	} {
		cfg := filepath.Join(dir, fmt.Sprintf("%d.cfg", i))
		if err := os.WriteFile(cfg, []byte(c.body), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := vetxOnly([]string{"-severity=info", cfg}); got != c.want {
			t.Errorf("%s: vetxOnly = %v, want %v", c.body, got, c.want)
		}
	}
	if vetxOnly([]string{filepath.Join(dir, "missing.cfg")}) || vetxOnly([]string{"-V=full"}) || vetxOnly(nil) {
		t.Error("vetxOnly true without a readable .cfg file")
	}
}
