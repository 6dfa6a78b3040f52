package manifest

import (
	"go/build"
	"path/filepath"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/k8s"
)

// Ownership: each manifest of the module is reported by one package, the
// nearest enclosing package directory, or, for a manifest no package
// directory encloses, the module's first package directory (in path
// order). A package finds what it owns without any state shared with the
// other packages' passes: it walks its own directory down to the next
// package directories, and, when no package directory encloses its own,
// the part of the module above every package, which also tells it whether
// it is the first package. Packages that own nothing (most) stop there.

// ownedManifests returns the manifests (and the paths the walk could not
// check) that the package in pkgDir reports.
func ownedManifests(root, pkgDir string, cfg *config) map[string]bool {
	known := map[string]bool{}
	isPkg := func(d string) bool {
		v, ok := known[d]
		if !ok {
			p, err := build.Default.ImportDir(d, 0)
			v = err == nil && len(p.GoFiles) > 0
			known[d] = v
		}
		return v
	}
	if !isPkg(pkgDir) {
		return nil // not a package for go/build: a package above it owns its files
	}
	owned := map[string]bool{}
	for _, p := range k8s.Discover(root, pkgDir, cfg.Config, isPkg).Paths() {
		owned[p] = true
	}
	if pkgDir != root {
		for d := filepath.Dir(pkgDir); strings.HasPrefix(d, root); d = filepath.Dir(d) {
			if isPkg(d) {
				return owned // an enclosing package owns whatever no package encloses
			}
			if d == root {
				break
			}
		}
		// No package directory encloses this one: it is the first if no
		// package directory sorts before it. Only directories that sort
		// before it, or lead to it, are looked at.
		first := true
		k8s.WalkDirs(root, root, func(d string) bool {
			switch {
			case !first:
				return false
			case d == root || d == pkgDir:
				return d == root
			case d < pkgDir && isPkg(d):
				first = false
				return false
			}
			// Below d, every path sorts after d+"/": skip d's contents when
			// that is after pkgDir (and d does not lead to it).
			sub := d + string(filepath.Separator)
			return sub < pkgDir || strings.HasPrefix(pkgDir, sub)
		})
		if first {
			for _, p := range k8s.Discover(root, root, cfg.Config, isPkg).Paths() {
				owned[p] = true
			}
		}
	}
	return owned
}
