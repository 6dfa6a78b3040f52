package a

import (
	"context"
	"sync"
)

type client struct{ addr string }

type holder struct {
	mu     sync.RWMutex
	client *client
}

func (h *holder) obtain(ctx context.Context) (*client, func()) {
	h.mu.RLock()
	return h.client, h.mu.RUnlock
}

func (h *holder) obtainLit() (*client, func()) {
	h.mu.RLock()
	return h.client, func() { h.mu.RUnlock() }
}

// obtainWrapped forwards another function's release.
func (h *holder) obtainWrapped(ctx context.Context) (*client, func()) {
	return h.obtain(ctx)
}

func use(*client, string) {}

// The incident: the deferred release keeps the read lock across iterations.
func handle(ctx context.Context, h *holder, items []string) {
	for _, item := range items {
		c, release := h.obtain(ctx) // want `recursive read lock of h.mu through h.obtain \(h.obtain → h.mu.RLock\), first taken by h.obtain at line 35 in the previous iteration of the loop, whose deferred release runs only when the function returns; it deadlocks as soon as a writer waits`
		defer release()
		use(c, item)
	}
}

func handleLit(h *holder, items []string) {
	for _, item := range items {
		c, release := h.obtainLit() // want `recursive read lock of h.mu through h.obtainLit`
		defer release()
		use(c, item)
	}
}

func handleWrapped(ctx context.Context, h *holder, items []string) {
	for _, item := range items {
		c, release := h.obtainWrapped(ctx) // want `recursive read lock of h.mu through h.obtainWrapped \(h.obtainWrapped → h.obtain → h.mu.RLock\)`
		defer release()
		use(c, item)
	}
}

func handleDirect(h *holder, items []string) {
	for _, item := range items {
		h.mu.RLock() // want `recursive read lock of h.mu, first taken at line 59 in the previous iteration of the loop`
		defer h.mu.RUnlock()
		use(h.client, item)
	}
}

// Obtain twice in a row, not in a loop.
func obtainTwice(ctx context.Context, h *holder) {
	a, ra := h.obtain(ctx)
	defer ra()
	b, rb := h.obtain(ctx) // want `recursive read lock of h.mu through h.obtain .*first taken by h.obtain at line 67;`
	defer rb()
	use(a, "")
	use(b, "")
}

// Silent: the fix, a function per iteration.
func handleFixed(ctx context.Context, h *holder, items []string) {
	for _, item := range items {
		func() {
			c, release := h.obtain(ctx)
			defer release()
			use(c, item)
		}()
	}
}

// Silent: released within the iteration.
func handleExplicit(ctx context.Context, h *holder, items []string) {
	for _, item := range items {
		c, release := h.obtain(ctx)
		use(c, item)
		release()
	}
}

// Silent: the loop cannot iterate after the defer.
func handleFirst(ctx context.Context, h *holder, items []string) {
	for _, item := range items {
		c, release := h.obtain(ctx)
		defer release()
		use(c, item)
		return
	}
}

// Silent: a different holder each iteration.
func handleMany(ctx context.Context, hs []*holder) {
	for _, h := range hs {
		c, release := h.obtain(ctx)
		defer release()
		use(c, "")
	}
}

// Silent: the release function goes to another goroutine.
func handleAsync(ctx context.Context, h *holder, items []string) {
	var wg sync.WaitGroup
	for _, item := range items {
		c, release := h.obtain(ctx)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer release()
			use(c, item)
		}()
	}
	wg.Wait()
}

// Silent: a new mutex per iteration.
func perIteration(items []string) {
	for range items {
		var mu sync.Mutex
		mu.Lock()
		defer mu.Unlock()
	}
}

// Silent: hand-over-hand locking down a list.
type elem struct {
	mu   sync.Mutex
	next *elem
}

func walk(e *elem) {
	e.mu.Lock()
	for e.next != nil {
		n := e.next
		n.mu.Lock()
		e.mu.Unlock()
		e = n
	}
	e.mu.Unlock()
}

// Silent: lock released at the top of each iteration, taken at the end.
func (h *holder) cycle(items []string) {
	h.mu.Lock()
	for _, it := range items {
		h.mu.Unlock()
		use(nil, it)
		h.mu.Lock()
	}
	h.mu.Unlock()
}

// The release called from a deferred function literal.
func handleDeferredLit(ctx context.Context, h *holder, items []string) {
	for _, item := range items {
		c, release := h.obtain(ctx) // want `recursive read lock of h.mu through h.obtain .*in the previous iteration of the loop, whose deferred release runs only when the function returns`
		defer func() {
			release()
		}()
		use(c, item)
	}
}

// Silent: the literal runs per iteration.
func handleLitPerIteration(ctx context.Context, h *holder, items []string) {
	for _, item := range items {
		c, release := h.obtain(ctx)
		func() {
			defer release()
			use(c, item)
		}()
	}
}

// Silent: the literal called in place releases before the next obtain.
func obtainInLiteral(ctx context.Context, h *holder) {
	c, release := h.obtain(ctx)
	func() {
		defer release()
		use(c, "")
	}()
	c, release = h.obtain(ctx)
	release()
}
