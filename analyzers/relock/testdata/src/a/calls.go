package a

import "sync"

type cache struct {
	mu    sync.RWMutex
	items map[string]string
}

func (c *cache) lookup(k string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.items[k]
}

func (c *cache) get(k string) string {
	return c.lookup(k)
}

func (c *cache) refresh(k string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.get(k) // want `recursive read lock of c.mu through c.get \(c.get → c.lookup → c.mu.RLock\), first taken at line 21`
}

func (c *cache) set(k, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = v
}

func (c *cache) setIfMissing(k, v string) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.lookup(k) == "" { // want `recursive read lock of c.mu through c.lookup`
		c.set(k, v) // want `write lock of c.mu through c.set \(c.set → c.mu.Lock\) while this goroutine holds its read lock`
	}
}

// A parameter that is the same instance.
func fill(c *cache) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.set("a", "b") // want `c.mu is locked again through c.set`
}

// Nested field access paths map through arguments.
type outer struct {
	inner cache
	other *cache
}

func (o *outer) viaField() {
	o.inner.mu.RLock()
	defer o.inner.mu.RUnlock()
	o.inner.lookup("x") // want `recursive read lock of o.inner.mu through o.inner.lookup`
}

func (o *outer) viaPointerField() {
	o.other.mu.Lock()
	defer o.other.mu.Unlock()
	_ = o.other.get("x") // want `read lock of o.other.mu through o.other.get .* holds its write lock`
}

// Lock helpers: a function that returns holding the lock.
func (c *cache) lock()   { c.mu.Lock() }
func (c *cache) unlock() { c.mu.Unlock() }

func (c *cache) withHelpers() {
	c.lock()
	defer c.unlock()
	c.set("a", "b") // want `c.mu is locked again through c.set .*first taken by c.lock at line 70`
}

func (c *cache) helpersBalanced() {
	c.lock()
	c.items["a"] = "b"
	c.unlock()
	c.set("a", "b")
}

// Package-level mutex through a call.
var (
	regMu sync.RWMutex
	reg   = map[string]int{}
)

func lookupReg(k string) int {
	regMu.RLock()
	defer regMu.RUnlock()
	return reg[k]
}

func registerAll(ks []string) {
	regMu.Lock()
	defer regMu.Unlock()
	for _, k := range ks {
		if lookupReg(k) == 0 { // want `read lock of regMu through lookupReg \(lookupReg → regMu.RLock\) while this goroutine holds its write lock`
			reg[k] = 1
		}
	}
}

// A called function literal is part of this goroutine.
func (c *cache) literal() {
	c.mu.RLock()
	defer c.mu.RUnlock()
	func() { // want `recursive read lock of c.mu through func literal \(func literal → c.mu.RLock\)`
		c.mu.RLock()
		defer c.mu.RUnlock()
	}()
}

func (c *cache) literalCalledLater() {
	f := func() string { return c.lookup("k") }
	c.mu.RLock()
	defer c.mu.RUnlock()
	_ = f() // want `recursive read lock of c.mu through f \(f → c.lookup → c.mu.RLock\)`
}

// Recursion terminates.
type node struct {
	mu     sync.Mutex
	parent *node
	n      int
}

func (n *node) sum() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.parent == nil {
		return n.n
	}
	return n.n + n.parent.sum()
}

// Generic container.
type box[T any] struct {
	mu sync.RWMutex
	v  T
}

func (b *box[T]) load() T {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.v
}

func (b *box[T]) swapIfZero(v T, zero func(T) bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if zero(b.load()) { // want `read lock of b.mu through b.load`
		b.v = v
	}
}

// Method value called later.
func (c *cache) methodValue() {
	get := c.lookup
	c.mu.RLock()
	defer c.mu.RUnlock()
	_ = get("k") // want `recursive read lock of c.mu through get \(get → c.mu.RLock\)`
}

func lookupCache(k string) *cache { return nil }

// A lock on a value returned by a call is named as written.
func viaLocal(k string) {
	acc := lookupCache(k)
	acc.mu.RLock()
	_ = acc.lookup(k) // want `recursive read lock of acc.mu through acc.lookup \(acc.lookup → c.mu.RLock\), first taken at line`
	acc.mu.RUnlock()
}

// The shape of nats-server v2.7.0's log.go: a write lock on an embedded
// RWMutex of a struct field, then a logging call that read-locks it.
type logging struct {
	sync.RWMutex
	logger interface{ Close() error }
}

type server struct{ logging logging }

func (s *server) executeLogCall(f func()) {
	s.logging.RLock()
	defer s.logging.RUnlock()
	f()
}

func (s *server) errorf(format string) { s.executeLogCall(func() {}) }

func (s *server) setLogger() {
	s.logging.Lock()
	if s.logging.logger != nil {
		if err := s.logging.logger.Close(); err != nil {
			s.errorf("closing: %v") // want `read lock of s.logging.RWMutex through s.errorf \(s.errorf → s.executeLogCall → s.logging.RLock\) while this goroutine holds its write lock`
		}
	}
	s.logging.Unlock()
}
