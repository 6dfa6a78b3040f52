package main

// The analysis cache: -cache, HINDSIGHT_CACHE, `hindsight cache clean|info`,
// and the manifest check's inputs in the cache key.

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
)

// cacheDir resolves -cache (a directory, "off", or "" for HINDSIGHT_CACHE
// or the default); "" means no cache.
func cacheDir(flagValue string) (string, error) {
	switch flagValue {
	case "off":
		return "", nil
	case "":
		return cache.Dir()
	}
	return flagValue, nil
}

// openCache opens the cache -cache names, or returns nil (with a warning
// when the cache was wanted but cannot be used).
func openCache(flagValue string, stderr io.Writer) *cache.Cache {
	dir, err := cacheDir(flagValue)
	if err == nil && dir == "" {
		return nil
	}
	warn := func(msg string) { fmt.Fprintln(stderr, "hindsight: warning:", msg) }
	if err == nil {
		var c *cache.Cache
		if c, err = cache.Open(dir, warn); err == nil {
			return c
		}
	}
	warn(fmt.Sprintf("cache not used: %v", err))
	return nil
}

// cacheCommand is `hindsight cache clean|info [-cache=DIR]`.
func cacheCommand(args []string, stdout, stderr io.Writer) int {
	usage := "usage: hindsight cache clean|info [-cache=DIR]"
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return exitFailure
	}
	verb, args := args[0], args[1:]
	flagValue := ""
	for _, a := range args {
		v, ok := strings.CutPrefix(strings.TrimPrefix(a, "-"), "-cache=")
		if !ok {
			v, ok = strings.CutPrefix(a, "-cache=")
		}
		if !ok {
			fmt.Fprintln(stderr, usage)
			return exitFailure
		}
		flagValue = v
	}
	dir, err := cacheDir(flagValue)
	if err != nil {
		fmt.Fprintln(stderr, "hindsight:", err)
		return exitFailure
	}
	if dir == "" {
		fmt.Fprintln(stderr, "hindsight: the cache is off (HINDSIGHT_CACHE=off or -cache=off)")
		return exitFailure
	}
	switch verb {
	case "clean":
		if _, err := os.Stat(dir); err != nil {
			return exitClean // nothing to clean
		}
		c, err := cache.Open(dir, nil)
		if err == nil {
			err = c.Clean()
		}
		if err != nil {
			fmt.Fprintln(stderr, "hindsight:", err)
			return exitFailure
		}
		return exitClean
	case "info":
		entries, size := 0, int64(0)
		if _, err := os.Stat(dir); err == nil {
			c, err := cache.Open(dir, nil)
			if err == nil {
				entries, size, err = c.Info()
			}
			if err != nil {
				fmt.Fprintln(stderr, "hindsight:", err)
				return exitFailure
			}
		}
		fmt.Fprintf(stdout, "directory: %s\nentries:   %d\nsize:      %.1f MB (%d bytes)\n", dir, entries, float64(size)/1e6, size)
		return exitClean
	}
	fmt.Fprintln(stderr, usage)
	return exitFailure
}

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
//     also depends on every .go file of that walk: the manifest check
//     compares the manifests' environment with the string literals of the
//     whole module, and ownership follows which directories are packages.
//
// The walk is made once per module and run.
func manifestInputs() func(a *analysis.Analyzer, pkg *packages.Package) (string, error) {
	var mu sync.Mutex
	mods := map[string]*moduleInputs{}
	return func(a *analysis.Analyzer, pkg *packages.Package) (string, error) {
		if a.Name != "manifest" || len(pkg.GoFiles) == 0 {
			return "", nil
		}
		dir := filepath.Dir(pkg.GoFiles[0])
		root := moduleRootOf(dir)
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
			m = &moduleInputs{root: root, allFiles: globs != "", crdDirs: crds}
			mods[key] = m
		}
		mu.Unlock()
		m.once.Do(m.walk)
		if !m.owns(dir) {
			return fmt.Sprintf("yaml %x", m.yaml), nil
		}
		return fmt.Sprintf("yaml %x go %x", m.yaml, m.goFiles), nil
	}
}

// moduleInputs is the manifest check's view of one module.
type moduleInputs struct {
	root     string
	allFiles bool
	crdDirs  string

	once     sync.Once
	yaml     []byte          // hash of the YAML inputs
	goFiles  []byte          // hash of the module's Go files
	yamlDirs map[string]bool // directories holding a YAML input
	fallback string          // the owner of manifests no package encloses, if any
}

var yamlTemplate = regexp.MustCompile(`\.(ya?ml)\.(tpl|tmpl|gotmpl|template|j2|jinja|jinja2)$`)

func isYAMLFile(name string) bool {
	return strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml") || yamlTemplate.MatchString(name)
}

func (m *moduleInputs) walk() {
	yh, gh := sha256.New(), sha256.New()
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
			hashFile(gh, p)
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
	m.yaml, m.goFiles = yh.Sum(nil), gh.Sum(nil)

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

func moduleRootOf(dir string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		up := filepath.Dir(d)
		if up == d {
			return dir
		}
		d = up
	}
}

// skippedModule: the manifest check ignores std and the module cache.
func skippedModule(root string) bool {
	if goroot := build.Default.GOROOT; goroot != "" && strings.HasPrefix(root, filepath.Join(goroot, "src")) {
		return true
	}
	return strings.Contains(filepath.ToSlash(root), "/pkg/mod/")
}
