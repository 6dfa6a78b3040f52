package manifest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/hindsight-lint/hindsight/internal/code"
	"github.com/hindsight-lint/hindsight/internal/k8sschema"
	"github.com/hindsight-lint/hindsight/internal/lint"
)

// Config holds the options of the manifest check; the analyzer's flags and
// the CLI fill it.
type Config struct {
	// Globs select the manifest files of a module, relative to the module
	// root (analyzer only). Empty: every YAML file in the module that looks
	// like a Kubernetes object.
	Globs []string
	// CRDDirs are directories of CustomResourceDefinition YAML whose kinds
	// are known (in addition to CRDs in the set itself).
	CRDDirs []string
	// GoPos reports YAML findings at a Go position with the YAML position in
	// the message (for golangci-lint, which drops non-Go positions).
	GoPos bool
	// MaxBytes is the largest file parsed (0: 16 MiB).
	MaxBytes int64
	// MaxAliasNodes is how many nodes one document may expand to through
	// aliases before it is rejected as an alias bomb (0: 1,000,000).
	MaxAliasNodes int
	// GoStrings, when set, holds every string literal of the Go code that
	// the manifests deploy; env vars set in manifests for containers that
	// run that code are reported when no literal names them.
	GoStrings map[string]bool

	relTo string // show paths inside messages relative to this directory
}

func (c *Config) maxBytes() int64 {
	if c.MaxBytes > 0 {
		return c.MaxBytes
	}
	return 16 << 20
}

func (c *Config) maxAliasNodes() int {
	if c.MaxAliasNodes > 0 {
		return c.MaxAliasNodes
	}
	return 1_000_000
}

// Rule ids. They are stable: suppression directives and baselines name them.
const (
	RuleSyntax          = "yaml-syntax"
	RuleTab             = "yaml-tab"
	RuleDuplicateKey    = "duplicate-key"
	RuleKeyCollision    = "key-collision"
	RuleYAML11          = "yaml11-coercion"
	RuleYAML11Key       = "yaml11-key"
	RuleAliasBudget     = "alias-budget"
	RuleUnreadable      = "unreadable"
	RuleUnknownField    = "unknown-field"
	RuleMisplacedField  = "misplaced-field"
	RuleType            = "wrong-type"
	RuleEnum            = "enum"
	RuleFormat          = "format"
	RuleResourceName    = "resource-name"
	RuleLabelSyntax     = "label-syntax"
	RuleObjectName      = "object-name"
	RulePortRange       = "port-range"
	RuleSelector        = "selector-mismatch"
	RuleUnknownKind     = "unknown-kind"
	RuleUndefinedKind   = "undefined-kind"
	RuleRemovedAPI      = "removed-api"
	RuleDuplicateItem   = "duplicate-list-key"
	RuleDuplicatePort   = "duplicate-port"
	RuleMissingRef      = "missing-ref"
	RuleRefTypo         = "missing-ref-typo"
	RuleEnvNearDup      = "env-near-duplicate"
	RuleEnvInconsistent = "env-inconsistent"
	RuleMatchesNothing  = "matches-nothing"
	RulePortName        = "port-name"
	RuleGoEnvUnset      = "go-env-unset"
	RuleGoEnvTypo       = "go-env-typo"
	RuleEnvUnread       = "env-unread"
	RuleIgnore          = "ignore-directive"
	RuleSkipped         = "skipped"
)

// finding is a result before its column is converted to bytes.
type finding struct {
	src       *source
	line, col int // col: yaml.v3 rune column, or a byte column when byteCol
	byteCol   bool
	rule      string
	msg       string
	related   *position // optional second position (the first of two duplicates), shown as relatedFirst
}

type position struct {
	src       *source
	line, col int // rune column
}

func (p position) String() string {
	return fmt.Sprintf("%s:%d:%d", p.src.shown, p.line, p.src.byteCol(p.line, p.col))
}

func posOf(src *source, n *yaml.Node) position { return position{src, n.Line, n.Column} }

