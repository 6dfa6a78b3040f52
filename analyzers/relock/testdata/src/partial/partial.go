// Package partial mixes functions that touch locks with many that do not:
// relock builds SSA only for the former (and the functions that reach
// them), so the others are given to the SSA builder without bodies. The
// kept ones still refer to them as calls, values, generic instances and
// method values, and package variables are initialised from them.
package partial

import (
	"strings"
	"sync"
)

type store struct {
	mu    sync.RWMutex
	items map[string]int
}

// Nothing below touches a lock: no SSA body is built for these.

func clean(s string) string { return strings.TrimSpace(s) }

func first[T any](xs []T) (T, bool) {
	var zero T
	if len(xs) == 0 {
		return zero, false
	}
	return xs[0], true
}

func (s *store) name() string { return strings.ToUpper("store") }

var cleaner = clean

var defaultName = func() string { return clean(strings.ToLower("NAME")) }()

// Reached through a chain of plain functions to the lock.

func (s *store) get(k string) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.items[clean(k)]
}

func (s *store) lookup(k string) int { return s.get(k) }

func (s *store) lookupAll(ks []string) int {
	k, ok := first(ks)
	if !ok {
		return 0
	}
	return s.lookup(k)
}

func (s *store) Sum(ks []string) int { // want Sum:"acquires R\\(p0.mu\\)"
	s.mu.RLock()
	defer s.mu.RUnlock()
	f := s.name
	_ = f() + cleaner(defaultName)
	return s.lookupAll(ks) // want `recursive read lock of s.mu through s.lookupAll \(s.lookupAll → s.lookup → s.get → s.mu.RLock\), first taken at line 55; it deadlocks as soon as a writer waits`
}

// Look-alike: the chain releases before calling.
func (s *store) SumOK(ks []string) int { // want SumOK:"acquires R\\(p0.mu\\)"
	s.mu.RLock()
	n := len(s.items)
	s.mu.RUnlock()
	return n + s.lookupAll(ks)
}
