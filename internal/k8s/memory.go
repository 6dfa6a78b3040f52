package k8s

import "github.com/hindsight-lint/hindsight/internal/lint"

// Document is one YAML file held in memory, such as the output of a Helm
// or Kustomize render. Path names it in findings; it need not exist.
type Document struct {
	Path string
	Data []byte
}

// CheckDocuments checks in-memory files as one manifest set, exactly as
// Check checks files on disk (every rule, the same directives), and
// returns the findings sorted by path and position. Findings name each
// document by its Path.
func CheckDocuments(docs []Document, cfg Config) ([]lint.Result, error) {
	c, err := newChecker(&cfg)
	if err != nil {
		return nil, err
	}
	for _, dir := range cfg.CRDDirs {
		crdFiles, err := collect([]string{dir})
		if err != nil {
			return nil, err
		}
		for _, name := range crdFiles {
			src, ds := c.load(name, true)
			for _, d := range ds {
				c.registerCRD(src, d)
			}
		}
	}
	for _, d := range docs {
		var l loaded
		if int64(len(d.Data)) > cfg.maxBytes() {
			src := newSource(d.Path, nil)
			l = loaded{src: src, problems: []finding{{src: src, line: 1, col: 1, byteCol: true, rule: RuleUnreadable,
				msg: "document is over the size limit for one manifest file; not checked"}}}
		} else {
			l = parseFile(d.Path, d.Data)
		}
		c.findings = append(c.findings, l.problems...)
		c.add(l.src, l.docs)
	}
	return c.finish().Results(), nil
}
