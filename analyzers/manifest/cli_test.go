package manifest

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hindsight-lint/hindsight/internal/lint"
)

func TestMainText(t *testing.T) {
	var out, errb bytes.Buffer
	code := Main([]string{"../../testdata/incidents/notifyworker"}, &out, &errb)
	if code != 3 {
		t.Fatalf("exit %d, stderr %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 {
		t.Fatalf("got %q", lines)
	}
	if !strings.HasPrefix(lines[0], "../../testdata/incidents/notifyworker/deploy/queue-worker.yaml:32:19: duplicate key \"key\"") || !strings.HasSuffix(lines[0], " (manifest)") {
		t.Errorf("first line %q", lines[0])
	}
	// The duplicate's first occurrence follows as a related position.
	if want := "\t../../testdata/incidents/notifyworker/deploy/queue-worker.yaml:31:19: first definition"; lines[1] != want {
		t.Errorf("second line %q, want %q", lines[1], want)
	}
}

func TestMainJSONAndClean(t *testing.T) {
	var out, errb bytes.Buffer
	if code := Main([]string{"-format", "json", "testdata/golden/cross"}, &out, &errb); code != 3 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var res []lint.Result
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if len(res) == 0 || res[0].Rule == "" || res[0].Check != "manifest" || res[0].Level == "" {
		t.Errorf("got %+v", res)
	}
	out.Reset()
	if code := Main([]string{"-json", "testdata/clean/plain"}, &out, &errb); code != 0 || strings.TrimSpace(out.String()) != "[]" {
		t.Errorf("clean: exit %d, output %q", code, out.String())
	}
	if code := Main([]string{"testdata/does-not-exist"}, &out, &errb); code != 1 {
		t.Errorf("missing path: exit %d", code)
	}
	if code := Main(nil, &out, &errb); code != 1 {
		t.Errorf("no args: exit %d", code)
	}
	if code := Main([]string{"-format", "xml", "."}, &out, &errb); code != 1 {
		t.Errorf("bad format: exit %d", code)
	}
}
