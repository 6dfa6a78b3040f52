package a

import "sync"

// Which mutex a lock in the loop takes follows the data flow of the loop:
// the same one every iteration only when the path is loop-invariant.

type ipQueue struct {
	sync.Mutex
	items []string
}

// push write-locks every queue elsewhere in the package.
func (q *ipQueue) push(s string) {
	q.Lock()
	q.items = append(q.items, s)
	q.Unlock()
}

type sysState struct{ recvq *ipQueue }

type server struct {
	mu      sync.RWMutex
	sys     *sysState
	streams map[string]*stream
}

type stream struct {
	mu        sync.RWMutex
	consumers map[string]*consumer
}

type consumer struct {
	mu   sync.RWMutex
	dseq uint64
}

func (c *consumer) setSeq(n uint64) {
	c.mu.Lock()
	c.dseq = n
	c.mu.Unlock()
}

func (s *server) lookupStream(name string) (*stream, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.streams[name], nil
}

func (mset *stream) lookupConsumer(name string) *consumer {
	mset.mu.RLock()
	defer mset.mu.RUnlock()
	return mset.consumers[name]
}

type cluster struct{ servers []*server }

// A field of each server reached through a local alias: the queue of
// every server in the list stays locked, but no iteration locks one an
// earlier iteration holds (a literal of different servers cannot repeat).
func pauseQueues(sa, sb *server) int {
	n := 0
	for _, s := range []*server{sa, sb} {
		s.mu.RLock()
		recvq := s.sys.recvq
		s.mu.RUnlock()
		recvq.Lock()
		defer recvq.Unlock() // grade:warning // want `defer of recvq.Unlock\(\) in loop runs at function exit, not at the end of the iteration: recvq \(recvq := s.sys.recvq at line \d+\) is locked at line \d+ for every element of \[\]\*server\{sa, sb\} and only this defer unlocks it, so all of them stay locked at once until the function returns and every writer of them blocks meanwhile; a goroutine that locks them in another order deadlocks`
		n += len(recvq.items)
	}
	return n
}

// The same alias over a slice of pointers: a server listed twice locks its
// queue again.
func pauseAll(servers []*server) int {
	n := 0
	for _, s := range servers {
		recvq := s.sys.recvq
		recvq.Lock()
		defer recvq.Unlock() // grade:error // want `recvq \(recvq := s.sys.recvq at line \d+\) is locked at line \d+ for every element of servers .*; an element that comes twice in servers is locked again while held: a self-deadlock`
		n += len(recvq.items)
	}
	return n
}

// A value looked up from the range variable in each iteration: each
// server's own consumer. Whether two iterations get the same consumer
// depends on the lookup: a warning that says both.
func consumerSeqs(c *cluster) uint64 {
	var total uint64
	for _, s := range c.servers {
		mset, err := s.lookupStream("T")
		if err != nil {
			return 0
		}
		o := mset.lookupConsumer("d")
		o.mu.RLock()
		defer o.mu.RUnlock() // grade:warning // want `defer of o.mu.RUnlock\(\) in loop runs at function exit, not at the end of the iteration: the read lock on o.mu taken at line \d+ is held until then, and o changes with the iteration \(o := mset.lookupConsumer\(...\) at line \d+, which depends on s\): up to one o.mu per element of c.servers stays read-locked until the function returns, and every writer of them blocks meanwhile; if two iterations get the same o, its read lock is taken again while held, a recursive read lock that deadlocks as soon as a writer waits`
		total += o.dseq
	}
	return total
}

// A lookup by the range key in each iteration, exclusive lock.
func lockConsumers(mset *stream, names []string) uint64 {
	var total uint64
	for _, name := range names {
		o := mset.lookupConsumer(name)
		o.mu.Lock()
		defer o.mu.Unlock() // grade:warning // want `the lock on o.mu taken at line \d+ is held until then, and o changes with the iteration \(o := mset.lookupConsumer\(...\) at line \d+, which depends on name\): up to one o.mu per element of names stays locked until the function returns, every other locker of them blocks meanwhile, and goroutines that lock them in another order deadlock; if two iterations get the same o, the lock on o.mu taken at line \d+ is still held when the next iteration locks it again: a self-deadlock`
		total += o.dseq
	}
	return total
}

// Indexed by a counter: a different shard each iteration.
func countShards(shards []*shard, n int) int {
	total := 0
	for i := 0; i < n; i++ {
		s := shards[i]
		s.mu.Lock()
		defer s.mu.Unlock() // grade:warning // want `the lock on s.mu taken at line \d+ is held until then, and s changes with the iteration \(s := shards\[i\] at line \d+, which depends on i\): up to one s.mu per iteration stays locked until the function returns`
		total += len(s.items)
	}
	return total
}

