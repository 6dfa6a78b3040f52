package withtests

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
		data, _ := os.ReadFile(p) // want `is read here and deleted by os.Remove`
		publish(data)
		os.Remove(p)
	}
}

func TestTemp(t *testing.T) {
	dir := t.TempDir()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		data, _ := os.ReadFile(p)
		publish(data)
		os.Remove(p)
	}
}

func publish([]byte) {}