// checker holds the state of one run over a manifest set.
type checker struct {
	cfg       *Config
	schema    *k8sschema.Schema
	findings  []finding
	idx       *index
	crdKinds  map[string]bool            // "group/Kind" of custom resources in the set or CRD dirs
	crdTypes  map[string]*k8sschema.Type // CRD schemas converted to the table's form
	crdEnums  map[string][]string
	crdKeys   map[string]string // "group/version/Kind" -> CRD root type name ("" if conflicting)
	crdPrints map[string]string // "group/version/Kind" -> schema fingerprint
	sources   []*source
	pending   []pendingDoc
}

type pendingDoc struct {
	src *source
	doc *yaml.Node
}

func (c *checker) report(src *source, n *yaml.Node, rule string, format string, args ...any) {
	c.findings = append(c.findings, finding{src: src, line: n.Line, col: n.Column, rule: rule, msg: fmt.Sprintf(format, args...)})
}

func (c *checker) reportAt(p position, rule string, format string, args ...any) {
	c.findings = append(c.findings, finding{src: p.src, line: p.line, col: p.col, rule: rule, msg: fmt.Sprintf(format, args...)})
}

// result is the outcome of checking a manifest set.
type result struct {
	findings []finding
	sources  []*source
	idx      *index
}

// Check loads the YAML files and directories in paths as one manifest set
// and returns its findings, sorted by file and position. The error is for
// paths that cannot be read at all; problems inside files are findings.
func Check(paths []string, cfg Config) ([]lint.Result, error) {
	files, skips, err := collectAll(paths)
	if err != nil {
		return nil, err
	}
	res, err := checkFiles(files, skips, &cfg)
	if err != nil {
		return nil, err
	}
	return res.results(), nil
}

func (r *result) results() []lint.Result {
	out := make([]lint.Result, 0, len(r.findings))
	for _, f := range r.findings {
		out = append(out, f.result())
	}
	return out
}

// severity is the finding's severity, which its rule decides.
func (f finding) severity() lint.Severity { return Rules.SeverityOf(f.rule, f.src.path) }

func (f finding) byteColumn() int {
	if f.byteCol {
		return f.col
	}
	return f.src.byteCol(f.line, f.col)
}

// relatedFirst labels a finding's related position: where the duplicated
// thing was first defined.
const relatedFirst = "first definition"

func (f finding) result() lint.Result {
	r := lint.Result{
		Check: "manifest", Rule: f.rule, Severity: f.severity(), Level: f.severity().String(),
		File: f.src.path, Line: f.line, Col: f.byteColumn(), Message: f.msg,
	}
	if rel := f.related; rel != nil {
		r.Related = []lint.Related{{File: rel.src.path, Line: rel.line, Col: rel.src.byteCol(rel.line, rel.col), Message: relatedFirst}}
	}
	return r
}

// checkFiles parses and checks the named files as one set.
func checkFiles(files []string, skips []skipNote, cfg *Config) (*result, error) {
	c, err := newChecker(cfg)
	if err != nil {
		return nil, err
	}
	for _, s := range skips {
		c.findings = append(c.findings, s.finding())
	}
	for _, dir := range cfg.CRDDirs {
		crdFiles, err := collect([]string{dir})
		if err != nil {
			return nil, err
		}
		for _, name := range crdFiles {
			src, docs := c.load(name, true)
			for _, d := range docs {
				c.registerCRD(src, d)
			}
		}
	}
	loadAll(files, cfg.maxBytes(), func(l loaded) {
		c.findings = append(c.findings, l.problems...)
		c.add(l.src, l.docs)
	})
	return c.finish(), nil
}

func newChecker(cfg *Config) (*checker, error) {
	sch, err := k8sschema.Load()
	if err != nil {
		return nil, fmt.Errorf("manifest: loading the embedded schema: %v", err)
	}
	return &checker{cfg: cfg, schema: sch, idx: newIndex(), crdKinds: map[string]bool{}, crdTypes: map[string]*k8sschema.Type{}, crdEnums: map[string][]string{}}, nil
}

