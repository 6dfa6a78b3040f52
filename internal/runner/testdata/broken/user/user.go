// Package user imports the broken package: it is not analysed.
package user

import "example.com/broken/p"

var _ = p.F
