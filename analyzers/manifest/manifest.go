package manifest

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/build"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/hindsight-lint/hindsight/internal/lint"
)

//go:embed doc.go
var doc string

// Analyzer is the manifest check with its default configuration.
var Analyzer = New()

// New returns a fresh manifest analyzer whose flags fill its own Config.
func New() *analysis.Analyzer {
	cfg := &Config{}
	a := &analysis.Analyzer{
		Name:             "manifest",
		Doc:              lint.DocFrom(doc),
		URL:              lint.DocURL("manifest"),
		FactTypes:        []analysis.Fact{new(EnvReaderFact)},
		RunDespiteErrors: true,
		Run:              func(pass *analysis.Pass) (any, error) { return run(pass, cfg) },
	}
	a.Flags.Var((*listFlag)(&cfg.Globs), "globs", "comma-separated globs of manifest files relative to the module root (** matches any directories); default: every YAML file in the module that looks like a Kubernetes object")
	a.Flags.Var((*listFlag)(&cfg.CRDDirs), "crd-dir", "comma-separated directories of CustomResourceDefinition YAML, relative to the module root")
	a.Flags.Int64Var(&cfg.MaxBytes, "max-bytes", 0, "largest manifest file to parse, in bytes (default 16 MiB); larger ones are reported as not checked")
	a.Flags.BoolVar(&cfg.GoPos, "gopos", false, "report YAML findings at the owner package's package clause, with the YAML position in the message (for golangci-lint)")
	return a
}

func run(pass *analysis.Pass, cfg *Config) (any, error) {
	reads := envReads(pass)
	pkgDir, files := packageDir(pass)
	if pkgDir == "" {
		return nil, nil
	}
	root := moduleRoot(pkgDir)
	if root == "" || skipModule(root) {
		return nil, nil
	}
	st := loadModule(root, cfg)
	if len(st.files) == 0 && len(st.skips) == 0 {
		return nil, nil
	}
	rep := lint.NewReporter(pass)
	owner := !strings.HasSuffix(pass.Pkg.Name(), "_test") && st.ownsAny(pkgDir)
	if owner || len(reads) > 0 {
		res, err := st.result(root, cfg)
		if err != nil {
			return nil, err
		}
		if owner {
			reportYAML(pass, rep, cfg, st, res, pkgDir, files, root)
		}
		if len(reads) > 0 {
			checkGoEnv(rep, res, reads)
		}
	}
	rep.Finish()
	return nil, nil
}

// packageDir returns the directory of the package's Go files and the files
// sorted by name (non-test files first).
func packageDir(pass *analysis.Pass) (string, []*ast.File) {
	files := append([]*ast.File(nil), pass.Files...)
	name := func(f *ast.File) string { return pass.Fset.File(f.Pos()).Name() }
	sort.SliceStable(files, func(i, j int) bool {
		ti, tj := strings.HasSuffix(name(files[i]), "_test.go"), strings.HasSuffix(name(files[j]), "_test.go")
		if ti != tj {
			return !ti
		}
		return name(files[i]) < name(files[j])
	})
	for _, f := range files {
		if n := name(f); strings.HasSuffix(n, ".go") && !ast.IsGenerated(f) {
			return filepath.Dir(n), files
		}
	}
	return "", nil
}

