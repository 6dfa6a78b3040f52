// Package owned opens a store that locks its directory at open time, as // want package:"owns its directories via owned.Open"
// Prometheus's TSDB does; its methods then list and delete freely.
package owned

import (
	"os"
	"path/filepath"
	"syscall"
)

type Store struct {
	dir  string
	lock *os.File
}

func Open(dir string) (*Store, error) { // want Open:"locks via syscall.Flock"
	f, err := os.OpenFile(filepath.Join(dir, "LOCK"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, err
	}
	return &Store{dir: dir, lock: f}, nil
}

func (s *Store) compact() {
	entries, _ := os.ReadDir(s.dir)
	for _, e := range entries {
		p := filepath.Join(s.dir, e.Name())
		data, _ := os.ReadFile(p)
		publish(data)
		os.Remove(p)
	}
}

func publish([]byte) {}
