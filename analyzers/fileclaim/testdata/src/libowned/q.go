// Package libowned locks its queue directory with a flock library when the // want package:"owns its directories via libowned.NewQueue"
// queue opens.
package libowned

import (
	"errors"
	"os"
	"path/filepath"

	"flocklib/flock"
)

type Queue struct {
	dir  string
	lock *flock.Flock
}

func NewQueue(dir string) (*Queue, error) { // want NewQueue:"locks via flock.Flock.TryLock"
	l := flock.New(filepath.Join(dir, ".lock"))
	ok, err := l.TryLock()
	if err != nil || !ok {
		return nil, errors.New("queue in use")
	}
	return &Queue{dir: dir, lock: l}, nil
}

func (q *Queue) Drain(send func([]byte) error) {
	entries, _ := os.ReadDir(q.dir)
	for _, e := range entries {
		p := filepath.Join(q.dir, e.Name())
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		if send(data) == nil {
			os.Remove(p)
		}
	}
}
