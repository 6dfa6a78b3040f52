package a

import (
	"sync"
	"time"
)

// Loops inside function literals: a goroutine's event loop and a
// for-select loop take the lock every iteration, and the deferred release
// runs only when the literal returns.

type listener struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	count int
}

func (l *listener) watch(events <-chan int) {
	go func() {
		for ev := range events {
			l.mu.Lock() // want `l.mu is locked again while this goroutine holds it, first taken at line 21 in the previous iteration of the loop, whose deferred release runs only when the function returns: a certain self-deadlock`
			defer l.mu.Unlock()
			l.count += ev
		}
	}()
}

func (l *listener) poll(events <-chan int, done <-chan struct{}) {
	go func() {
		for {
			select {
			case ev := <-events:
				l.rw.RLock() // want `recursive read lock of l.rw, first taken at line 33 in the previous iteration of the loop`
				defer l.rw.RUnlock()
				_ = ev + l.count
			case <-done:
				return
			}
		}
	}()
}

// The same for-select loop in a method, not a literal.
func (l *listener) pollMethod(events <-chan int, tick *time.Ticker) {
	for {
		select {
		case <-tick.C:
			l.rw.RLock() // want `recursive read lock of l.rw, first taken at line 48 in the previous iteration of the loop`
			defer l.rw.RUnlock()
			l.count++
		case _, ok := <-events:
			if !ok {
				return
			}
		}
	}
}

// A literal stored in a variable and started later.
func (l *listener) watchVar(events <-chan int) {
	loop := func() {
		for ev := range events {
			l.mu.Lock() // want `l.mu is locked again`
			defer l.mu.Unlock()
			l.count += ev
		}
	}
	go loop()
}

// A package-level mutex inside a goroutine's loop.
var registryMu sync.RWMutex

func refresher(keys <-chan string) {
	go func() {
		for k := range keys {
			registryMu.RLock() // want `recursive read lock of registryMu`
			defer registryMu.RUnlock()
			_ = k
		}
	}()
}

// Silent: each event handled in a function of its own.
func (l *listener) watchFixed(events <-chan int) {
	go func() {
		for ev := range events {
			func() {
				l.mu.Lock()
				defer l.mu.Unlock()
				l.count += ev
			}()
		}
	}()
}

// Silent: released explicitly every iteration.
func (l *listener) watchExplicit(events <-chan int) {
	go func() {
		for ev := range events {
			l.mu.Lock()
			l.count += ev
			l.mu.Unlock()
		}
	}()
}

// Silent: the select case returns right after the defer.
func (l *listener) pollOnce(events <-chan int) {
	go func() {
		for {
			select {
			case ev := <-events:
				l.rw.RLock()
				defer l.rw.RUnlock()
				l.count += ev
				return
			default:
			}
		}
	}()
}

// Silent: a different listener per event.
func watchMany(events <-chan *listener) {
	go func() {
		for l := range events {
			l.mu.Lock()
			defer l.mu.Unlock()
			l.count++
		}
	}()
}

// Silent: the deferred release is in a literal per case.
func (l *listener) pollFixed(events <-chan int, done <-chan struct{}) {
	go func() {
		for {
			select {
			case ev := <-events:
				func() {
					l.rw.RLock()
					defer l.rw.RUnlock()
					_ = ev + l.count
				}()
			case <-done:
				return
			}
		}
	}()
}

// A filter that skips some events: the continue is a second back edge on
// which the first iteration holds nothing.
func (l *listener) watchFiltered(events <-chan int) {
	go func() {
		for ev := range events {
			if ev < 0 {
				continue
			}
			l.mu.Lock() // want `l.mu is locked again while this goroutine holds it, first taken at line 161 in the previous iteration of the loop`
			defer l.mu.Unlock()
			l.count += ev
		}
	}()
}

// Only one case of the select locks; the cases meet again before the loop
// repeats.
func (l *listener) pollTwoCases(events <-chan int, tick <-chan time.Time) {
	for {
		select {
		case ev := <-events:
			l.rw.RLock() // want `recursive read lock of l.rw, first taken at line 174 in the previous iteration of the loop`
			defer l.rw.RUnlock()
			l.count += ev
		case <-tick:
			l.count = 0
		}
	}
}

type watcher struct{ l *listener }

// Through a pointer field of a value receiver, and a case that continues.
func (w watcher) poll(events <-chan int) {
	go func() {
		for {
			select {
			case ev := <-events:
				w.l.rw.RLock() // want `recursive read lock of w.l.rw`
				defer w.l.rw.RUnlock()
				_ = w.l.count + ev
			case <-time.After(time.Second):
				continue
			}
		}
	}()
}

// Silent: taken only in the first iteration.
func (l *listener) watchFirst(events <-chan int) {
	first := true
	for ev := range events {
		if first {
			l.mu.Lock()
			defer l.mu.Unlock()
			first = false
		}
		l.count += ev
	}
}

// Silent: taken only when the counter is zero.
func (l *listener) watchCounter(events []int) {
	for i, ev := range events {
		if i == 0 {
			l.rw.RLock()
			defer l.rw.RUnlock()
		}
		_ = ev
	}
}

// Silent: the locking case leaves the loop.
func (l *listener) pollUntil(events <-chan int, tick <-chan time.Time) {
	for {
		select {
		case ev := <-events:
			l.mu.Lock()
			defer l.mu.Unlock()
			l.count += ev
			return
		case <-tick:
		}
	}
}

// Silent: a different listener per event, with a filter.
func watchManyFiltered(events <-chan *listener) {
	for l := range events {
		if l == nil {
			continue
		}
		l.mu.Lock()
		defer l.mu.Unlock()
		l.count++
	}
}

// Silent: the locking case releases before the loop repeats.
func (l *listener) pollRelease(events <-chan int, tick <-chan time.Time) {
	for {
		select {
		case ev := <-events:
			l.mu.Lock()
			l.count += ev
			l.mu.Unlock()
		case <-tick:
		}
	}
}
