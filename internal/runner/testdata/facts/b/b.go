// Package b has helpers that end the process.
package b

import (
	"fmt"
	"os"

	"example.com/facts/c"
)

// Die prints msg and exits: it never returns.
func Die(msg string) {
	fmt.Println(msg)
	os.Exit(1)
}

// DieVia never returns either, through another package.
func DieVia(msg string) { c.Fail(msg) }

// Warn returns.
func Warn(msg string) { fmt.Println(msg) }

// Make returns a c.T.
func Make() c.T { return c.T{N: c.Limit} }