func countShardsIndexed(shards []*shard, n int) int {
	total := 0
	for i := 0; i < n; i++ {
		shards[i].mu.Lock()
		defer shards[i].mu.Unlock() // grade:warning // want `the lock on shards\[i\].mu taken at line \d+ is held until then, and shards\[i\].mu changes with the iteration \(it depends on i\): up to one shards\[i\].mu per iteration stays locked`
		total += len(shards[i].items)
	}
	return total
}

// Received from a channel in each iteration.
func drainServers(ch chan *server) {
	for {
		s := <-ch
		if s == nil {
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock() // grade:warning // want `s changes with the iteration \(s := <-ch at line \d+\): up to one s.mu per iteration stays locked`
		s.streams = nil
	}
}

// Map keys are distinct, and for exclusive locks a write lock elsewhere
// adds nothing: every other locker waits anyway. A warning.
func lockSet(set map[*consumer]bool) uint64 {
	var total uint64
	for o := range set {
		o.mu.Lock()
		defer o.mu.Unlock() // grade:warning // want `every element of set stays locked until the function returns: o.mu is locked at line \d+ .*; a goroutine that locks them in another order deadlocks`
		total += o.dseq
	}
	return total
}

// Still the same mutex every iteration: a local alias of a loop-invariant
// mutex, a field of a variable from outside, an outer variable set to the
// same path in each iteration.
var shared struct {
	mu sync.Mutex
	n  int
}

func aliasShared(keys []string) {
	for range keys {
		mu := &shared.mu
		mu.Lock()
		defer mu.Unlock() // grade:error // want `the lock on mu taken at line \d+ is still held when the next iteration locks it again: a self-deadlock; mu := &shared.mu at line \d+ reaches the same mutex in every iteration`
		shared.n++
	}
}

func aliasOuter(s *server, keys []string) {
	for _, k := range keys {
		q := s.sys.recvq
		q.Lock()
		defer q.Unlock() // grade:error // want `the lock on q taken at line \d+ is still held when the next iteration locks it again: a self-deadlock; q := s.sys.recvq at line \d+ reaches the same mutex in every iteration`
		q.items = append(q.items, k)
	}
}

func outerAssigned(s *server, keys []string) {
	var m *sync.RWMutex
	for _, k := range keys {
		m = &s.mu
		m.RLock()
		defer m.RUnlock() // grade:error // want `the read lock on m taken at line \d+ is held across iterations, so the next iteration's RLock is a recursive read lock that deadlocks as soon as a writer waits; m = &s.mu at line \d+ reaches the same mutex in every iteration`
		_ = s.streams[k]
	}
}

// The same group through a local alias: the returned unlock is the same
// mutex every iteration.
func gatherAlias(g *group, paths []string, b []string) {
	for range paths {
		same := g
		unlock := same.lockAndSet(b)
		defer unlock() // grade:error // want `lockAndSet returns the Unlock of a mutex it locks, so the next iteration's call locks it again while it is held: a self-deadlock`
	}
}

// Look-alikes that stay silent.

// The loop only finds and locks every server's queue: deliberate.
func pauseOnly(sa, sb *server) {
	for _, s := range []*server{sa, sb} {
		s.mu.RLock()
		recvq := s.sys.recvq
		s.mu.RUnlock()
		recvq.Lock()
		defer recvq.Unlock()
	}
	sa.sys.recvq.items = nil
}

// The looked-up consumers are kept to work on while all are held.
func lockKept(mset *stream, names []string) []*consumer {
	var locked []*consumer
	for _, name := range names {
		o := mset.lookupConsumer(name)
		if o == nil {
			continue
		}
		o.mu.Lock()
		defer o.mu.Unlock()
		locked = append(locked, o)
	}
	return locked
}

// Hand over hand up a chain in the body: a different node each iteration,
// in ancestor order.
type chainNode struct {
	mu     sync.Mutex
	parent *chainNode
	n      int
}

func (c *chainNode) depth() int {
	d := 0
	cur := c
	for cur != nil {
		cur.mu.Lock()
		defer cur.mu.Unlock()
		d += cur.n
		cur = cur.parent
	}
	return d
}

// A mutex declared in the body is a new variable each iteration.
func localMutex(keys []string) {
	for range keys {
		var mu sync.Mutex
		mu.Lock()
		defer mu.Unlock() // grade:warning // want `mu is a new object each iteration, so nothing deadlocks`
	}
}

// A pointer to a variable from outside is the same object every iteration.
func pointerShared(keys []string) {
	for range keys {
		p := &shared
		p.mu.Lock()
		defer p.mu.Unlock() // grade:error // want `the lock on p.mu taken at line \d+ is still held when the next iteration locks it again: a self-deadlock; p := &shared at line \d+ reaches the same mutex in every iteration`
		p.n++
	}
}
