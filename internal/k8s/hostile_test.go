package k8s

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// checkOne checks a single file with the given content and returns the
// findings as "rule: message" lines, failing when it takes too long.
func checkOne(t *testing.T, name string, data []byte, limit time.Duration) []string {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res, err := Check([]string{p}, Config{})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > limit {
		t.Errorf("took %v, want < %v", d, limit)
	}
	var out []string
	for _, r := range res {
		out = append(out, r.Rule+": "+r.Message)
	}
	return out
}

func wantRule(t *testing.T, got []string, rule string) {
	t.Helper()
	for _, g := range got {
		if strings.HasPrefix(g, rule+":") {
			return
		}
	}
	t.Errorf("want a %s finding, got %q", rule, got)
}

func TestHostileAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	for i := 1; i < 12; i++ {
		fmt.Fprintf(&b, "  a%d: &a%d [", i, i)
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	got := checkOne(t, "bomb.yaml", []byte(b.String()), 5*time.Second)
	wantRule(t, got, RuleAliasBudget)
}

// An alias inside the value its own anchor names makes an infinite
// document (go-yaml v2, which Kubernetes uses, rejects it: "anchor 'a'
// value contains itself"). The check terminates quickly and says so once,
// at the alias, for a bare value and inside an object, directly and
// through another anchor.
func TestHostileSelfAlias(t *testing.T) {
	for _, tc := range []struct{ name, yaml, at string }{
		{"bare", "a: &a [*a]\n", "1:8"},
		{"object", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: &d {k: *d}\n", "4:14"},
		{"indirect", "a: &a\n  b: &b\n    c: *a\n  d: *b\n", "3:8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "self.yaml")
			if err := os.WriteFile(p, []byte(tc.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			res, err := Check([]string{p}, Config{})
			if err != nil {
				t.Fatal(err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			if len(res) != 1 {
				t.Fatalf("want one finding, got %v", res)
			}
			r := res[0]
			if r.Rule != RuleAliasBudget || fmt.Sprintf("%d:%d", r.Line, r.Col) != tc.at || !strings.Contains(r.Message, "contains itself") {
				t.Errorf("got %d:%d %s %q, want %s %s saying the value contains itself", r.Line, r.Col, r.Rule, r.Message, tc.at, RuleAliasBudget)
			}
		})
	}
}

func TestHostileDeepNesting(t *testing.T) {
	// 100 levels, block and flow: legal, must be handled.
	var b strings.Builder
	b.WriteString("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\nx:\n")
	for i := 0; i < 100; i++ {
		b.WriteString(strings.Repeat("  ", i+1) + fmt.Sprintf("k%d:\n", i))
	}
	b.WriteString("flow: " + strings.Repeat("[", 100) + strings.Repeat("]", 100) + "\n")
	got := checkOne(t, "deep.yaml", []byte(b.String()), 5*time.Second)
	// x is not a ConfigMap field: one unknown-field finding, nothing else.
	if len(got) != 2 {
		t.Errorf("got %q", got)
	}
	// Far deeper than the parser allows: a clear syntax error.
	deep := "a: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n"
	got = checkOne(t, "deeper.yaml", []byte(deep), 5*time.Second)
	wantRule(t, got, RuleSyntax)
}

func TestHostileHugeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 50 MB")
	}
	var b bytes.Buffer
	b.WriteString("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\ndata:\n")
	for i := 0; b.Len() < 50<<20; i++ {
		fmt.Fprintf(&b, "  key%08d: %s\n", i, strings.Repeat("x", 100))
	}
	got := checkOne(t, "huge.yaml", b.Bytes(), 3*time.Second)
	wantRule(t, got, RuleUnreadable)
	if !strings.Contains(got[0], "limit") {
		t.Errorf("want a size-limit message, got %q", got)
	}
}

func TestHostileBinary(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	junk := make([]byte, 1<<20)
	r.Read(junk)
	got := checkOne(t, "junk.yaml", junk, 5*time.Second)
	wantRule(t, got, RuleUnreadable)
}

func TestHostileInvalidUTF8(t *testing.T) {
	got := checkOne(t, "latin1.yaml", []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\n"), 5*time.Second)
	if len(got) != 1 || !strings.HasPrefix(got[0], RuleUnreadable+": invalid UTF-8") {
		t.Errorf("got %q", got)
	}
}

func TestHostileMissingPath(t *testing.T) {
	if _, err := Check([]string{filepath.Join(t.TempDir(), "nope")}, Config{}); err == nil {
		t.Error("want an error for a missing path")
	}
}

// A syntax error hides only the rest of its own document: the documents
// before and after it are still checked.
func TestSyntaxErrorKeepsOtherDocs(t *testing.T) {
	data := "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  x: 1\n---\na: b: c\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  z: 2\n"
	dir := t.TempDir()
	p := filepath.Join(dir, "multi.yaml")
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Check([]string{p}, Config{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range res {
		got = append(got, fmt.Sprintf("%d %s", r.Line, r.Rule))
		if r.Rule == RuleSyntax && !strings.Contains(r.Message, "rest of this document") {
			t.Errorf("syntax error does not say what it hides: %q", r.Message)
		}
	}
	if want := []string{"5 wrong-type", "7 yaml-syntax", "13 wrong-type"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestIncident4(t *testing.T) {
	res, err := Check([]string{"../../testdata/incidents/notifyworker"}, Config{})
	if err != nil {
		t.Fatal(err)
	}
	rules := map[string]bool{}
	for _, r := range res {
		if !strings.HasSuffix(r.File, "queue-worker.yaml") {
			t.Errorf("finding outside the worker's copy: %s", r)
		}
		rules[r.Rule] = true
	}
	for _, r := range []string{RuleDuplicateKey, RuleMissingRef, RuleEnvInconsistent} {
		if !rules[r] {
			t.Errorf("incident 4: no %s finding; got %v", r, res)
		}
	}
}

func FuzzManifest(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*/*/*.yaml")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil && len(data) < 1<<16 {
			f.Add(data)
		}
	}
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  spec: {containers: [{name: x, ports: [{name: p, containerPort: 1}]}]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := newChecker(&Config{MaxAliasNodes: 100000})
		if err != nil {
			t.Fatal(err)
		}
		src, docs := c.parse("fuzz.yaml", data, false)
		c.add(src, docs)
		res := c.finish()
		for _, f := range res.findings {
			r := f.result()
			if r.Line < 1 || r.Col < 1 || r.Rule == "" || r.Message == "" {
				t.Fatalf("bad result %+v", r)
			}
			if r.Line > len(src.lineOff)+1 {
				t.Fatalf("line %d beyond the file's %d lines: %+v", r.Line, len(src.lineOff), r)
			}
		}
	})
}
