package a

import (
	"net"
	"os"
)

// The ntp shape: a count that is a parameter, and every caller passes a
// small constant. At most ntpChecks+2 connections stay open: bounded.
const ntpChecks = 3

func checkDrift() error {
	_, err := measureDrift(ntpChecks)
	return err
}

func quickDrift() error {
	_, err := measureDrift(1)
	return err
}

func measureDrift(measurements int) (int, error) {
	drifts := 0
	for i := 0; i < measurements+2; i++ {
		conn, err := net.Dial("udp", "pool.ntp.org:123")
		if err != nil {
			return 0, err
		}
		defer conn.Close() // grade:info // want `conn, from net.Dial at line \d+, stays open until then; every iteration holds one more; the loop runs at most 5 times: its bound measurements \+ 2 is at most that for every call of measureDrift in the package, so the cost is bounded`
		drifts++
	}
	return drifts, nil
}

// Through two callers, a local, and a range over an int.
func probeTwice() { probeEach(2) }

func probeEach(k int) { probeAll(2 * k) }

func probeAll(n int) {
	total := n + 1
	for i := 0; i < total; i++ {
		c, err := net.Dial("tcp", "localhost:1")
		if err != nil {
			return
		}
		defer c.Close() // grade:info // want `the loop runs at most 5 times: its bound total is at most that for every call of probeAll in the package`
	}
	for range n {
		f, err := os.Open("x")
		if err != nil {
			return
		}
		defer f.Close() // grade:info // want `the loop runs at most 4 times: its bound n is at most that for every call of probeAll in the package`
	}
}

// An unexported method with constant callers.
type dialer struct{ addr string }

func (d *dialer) warm(n int) {
	for i := 0; i < n; i++ {
		c, err := net.Dial("tcp", d.addr)
		if err != nil {
			return
		}
		defer c.Close() // grade:info // want `the loop runs at most 3 times: its bound n is at most that for every call of warm in the package`
	}
}

func warmUp(d *dialer) { d.warm(3) }

// ---- look-alikes that stay errors ----

// Exported: importers can pass any count.
func MeasureDrift(measurements int) {
	for i := 0; i < measurements+2; i++ {
		conn, err := net.Dial("udp", "pool.ntp.org:123")
		if err != nil {
			return
		}
		defer conn.Close() // grade:error // want `conn, from net.Dial at line \d+, stays open until then; every iteration holds one more; wrap`
	}
}

func useMeasureDrift() { MeasureDrift(3) }

// One caller passes a count that grows with the input.
func openN(dir string, n int) {
	for i := 0; i < n; i++ {
		f, err := os.Open(dir)
		if err != nil {
			return
		}
		defer f.Close() // grade:error // want `f, from os.Open at line \d+, stays open until then; every iteration holds one more; wrap`
	}
}

func openSome(names []string) {
	openN("a", 2)
	openN("b", len(names))
}

// Every caller passes a constant, but a large one.
func openMany(n int) {
	for i := 0; i < n; i++ {
		f, err := os.Open("x")
		if err != nil {
			return
		}
		defer f.Close() // grade:error // want `f, from os.Open at line \d+, stays open until then; every iteration holds one more; wrap`
	}
}

func useOpenMany() { openMany(1000) }

// Used as a value: its callers are unknown.
func openVal(n int) {
	for i := 0; i < n; i++ {
		f, err := os.Open("x")
		if err != nil {
			return
		}
		defer f.Close() // grade:error // want `f, from os.Open at line \d+, stays open until then; every iteration holds one more; wrap`
	}
}

var opener = openVal

func useOpenVal() { openVal(2) }

// The parameter is changed before the loop.
func openScaled(n int) {
	n *= 100
	for i := 0; i < n; i++ {
		f, err := os.Open("x")
		if err != nil {
			return
		}
		defer f.Close() // grade:error // want `f, from os.Open at line \d+, stays open until then; every iteration holds one more; wrap`
	}
}

func useOpenScaled() { openScaled(2) }

// A method named like an interface method: it may be called dynamically.
type warmer interface{ prime(n int) }

type connPool struct{}

func (p *connPool) prime(n int) {
	for i := 0; i < n; i++ {
		c, err := net.Dial("tcp", "x")
		if err != nil {
			return
		}
		defer c.Close() // grade:error // want `c, from net.Dial at line \d+, stays open until then; every iteration holds one more; wrap`
	}
}

func usePrime(p *connPool) { p.prime(2) }

// A counter that never moves up runs until something else stops it.
func openUntil() {
	for i := 0; i < 3; {
		f, err := os.Open("x")
		if err != nil {
			return
		}
		defer f.Close() // grade:error // want `f, from os.Open at line \d+, stays open until then; every iteration holds one more; wrap`
		if f.Name() == "" {
			i++
		}
	}
}
