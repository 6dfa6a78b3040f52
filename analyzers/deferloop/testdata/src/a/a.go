package a

import (
	"archive/tar"
	"context"
	"errors"
	"io"
	"log"
	"os"
	"sync"
	"time"
)

type client struct{}

type holder struct {
	mu sync.RWMutex
	c  *client
}

// Obtain read-locks h.mu and returns a release func (incident 1).
func (h *holder) Obtain(ctx context.Context) (*client, func()) {
	h.mu.RLock()
	return h.c, h.mu.RUnlock
}

func use(*client, string) {}

// The incident: a release func returned in the loop, deferred.
func handle(ctx context.Context, h *holder, items []string) {
	for _, item := range items {
		c, release := h.Obtain(ctx)
		defer release() // want `defer of release\(\) in loop runs at function exit, not at the end of the iteration: release, returned by h.Obtain at line 32, is not called until then, so what it releases is held across iterations: Obtain returns the RUnlock of a mutex it locks, so the next iteration's call read-locks it again while the first read lock is held, a recursive read lock that deadlocks as soon as a writer waits; wrap the loop body in a function literal so the defer runs per iteration, or release explicitly`
		use(c, item)
	}
}

// Recursive read lock through a deferred RUnlock.
func readAll(h *holder, n int) {
	for i := 0; i < n; i++ {
		h.mu.RLock()
		defer h.mu.RUnlock() // want `the read lock on h.mu taken at line 41 is held across iterations, so the next iteration's RLock is a recursive read lock`
	}
}

var mu sync.Mutex

// A package-level mutex locked per iteration: certain self-deadlock.
func poll(ch chan int) {
	for v := range ch {
		mu.Lock()
		defer mu.Unlock() // want `the lock on mu taken at line 51 is still held when the next iteration locks it again: a self-deadlock`
		_ = v
	}
}

// A returning path elsewhere does not make the loop run once.
func until(done func() bool) {
	for {
		mu.Lock()
		defer mu.Unlock() // want `self-deadlock`
		if done() {
			return
		}
	}
}

// Archive extraction: one more open file per entry.
func extract(tr *tar.Reader) error {
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		f, err := os.Create(hdr.Name)
		if err != nil {
			return err
		}
		defer f.Close() // want `f, from os.Create at line 78, stays open until then; every iteration holds one more`
		if _, err := io.Copy(f, tr); err != nil {
			return err
		}
	}
}

// A context per iteration.
func retries(ctx context.Context, n int) {
	for i := range n {
		cctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel() // want `the context from context.WithTimeout at line 92 is not cancelled until then`
		_ = cctx
		_ = i
	}
}

// A ticker per iteration.
func tickers(ds []time.Duration) {
	for _, d := range ds {
		t := time.NewTicker(d)
		defer t.Stop() // want `t, made by time.NewTicker at line 102, keeps running until then`
		<-t.C
	}
}

// A deferred closure that calls the release func.
func closure(ctx context.Context, h *holder, items []string) {
	for _, item := range items {
		c, release := h.Obtain(ctx)
		defer func() { // want `defer of a function literal in loop .*release, returned by h.Obtain at line 111`
			release()
		}()
		use(c, item)
	}
}

// Response bodies: the root variable is assigned from a call.
type resp struct{ Body io.ReadCloser }

func get(string) (*resp, error) { return nil, nil }

func fetchAll(urls []string) {
	for _, u := range urls {
		r, err := get(u)
		if err != nil {
			continue
		}
		defer r.Body.Close() // want `r.Body, from get at line 126, stays open until then`
	}
}

// Labelled loops and loops nested in select/switch.
func nested(ch chan string, stop chan bool) {
outer:
	for {
		select {
		case name := <-ch:
			f, _ := os.Open(name)
			defer f.Close() // want `f, from os.Open at line 140, stays open`
		case <-stop:
			break outer
		}
	}
}

// A break that leaves only a switch does not leave the loop.
func switchBreak(names []string) {
	for _, n := range names {
		switch n {
		case "":
			break
		}
		f, _ := os.Open(n)
		defer f.Close() // want `stays open`
	}
}

// Plain defers in loops that can iterate get a warning-grade message.
func plain(names []string) {
	for i := 0; i < len(names); i++ {
		n := names[i]
		defer log.Println("done", n) // want `defer of log.Println\(...\) in loop runs at function exit, not at the end of the iteration: the deferred calls pile up until then`
	}
}

// Range over int and over a function iterator.
func seq(yield func(int) bool) {}

func iterators(n int) {
	for range n {
		defer mu.Unlock() // want `pile up`
	}
	for v := range seq {
		w := v * 2
		defer println(w) // want `pile up`
	}
}

// Goroutine bodies, closures passed as arguments and package-level
// function literals are functions of their own and are checked too.
func run(f func()) { f() }

func goroutines(names []string) {
	go func() {
		for _, n := range names {
			f, _ := os.Open(n)
			defer f.Close() // want `stays open`
		}
	}()
	run(func() {
		for _, n := range names {
			f, _ := os.Open(n)
			defer f.Close() // want `stays open`
		}
	})
}

var pkgLevel = func(names []string) {
	for _, n := range names {
		f, _ := os.Open(n)
		defer f.Close() // want `stays open`
	}
}

// A defer directly in a loop post statement's function is still in the loop.
func explicitToo(names []string) {
	for _, n := range names {
		f, err := os.Open(n)
		if err != nil {
			continue
		}
		defer f.Close() // want `defer of f.Close\(\) in loop`
		f.Close()
	}
}

// A goto loop is not a loop statement; stays out of scope.
func gotoLoop() {
	i := 0
again:
	if i < 3 {
		i++
		goto again
	}
}

var errStop = errors.New("stop")

// A release function applied to what the iteration acquired.
func tempDirs(n int) {
	for range n {
		dir, err := os.MkdirTemp("", "x")
		if err != nil {
			return
		}
		defer os.RemoveAll(dir) // want `dir, from os.MkdirTemp at line \d+, is not passed to os.RemoveAll until then`
	}
}
