package runner

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"sync"
)

// exeHash is the hash of the running executable: a rebuilt hindsight (a
// changed check) never reads a previous build's entries.
var exeHash = sync.OnceValues(func() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return fmt.Sprintf("%x", h.Sum(nil)), nil
})

// ExecutableHash returns the hash of the running executable, which the
// cache keys hold.
func ExecutableHash() (string, error) { return exeHash() }
