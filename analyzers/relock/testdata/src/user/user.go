package user

import (
	"context"

	"dep"
)

func handle(ctx context.Context, h *dep.Holder, items []string) {
	for range items {
		c, release := h.Obtain(ctx) // want `recursive read lock of h.mu through h.Obtain \(h.Obtain → h.mu.RLock\), first taken by h.Obtain at line 11 in the previous iteration of the loop`
		defer release()
		_ = c
	}
}

func reconfigure(ctx context.Context, h *dep.Holder) {
	c, release := h.Obtain(ctx)
	defer release()
	h.Swap(c) // want `write lock of h.mu through h.Swap \(h.Swap → h.mu.Lock\) while this goroutine holds its read lock, first taken by h.Obtain at line 18: a certain self-deadlock`
}

func reconfigureFixed(ctx context.Context, h *dep.Holder) {
	c, release := h.Obtain(ctx)
	release()
	h.Swap(c)
}

func both(s *dep.Store) string {
	s.RLock()
	defer s.RUnlock()
	return s.Get("k") // want `recursive read lock of s.RWMutex through s.Get \(s.Get → s.lookup → s.RLock\)`
}

func helpers(s, t *dep.Store) string {
	s.Acquire()
	defer s.Release()
	_ = t.Get("k")    // another store: silent
	return s.Get("k") // want `read lock of s.RWMutex through s.Get .* holds its write lock, first taken by s.Acquire at line 36`
}

func global() {
	dep.WithGlobal(func() {
		dep.WithGlobal(func() {}) // silent: a passed closure is not called here
	})
}

func lockers(s *dep.Store) {
	s.Lock()
	defer s.Unlock()
	dep.Visit(s.ReadLocker(), func() {}) // silent: the locker's concrete lock is unknown across the call
	dep.Visit(&s.RWMutex, func() {})     // want `s.RWMutex is locked again through dep.Visit`
}

// An upgrade through a returned release function and a callee, across
// packages.
func incr(s *dep.KV, k string) {
	v, release, ok := s.View(k)
	if !ok {
		s.Put(k, 1) // silent: View took no lock on this path
		return
	}
	defer release()
	s.Put(k, v+1) // want `write lock of s.mu through s.Put \(s.Put → s.mu.Lock\) while this goroutine holds its read lock, first taken by s.View at line 58: a certain self-deadlock`
}
