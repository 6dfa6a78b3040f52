// Package inbox is another module: using a lock helper elsewhere does not
// make its own unlocked scans safe, but calling it per entry does.
package inbox

import (
	"os"
	"path/filepath"

	"example.com/store/lock"
)

func drain(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		data, _ := os.ReadFile(p) // want `p, listed by os.ReadDir at line \d+, is read here and deleted by os.Remove at line \d+`
		publish(data)
		os.Remove(p)
	}
}

func drainLocked(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		release, err := lock.Dir(p + ".d")
		if err != nil {
			continue
		}
		data, _ := os.ReadFile(p)
		publish(data)
		os.Remove(p)
		release()
	}
}

func publish([]byte) {}
