package a

import "sync"

type broadcaster struct {
	mu     sync.Mutex
	events []string
}

func newBroadcaster() *broadcaster { return &broadcaster{} }

type registry struct{ m map[string]*broadcaster }

func (r *registry) get(k string) *broadcaster { return r.m[k] }

// A new object per iteration: its lock is held to the end, but the next
// iteration locks another mutex. A warning, not a deadlock.
func drainAll(n int) {
	for i := 0; i < n; i++ {
		b := newBroadcaster()
		b.mu.Lock()
		defer b.mu.Unlock() // want `defer of b.mu.Unlock\(\) in loop runs at function exit, not at the end of the iteration: the lock on b.mu taken at line 21 stays held until then; b is a new object each iteration, so nothing deadlocks, but every iteration leaves one more locked`
		b.events = nil
	}
}

func literalEach(n int) {
	for i := 0; i < n; i++ {
		b := &broadcaster{}
		b.mu.Lock()
		defer b.mu.Unlock() // want `b is a new object each iteration, so nothing deadlocks`
	}
}

// A lookup per key can return the same object again (a self-deadlock) or
// a different one each time (all held until return): a warning naming both.
func drainKeys(r *registry, keys []string) {
	for _, k := range keys {
		b := r.get(k)
		b.mu.Lock()
		defer b.mu.Unlock() // grade:warning // want `the lock on b.mu taken at line 40 is still held when the next iteration locks it again: a self-deadlock`
		b.events = nil
	}
}
