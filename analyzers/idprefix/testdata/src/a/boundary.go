package a

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// Operands that carry their own boundary (issue 15).

type Mount struct {
	// DestPath is the absolute path of the mount in the container.
	DestPath string
	// SubPath is where the mount comes from, relative to the bundle.
	SubPath string
}

// An absolute path always starts with "/": a suffix match of it ends at a
// path element.
func mountFor(mounts []Mount, ctrDir string) *Mount {
	for i := range mounts {
		if strings.HasSuffix(ctrDir, mounts[i].DestPath) {
			return &mounts[i]
		}
	}
	return nil
}

// Look-alike: a relative field has no separator in front.
func mountFrom(mounts []Mount, ctrDir string) *Mount {
	for i := range mounts {
		if strings.HasSuffix(ctrDir, mounts[i].SubPath) { // want `strings.HasSuffix\(ctrDir, mounts\[i\].SubPath\) matches mounts\[i\].SubPath as a bare suffix to select one element`
			return &mounts[i]
		}
	}
	return nil
}

// A suffix built with a leading separator, through a variable.
func bySuffixPath(dirs []string, name string) string {
	subPath := fmt.Sprintf("/%s", name)
	for _, dir := range dirs {
		if strings.HasSuffix(dir, subPath) {
			return dir
		}
	}
	return ""
}

// An absolute join stays absolute.
func byJoined(dirs []string, name string) string {
	leafPath := filepath.Join("/", name)
	for _, dir := range dirs {
		if strings.HasSuffix(dir, leafPath) {
			return dir
		}
	}
	return ""
}

// The suffix is checked to be absolute first.
func byAbsChecked(dirs []string, mountPath string) string {
	if !filepath.IsAbs(mountPath) {
		return ""
	}
	for _, dir := range dirs {
		if strings.HasSuffix(dir, mountPath) {
			return dir
		}
	}
	return ""
}

// Look-alike: a plain parameter may be relative.
func byMountPath(dirs []string, mountPath string) string {
	for _, dir := range dirs {
		if strings.HasSuffix(dir, mountPath) { // want `matches mountPath as a bare suffix to select one element`
			return dir
		}
	}
	return ""
}

// A root that always ends with a separator, built by Sprintf.
type sandbox struct{ rootDir string }

func newSandbox(dir string) *sandbox { return &sandbox{rootDir: fmt.Sprintf("%s/", dir)} }

func (s *sandbox) open(full string) error {
	if !strings.HasPrefix(full, s.rootDir) {
		return errors.New("outside the sandbox")
	}
	return nil
}

// A path built as the root followed by a separator.
func inRoot(rootDir, name string) error {
	fullPath := rootDir + "/" + name
	if !strings.HasPrefix(fullPath, rootDir) {
		return errors.New("outside")
	}
	return nil
}

// Look-alike: a join may climb out with "..", and the root has no
// trailing separator.
func inRootJoined(rootDir, name string) error {
	fullPath := filepath.Join(rootDir, name)
	if !strings.HasPrefix(fullPath, rootDir) { // want `matches rootDir as a bare prefix to decide access`
		return errors.New("outside")
	}
	return nil
}

// Silent: a []byte path is a trie path of nibbles, a prefix by design.
func onTriePath(keys [][]byte, path []byte) bool {
	for _, key := range keys {
		if bytes.HasPrefix(key, path) {
			return true
		}
	}
	return false
}
