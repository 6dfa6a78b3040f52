package a

import (
	"os"
	"path/filepath"
	"testing"
)

func TestPoll(t *testing.T) {
	dir := "/var/spool/jobs"
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		data, _ := os.ReadFile(p)
		_ = data
		os.Remove(p)
	}
}
