//go:build tools

// Package tools pins tools the repository runs but does not link:
// staticcheck v0.8.2 is the speed and precision reference of `make bench`
// (go run honnef.co/go/tools/cmd/staticcheck uses this pinned version).
package tools

import (
	_ "honnef.co/go/tools/cmd/staticcheck"
)
