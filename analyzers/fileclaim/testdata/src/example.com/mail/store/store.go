// Package store moves and deletes message files.
package store

import (
	"errors"
	"io/fs"
	"os"
)

// Move renames src to dst.
func Move(src, dst string) error { // want Move:"file ops: move 0 by os.Rename"
	return os.Rename(src, dst)
}

// MoveIfPresent renames src to dst; a missing src is not an error.
func MoveIfPresent(src, dst string) error { // want MoveIfPresent:"file ops: move 0 by os.Rename .not-exist ignored."
	if err := os.Rename(src, dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Delete removes path.
func Delete(path string) error { // want Delete:"file ops: delete 0 by os.Remove"
	return os.Remove(path)
}
