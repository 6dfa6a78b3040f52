//go:build unix

package plugin_test

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// holdGolangciLock takes golangci-lint's lock the way golangci-lint does
// (github.com/gofrs/flock: flock(2), exclusive, on
// $TMPDIR/golangci-lint.lock). If another golangci-lint already holds it,
// that is the situation under test too.
func holdGolangciLock(t *testing.T) (unlock func()) {
	t.Helper()
	path := filepath.Join(os.TempDir(), "golangci-lint.lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if err != nil && !errors.Is(err, syscall.EWOULDBLOCK) {
		f.Close()
		t.Fatal(err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}
}
