package a

import (
	"sync"
	"time"
)

// Silent: a mutex used as a semaphore, unlocked by another goroutine.
func waitForWorker(work func()) {
	var m sync.Mutex
	m.Lock()
	go func() {
		work()
		m.Unlock()
	}()
	m.Lock() // wait for the worker
}

func waitForTimer(d time.Duration) {
	var m sync.Mutex
	m.Lock()
	time.AfterFunc(d, func() { m.Unlock() })
	m.Lock()
}

func releaser(m *sync.Mutex) { m.Unlock() }

func waitForGo(m *sync.Mutex) {
	m.Lock()
	go releaser(m)
	m.Lock()
	m.Unlock()
}

// Silent: a goroutine that blocks on purpose; someone else unlocks.
func blockForever(mu *sync.Mutex) {
	go func() {
		mu.Lock()
		mu.Lock()
	}()
}

// Silent: a loop that keeps locking a mutex someone else unlocks.
func pingPong(mu *sync.Mutex, ch chan bool, n int) {
	for i := 0; i < n; i++ {
		mu.Lock()
		ch <- true
	}
}

// Silent: a local RWMutex no other goroutine can reach cannot meet a
// waiting writer.
func localRecursive() {
	var rw sync.RWMutex
	rw.RLock()
	rw.RLock()
	rw.RUnlock()
	rw.RUnlock()
}

// Reported: a local RWMutex shared with a goroutine.
func localShared() {
	var rw sync.RWMutex
	go func() {
		rw.Lock()
		rw.Unlock()
	}()
	rw.RLock()
	rw.RLock() // want `recursive read lock of rw`
	rw.RUnlock()
	rw.RUnlock()
}
