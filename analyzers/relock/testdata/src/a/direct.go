package a

import "sync"

type store struct {
	mu sync.RWMutex
	m  map[string]int
}

func (s *store) doubleRead() {
	s.mu.RLock()
	s.mu.RLock() // want `recursive read lock of s.mu, first taken at line 11; it deadlocks as soon as a writer waits`
	s.mu.RUnlock()
	s.mu.RUnlock()
}

func (s *store) upgrade() {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.m == nil {
		s.mu.Lock() // want `write lock of s.mu while this goroutine holds its read lock, first taken at line 18: a certain self-deadlock`
		s.m = map[string]int{}
		s.mu.Unlock()
	}
}

func (s *store) readUnderWrite() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mu.RLock() // want `read lock of s.mu while this goroutine holds its write lock`
	defer s.mu.RUnlock()
	return len(s.m)
}

var (
	globalMu sync.Mutex
	counter  int
)

func doubleGlobal() {
	globalMu.Lock()
	counter++
	globalMu.Lock() // want `globalMu is locked again while this goroutine holds it, first taken at line 41: a certain self-deadlock`
	globalMu.Unlock()
}

func localDouble() {
	var mu sync.Mutex
	mu.Lock()
	mu.Lock() // want `mu is locked again`
	mu.Unlock()
}

// deferLockTypo locks in the defer instead of unlocking.
func deferLockTypo(mu *sync.Mutex) {
	mu.Lock()
	defer mu.Lock() // want `deferred mu.Lock runs when the function returns, while mu is still held .*did you mean defer mu.Unlock\(\)\?`
	counter++
}

func fieldDeferLockTypo(s *store) {
	s.mu.Lock()
	defer s.mu.Lock() // want `deferred s.mu.Lock runs when the function returns`
	s.m = nil
}

// embedded mutex: s.RLock() promotes to s.RWMutex.RLock().
type embedded struct {
	sync.RWMutex
	n int
}

func (e *embedded) get() int {
	e.RLock()
	defer e.RUnlock()
	return e.n
}

func (e *embedded) twice() int {
	e.RLock()
	defer e.RUnlock()
	return e.get() // want `recursive read lock of e.RWMutex through e.get \(e.get → e.RLock\)`
}

// pointer field mutex.
type shared struct {
	mu *sync.RWMutex
	v  int
}

func (s shared) read() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.v
}

func (s *shared) readTwice() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.read() // want `recursive read lock of s.mu through s.read`
}

// sync.Locker and RLocker.
func lockerTwice(s *store) {
	var l sync.Locker = &s.mu
	l.Lock()
	defer l.Unlock()
	s.mu.Lock() // want `s.mu is locked again while this goroutine holds it`
}

func rlockerTwice(s *store) {
	r := s.mu.RLocker()
	r.Lock()
	defer r.Unlock()
	s.mu.RLock() // want `recursive read lock of s.mu`
	s.mu.RUnlock()
}

func withLocker(l sync.Locker, f func()) {
	l.Lock()
	defer l.Unlock()
	f()
}

func lockerCallee(s *store) {
	s.mu.Lock()
	defer s.mu.Unlock()
	withLocker(&s.mu, func() {}) // want `s.mu is locked again through withLocker \(withLocker → l.Lock\)`
}

func rlockerCallee(s *store) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	withLocker(s.mu.RLocker(), func() {}) // want `recursive read lock of s.mu through withLocker`
}

// A mutex passed as a parameter.
func readWith(m *sync.RWMutex, f func()) {
	m.RLock()
	defer m.RUnlock()
	f()
}

func nestedParam(m *sync.RWMutex) {
	m.RLock()
	defer m.RUnlock()
	readWith(m, func() {}) // want `recursive read lock of m through readWith \(readWith → m.RLock\)`
}

func otherParam(m, n *sync.RWMutex) {
	m.RLock()
	defer m.RUnlock()
	readWith(n, func() {})
}

// Recursion that re-enters the lock.
type tree struct {
	mu       sync.RWMutex
	children []*tree
	n        int
}

func (t *tree) count(depth int) int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if depth == 0 {
		return t.n
	}
	return t.count(depth-1) + len(t.children) // want `recursive read lock of t.mu through t.count`
}
