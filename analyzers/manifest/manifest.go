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

	"golang.org/x/tools/go/analysis"

	"github.com/hindsight-lint/hindsight/internal/k8s"
	"github.com/hindsight-lint/hindsight/internal/lint"
	"github.com/hindsight-lint/hindsight/internal/report"
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
	a.Flags.Var((*lint.ListFlag)(&cfg.Globs), "globs", "comma-separated globs of manifest files relative to the module root (** matches any directories); default: every YAML file in the module that looks like a Kubernetes object")
	a.Flags.Var((*lint.ListFlag)(&cfg.CRDDirs), "crd-dir", "comma-separated directories of CustomResourceDefinition YAML, relative to the module root")
	a.Flags.Int64Var(&cfg.MaxBytes, "max-bytes", 0, "largest manifest file to parse, in bytes (default 16 MiB); larger ones are reported as not checked")
	a.Flags.BoolVar(&cfg.goPos, "gopos", false, "report YAML findings at the owner package's package clause, with the YAML position in the message (for golangci-lint)")
	return a
}

func run(pass *analysis.Pass, cfg *config) (any, error) {
	wrappers := envWrappers(pass)
	if report.FactsOnly(pass) {
		return nil, nil // the reads and the manifests matter only to findings
	}
	reads := envReads(pass, wrappers)
	pkgDir, files := packageDir(pass)
	if pkgDir == "" {
		return nil, nil
	}
	root := moduleRoot(pkgDir)
	if root == "" || skipModule(root) {
		return nil, nil
	}
	if _, err := os.ReadDir(pkgDir); err != nil {
		return nil, nil // the module tree is not visible: nothing to compare with
	}
	var owned map[string]bool
	if !strings.HasSuffix(pass.Pkg.Name(), "_test") {
		owned = ownedManifests(root, pkgDir, cfg)
	}
	if len(owned) == 0 && len(reads) == 0 {
		return nil, nil
	}
	// Cross-file checks need the whole set: an owner checks all of it.
	all := k8s.Discover(root, root, cfg.Config, nil)
	if all.Len() == 0 {
		return nil, nil
	}
	set, err := all.Check(len(owned) > 0)
	if err != nil {
		return nil, err
	}
	rep := report.New(pass)
	if len(owned) > 0 {
		reportYAML(pass, rep, cfg, func(file string) bool { return owned[file] }, set, files, root)
	}
	if len(reads) > 0 {
		checkGoEnv(rep, set, reads)
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

// moduleRoot returns the directory of the go.mod above dir, or "" when
// there is none (Bazel's sandbox, a GOPATH tree): then the module's
// manifests are not visible and nothing is reported from them.
func moduleRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		up := filepath.Dir(d)
		if up == d {
			return ""
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

// reportYAML reports the findings in the YAML files this package owns.
func reportYAML(pass *analysis.Pass, rep *report.Reporter, cfg *config, owned func(file string) bool, set *k8s.Set, files []*ast.File, root string) {
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
			rep.Report(report.Finding{Pos: files[0].Package, Rule: rule,
				Message: filepath.ToSlash(rel) + ":" + strconv.Itoa(r.Line) + ":" + strconv.Itoa(r.Col) + ": " + r.Message})
			continue
		}
		fd := report.Finding{Pos: pos(r.File, r.Line, r.Col), Rule: rule, Message: r.Message}
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
