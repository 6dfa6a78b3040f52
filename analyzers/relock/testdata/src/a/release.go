package a

import (
	"errors"
	"sync"
)

// Upgrades through a release function returned by a call: the caller
// defers the release, so the read lock is held when it calls a method
// that write-locks.

type kv struct {
	mu sync.RWMutex
	m  map[string]int
}

func (s *kv) view(k string) (int, func()) {
	s.mu.RLock()
	return s.m[k], s.mu.RUnlock
}

func (s *kv) put(k string, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = v
}

func (s *kv) incr(k string) {
	v, release := s.view(k)
	defer release()
	s.put(k, v+1) // want `write lock of s.mu through s.put \(s.put → s.mu.Lock\) while this goroutine holds its read lock, first taken by s.view at line 29: a certain self-deadlock`
}

// An error path returns no release function and no lock.
func (s *kv) viewErr(k string) (int, func(), error) {
	s.mu.RLock()
	v, ok := s.m[k]
	if !ok {
		s.mu.RUnlock()
		return 0, nil, errors.New("missing")
	}
	return v, s.mu.RUnlock, nil
}

func (s *kv) incrErr(k string) error {
	v, release, err := s.viewErr(k)
	if err != nil {
		s.put(k, 0) // silent: no lock on the error path
		return err
	}
	defer release()
	s.put(k, v+1) // want `write lock of s.mu through s.put .*first taken by s.viewErr at line 46`
	return nil
}

// A nil receiver gets a no-op release function.
func (s *kv) viewNoop(k string) (int, func()) {
	if s == nil {
		return 0, func() {}
	}
	s.mu.RLock()
	return s.m[k], func() { s.mu.RUnlock() }
}

func (s *kv) incrNoop(k string) {
	v, release := s.viewNoop(k)
	defer release()
	s.put(k, v+1) // want `write lock of s.mu through s.put .*first taken by s.viewNoop at line 66`
}

// Generic containers too.
type gcache[K comparable, V any] struct {
	mu sync.RWMutex
	m  map[K]V
}

func (c *gcache[K, V]) view(k K) (V, func()) {
	c.mu.RLock()
	return c.m[k], c.mu.RUnlock
}

func (c *gcache[K, V]) put(k K, v V) {
	c.mu.Lock()
	c.m[k] = v
	c.mu.Unlock()
}

func update[K comparable, V any](c *gcache[K, V], k K, f func(V) V) {
	v, release := c.view(k)
	defer release()
	c.put(k, f(v)) // want `write lock of c.mu through c.put .*first taken by c.view at line 89`
}

// Silent: released before the write.
func (s *kv) incrReleased(k string) {
	v, release := s.view(k)
	release()
	s.put(k, v+1)
}

// Silent: the release function goes to another goroutine.
func (s *kv) incrHandOff(k string, done chan func()) {
	v, release := s.view(k)
	done <- release
	s.put(k, v+1)
}

// Silent: a different store.
func (s *kv) copyTo(dst *kv, k string) {
	v, release := s.view(k)
	defer release()
	dst.put(k, v)
}

// Silent: the error path's release is not used before the write.
func (s *kv) resetOnMiss(k string) {
	_, release, err := s.viewErr(k)
	if err != nil {
		s.put(k, 0)
		return
	}
	release()
}
