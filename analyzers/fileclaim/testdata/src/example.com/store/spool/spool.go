// Package spool belongs to a module whose lock package owns the directory. // want package:"owns its directories via spool.Open"
package spool

import (
	"os"
	"path/filepath"

	"example.com/store/lock"
)

type WAL struct{ dir string }

func Open(dir string) (*WAL, error) { // want Open:"locks via lock.Dir"
	if _, err := lock.Dir(dir); err != nil {
		return nil, err
	}
	return &WAL{dir: dir}, nil
}

// Truncate reads old segments for a checkpoint and deletes them.
func (w *WAL) Truncate() {
	entries, _ := os.ReadDir(w.dir)
	for _, e := range entries {
		p := filepath.Join(w.dir, e.Name())
		data, _ := os.ReadFile(p)
		publish(data)
		os.Remove(p)
	}
}

func publish([]byte) {}
