// Package lock provides a directory lock. // want package:"owns its directories via lock.Dir"
package lock

import (
	"os"
	"path/filepath"
)

// Dir locks dir with an exclusive lock file.
func Dir(dir string) (release func(), err error) { // want Dir:"locks via an O_EXCL lock file"
	name := filepath.Join(dir, "lock")
	f, err := os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	f.Close()
	return func() { os.Remove(name) }, nil
}
