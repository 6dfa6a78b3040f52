package k8s

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Manifests are the manifest files found in a module, not yet read, and
// what the walk that found them could not check (symbolic links,
// unreadable directories).
type Manifests struct {
	root  string
	cfg   Config
	files []string // absolute paths, sorted
	skips []skipNote
}

// Discover finds the manifests of the module at root under dir (root
// itself for the whole module): with cfg.Globs, the files matching them
// (relative to root); by default every YAML file, outside testdata, vendor,
// hidden directories, nested modules and Helm chart templates, with a
// top-level apiVersion and kind. prune, if set, is asked about every
// directory below dir that the walk enters, and skips it when it returns
// true. A manifest over cfg.MaxBytes is found too, so that checking reports
// it as not checked.
//
// A dir that the walk from root would not enter (inside testdata, say)
// holds no manifests of the module.
func Discover(root, dir string, cfg Config, prune func(dir string) bool) *Manifests {
	m := &Manifests{root: root, cfg: cfg}
	if inWalk(root, dir) {
		m.files, m.skips = discover(root, dir, cfg.Globs, cfg.maxBytes(), prune)
	}
	return m
}

// inWalk reports whether walkModule from root enters dir.
func inWalk(root, dir string) bool {
	rel, err := filepath.Rel(root, dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false
	}
	if rel == "." {
		return true
	}
	p := root
	for _, name := range strings.Split(rel, string(filepath.Separator)) {
		p = filepath.Join(p, name)
		if skipDir(p, name) || isHelmTemplates(p) {
			return false
		}
	}
	return true
}

// Len is the number of files found and paths not checked.
func (m *Manifests) Len() int { return len(m.files) + len(m.skips) }

// Paths returns the files found and the paths not checked, the paths that
// the findings of the set can be in.
func (m *Manifests) Paths() []string {
	out := append([]string(nil), m.files...)
	for _, sk := range m.skips {
		out = append(out, sk.path)
	}
	return out
}

// Check checks the manifests as one set. Paths inside messages are shown
// relative to the module root, and CRD directories are taken relative to
// it. With goStrings, the module's Go files are scanned for string
// literals (env-unread: an env var no Go code names): that reads every Go
// file of the module, outside any go/analysis pass.
func (m *Manifests) Check(goStrings bool) (*Set, error) {
	c := m.cfg
	c.CRDDirs = nil
	for _, d := range m.cfg.CRDDirs {
		if !filepath.IsAbs(d) {
			d = filepath.Join(m.root, d)
		}
		c.CRDDirs = append(c.CRDDirs, d)
	}
	if goStrings {
		c.goStrings = scanGoStrings(m.root)
	}
	c.relTo = m.root
	return checkFiles(m.files, m.skips, &c)
}

// WalkDirs calls visit for dir and every directory below it that a walk of
// the module at root enters (see Discover), in lexical order; visit returns
// false to skip a directory's contents. A dir the walk from root would not
// enter is not visited.
func WalkDirs(root, dir string, visit func(dir string) bool) {
	if inWalk(root, dir) {
		walkModule(dir, visit, nil, nil)
	}
}

// walkModule visits the directories and files of the module at root, from
// dir down, skipping hidden, underscore, testdata, fixtures, vendor and
// node_modules directories, nested modules and Helm chart templates. Either
// callback may be nil; fail, if set, is called for directories that cannot
// be read.
func walkModule(dir string, visitDir func(path string) bool, file func(path string, d fs.DirEntry), fail func(path string, err error)) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if fail != nil && d != nil && d.IsDir() {
				fail(p, err)
			}
			return nil
		}
		if d.IsDir() {
			if p != dir && (skipDir(p, d.Name()) || isHelmTemplates(p)) {
				return filepath.SkipDir
			}
			if visitDir != nil && !visitDir(p) {
				return filepath.SkipDir
			}
			return nil
		}
		if file != nil {
			file(p, d)
		}
		return nil
	})
}

func skipDir(p, name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "fixtures" || name == "vendor" || name == "node_modules" {
		return true
	}
	_, err := os.Stat(filepath.Join(p, "go.mod"))
	return err == nil // a nested module
}

var (
	k8sKind       = regexp.MustCompile(`(?m)^kind:[ \t]*["']?[A-Za-z]`)
	k8sAPIVersion = regexp.MustCompile(`(?m)^apiVersion:[ \t]*\S`)
)

// discover finds the manifest files of the module at root under dir (see
// Discover), and what it did not check: symbolic links to manifests (not
// followed) and unreadable directories.
func discover(root, dir string, globs []string, maxBytes int64, prune func(string) bool) ([]string, []skipNote) {
	var out []string
	var skips []skipNote
	looksK8s := func(p string) bool {
		f, err := os.Open(p)
		if err != nil {
			return false
		}
		defer f.Close()
		// Enough of a file over the limit to find its first object.
		data, _ := io.ReadAll(io.LimitReader(f, min(maxBytes, 1<<20)+1))
		return k8sKind.Match(data) && k8sAPIVersion.Match(data)
	}
	var visitDir func(string) bool
	if prune != nil {
		visitDir = func(p string) bool { return p == dir || !prune(p) }
	}
	walkModule(dir, visitDir, func(p string, d fs.DirEntry) {
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if len(globs) > 0 {
			for _, g := range globs {
				if globMatch(g, rel) {
					out = append(out, p) // named by a glob: a symbolic link is followed
					break
				}
			}
			return
		}
		if d.Type()&fs.ModeSymlink != 0 {
			if n, ok := symlinkNote(p, d, looksK8s); ok {
				skips = append(skips, n)
			}
			return
		}
		if !isYAMLName(d.Name()) || !d.Type().IsRegular() {
			return
		}
		if looksK8s(p) {
			out = append(out, p)
		}
	}, func(p string, err error) {
		skips = append(skips, skipNote{p, RuleUnreadable, fmt.Sprintf("cannot read directory: %v; its manifests are not checked", err)})
	})
	sort.Strings(out)
	return out, skips
}

// globMatch matches a slash-separated path against a glob where ** matches
// any number of directories.
func globMatch(glob, name string) bool {
	g := strings.Split(strings.Trim(glob, "/"), "/")
	n := strings.Split(name, "/")
	var match func(g, n []string) bool
	match = func(g, n []string) bool {
		for len(g) > 0 {
			if g[0] == "**" {
				for i := 0; i <= len(n); i++ {
					if match(g[1:], n[i:]) {
						return true
					}
				}
				return false
			}
			if len(n) == 0 {
				return false
			}
			if ok, _ := path.Match(g[0], n[0]); !ok {
				return false
			}
			g, n = g[1:], n[1:]
		}
		return len(n) == 0
	}
	return match(g, n)
}
