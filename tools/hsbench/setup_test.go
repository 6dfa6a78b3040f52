package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestReplaceSection(t *testing.T) {
	path := filepath.Join(t.TempDir(), "doc.md")
	doc := "Prose quotes `<!-- x:begin -->` and `<!-- x:end -->` inline.\n\n<!-- x:begin -->\nold\n<!-- x:end -->\ntail\n"
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := replaceSection(path, "x", "new\n"); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	want := "Prose quotes `<!-- x:begin -->` and `<!-- x:end -->` inline.\n\n<!-- x:begin -->\nnew\n<!-- x:end -->\ntail\n"
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// Missing markers: appended.
	if err := replaceSection(path, "y", "more\n"); err != nil {
		t.Fatal(err)
	}
	got, _ = os.ReadFile(path)
	if want2 := want + "\n<!-- y:begin -->\nmore\n<!-- y:end -->\n"; string(got) != want2 {
		t.Errorf("got\n%q\nwant\n%q", got, want2)
	}
}
