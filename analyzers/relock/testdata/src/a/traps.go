package a

import (
	"sync"
	"sync/atomic"
)

type account struct {
	mu      sync.Mutex
	balance int
}

func (a *account) deposit(n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.balance += n
}

// Silent: two different accounts of the same type.
func transfer(from, to *account, n int) {
	from.mu.Lock()
	defer from.mu.Unlock()
	from.balance -= n
	to.deposit(n)
}

// Silent: a parent node is another instance.
type tnode struct {
	mu     sync.RWMutex
	parent *tnode
	vals   map[string]string
}

func (n *tnode) get(k string) string {
	n.mu.RLock()
	defer n.mu.RUnlock()
	if v, ok := n.vals[k]; ok {
		return v
	}
	if n.parent != nil {
		return n.parent.get(k)
	}
	return ""
}

// Silent: released on all paths before the call.
func (c *cache) releasedFirst(k string) string {
	c.mu.RLock()
	v, ok := c.items[k]
	c.mu.RUnlock()
	if ok {
		return v
	}
	return c.lookup(k)
}

func (c *cache) releasedBothBranches(k string, fast bool) string {
	c.mu.RLock()
	if fast {
		c.mu.RUnlock()
	} else {
		_ = c.items[k]
		c.mu.RUnlock()
	}
	return c.lookup(k)
}

// Silent: only possibly held (released on one path): may-hold is not must-hold.
func (c *cache) mayHold(k string, early bool) string {
	c.mu.RLock()
	if early {
		c.mu.RUnlock()
	}
	v := c.lookup(k)
	if !early {
		c.mu.RUnlock()
	}
	return v
}

// Silent: goroutines and closures that are stored or passed.
func (c *cache) spawn(k string) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	go c.lookup(k)
	go func() { c.lookup(k) }()
}

func (c *cache) stored(k string) func() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	f := func() string { return c.lookup(k) }
	return f
}

func runLater(f func()) {}

func (c *cache) passed(k string) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	runLater(func() { c.lookup(k) })
}

// Silent: TryLock and TryRLock never block.
func (c *cache) try(k string) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.mu.TryRLock() {
		c.mu.RUnlock()
	}
	if c.mu.TryLock() {
		c.mu.Unlock()
	}
}

// Silent: interface calls with unknown targets.
type getter interface{ get(string) string }

func (c *cache) viaInterface(g getter, k string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return g.get(k)
}

type lockerParam interface {
	Lock()
	Unlock()
}

func unknownLockers(a, b lockerParam) {
	a.Lock()
	defer a.Unlock()
	b.Lock()
	defer b.Unlock()
	a.Lock() // silent: the concrete type is unknown (may be reentrant or a no-op)
	a.Unlock()
}

// Silent: functions named or documented as requiring the lock.
func (c *cache) getLocked(k string) string { return c.items[k] }

// refreshAll reloads every item. The caller must hold c.mu.
func (c *cache) refreshAll() {
	for k := range c.items {
		c.items[k] = ""
	}
}

// evictLocked drops one item; it releases the lock around the slow part.
func (c *cache) evictLocked(k string) {
	c.mu.Unlock()
	slow()
	c.mu.Lock()
	delete(c.items, k)
}

func slow() {}

func (c *cache) useLocked(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	_ = c.getLocked(k)
	c.refreshAll()
	c.evictLocked(k)
}

// Silent: sync.Once runs the function on the first call only, and its
// closure is passed, not called here.
type lazy struct {
	mu   sync.Mutex
	once sync.Once
	v    int
}

func (l *lazy) init() {
	l.once.Do(func() {
		l.mu.Lock()
		l.v = 1
		l.mu.Unlock()
	})
}

func (l *lazy) value() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.once.Do(func() { l.v = 1 })
	return l.v
}

// Silent: a boolean parameter says whether the lock is already held.
func (c *cache) read(k string, locked bool) string {
	if !locked {
		c.mu.RLock()
		defer c.mu.RUnlock()
	}
	return c.items[k]
}

func (c *cache) readMany(ks []string) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, k := range ks {
		_ = c.read(k, true)
	}
}

// Silent: sync.Cond.Wait releases the lock while it waits.
type queue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []int
}

func (q *queue) pop() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v
}

// Silent: no cascade after a report; one report per bug.
func (c *cache) oneReport(k string) {
	c.mu.RLock()
	c.mu.RLock() // want `recursive read lock of c.mu`
	c.mu.RUnlock()
	c.mu.RUnlock()
	c.mu.RUnlock()
}

// Silent: the pointer changed in between.
type swapper struct {
	cur *cache
}

func (s *swapper) swap(next *cache) {
	s.cur.mu.Lock()
	old := s.cur
	s.cur = next
	s.cur.mu.Lock()
	old.mu.Unlock()
	s.cur.mu.Unlock()
}

// Silent: elements of a slice indexed by a variable may differ.
type sharded struct {
	shards [4]cache
}

func (s *sharded) both(i, j int) {
	s.shards[i].mu.Lock()
	defer s.shards[i].mu.Unlock()
	s.shards[j].mu.Lock()
	defer s.shards[j].mu.Unlock()
}

// Silent: atomics and plain unlocks of unlocked mutexes are not our business.
func unbalanced(mu *sync.Mutex, n *atomic.Int32) {
	n.Add(1)
	mu.Unlock()
	mu.Unlock()
}

// Suppressed with a reason.
func (c *cache) suppressed() {
	c.mu.RLock()
	defer c.mu.RUnlock()
	//hindsight:ignore relock the caller never runs concurrently with writers in this test
	_ = c.lookup("k")
}

// Generated code is skipped (see gen.go).

// Silent: a value receiver locks its own copy (copylocks' business).
type valueMu struct {
	mu sync.Mutex
	n  int
}

func (v valueMu) peek() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.n
}

func (v *valueMu) bump() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.n += v.peek()
}
