package a

import (
	"context"
	"log"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// The correct form: an immediately invoked function literal.
func iife(ctx context.Context, h *holder, items []string) {
	for _, item := range items {
		func() {
			c, release := h.Obtain(ctx)
			defer release()
			use(c, item)
		}()
	}
}

// A loop that cannot run again after the defer: body ends in return.
func first(names []string) (*os.File, error) {
	for _, n := range names {
		f, err := os.Open(n)
		if err != nil {
			continue // retry loop: continues only before the defer
		}
		defer f.Close()
		return f, nil
	}
	return nil, nil
}

// defer followed by break of the loop.
func once(names []string) {
	for _, n := range names {
		f, _ := os.Open(n)
		defer f.Close()
		break
	}
}

// for { ...; defer f(); return }
func forever(ch chan string) error {
	for {
		name := <-ch
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		defer f.Close()
		return nil
	}
}

// Panics and functions that never return end the loop too.
func fatal(names []string) {
	for _, n := range names {
		f, _ := os.Open(n)
		defer f.Close()
		log.Fatal("no more")
	}
}

func panics(names []string) {
	for _, n := range names {
		f, _ := os.Open(n)
		defer f.Close()
		panic(n)
	}
}

func exits(names []string) {
	for _, n := range names {
		f, _ := os.Open(n)
		defer f.Close()
		os.Exit(1)
	}
}

func testFatal(t *testing.T, names []string) {
	for _, n := range names {
		f, _ := os.Open(n)
		defer f.Close()
		t.Fatal(n)
	}
}

// Defers in closures stored for later run when those closures run.
func stored(names []string) []func() {
	var fs []func()
	for _, n := range names {
		fs = append(fs, func() {
			f, _ := os.Open(n)
			defer f.Close()
		})
	}
	return fs
}

// The opened files deliberately outlive the loop: stored in a slice.
func openAll(names []string) ([]*os.File, error) {
	var files []*os.File
	for _, n := range names {
		f, err := os.Open(n)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		files = append(files, f)
	}
	return files, nil
}

// ... or in a map or a field.
type pool struct{ files map[string]*os.File }

func (p *pool) openAll(names []string) {
	for _, n := range names {
		f, _ := os.Open(n)
		defer f.Close()
		p.files[n] = f
	}
}

// The closed-flag pattern: the normal path closes explicitly and the defer
// only cleans up after an early return.
func copyAll(names []string) error {
	for _, n := range names {
		f, err := os.Open(n)
		if err != nil {
			return err
		}
		closed := false
		defer func() {
			if !closed {
				f.Close()
			}
		}()
		if err := process(f); err != nil {
			return err
		}
		f.Close()
		closed = true
	}
	return nil
}

func process(*os.File) error { return nil }

// Defers outside loops are fine.
func single(name string) {
	f, _ := os.Open(name)
	defer f.Close()
	for range 3 {
		_ = f
	}
}

// A defer in the loop's init statement position is not in the loop.
func initDefer() {
	for i := func() int { defer println("x"); return 0 }(); i < 3; i++ {
	}
}

// Suppressed with a reason.
func suppressed(names []string) {
	for _, n := range names {
		tmp := n + ".tmp"
		defer os.Remove(tmp) //hindsight:ignore deferloop temp files are removed when the run ends
	}
	for _, n := range names {
		defer os.Remove(n) //hindsight:ignore deferloop nothing to suppress here // want `//hindsight:ignore directive for deferloop suppresses nothing; remove it`
	}
}

type closer interface{ Close() error }

// Closing every element of a collection at function exit is deliberate:
// the values existed before the loop, so there is no iteration to end.
func closeOld(old map[string]closer, fresh map[string]closer) {
	for _, s := range old {
		if s != nil {
			defer s.Close()
		}
	}
	for name := range fresh {
		defer os.Remove(name)
	}
}

type node struct {
	mu     sync.Mutex
	parent *node
	done   bool
}

// Walking up a tree locks a different mutex in every iteration.
func (n *node) firstUndone() *node {
	for p := n.parent; p != nil; p = p.parent {
		p.mu.Lock()
		defer p.mu.Unlock()
		if !p.done {
			return p
		}
	}
	return nil
}

// The context goes to a goroutine that outlives the iteration.
func racers(ctx context.Context, fire <-chan struct{}, results <-chan error) error {
	for {
		select {
		case <-fire:
			fctx, fcancel := context.WithCancel(ctx)
			defer fcancel()
			go race(fctx)
		case err := <-results:
			return err
		}
	}
}

func race(context.Context) {}

// The acquisition assigns a variable declared outside the loop.
func dialAll(ctx context.Context, addrs []string) {
	dialCtx := ctx
	for range addrs {
		var cancel context.CancelFunc
		dialCtx, cancel = context.WithTimeout(ctx, time.Second)
		defer cancel()
		_ = dialCtx
	}
}

// Part of the resource is kept in an outer variable for later iterations.
func timers(events <-chan int, d time.Duration) {
	var timeout <-chan time.Time
	for {
		select {
		case <-events:
			t := time.NewTimer(d)
			defer t.Stop()
			timeout = t.C
		case <-timeout:
			return
		}
	}
}

// Paths built in the loop and removed at function exit: not a leak of
// what the iteration acquired, so only the plain warning.
func removeAtExit(dir string, names []string) {
	for i := 0; i < len(names); i++ {
		p := filepath.Join(dir, names[i])
		defer os.Remove(p) // want `defer of os.Remove\(...\) in loop runs at function exit, not at the end of the iteration: the deferred calls pile up until then`
	}
}
