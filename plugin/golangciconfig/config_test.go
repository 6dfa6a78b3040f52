package golangciconfig

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the shipped "+ConfigFile+" from the registry")

// The shipped golangci.hindsight.yml is Write's output.
func TestShippedConfig(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "..", ConfigFile)
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	shipped, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(shipped, buf.Bytes()) {
		t.Errorf("%s differs from golangciconfig.Write's output; run `go test ./plugin/golangciconfig -update`", ConfigFile)
	}
}
