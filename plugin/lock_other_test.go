//go:build !unix

package plugin_test

import "testing"

func holdGolangciLock(t *testing.T) (unlock func()) {
	t.Skip("holding golangci-lint's lock is implemented for unix only")
	return nil
}
