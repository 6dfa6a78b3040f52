// Package privdep has locks that other packages cannot name. Those that no
// function here returns holding (or releases for its caller) can never be
// held elsewhere: their entries stay out of other packages' summaries.
// The others travel as before.
package privdep

import "sync"

// A private lock only this package takes and releases, as log's output
// mutex: importers never hold it.
var mu sync.Mutex

func Log(msg string) { // want Log:`acquires W\(g\{privdep.mu\}\)`
	mu.Lock()
	defer mu.Unlock()
	_ = msg
}

// Counter's mutex is taken and released inside its methods only.
type Counter struct {
	mu sync.Mutex
	n  int
}

func (c *Counter) Inc() { // want Inc:`acquires W\(p0.mu\)`
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

// Table's mutex can be held by callers: Lock returns holding it.
type Table struct {
	mu sync.Mutex
	m  map[string]int
}

func (t *Table) Lock()   { t.mu.Lock() }   // want Lock:`acquires W\(p0.mu\); holds W\(p0.mu\)`
func (t *Table) Unlock() { t.mu.Unlock() } // want Unlock:`releases W\(p0.mu\)`

func (t *Table) Get(k string) int { // want Get:`acquires W\(p0.mu\)`
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.m[k]
}

// View hands out the release function of a read lock.
type View struct {
	mu sync.RWMutex
}

func (v *View) Open() func() { // want Open:`acquires R\(p0.mu\); holds R\(p0.mu\); result 0 releases R\(p0.mu\)`
	v.mu.RLock()
	return v.mu.RUnlock
}

func (v *View) Read() { // want Read:`acquires R\(p0.mu\)`
	v.mu.RLock()
	defer v.mu.RUnlock()
}

// Flag's mutex is only ever released by callers' unlock helper: callers
// may hold it (an unlock helper implies a lock taken elsewhere).
type Flag struct {
	mu sync.Mutex
}

func (f *Flag) Done() { f.mu.Unlock() } // want Done:`releases W\(p0.mu\)`

func (f *Flag) Set() { // want Set:`acquires W\(p0.mu\)`
	f.mu.Lock()
	defer f.mu.Unlock()
}

// A private global that callers can hold through LockAll.
var gmu sync.Mutex

func LockAll()   { gmu.Lock() }   // want LockAll:`acquires W\(g\{privdep.gmu\}\); holds W\(g\{privdep.gmu\}\)`
func UnlockAll() { gmu.Unlock() } // want UnlockAll:`releases W\(g\{privdep.gmu\}\)`

func Flush() { // want Flush:`acquires W\(g\{privdep.gmu\}\)`
	gmu.Lock()
	defer gmu.Unlock()
}

// An unexported embedded field promotes its exported mutex: importers
// name it as e.Mu.
type inner struct {
	Mu sync.Mutex
}

type Embeds struct {
	inner
}

func (e *Embeds) Touch() { // want Touch:`acquires W\(p0.inner.Mu\)`
	e.Mu.Lock()
	defer e.Mu.Unlock()
}

// Both: a private lock and a shared one in one summary.
type Both struct {
	priv sync.Mutex
	Pub  sync.Mutex
}

func (b *Both) Step() { // want Step:`acquires W\(p0.Pub\), W\(p0.priv\)`
	b.priv.Lock()
	b.priv.Unlock()
	b.Pub.Lock()
	b.Pub.Unlock()
}
