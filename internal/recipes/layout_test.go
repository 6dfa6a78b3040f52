package recipes_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeLayout keeps the README's layout section and the tree in step:
// every path the section names exists, and every top-level directory,
// internal/ package and tools/ program is named there.
func TestReadmeLayout(t *testing.T) {
	root := filepath.Join("..", "..")
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "## Layout\n")
	if !ok {
		t.Fatal("README.md has no ## Layout section")
	}
	section, _, _ := strings.Cut(after, "\n## ")
	named := map[string]bool{}
	for _, m := range regexp.MustCompile(`[a-z0-9][a-z0-9._-]*(?:/[a-z0-9][a-z0-9._-]*)*/?`).FindAllString(section, -1) {
		named[strings.TrimSuffix(m, "/")] = true
	}
	// Paths written as dir/: they must exist.
	for _, m := range regexp.MustCompile(`(?m)^([a-z][a-z0-9/_-]*)/ `).FindAllStringSubmatch(section, -1) {
		if _, err := os.Stat(filepath.Join(root, m[1])); err != nil {
			t.Errorf("README layout names %s/, which does not exist", m[1])
		}
	}
	want := func(dir string) {
		entries, err := os.ReadDir(filepath.Join(root, dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if !e.IsDir() || strings.HasPrefix(e.Name(), ".") || e.Name() == "testdata" || e.Name() == "bin" || e.Name() == "dist" {
				continue
			}
			p := e.Name()
			if dir != "." {
				p = dir + "/" + p
			}
			if !mentioned(named, p) && (dir != "tools" || !named[e.Name()]) {
				t.Errorf("README layout does not mention %s", p)
			}
		}
	}
	want(".")
	want("internal")
	want("tools")
}

// mentioned reports whether the layout names p or something below it.
func mentioned(named map[string]bool, p string) bool {
	for n := range named {
		if n == p || strings.HasPrefix(n, p+"/") {
			return true
		}
	}
	return false
}
