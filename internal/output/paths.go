package output

import (
	"os"
	"path/filepath"
)

// AbsPath is p made absolute against the working directory (p itself if
// that fails).
func AbsPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// ShortPath is p relative to the working directory when that is shorter,
// as the go command (and so go vet) shows paths.
func ShortPath(p string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, AbsPath(p)); err == nil && len(rel) < len(p) {
			return rel
		}
	}
	return p
}
