package output

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/lint"
)

// A Baseline records accepted findings so a CI gate reports only new ones.
//
// Version 2 entries match on check, rule, file (relative to the module
// root), enclosing function and a key taken from the source the finding
// points at (the flagged code with its white space folded, or the flagged
// line): never on line numbers or message text, so they survive edits that
// shift code and rewording of messages. Version 1 files (check, file,
// function and the message with line numbers masked) are still read and
// matched as before.
type Baseline struct {
	Version  int             `json:"version"`
	Findings []BaselineEntry `json:"findings"`
}

// BaselineVersion is the format NewBaseline writes.
const BaselineVersion = 2

// BaselineEntry is one accepted finding.
type BaselineEntry struct {
	Check   string `json:"check"`
	Rule    string `json:"rule,omitempty"`
	File    string `json:"file"`
	Func    string `json:"func,omitempty"`
	Key     string `json:"key,omitempty"`     // version 2
	Message string `json:"message,omitempty"` // version 1 only
}

var lineRefs = regexp.MustCompile(`(line |:)\d+(:\d+)?`)

// maxKey bounds a key's length; longer source is cut (keys stay readable
// in review and the file stays small).
const maxKey = 200

// keyer reads the source a key is taken from, each file once.
type keyer struct {
	root  string
	lines map[string][]string
}

func newKeyer(root string) *keyer { return &keyer{root: root, lines: map[string][]string{}} }

func (k *keyer) relFile(file string) string {
	if k.root != "" {
		abs := file
		if !filepath.IsAbs(abs) {
			if a, err := filepath.Abs(file); err == nil {
				abs = a
			}
		}
		if rel, err := filepath.Rel(k.root, abs); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(file)
}

// key is the source r points at: the text of its range with white space
// folded, or, for a point, its whole line trimmed.
func (k *keyer) key(r lint.Result) string {
	ls, ok := k.lines[r.File]
	if !ok {
		if data, err := os.ReadFile(r.File); err == nil {
			ls = strings.Split(string(data), "\n")
		}
		k.lines[r.File] = ls
	}
	if r.Line < 1 || r.Line > len(ls) {
		return ""
	}
	var text string
	if r.EndLine >= r.Line && r.EndLine <= len(ls) && (r.EndLine > r.Line || r.EndCol > r.Col) {
		var b strings.Builder
		for l := r.Line; l <= r.EndLine; l++ {
			s := ls[l-1]
			from, to := 0, len(s)
			if l == r.Line {
				from = min(max(r.Col-1, 0), len(s))
			}
			if l == r.EndLine {
				to = min(max(r.EndCol-1, from), len(s))
			}
			b.WriteString(s[from:to])
			b.WriteByte(' ')
		}
		text = b.String()
	} else {
		text = ls[r.Line-1]
	}
	text = strings.Join(strings.Fields(text), " ")
	if len(text) > maxKey {
		text = text[:maxKey]
	}
	return text
}

func (k *keyer) entry(r lint.Result) BaselineEntry {
	return BaselineEntry{Check: r.Check, Rule: r.Rule, File: k.relFile(r.File), Func: r.Func, Key: k.key(r)}
}

func (k *keyer) entryV1(r lint.Result) BaselineEntry {
	return BaselineEntry{Check: r.Check, File: k.relFile(r.File), Func: r.Func, Message: lineRefs.ReplaceAllString(r.Message, "${1}N")}
}

// NewBaseline builds a baseline holding rs; files are made relative to
// root.
func NewBaseline(root string, rs []lint.Result) *Baseline {
	k := newKeyer(root)
	b := &Baseline{Version: BaselineVersion, Findings: []BaselineEntry{}}
	for _, r := range rs {
		b.Findings = append(b.Findings, k.entry(r))
	}
	return b
}

// Write writes b as indented JSON.
func (b *Baseline) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(b)
}

// ReadBaseline reads a baseline file of version 1 or 2.
func ReadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("baseline %s: %v", path, err)
	}
	if b.Version != 1 && b.Version != BaselineVersion {
		return nil, fmt.Errorf("baseline %s: unsupported version %d (this hindsight reads 1 and 2)", path, b.Version)
	}
	return &b, nil
}

// A Matcher tells, finding by finding, whether a baseline accepts it.
// Each baseline entry accepts at most one finding, so a second copy of an
// accepted finding is new.
type Matcher struct {
	b      *Baseline
	k      *keyer
	budget map[BaselineEntry]int
}

// Matcher returns a matcher of b for findings whose files are made
// relative to root.
func (b *Baseline) Matcher(root string) *Matcher {
	m := &Matcher{b: b, k: newKeyer(root), budget: map[BaselineEntry]int{}}
	for _, e := range b.Findings {
		m.budget[e]++
	}
	return m
}

// Accepted reports whether the baseline accepts r, using up the entry
// that does.
func (m *Matcher) Accepted(r lint.Result) bool {
	e := m.k.entryV1(r)
	if m.b.Version == BaselineVersion {
		e = m.k.entry(r)
	}
	if m.budget[e] == 0 {
		return false
	}
	m.budget[e]--
	return true
}

// Filter returns the results the baseline does not accept and how many it
// accepted.
func (b *Baseline) Filter(root string, rs []lint.Result) (kept []lint.Result, hidden int) {
	m := b.Matcher(root)
	for _, r := range rs {
		if m.Accepted(r) {
			hidden++
			continue
		}
		kept = append(kept, r)
	}
	return kept, hidden
}
