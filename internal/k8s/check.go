package k8s

import (
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/hindsight-lint/hindsight/internal/k8sschema"
	"github.com/hindsight-lint/hindsight/internal/lint"
	"github.com/hindsight-lint/hindsight/internal/spell"
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
		Check: "manifest", Rule: f.rule, Severity: f.severity(),
		File: f.src.path, Line: f.line, Col: f.byteColumn(), Message: f.msg,
	}
	if rel := f.related; rel != nil {
		r.Related = []lint.Related{{File: rel.src.path, Line: rel.line, Col: rel.src.byteCol(rel.line, rel.col), Message: relatedFirst}}
	}
	return r
}

// checkFiles parses and checks the named files as one set.
func checkFiles(files []string, skips []skipNote, cfg *Config) (*Set, error) {
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

func (c *checker) finish() *Set {
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
	return &Set{findings: dedup, sources: c.sources, idx: c.idx}
}

// document runs every per-document check and records the document's facts.
func (c *checker) document(src *source, doc *yaml.Node) {
	if doc == nil || len(doc.Content) == 0 {
		return
	}
	root := doc.Content[0]
	if n, loop := expandedSize(root, c.cfg.maxAliasNodes()); loop != nil {
		c.report(src, loop, RuleAliasBudget, "alias *%s is inside the value its anchor &%s names (line %d): that value contains itself, so the document is infinite; Kubernetes rejects it; not checked further", loop.Value, loop.Alias.Anchor, loop.Alias.Line)
		return
	} else if n > c.cfg.maxAliasNodes() {
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
		if t, ok := c.schema.Kinds[key]; ok && kind.Value == "CustomResourceDefinition" {
			// The table keeps apiextensions v1beta1: a CRD still written
			// against it is checked against its own version's fields, so
			// a field at the wrong level is found before the upgrade.
			return t
		}
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
	if s, ok := spell.Nearest(kind.Value, names); ok {
		c.report(src, kind, RuleUnknownKind, "unknown kind %q in apiVersion %s; did you mean %q?", kind.Value, apiVersion.Value, s)
	} else {
		c.report(src, kind, RuleUndefinedKind, "unknown kind %q: no built-in kind of that name and no CustomResourceDefinition in the set defines it", kind.Value)
	}
	return ""
}
