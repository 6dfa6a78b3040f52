package main

// The manifest check's inputs in the cache key (runner.Options.ExtraInputs).

import (
	"crypto/sha256"
	"fmt"
	"go/build"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/hindsight-lint/hindsight/internal/cache"
	"github.com/hindsight-lint/hindsight/internal/runner"
)

// manifestInputs is runner.Options.ExtraInputs: the manifest check reads,
// besides the package, files of the whole module (analyzers/manifest,
// discover, goStrings and the owners of manifests):
//
//   - every root package depends on the module's YAML: every .yaml/.yml
//     file and YAML template (every file, with -manifest.globs) met by the
//     manifest check's own walk (which skips hidden, _, testdata, fixtures,
//     vendor and node_modules directories and nested modules), symbolic
//     links by their targets, and the -manifest.crd-dir trees;
//   - a package that may own a manifest (its directory holds one, at any
//     depth, or it is the fallback owner of manifests no package encloses)
//     also depends on the .go files of that walk, through what the check
//     reads of them (goDigest): their string literals, which it compares
//     with the manifests' environment, and their headers (build
//     constraints, package clause, imports), which decide which
//     directories are packages and so who owns what. A new comment or a
//     function without new strings leaves the owners cached.
//
// The walk is made once per module and run; the Go files' digests are
// memoised in c (godigest.go).
func manifestInputs(c *cache.Cache) func(a *analysis.Analyzer, pkg *packages.Package) (string, error) {
	var mu sync.Mutex
	mods := map[string]*moduleInputs{}
	return func(a *analysis.Analyzer, pkg *packages.Package) (string, error) {
		if a.Name != "manifest" || len(pkg.GoFiles) == 0 {
			return "", nil
		}
		dir := filepath.Dir(pkg.GoFiles[0])
		root := runner.ModuleRoot(dir)
		if root == "" || skippedModule(root) {
			return "", nil
		}
		globs, crds := "", ""
		if f := a.Flags.Lookup("globs"); f != nil {
			globs = f.Value.String()
		}
		if f := a.Flags.Lookup("crd-dir"); f != nil {
			crds = f.Value.String()
		}
		key := root + "\x00" + globs + "\x00" + crds
		mu.Lock()
		m := mods[key]
		if m == nil {
			m = &moduleInputs{root: root, allFiles: globs != "", crdDirs: crds, cache: c}
			mods[key] = m
		}
		mu.Unlock()
		m.once.Do(m.walk)
		if !m.owns(dir) {
			return fmt.Sprintf("yaml %x", m.yaml), nil
		}
		return fmt.Sprintf("yaml %x go %x", m.yaml, m.goSum()), nil
	}
}

// moduleInputs is the manifest check's view of one module.
type moduleInputs struct {
	root     string
	allFiles bool
	crdDirs  string

	cache *cache.Cache

	once     sync.Once
	yaml     []byte          // hash of the YAML inputs
	goFiles  []string        // the module's Go files
	yamlDirs map[string]bool // directories holding a YAML input
	fallback string          // the owner of manifests no package encloses, if any

	goOnce sync.Once
	goHash []byte // digest of the Go files (goSum)
}

var yamlTemplate = regexp.MustCompile(`\.(ya?ml)\.(tpl|tmpl|gotmpl|template|j2|jinja|jinja2)$`)

func isYAMLFile(name string) bool {
	return strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml") || yamlTemplate.MatchString(name)
}

func (m *moduleInputs) walk() {
	yh := sha256.New()
	m.yamlDirs = map[string]bool{}
	var dirs []string
	hashFile := func(h io.Writer, p string) {
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(m.root, p)
		fmt.Fprintf(h, "%s %d %x %v\n", rel, len(data), sha256.Sum256(data), err != nil)
	}
	_ = filepath.WalkDir(m.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			fmt.Fprintf(yh, "error %s\n", p)
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if p != m.root {
				if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "fixtures" || name == "vendor" || name == "node_modules" {
					return filepath.SkipDir
				}
				if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
					return filepath.SkipDir
				}
			}
			dirs = append(dirs, p)
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, _ := os.Readlink(p)
			fmt.Fprintf(yh, "link %s -> %s\n", p, target)
			if fi, err := os.Stat(p); err == nil && fi.IsDir() {
				n := 0
				_ = filepath.WalkDir(p+string(filepath.Separator), func(q string, e fs.DirEntry, err error) error {
					if n++; err != nil || n > 10000 {
						return filepath.SkipAll
					}
					if !e.IsDir() && isYAMLFile(e.Name()) {
						fmt.Fprintf(yh, "linked %s\n", q)
					}
					return nil
				})
			}
			m.yamlDirs[filepath.Dir(p)] = true
			return nil
		}
		if strings.HasSuffix(name, ".go") {
			m.goFiles = append(m.goFiles, p)
		}
		if m.allFiles || isYAMLFile(name) {
			hashFile(yh, p)
			m.yamlDirs[filepath.Dir(p)] = true
		}
		return nil
	})
	for _, crd := range strings.Split(m.crdDirs, ",") {
		if crd == "" {
			continue
		}
		if !filepath.IsAbs(crd) {
			crd = filepath.Join(m.root, crd)
		}
		fmt.Fprintf(yh, "crd %s\n", crd)
		_ = filepath.WalkDir(crd, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && isYAMLFile(d.Name()) {
				hashFile(yh, p)
			}
			return nil
		})
	}
	m.yaml = yh.Sum(nil)

	// Manifests no package encloses belong to the module's first package,
	// as in the manifest check.
	isPkg := func(d string) bool {
		p, err := build.Default.ImportDir(d, 0)
		return err == nil && len(p.GoFiles) > 0
	}
	orphan := false
	for yd := range m.yamlDirs {
		enclosed := false
		for d := yd; strings.HasPrefix(d, m.root); d = filepath.Dir(d) {
			if isPkg(d) {
				enclosed = true
				break
			}
			if d == m.root {
				break
			}
		}
		orphan = orphan || !enclosed
	}
	if orphan {
		sort.Strings(dirs)
		for _, d := range dirs {
			if isPkg(d) {
				m.fallback = d
				break
			}
		}
	}
}

// owns reports whether the package in dir may own a manifest.
func (m *moduleInputs) owns(dir string) bool {
	if dir == m.fallback {
		return true
	}
	sep := string(filepath.Separator)
	for yd := range m.yamlDirs {
		if yd == dir || strings.HasPrefix(yd, dir+sep) {
			return true
		}
	}
	return false
}

// skippedModule: the manifest check ignores std and the module cache.
func skippedModule(root string) bool {
	if goroot := build.Default.GOROOT; goroot != "" && strings.HasPrefix(root, filepath.Join(goroot, "src")) {
		return true
	}
	return strings.Contains(filepath.ToSlash(root), "/pkg/mod/")
}
