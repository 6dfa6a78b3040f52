package a

import (
	"os"
	"testing"
)

// In tests the error cases drop to a lower grade and suggest t.Cleanup.
func TestFiles(t *testing.T) {
	for _, n := range []string{"a", "b"} {
		f, err := os.Open(n)
		if err != nil {
			t.Skip(err)
		}
		defer f.Close() // want `in tests use t.Cleanup or a subtest \(t.Run\) so it runs per iteration`
	}
}

// Plain defers in test loops are not worth a word.
func TestPlain(t *testing.T) {
	for i := 0; i < 3; i++ {
		x := i
		defer println(x)
	}
}

// A bounded leak in a test loop is released by the test's end: info.
func TestServers(t *testing.T) {
	for i := 0; i < 3; i++ {
		f, err := os.CreateTemp("", "x")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close() // grade:info // want `f, from os.CreateTemp at line \d+, stays open until then`
	}
}

// A lock held across iterations deadlocks the test: still an error.
func TestLockHeld(t *testing.T) {
	for i := 0; i < 3; i++ {
		mu.Lock()
		defer mu.Unlock() // grade:error // want `the lock on mu taken at line \d+ is still held when the next iteration locks it again: a self-deadlock`
	}
}

func TestGuard(t *testing.T) {
	g := &Guard[string]{}
	for i := 0; i < 3; i++ {
		_, release := g.Read()
		defer release() // grade:error // want `Read returns the RUnlock of a mutex it locks`
	}
}
