package a

import "sync"

// Issue 16: every element of a ranged collection locked and unlocked by a
// defer stays locked until the function returns.

type tnode struct {
	sync.RWMutex
	Name     string
	children []*tnode
}

type shard struct {
	mu    sync.Mutex
	items map[string]int
}

type item struct {
	mu  sync.RWMutex
	val int
}

// A slice of pointers can hold the same node twice: a recursive read lock.
func names(nodes []*tnode) []string {
	var out []string
	for _, n := range nodes {
		n.RLock()
		defer n.RUnlock()         // grade:error // want `defer of n.RUnlock\(\) in loop runs at function exit, not at the end of the iteration: every element of nodes stays read-locked until the function returns: n is read-locked at line \d+ in each iteration and only this defer unlocks it, so all of them are held at once and every writer of every element blocks meanwhile; an element that comes twice in nodes is read-locked recursively, which deadlocks as soon as a writer waits`
		out = append(out, n.Name) // a field of the element: not storing it
	}
	return out
}

// Exclusive locks on pointer elements: a repeated element self-deadlocks.
func sizes(shards map[string]*shard) int {
	total := 0
	for _, s := range shards {
		s.mu.Lock()
		defer s.mu.Unlock() // grade:error // want `every element of shards stays locked until the function returns: s.mu is locked at line \d+ .*an element that comes twice in shards is locked again while held: a self-deadlock`
		total += len(s.items)
	}
	return total
}

// Indexing the collection with the range key is the same element.
func sizesByIndex(shards []*shard) int {
	total := 0
	for i := range shards {
		shards[i].mu.Lock()
		defer shards[i].mu.Unlock() // grade:error // want `every element of shards stays locked until the function returns: shards\[i\].mu is locked`
		total += len(shards[i].items)
	}
	return total
}

type bucket struct {
	mu    sync.Mutex
	items []int
}

// Map keys are distinct: only a warning, unless the package write-locks
// the same field elsewhere.
func keysOnly(set map[*bucket]bool) int {
	total := 0
	for s := range set {
		s.mu.Lock()
		defer s.mu.Unlock() // grade:warning // want `every element of set stays locked until the function returns: .*; a goroutine that locks them in another order deadlocks`
		total += len(s.items)
	}
	return total
}

func (it *item) set(v int) {
	it.mu.Lock()
	it.val = v
	it.mu.Unlock()
}

// Distinct keys, but item.mu is write-locked elsewhere in the package.
func sum(set map[*item]struct{}) int {
	total := 0
	for it := range set {
		it.mu.RLock()
		defer it.mu.RUnlock() // grade:error // want `every element of set stays read-locked until the function returns: .*; it.mu.Lock\(\) at elements.go:\d+ write-locks the same field, so a writer waiting on one element blocks every other reader of it until the function returns`
		total += it.val
	}
	return total
}

// Look-alikes that stay silent.

// Locking every shard for the rest of the function, and nothing else in
// the loop: deliberate.
func lockAll(shards []*shard) int {
	for _, s := range shards {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	total := 0
	for _, s := range shards {
		total += len(s.items)
	}
	return total
}

// The locked elements are kept to work on while all are held.
func lockKeep(shards []*shard) []*shard {
	var locked []*shard
	for _, s := range shards {
		if s == nil {
			continue
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		locked = append(locked, s)
	}
	return locked
}

// Walking up a linked chain: a different node each iteration, in a fixed
// ancestor order.
func (n *tnode) ancestors(parent func(*tnode) *tnode) int {
	depth := 0
	for p := parent(n); p != nil; p = parent(p) {
		p.Lock()
		defer p.Unlock()
		depth++
	}
	return depth
}

// The correct form: per-iteration function.
func namesOK(nodes []*tnode) []string {
	var out []string
	for _, n := range nodes {
		func() {
			n.RLock()
			defer n.RUnlock()
			out = append(out, n.Name)
		}()
	}
	return out
}
