// Package clean holds look-alikes that no check may report.
package clean

import (
	"os"
	"sync"
)

var mu sync.Mutex

// Each releases per iteration.
func Each(items []string) {
	for _, it := range items {
		func() {
			mu.Lock()
			defer mu.Unlock()
			println(it)
		}()
	}
}

// First returns on the first file it can open.
func First(names []string) (*os.File, error) {
	for _, n := range names {
		f, err := os.Open(n)
		if err != nil {
			continue
		}
		return f, nil
	}
	return nil, os.ErrNotExist
}