// add checks the documents of one file. Documents of custom resources wait
// until every CRD of the set is known; the others are checked at once and
// only their facts are kept.
func (c *checker) add(src *source, docs []*yaml.Node) {
	src.shown = src.path
	if c.cfg.relTo != "" {
		if rel, err := filepath.Rel(c.cfg.relTo, src.path); err == nil && !strings.HasPrefix(rel, "..") {
			src.shown = filepath.ToSlash(rel)
		}
	}
	c.sources = append(c.sources, src)
	for _, d := range docs {
		c.registerCRD(src, d)
	}
	for _, d := range docs {
		if c.isCustom(d) {
			c.pending = append(c.pending, pendingDoc{src, d})
			continue
		}
		c.document(src, d)
	}
}

// isCustom reports whether a document is an object of a group the built-in
// schema does not know.
func (c *checker) isCustom(d *yaml.Node) bool {
	if d == nil || len(d.Content) == 0 {
		return false
	}
	av := str(d.Content[0], "apiVersion")
	group, _, ok := strings.Cut(av, "/")
	return ok && strings.Contains(group, ".") && !c.schema.KnownGroup(group)
}

func (c *checker) finish() *result {
	for _, p := range c.pending {
		c.document(p.src, p.doc)
	}
	c.pending = nil
	c.crossCheck()
	c.applyDirectives(c.sources)
	sort.SliceStable(c.findings, func(i, j int) bool {
		a, b := c.findings[i], c.findings[j]
		if a.src.path != b.src.path {
			return a.src.path < b.src.path
		}
		if a.line != b.line {
			return a.line < b.line
		}
		if ac, bc := a.byteColumn(), b.byteColumn(); ac != bc {
			return ac < bc
		}
		return a.msg < b.msg
	})
	// The same finding can arise twice (an anchor checked through two aliases).
	dedup := c.findings[:0]
	for i, f := range c.findings {
		if i > 0 {
			p := c.findings[i-1]
			if p.src == f.src && p.line == f.line && p.col == f.col && p.msg == f.msg {
				continue
			}
		}
		dedup = append(dedup, f)
	}
	return &result{findings: dedup, sources: c.sources, idx: c.idx}
}

// loaded is one file read and parsed, with its file-level problems.
type loaded struct {
	src      *source
	docs     []*yaml.Node
	problems []finding
}

// load reads, prescans and parses one file, reporting file-level problems.
// quiet suppresses findings (CRD directories are reference input).
func (c *checker) load(name string, quiet bool) (*source, []*yaml.Node) {
	l := loadFile(name, c.cfg.maxBytes())
	if !quiet {
		c.findings = append(c.findings, l.problems...)
	}
	return l.src, l.docs
}

func (c *checker) parse(name string, data []byte, quiet bool) (*source, []*yaml.Node) {
	l := parseFile(name, data)
	if !quiet {
		c.findings = append(c.findings, l.problems...)
	}
	return l.src, l.docs
}

// loadFile reads and parses a file. It touches no shared state, so files
// are loaded in parallel.
func loadFile(name string, maxBytes int64) loaded {
	fail := func(msg string) loaded {
		src := newSource(name, nil)
		return loaded{src: src, problems: []finding{{src: src, line: 1, col: 1, byteCol: true, rule: RuleUnreadable, msg: msg}}}
	}
	fi, err := os.Stat(name)
	if err != nil {
		return fail(fmt.Sprintf("cannot read file: %v", err))
	}
	if fi.Size() > maxBytes {
		return fail(fmt.Sprintf("file is %d bytes, over the %d-byte limit for one manifest file; not checked", fi.Size(), maxBytes))
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return fail(fmt.Sprintf("cannot read file: %v", err))
	}
	return parseFile(name, data)
}

