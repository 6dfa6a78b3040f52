// Package c is the bottom of the chain a -> b -> c.
package c

import (
	"fmt"
	"os"
)

// Fail never returns.
func Fail(msg string) {
	fmt.Fprintln(os.Stderr, msg)
	os.Exit(2)
}

// Limit is a package-level variable.
var Limit = 3

// T has a method and a field.
type T struct{ N int }

// Stop never returns.
func (T) Stop() { os.Exit(1) }

const K = 1

// Hidden returns a type its importers cannot name, whose method never
// returns: export data has it, reached from Hidden.
func Hidden() hidden { return hidden{} }

type hidden struct{}

func (hidden) Stop() { os.Exit(1) }

// exit never returns, and nothing exported reaches it: export data leaves
// it out, and its fact with it.
func exit() { os.Exit(5) }
