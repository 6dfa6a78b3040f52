package a

import (
	"context"
	"net"
	"os"
	"sync"
	"time"
)

var kinds = []string{"chain", "state", "trienode"}

// A loop over a fixed package-level list: at most three open at once.
func inspectKinds(dir string) error {
	for _, k := range kinds {
		f, err := os.Open(dir + "/" + k)
		if err != nil {
			continue
		}
		defer f.Close() // grade:info // want `f, from os.Open at line \d+, stays open until then; every iteration holds one more; the loop runs a fixed, small number of times, so the cost is bounded`
	}
	return nil
}

// A local literal, resliced but never grown.
func probe(short bool) {
	probes := []string{"::1", "127.0.0.1"}
	if short {
		probes = probes[:1]
	}
	for i := range probes {
		c, err := net.Dial("tcp", probes[i])
		if err != nil {
			continue
		}
		defer c.Close() // grade:info // want `c, from net.Dial at line \d+, stays open until then; every iteration holds one more; the loop runs a fixed`
	}
}

// A constant count.
func pings(addr string) {
	for i := 0; i < 3; i++ {
		c, err := net.Dial("udp", addr)
		if err != nil {
			return
		}
		defer c.Close() // grade:info // want `the loop runs a fixed, small number of times`
	}
}

// Look-alikes that stay errors: a list that grows, a count from the caller.
var grown = []string{"a"}

func addKind(k string) { grown = append(grown, k) }

func inspectGrown(dir string) {
	for _, k := range grown {
		f, err := os.Open(dir + "/" + k)
		if err != nil {
			continue
		}
		defer f.Close() // grade:error // want `f, from os.Open at line \d+, stays open until then; every iteration holds one more; wrap`
	}
}

func pingsN(addr string, n int) {
	for i := 0; i < n+2; i++ {
		c, err := net.Dial("udp", addr)
		if err != nil {
			return
		}
		defer c.Close() // grade:error // want `c, from net.Dial at line \d+, stays open until then; every iteration holds one more; wrap`
	}
}

// A release func that unlocks a mutex of an object looked up per
// iteration: a different mutex each time, no self-deadlock, but all stay
// locked. Warning.
type group struct {
	mu      sync.Mutex
	buckets []string
}

func (g *group) lockAndSet(b []string) func() {
	g.mu.Lock()
	g.buckets = b
	return func() {
		g.mu.Unlock()
	}
}

func gatherAll(groups map[string]*group, paths []string, b []string) []*group {
	var out []*group
	for _, p := range paths {
		if g, ok := groups[p]; ok {
			unlock := g.lockAndSet(b)
			defer unlock() // grade:warning // want `unlock, returned by g.lockAndSet at line \d+, is not called until then: lockAndSet locks a mutex of g, which changes with the iteration, so every one of them stays locked until the function returns`
			out = append(out, g)
		}
	}
	return out
}

// The same group every iteration: a self-deadlock.
func gatherSame(g *group, paths []string, b []string) {
	for range paths {
		unlock := g.lockAndSet(b)
		defer unlock() // grade:error // want `lockAndSet returns the Unlock of a mutex it locks, so the next iteration's call locks it again while it is held: a self-deadlock`
	}
}

// Trying candidates until one works: only failed attempts stay held. Info.
func dialFirst(ctx context.Context, addrs []string) (net.Conn, error) {
	var d net.Dialer
	for _, a := range addrs {
		dctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel() // grade:info // want `the context from context.WithTimeout at line \d+ is not cancelled until then, so every iteration's context and timer pile up; the loop returns at its first success, so only failed attempts stay held`
		c, err := d.DialContext(dctx, "tcp", a)
		if err == nil {
			return c, nil
		}
	}
	return nil, errStop
}

// Networks chosen in each branch from literals: bounded.
func lookup(ctx context.Context, useTCP bool) error {
	var networks []string
	if useTCP {
		networks = []string{"tcp"}
	} else {
		networks = []string{"udp", "tcp"}
	}
	for _, network := range networks {
		cctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel() // grade:info // want `the loop runs a fixed, small number of times`
		if err := use2(cctx, network); err != nil {
			return err
		}
	}
	return nil
}

func use2(context.Context, string) error { return nil }

// The FairMix shape: the loop comes round again only when a source has
// ended; a delivered item returns true, a timeout returns. Only the ended
// sources' timers stay until Next returns. Info.
type source struct {
	next    chan int
	timeout time.Duration
}

type mix struct {
	sources []*source
	cur     int
}

func (m *mix) pick() *source {
	if len(m.sources) == 0 {
		return nil
	}
	return m.sources[0]
}

func (m *mix) next() bool {
	for {
		s := m.pick()
		if s == nil {
			return false
		}
		timer := time.NewTimer(s.timeout)
		defer timer.Stop() // grade:info // want `timer, made by time.NewTimer at line \d+, keeps running until then; every iteration adds one more; the loop returns at its first success, so only failed attempts stay held`
		select {
		case v, ok := <-s.next:
			if ok {
				m.cur = v
				return true
			}
			m.sources = m.sources[1:]
		case <-timer.C:
			return false
		}
	}
}

// Look-alike: true is returned before the defer, the loop goes on after
// every success: an error.
func (m *mix) drain() bool {
	for {
		s := m.pick()
		if s == nil {
			return true
		}
		timer := time.NewTimer(s.timeout)
		defer timer.Stop() // grade:error // want `timer, made by time.NewTimer at line \d+, keeps running until then; every iteration adds one more; wrap`
		select {
		case <-s.next:
		case <-timer.C:
			return false
		}
	}
}