func parseFile(name string, data []byte) loaded {
	src := newSource(name, data)
	src.dirs = parseDirectives(src)
	if p := prescan(src); p != nil {
		return loaded{src: src, problems: []finding{{src: src, line: p.line, col: p.col, byteCol: true, rule: RuleUnreadable, msg: p.msg}}}
	}
	head := data[:min(len(data), 1<<16)]
	if templateExt.MatchString(name) || bytes.Contains(head, []byte("{{")) || bytes.Contains(head, []byte("__")) || bracePlaceholder.Match(head) {
		maskTemplate(src)
	}
	docs, perrs := decodeAll(src)
	l := loaded{src: src, docs: docs}
	for _, perr := range perrs {
		if templateExt.MatchString(name) && !k8sKind.Match(data) {
			break // a template of something other than Kubernetes objects
		}
		if src.template && src.maskedNear(perr.line) {
			// The masked template actions themselves broke the YAML (a
			// placeholder inside a flow sequence, say): that is not the
			// author's mistake, and the rest cannot be checked.
			continue
		}
		rule := RuleSyntax
		if strings.HasPrefix(perr.msg, "tab character") {
			rule = RuleTab
		}
		l.problems = append(l.problems, finding{src: src, line: perr.line, col: perr.col, byteCol: true, rule: rule, msg: perr.msg})
	}
	return l
}

// loadAll loads files on all CPUs and hands them to f in order, keeping
// only a small window of parsed files in memory.
func loadAll(files []string, maxBytes int64, f func(loaded)) {
	workers := runtime.GOMAXPROCS(0)
	if workers < 2 || len(files) < 4 {
		for _, name := range files {
			f(loadFile(name, maxBytes))
		}
		return
	}
	window := make(chan chan loaded, 2*workers)
	sem := make(chan struct{}, workers)
	go func() {
		for _, name := range files {
			ch := make(chan loaded, 1)
			window <- ch
			sem <- struct{}{}
			go func() {
				defer func() { <-sem }()
				ch <- loadFile(name, maxBytes)
			}()
		}
		close(window)
	}()
	for ch := range window {
		f(<-ch)
	}
}

// document runs every per-document check and records the document's facts.
func (c *checker) document(src *source, doc *yaml.Node) {
	if doc == nil || len(doc.Content) == 0 {
		return
	}
	root := doc.Content[0]
	if n := expandedSize(root, c.cfg.maxAliasNodes()); n > c.cfg.maxAliasNodes() {
		c.report(src, root, RuleAliasBudget, "document expands to more than %d nodes through aliases (an alias bomb?); Kubernetes rejects it as excessive aliasing; not checked further", c.cfg.maxAliasNodes())
		return
	}
	c.yamlChecks(src, root)
	if root.Kind != yaml.MappingNode {
		return
	}
	c.object(src, root, "")
}

// object checks one Kubernetes object (a document or a List item).
func (c *checker) object(src *source, obj *yaml.Node, listPath string) {
	apiVersion, kind := scalarAt(obj, "apiVersion"), scalarAt(obj, "kind")
	if apiVersion == nil || kind == nil || apiVersion.Value == "" || kind.Value == "" || src.isMasked(apiVersion) || src.isMasked(kind) {
		return // not a Kubernetes object (a values file, a kustomization patch...)
	}
	if kind.Value == "List" && (apiVersion.Value == "v1" || strings.HasSuffix(kind.Value, "List")) {
		if items := get(obj, "items"); items != nil && items.Kind == yaml.SequenceNode {
			for _, it := range items.Content {
				it = deref(it)
				if it.Kind == yaml.MappingNode {
					c.object(src, it, "items")
				}
			}
		}
		return
	}
	t := c.kindType(src, apiVersion, kind)
	if t != "" {
		w := &walker{c: c, src: src, kind: kind.Value, memo: map[memoKey]bool{}}
		if strings.Contains(apiVersion.Value, "alpha") && !strings.HasPrefix(t, "crd:") {
			// Alpha APIs change shape between releases: check only the
			// object's metadata against this schema version.
			w.walk(get(obj, "metadata"), "t:meta/v1.ObjectMeta", "metadata", nil)
		} else {
			w.walk(obj, "t:"+t, kind.Value, nil)
		}
	}
	c.validateObject(src, obj, kind.Value, t != "" && !strings.HasPrefix(t, "crd:"))
	c.idx.add(c, src, obj, apiVersion.Value, kind.Value)
}

