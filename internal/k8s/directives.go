package k8s

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/spell"
)

// ignoreDir is a "# hindsight:ignore rule reason" comment in a YAML file.
type ignoreDir struct {
	line, col int // byte column
	rules     []string
	reason    string
	used      bool
}

func parseDirectives(src *source) []*ignoreDir {
	var out []*ignoreDir
	data := src.data
	const marker = "hindsight:ignore"
	for i := 0; ; {
		j := strings.Index(string(data[i:]), marker)
		if j < 0 {
			break
		}
		at := i + j
		i = at + len(marker)
		// It must be a comment: '#', optional spaces, then the marker.
		k := at - 1
		for k >= 0 && data[k] == ' ' {
			k--
		}
		if k < 0 || data[k] != '#' {
			continue
		}
		end := at
		for end < len(data) && data[end] != '\n' {
			end++
		}
		text := string(data[at+len(marker) : end])
		if i := strings.Index(text, " #"); i >= 0 {
			text = text[:i] // a further comment
		}
		fields := strings.Fields(text)
		line, col := src.lineColOf(k)
		d := &ignoreDir{line: line, col: col}
		if len(fields) > 0 {
			d.rules = strings.Split(fields[0], ",")
			d.reason = strings.Join(fields[1:], " ")
		}
		out = append(out, d)
	}
	return out
}

// covers reports whether the directive suppresses findings of rule. One
// without a reason suppresses nothing, as in Go code.
func (d *ignoreDir) covers(rule string) bool {
	if d.reason == "" {
		return false
	}
	for _, r := range d.rules {
		if r == rule || r == "manifest" || r == "*" || r == "all" {
			return true
		}
	}
	return false
}

// applyDirectives drops findings suppressed by an ignore comment on their
// line or the line above, and reports directives that suppress nothing or
// give no reason.
func (c *checker) applyDirectives(sources []*source) {
	kept := c.findings[:0]
	for _, f := range c.findings {
		suppressed := false
		for _, d := range f.src.dirs {
			if (d.line == f.line || d.line == f.line-1) && d.covers(f.rule) {
				d.used = true
				suppressed = true
			}
		}
		if !suppressed {
			kept = append(kept, f)
		}
	}
	c.findings = kept
	known := map[string]bool{"manifest": true, "*": true, "all": true}
	for _, r := range Rules {
		known[r.ID] = true
	}
	for _, src := range sources {
		for _, d := range src.dirs {
			var unknown []string
			for _, r := range d.rules {
				if !known[r] {
					unknown = append(unknown, r)
				}
			}
			switch {
			case len(d.rules) == 0 || d.reason == "":
				c.findings = append(c.findings, finding{src: src, line: d.line, col: d.col, byteCol: true, rule: RuleIgnore,
					msg: "hindsight:ignore needs a rule id (or manifest) and a reason, and suppresses nothing without them: # hindsight:ignore duplicate-key <why>"})
			case len(unknown) > 0:
				msg := fmt.Sprintf("hindsight:ignore names %s, which is not a rule of the manifest check", quoteAll(unknown))
				if len(unknown) == len(d.rules) {
					msg += ", so it suppresses nothing"
				}
				if s, ok := spell.Nearest(unknown[0], ruleIDs()); ok {
					msg += fmt.Sprintf("; did you mean %q?", s)
				}
				c.findings = append(c.findings, finding{src: src, line: d.line, col: d.col, byteCol: true, rule: RuleIgnore, msg: msg})
			case !d.used:
				c.findings = append(c.findings, finding{src: src, line: d.line, col: d.col, byteCol: true, rule: RuleIgnore,
					msg: fmt.Sprintf("hindsight:ignore %s suppresses nothing; remove it", strings.Join(d.rules, ","))})
			}
		}
	}
}

func quoteAll(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = strconv.Quote(v)
	}
	return strings.Join(q, ", ")
}
