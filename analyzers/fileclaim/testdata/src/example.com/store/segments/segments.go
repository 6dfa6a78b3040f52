// Package segments does not lock anything itself; it imports a package of // want package:"owns its directories via spool.Open"
// its module that owns the directory, so its scans are the owner's.
package segments

import (
	"os"
	"path/filepath"

	"example.com/store/spool"
)

var _ *spool.WAL

// Checkpoint reads old segments and deletes them.
func Checkpoint(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		data, _ := os.ReadFile(p)
		publish(data)
		os.Remove(p)
	}
}

func publish([]byte) {}
