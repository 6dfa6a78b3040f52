package a

import "sync"

// Issue 16: a release function obtained as a method value of a generic
// type's method.

type Guard[T any] struct {
	mu sync.RWMutex
	v  T
}

func (g *Guard[T]) Read() (T, func()) {
	g.mu.RLock()
	return g.v, g.mu.RUnlock
}

func (g *Guard[T]) Write() (*T, func()) {
	g.mu.Lock()
	return &g.v, func() { g.mu.Unlock() }
}

// The value copied out is plain data: keeping it does not keep the lock.
func snapshot(g *Guard[int], keys []string) []int {
	var out []int
	for range keys {
		v, release := g.Read()
		defer release() // grade:error // want `release, returned by g.Read at line \d+, is not called until then, so what it releases is held across iterations: Read returns the RUnlock of a mutex it locks, so the next iteration's call read-locks it again while the first read lock is held, a recursive read lock that deadlocks as soon as a writer waits`
		out = append(out, v)
	}
	return out
}

func bump(g *Guard[map[string]int], keys []string) {
	for _, k := range keys {
		m, done := g.Write()
		defer done() // grade:error // want `Write returns the Unlock of a mutex it locks, so the next iteration's call locks it again while it is held: a self-deadlock`
		(*m)[k]++
	}
}

// Correct: the release runs per iteration.
func snapshotOK(g *Guard[int], keys []string) []int {
	var out []int
	for range keys {
		v, release := g.Read()
		out = append(out, v)
		release()
	}
	return out
}
