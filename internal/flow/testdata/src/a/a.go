package a

import (
	"log"
	"os"
)

func Die(msg string) { // want Die:"noReturn"
	log.Print(msg)
	os.Exit(1)
}

func Spin() { // want Spin:"noReturn"
	for {
	}
}

func viaDie() { // want viaDie:"noReturn"
	Die("bye")
}

func fatal() { // want fatal:"noReturn"
	log.Fatalf("never")
}

// Look-alikes that do return.

func Maybe(fail bool) {
	if fail {
		panic("failed")
	}
}

func loopsWithBreak(n int) {
	for {
		if n > 3 {
			break
		}
		n++
	}
}

func callsBack(f func()) { f() }

func recursive(n int) {
	if n > 0 {
		recursive(n - 1)
	}
}

var handler = func() { Die("from a literal") }
