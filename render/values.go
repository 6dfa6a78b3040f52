package render

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/spell"
	yaml "go.yaml.in/yaml/v3"
)

// valuesRef finds .Values paths: ".Values.a.b", "$.Values.a".
var valuesRef = regexp.MustCompile(`\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)*)`)

// valuesIndex finds index .Values "a" "b".
var valuesIndex = regexp.MustCompile(`index\s+\$?\.Values((?:\s+"[^"]*")+)`)

// valuesRead is one .Values path a template reads.
type valuesRead struct {
	path      []string
	file      string
	line, col int
	guarded   bool // some read tests it first (if, with, default, hasKey, required): an optional value
}

// guardWords in an action before a .Values path mean the template expects
// the value to be unset sometimes.
var guardWords = regexp.MustCompile(`\b(if|with|default|hasKey|required|empty|coalesce|ternary)\b`)

// commentedKey finds keys documented in values.yaml comments
// ("# maxUnavailable: 1"): optional values the chart does describe.
var commentedKey = regexp.MustCompile(`(?m)^\s*#+\s*-?\s*([A-Za-z_][A-Za-z0-9_.-]*):`)

// checkValues compares the .Values paths the chart's own templates read
// with the keys its values.yaml defines.
func (r *chartRun) checkValues() {
	valuesFile := filepath.Join(r.dir, "values.yaml")
	data, err := os.ReadFile(valuesFile)
	if err != nil {
		return
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return
	}
	root := doc.Content[0]
	skip := map[string]bool{"global": true}
	for _, d := range r.chart.Metadata.Dependencies {
		if d != nil {
			skip[d.Name] = true
			if d.Alias != "" {
				skip[d.Alias] = true
			}
		}
	}
	reads, whole := r.valuesReads()
	// A path is optional when any template guards it.
	guarded := map[string]bool{}
	for _, rd := range reads {
		if rd.guarded {
			guarded[strings.Join(rd.path, ".")] = true
		}
	}
	documented := map[string]bool{}
	for _, m := range commentedKey.FindAllSubmatch(data, -1) {
		documented[string(m[1])] = true
	}
	for _, rd := range reads {
		if len(rd.path) == 0 || skip[rd.path[0]] {
			continue
		}
		rd.guarded = guarded[strings.Join(rd.path, ".")]
		r.checkRead(root, rd, documented)
	}
	if !whole {
		r.unused(root, nil, reads, skip, valuesFile)
	}
}

// valuesReads collects the .Values paths of the chart's own templates
// (not its dependencies'), first occurrence per template and path. whole
// is set when some template uses .Values as a whole (toYaml .Values, tpl,
// a dict passed to a helper): then any key may be read.
func (r *chartRun) valuesReads() (reads []valuesRead, whole bool) {
	prefix := r.chart.ChartFullPath() + "/templates/"
	keys := make([]string, 0, len(r.templates))
	for k := range r.templates {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		t := r.templates[k]
		text := string(t.data)
		mask := actionMask(text)
		seen := map[string]int{}
		for _, m := range valuesRef.FindAllStringSubmatchIndex(text, -1) {
			if !mask[m[0]] {
				continue
			}
			if m[0] > 0 && isIdentByte(text[m[0]-1]) {
				continue // .FooValues.x, $root.Values is fine ($ is not an ident byte)
			}
			p := strings.TrimPrefix(text[m[2]:m[3]], ".")
			if p == "" {
				whole = true
				continue
			}
			start := strings.LastIndex(text[:m[0]], "{{")
			guarded := start >= 0 && guardWords.MatchString(text[start:m[0]])
			if i, ok := seen[p]; ok {
				reads[i].guarded = reads[i].guarded || guarded
				continue
			}
			seen[p] = len(reads)
			line, col := lineCol(text, m[0])
			reads = append(reads, valuesRead{path: strings.Split(p, "."), file: r.fileOf(k), line: line, col: col, guarded: guarded})
		}
		for _, m := range valuesIndex.FindAllStringSubmatchIndex(text, -1) {
			var p []string
			for _, q := range regexp.MustCompile(`"([^"]*)"`).FindAllStringSubmatch(text[m[2]:m[3]], -1) {
				p = append(p, q[1])
			}
			line, col := lineCol(text, m[0])
			reads = append(reads, valuesRead{path: p, file: r.fileOf(k), line: line, col: col})
		}
	}
	return reads, whole
}

