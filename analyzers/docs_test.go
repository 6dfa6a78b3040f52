package analyzers

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the generated rule tables in docs/*.md")

const (
	rulesBegin = "<!-- rules:begin (generated from the check's Rules by `go test ./analyzers -run TestDocs -update`) -->"
	rulesEnd   = "<!-- rules:end -->"
)

// rulesTable is the docs' table of a check's rules, one anchor per rule so
// that URL#rule (SARIF's helpUri, x/tools' Category URL) lands on it.
func rulesTable(c Check) string {
	var b strings.Builder
	b.WriteString(rulesBegin + "\n\n| rule | severity | in tests | what |\n| --- | --- | --- | --- |\n")
	for _, r := range c.Rules {
		inTests := r.Severity.String()
		if r.InTests != 0 {
			inTests = r.InTests.String()
		}
		fmt.Fprintf(&b, "| <a id=\"%s\"></a>`%s/%s` | %s | %s | %s |\n", r.ID, c.Name(), r.ID, r.Severity, inTests, r.Summary)
	}
	b.WriteString("\n" + rulesEnd)
	return b.String()
}

// TestDocs: every check has a docs page holding its generated rule table,
// and a README row.
func TestDocs(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range Checks {
		if !strings.Contains(string(readme), "| `"+c.Name()+"` |") {
			t.Errorf("README.md has no row for %s", c.Name())
		}
		path := filepath.Join("..", "docs", c.Name()+".md")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s has no docs page: %v", c.Name(), err)
			continue
		}
		page := string(data)
		i, j := strings.Index(page, rulesBegin), strings.Index(page, rulesEnd)
		if i < 0 || j < i {
			t.Errorf("%s lacks the generated rule table (markers %q ... %q)", path, rulesBegin, rulesEnd)
			continue
		}
		want := rulesTable(c)
		if got := page[i : j+len(rulesEnd)]; got != want {
			if *update {
				if err := os.WriteFile(path, []byte(page[:i]+want+page[j+len(rulesEnd):]), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			t.Errorf("%s: the rule table is out of date; run go test ./analyzers -run TestDocs -update\n%s", path, want)
		}
	}
}