// removedKinds are removed alpha kinds that no published k8s.io/api
// version still defines, so the embedded table does not know them: without
// this they would be called unknown. Sources: the release notes of the
// version named.
var removedKinds = map[string]struct{ in, note string }{
	// CHANGELOG-1.14: "The alpha Initializers feature,
	// admissionregistration.k8s.io/v1alpha1 API version, ... have been removed."
	"admissionregistration.k8s.io/v1alpha1/InitializerConfiguration":     {"1.14", "the alpha Initializers feature was removed; a mutating admission webhook does its job"},
	"admissionregistration.k8s.io/v1alpha1/InitializerConfigurationList": {"1.14", "the alpha Initializers feature was removed; a mutating admission webhook does its job"},
}

var coreVersion = regexp.MustCompile(`^v[0-9]+((alpha|beta)[0-9]+)?$`)

// kindType resolves apiVersion/kind to a schema type name, reporting
// unknown kinds, wrong groups and removed versions. "" means: no built-in
// schema (a custom resource, or already reported).
func (c *checker) kindType(src *source, apiVersion, kind *yaml.Node) string {
	key := k8sschema.Key(apiVersion.Value, kind.Value)
	if rm, ok := c.schema.Removed[key]; ok {
		msg := fmt.Sprintf("%s %s is no longer served since Kubernetes %s", apiVersion.Value, kind.Value, rm.In)
		if rm.Use != "" {
			msg += fmt.Sprintf("; use apiVersion %s", k8sschema.APIVersion(rm.Use))
			if k := k8sschema.KindOf(rm.Use); k != kind.Value {
				msg += " kind " + k
			}
		}
		c.report(src, apiVersion, RuleRemovedAPI, "%s", msg)
		return ""
	}
	if rm, ok := removedKinds[key]; ok {
		c.report(src, apiVersion, RuleRemovedAPI, "%s %s is no longer served since Kubernetes %s; %s", apiVersion.Value, kind.Value, rm.in, rm.note)
		return ""
	}
	if t, ok := c.schema.Kinds[key]; ok {
		return t
	}
	group, _, hasSlash := strings.Cut(apiVersion.Value, "/")
	if !hasSlash {
		if !coreVersion.MatchString(apiVersion.Value) {
			return "" // not a Kubernetes apiVersion (Kustomize's "builtin", say)
		}
		group = ""
	}
	if t, ok := c.crdKeys[apiVersion.Value+"/"+kind.Value]; ok {
		return t
	}
	if c.crdKinds[group+"/"+kind.Value] {
		return ""
	}
	if group != "" && !c.schema.KnownGroup(group) {
		return "" // a custom resource group without a schema: skip quietly
	}
	if gvs := c.schema.GroupVersions(kind.Value); len(gvs) > 0 {
		var served []string
		for _, gv := range gvs {
			if _, removed := c.schema.Removed[gv+"/"+kind.Value]; !removed {
				served = append(served, strings.TrimPrefix(gv, "/"))
			}
		}
		sort.Strings(served)
		c.report(src, apiVersion, RuleUnknownKind, "kind %s is not served by apiVersion %s; it is served by %s", kind.Value, apiVersion.Value, strings.Join(served, ", "))
		return ""
	}
	// The kind is unknown in a built-in group: a misspelling?
	var names []string
	for _, k := range c.schema.KindNames() {
		if !strings.HasSuffix(k, "List") || strings.HasSuffix(kind.Value, "List") {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	if s, ok := code.Nearest(kind.Value, names); ok {
		c.report(src, kind, RuleUnknownKind, "unknown kind %q in apiVersion %s; did you mean %q?", kind.Value, apiVersion.Value, s)
	} else {
		c.report(src, kind, RuleUndefinedKind, "unknown kind %q: no built-in kind of that name and no CustomResourceDefinition in the set defines it", kind.Value)
	}
	return ""
}