func isIdentByte(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

func lineCol(text string, off int) (int, int) {
	line := 1 + strings.Count(text[:off], "\n")
	col := off - strings.LastIndex(text[:off], "\n")
	return line, col
}

// mapKeys lists a mapping node's keys and values.
func mapKeys(n *yaml.Node) ([]string, map[string]*yaml.Node, map[string]*yaml.Node) {
	var keys []string
	vals := map[string]*yaml.Node{}
	keyNodes := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		keys = append(keys, k)
		vals[k] = n.Content[i+1]
		keyNodes[k] = n.Content[i]
	}
	return keys, vals, keyNodes
}

// checkRead reports a path whose key is missing from a non-empty mapping
// of values.yaml, as a likely typo when a near-miss key is defined and no
// template tests the path before using it, else as undocumented; keys
// described in a values.yaml comment are not reported. Paths under null, a scalar, a list or an empty mapping
// ("podAnnotations: {}") are left alone: those are for users to fill.
func (r *chartRun) checkRead(root *yaml.Node, rd valuesRead, documented map[string]bool) {
	n := root
	for i, seg := range rd.path {
		for n.Kind == yaml.AliasNode && n.Alias != nil {
			n = n.Alias
		}
		if n.Kind != yaml.MappingNode || len(n.Content) == 0 {
			return
		}
		keys, vals, _ := mapKeys(n)
		if v, ok := vals[seg]; ok {
			n = v
			continue
		}
		if documented[seg] {
			return // described in a comment of values.yaml
		}
		full := strings.Join(rd.path, ".")
		parent := "values.yaml"
		if i > 0 {
			parent = strings.Join(rd.path[:i], ".") + " in values.yaml"
		}
		if near, ok := spell.Nearest(seg, keys); ok && !rd.guarded {
			r.results = append(r.results, newResult(ruleValuesUndefined, rd.file, rd.line, rd.col,
				".Values.%s is not defined: %s has no key %q; did you mean %q? The template gets an empty value", full, parent, seg, near))
			return
		}
		r.results = append(r.results, newResult(ruleValuesUndocumented, rd.file, rd.line, rd.col,
			".Values.%s is not defined: %s has no key %q, so users of the chart cannot see that it exists", full, parent, seg))
		return
	}
}

// unused reports the values.yaml keys under n that no read path reaches:
// the outermost unread key of each branch, once.
func (r *chartRun) unused(n *yaml.Node, prefix []string, reads []valuesRead, skip map[string]bool, valuesFile string) {
	if n.Kind != yaml.MappingNode {
		return
	}
	keys, vals, keyNodes := mapKeys(n)
	for _, k := range keys {
		if len(prefix) == 0 && skip[k] {
			continue
		}
		p := append(append([]string(nil), prefix...), k)
		covered, partial := false, false
		for _, rd := range reads {
			if hasPrefix(p, rd.path) {
				covered = true
				break
			}
			if hasPrefix(rd.path, p) {
				partial = true
			}
		}
		switch {
		case covered:
		case partial:
			r.unused(vals[k], p, reads, skip, valuesFile)
		default:
			kn := keyNodes[k]
			r.results = append(r.results, newResult(ruleValuesUnused, valuesFile, kn.Line, kn.Column,
				"values key %s is read by no template of chart %s: setting it changes nothing", strings.Join(p, "."), path.Base(r.dir)))
		}
	}
}

// hasPrefix reports whether p starts with all of prefix.
func hasPrefix(p, prefix []string) bool {
	if len(prefix) > len(p) {
		return false
	}
	for i := range prefix {
		if p[i] != prefix[i] {
			return false
		}
	}
	return true
}
