// Package a defers in loops, some followed by a call that never returns
// (known only from facts about package b), some not.
package a

import (
	"os"

	"example.com/facts/b"
	"example.com/facts/c"
)

// Silenced: b.Die never returns, so the defer runs once.
func Silenced(names []string) {
	for _, n := range names {
		f, _ := os.Open(n)
		defer f.Close()
		b.Die("stop")
	}
}

// SilencedVia: b.DieVia never returns (a fact b derived from c's).
func SilencedVia(names []string) {
	for _, n := range names {
		f, _ := os.Open(n)
		defer f.Close()
		b.DieVia("stop")
	}
}

// SilencedMethod: c.T.Stop never returns (a method fact, two imports away).
func SilencedMethod(names []string) {
	for _, n := range names {
		f, _ := os.Open(n)
		defer f.Close()
		b.Make().Stop()
	}
}

// Reported: b.Warn returns, the loop goes on.
func Reported(names []string) {
	for _, n := range names {
		f, _ := os.Open(n)
		defer f.Close()
		b.Warn("go on")
	}
}

// SilencedHidden: the method of a type a cannot name never returns.
func SilencedHidden(names []string) {
	for _, n := range names {
		f, _ := os.Open(n)
		defer f.Close()
		c.Hidden().Stop()
	}
}
