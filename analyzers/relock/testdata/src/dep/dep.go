// Package dep exports lock-taking functions; its summaries travel as facts.
package dep

import (
	"context"
	"sync"
)

type Client struct{}

type Holder struct {
	mu     sync.RWMutex
	client *Client
}

func (h *Holder) Obtain(ctx context.Context) (*Client, func()) { // want Obtain:`acquires R\(p0.mu\); holds R\(p0.mu\); result 1 releases R\(p0.mu\)`
	h.mu.RLock()
	return h.client, h.mu.RUnlock
}

func (h *Holder) Swap(c *Client) { // want Swap:`acquires W\(p0.mu\)`
	h.mu.Lock()
	defer h.mu.Unlock()
	h.client = c
}

// Store embeds its mutex.
type Store struct {
	sync.RWMutex
	items map[string]string
}

func (s *Store) Get(k string) string { // want Get:`acquires R\(p0.RWMutex\)`
	return s.lookup(k)
}

func (s *Store) lookup(k string) string {
	s.RLock()
	defer s.RUnlock()
	return s.items[k]
}

// Unlock helpers.
func (s *Store) Acquire() { s.Lock() }   // want Acquire:`acquires W\(p0.RWMutex\); holds W\(p0.RWMutex\)`
func (s *Store) Release() { s.Unlock() } // want Release:`releases W\(p0.RWMutex\)`

// Global lock.
var mu sync.Mutex

func WithGlobal(f func()) { // want WithGlobal:`acquires W\(g\{dep.mu\}\)`
	mu.Lock()
	defer mu.Unlock()
	f()
}

// ReadLocker returns the store's read locker.
func (s *Store) ReadLocker() sync.Locker { return s.RLocker() }

// Visit calls f with the lock held.
func Visit(l sync.Locker, f func()) { // want Visit:`acquires W\(p0\)\?`
	l.Lock()
	defer l.Unlock()
	f()
}

type KV struct {
	mu sync.RWMutex
	m  map[string]int
}

// View read-locks the store and returns the unlock; a missing key returns
// no release function and no lock.
func (s *KV) View(k string) (int, func(), bool) { // want View:`acquires R\(p0.mu\); holds R\(p0.mu\); result 1 releases R\(p0.mu\) \(held only then\)`
	s.mu.RLock()
	v, ok := s.m[k]
	if !ok {
		s.mu.RUnlock()
		return 0, nil, false
	}
	return v, s.mu.RUnlock, true
}

func (s *KV) Put(k string, v int) { // want Put:`acquires W\(p0.mu\)`
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = v
}
