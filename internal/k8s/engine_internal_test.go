package k8s

import (
	"os"
	"path/filepath"
	"testing"
)

func TestGoStrings(t *testing.T) {
	dir := t.TempDir()
	src := "package p\n\ntype C struct {\n\tURL string `env:\"QUEUE_URL,required\" json:\"url\"`\n\tN int `envconfig:\"WORKERS\"`\n}\n\nvar s = \"PLAIN_NAME\"\n"
	if err := os.WriteFile(filepath.Join(dir, "p.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "testdata"), 0o755)
	os.WriteFile(filepath.Join(dir, "testdata", "x.go"), []byte("package x\nvar y = \"IN_TESTDATA\"\n"), 0o644)
	got := scanGoStrings(dir)
	for _, want := range []string{"QUEUE_URL", "WORKERS", "PLAIN_NAME"} {
		if !got[want] {
			t.Errorf("goStrings misses %s: %v", want, got)
		}
	}
	if got["IN_TESTDATA"] {
		t.Error("goStrings reads testdata")
	}
}

func TestGlobMatch(t *testing.T) {
	for _, c := range []struct {
		glob, name string
		want       bool
	}{
		{"deploy/*.yaml", "deploy/a.yaml", true},
		{"deploy/*.yaml", "deploy/x/a.yaml", false},
		{"deploy/**/*.yaml", "deploy/a.yaml", true},
		{"deploy/**/*.yaml", "deploy/x/y/a.yaml", true},
		{"**/k8s/*.yml", "svc/k8s/a.yml", true},
		{"**/k8s/*.yml", "svc/k8s/a.yaml", false},
	} {
		if got := globMatch(c.glob, c.name); got != c.want {
			t.Errorf("globMatch(%q, %q) = %v", c.glob, c.name, got)
		}
	}
}

func TestResolve11(t *testing.T) {
	for in, want := range map[string]string{
		"yes": "bool true", "Off": "bool false", "y": "bool true", "tRUE": "str tRUE",
		"0644": "int 420", "0x1F": "int 31", "1_000": "int 1000", "1.10": "float 1.1", "1e3": "float 1000",
		"~": "null null", "1:20": "str 1:20", "2024-01-02": "str 2024-01-02", "v1.2": "str v1.2", "500m": "str 500m",
	} {
		k, j := resolve11(in)
		if got := k + " " + j; got != want {
			t.Errorf("resolve11(%q) = %q, want %q", in, got, want)
		}
	}
}