func moduleRoot(dir string) string {
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

// skipModule is true for the standard library and modules in the module
// cache: their manifests are not the user's.
func skipModule(root string) bool {
	if goroot := build.Default.GOROOT; goroot != "" && strings.HasPrefix(root, filepath.Join(goroot, "src")) {
		return true
	}
	return strings.Contains(filepath.ToSlash(root), "/pkg/mod/")
}

// moduleState is the manifest set of one module, computed once per process
// (the standalone driver runs every package in one process; go vet runs one
// package per process, and each finds the same set and the same owners).
type moduleState struct {
	files  []string          // absolute paths, sorted
	skips  []skipNote        // what the walk did not check
	owners map[string]string // file (or skipped path) -> owning package directory
	// discovered guards files and owners; once guards res and err.
	discovered sync.Once
	once       sync.Once
	res        *result
	err        error
}

var modules sync.Map // key -> *moduleState

func loadModule(root string, cfg *Config) *moduleState {
	key := root + "\x00" + strings.Join(cfg.Globs, ",") + "\x00" + strings.Join(cfg.CRDDirs, ",") + "\x00" + strconv.FormatInt(cfg.MaxBytes, 10)
	v, _ := modules.LoadOrStore(key, &moduleState{owners: map[string]string{}})
	st := v.(*moduleState)
	// Packages analysed in parallel share one walk of the module tree.
	st.discovered.Do(func() { st.discover(root, cfg) })
	return st
}

// discover finds the module's manifests and the package owning each.
func (st *moduleState) discover(root string, cfg *Config) {
	st.files, st.skips = discover(root, cfg.Globs, cfg.maxBytes())
	if len(st.files) > 0 || len(st.skips) > 0 {
		pkgDirs := map[string]bool{}
		isPkg := func(d string) bool {
			if v, ok := pkgDirs[d]; ok {
				return v
			}
			p, err := build.Default.ImportDir(d, 0)
			v := err == nil && len(p.GoFiles) > 0
			pkgDirs[d] = v
			return v
		}
		fallback := ""
		paths := append([]string(nil), st.files...)
		for _, sk := range st.skips {
			paths = append(paths, sk.path)
		}
		for _, f := range paths {
			for d := filepath.Dir(f); strings.HasPrefix(d, root); d = filepath.Dir(d) {
				if isPkg(d) {
					st.owners[f] = d
					break
				}
				if d == root {
					break
				}
			}
			if st.owners[f] == "" {
				if fallback == "" {
					fallback = firstPackage(root, isPkg)
				}
				st.owners[f] = fallback
			}
		}
	}
}

func (st *moduleState) ownsAny(dir string) bool {
	for _, d := range st.owners {
		if d == dir {
			return true
		}
	}
	return false
}

func (st *moduleState) result(root string, cfg *Config) (*result, error) {
	st.once.Do(func() {
		c := *cfg
		c.CRDDirs = nil
		for _, d := range cfg.CRDDirs {
			if !filepath.IsAbs(d) {
				d = filepath.Join(root, d)
			}
			c.CRDDirs = append(c.CRDDirs, d)
		}
		c.GoStrings = goStrings(root)
		c.relTo = root
		st.res, st.err = checkFiles(st.files, st.skips, &c)
	})
	return st.res, st.err
}

// firstPackage returns the first directory (in path order) of the module
// that holds a Go package: the owner of manifests no package encloses.
func firstPackage(root string, isPkg func(string) bool) string {
	var dirs []string
	walkModule(root, func(dir string) { dirs = append(dirs, dir) }, nil, nil)
	sort.Strings(dirs)
	for _, d := range dirs {
		if isPkg(d) {
			return d
		}
	}
	return root
}

// walkModule visits the directories and files of the module at root,
// skipping hidden, underscore, testdata, fixtures, vendor and node_modules
// directories, nested modules and Helm chart templates. Either callback
// may be nil; fail, if set, is called for directories that cannot be read.
func walkModule(root string, dir func(path string), file func(path string, d fs.DirEntry), fail func(path string, err error)) {
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if fail != nil && d != nil && d.IsDir() {
				fail(p, err)
			}
			return nil
		}
		if d.IsDir() {
			if p != root && (skipDir(p, d.Name()) || isHelmTemplates(p)) {
				return filepath.SkipDir
			}
			if dir != nil {
				dir(p)
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

// discover finds the module's manifest files: the files matching globs, or
// by default every YAML file (outside testdata, vendor, hidden directories,
// nested modules and Helm chart templates) with a top-level apiVersion and
// kind. It also returns what it did not check: symbolic links to manifests
// (not followed) and unreadable directories. A manifest over maxBytes is
// returned too, so that loading reports it as not checked.
func discover(root string, globs []string, maxBytes int64) ([]string, []skipNote) {
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
	walkModule(root, nil, func(p string, d fs.DirEntry) {
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

// reportYAML reports the findings in the YAML files this package owns.
func reportYAML(pass *analysis.Pass, rep *lint.Reporter, cfg *Config, st *moduleState, res *result, pkgDir string, files []*ast.File, root string) {
	tfs := map[*source]*token.File{}
	tokFile := func(src *source) *token.File {
		if tf, ok := tfs[src]; ok {
			return tf
		}
		tf := pass.Fset.AddFile(src.path, -1, max(len(src.data), 1))
		tf.SetLinesForContent(src.data)
		if tf.LineCount() == 0 {
			tf.SetLines([]int{0}) // a file not read (too large, a link) still has a line 1
		}
		tfs[src] = tf
		return tf
	}
	pos := func(src *source, line, col int) token.Pos {
		tf := tokFile(src)
		if line < 1 || line > tf.LineCount() {
			return tf.Pos(0)
		}
		off := tf.Offset(tf.LineStart(line)) + col - 1
		if off > tf.Size() {
			off = tf.Size()
		}
		return tf.Pos(off)
	}
	for _, f := range res.findings {
		if st.owners[f.src.path] != pkgDir {
			continue
		}
		rule := ruleOf(f.rule)
		if cfg.GoPos {
			rel, err := filepath.Rel(root, f.src.path)
			if err != nil {
				rel = f.src.path
			}
			rep.Report(lint.Finding{Pos: files[0].Package, Rule: rule,
				Message: filepath.ToSlash(rel) + ":" + strconv.Itoa(f.line) + ":" + strconv.Itoa(f.byteColumn()) + ": " + f.msg})
			continue
		}
		fd := lint.Finding{Pos: pos(f.src, f.line, f.byteColumn()), Rule: rule, Message: f.msg}
		if f.related != nil {
			fd.Related = []analysis.RelatedInformation{{Pos: pos(f.related.src, f.related.line, f.related.src.byteCol(f.related.line, f.related.col)), Message: relatedFirst}}
		}
		rep.Report(fd)
	}
}

// listFlag is a comma-separated list flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error {
	for _, p := range strings.Split(s, ",") {
		if p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}
