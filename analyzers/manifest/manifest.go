package manifest

import (
	_ "embed"
	"go/ast"
	"go/build"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/hindsight-lint/hindsight/internal/k8s"
	"github.com/hindsight-lint/hindsight/internal/lint"
)

//go:embed doc.go
var doc string

// Analyzer is the manifest check with its default configuration.
var Analyzer = New()

// New returns a fresh manifest analyzer whose flags fill its own Config.
func New() *analysis.Analyzer {
	cfg := &config{}
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
	a.Flags.BoolVar(&cfg.goPos, "gopos", false, "report YAML findings at the owner package's package clause, with the YAML position in the message (for golangci-lint)")
	return a
}

func run(pass *analysis.Pass, cfg *config) (any, error) {
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
	if st.found.Len() == 0 {
		return nil, nil
	}
	rep := lint.NewReporter(pass)
	owner := !strings.HasSuffix(pass.Pkg.Name(), "_test") && st.ownsAny(pkgDir)
	if owner || len(reads) > 0 {
		res, err := st.result()
		if err != nil {
			return nil, err
		}
		if owner {
			reportYAML(pass, rep, cfg, func(file string) bool { return st.owners[file] == pkgDir }, res, files, root)
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
	found  *k8s.Manifests
	owners map[string]string // file (or skipped path) -> owning package directory
	// discovered guards files and owners; once guards res and err.
	discovered sync.Once
	once       sync.Once
	res        *k8s.Set
	err        error
}

var modules sync.Map // key -> *moduleState

func loadModule(root string, cfg *config) *moduleState {
	key := root + "\x00" + strings.Join(cfg.Globs, ",") + "\x00" + strings.Join(cfg.CRDDirs, ",") + "\x00" + strconv.FormatInt(cfg.MaxBytes, 10)
	v, _ := modules.LoadOrStore(key, &moduleState{owners: map[string]string{}})
	st := v.(*moduleState)
	// Packages analysed in parallel share one walk of the module tree.
	st.discovered.Do(func() { st.discover(root, cfg) })
	return st
}

// discover finds the module's manifests and the package owning each.
func (st *moduleState) discover(root string, cfg *config) {
	st.found = k8s.Discover(root, root, cfg.Config, nil)
	if st.found.Len() > 0 {
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
		for _, f := range st.found.Paths() {
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

func (st *moduleState) result() (*k8s.Set, error) {
	st.once.Do(func() { st.res, st.err = st.found.Check(true) })
	return st.res, st.err
}

// firstPackage returns the first directory (in path order) of the module
// that holds a Go package: the owner of manifests no package encloses.
func firstPackage(root string, isPkg func(string) bool) string {
	var dirs []string
	dirs = append(dirs, root)
	k8s.Discover(root, root, k8s.Config{Globs: []string{"-"}}, func(dir string) bool { dirs = append(dirs, dir); return false })
	sort.Strings(dirs)
	for _, d := range dirs {
		if isPkg(d) {
			return d
		}
	}
	return root
}

// reportYAML reports the findings in the YAML files this package owns.
func reportYAML(pass *analysis.Pass, rep *lint.Reporter, cfg *config, owned func(file string) bool, set *k8s.Set, files []*ast.File, root string) {
	tfs := map[string]*token.File{}
	pos := func(file string, line, col int) token.Pos {
		tf, ok := tfs[file]
		if !ok {
			data := set.Content(file)
			tf = pass.Fset.AddFile(file, -1, max(len(data), 1))
			tf.SetLinesForContent(data)
			if tf.LineCount() == 0 {
				tf.SetLines([]int{0}) // a file not read (too large, a link) still has a line 1
			}
			tfs[file] = tf
		}
		if line < 1 || line > tf.LineCount() {
			return tf.Pos(0)
		}
		off := tf.Offset(tf.LineStart(line)) + col - 1
		if off > tf.Size() {
			off = tf.Size()
		}
		return tf.Pos(off)
	}
	for _, r := range set.Results() {
		if !owned(r.File) {
			continue
		}
		rule := ruleOf(r.Rule)
		if cfg.goPos {
			rel, err := filepath.Rel(root, r.File)
			if err != nil {
				rel = r.File
			}
			rep.Report(lint.Finding{Pos: files[0].Package, Rule: rule,
				Message: filepath.ToSlash(rel) + ":" + strconv.Itoa(r.Line) + ":" + strconv.Itoa(r.Col) + ": " + r.Message})
			continue
		}
		fd := lint.Finding{Pos: pos(r.File, r.Line, r.Col), Rule: rule, Message: r.Message}
		for _, rel := range r.Related {
			fd.Related = append(fd.Related, analysis.RelatedInformation{Pos: pos(rel.File, rel.Line, rel.Col), Message: rel.Message})
		}
		rep.Report(fd)
	}
}

// config is the analyzer's configuration, filled by its flags.
type config struct {
	k8s.Config
	// goPos reports YAML findings at a Go position with the YAML position
	// in the message (for golangci-lint, which drops non-Go positions).
	goPos bool
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
