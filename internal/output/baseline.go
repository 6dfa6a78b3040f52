package output

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"

	"github.com/hindsight-lint/hindsight/internal/lint"
)

// A Baseline records accepted findings so a CI gate reports only new ones.
// Entries match on check, file (relative to the module root), enclosing
// function and message with line numbers masked, never on line numbers, so
// they survive unrelated edits that shift code.
type Baseline struct {
	Version  int             `json:"version"`
	Findings []BaselineEntry `json:"findings"`
}

// BaselineEntry is one accepted finding.
type BaselineEntry struct {
	Check   string `json:"check"`
	File    string `json:"file"`
	Func    string `json:"func,omitempty"`
	Message string `json:"message"`
}

var lineRefs = regexp.MustCompile(`(line |:)\d+(:\d+)?`)

func entryOf(root string, r lint.Result) BaselineEntry {
	file := r.File
	if root != "" {
		if rel, err := filepath.Rel(root, file); err == nil {
			file = filepath.ToSlash(rel)
		}
	}
	return BaselineEntry{
		Check:   r.Check,
		File:    file,
		Func:    r.Func,
		Message: lineRefs.ReplaceAllString(r.Message, "${1}N"),
	}
}

// NewBaseline builds a baseline holding rs.
func NewBaseline(root string, rs []lint.Result) *Baseline {
	b := &Baseline{Version: 1, Findings: []BaselineEntry{}}
	for _, r := range rs {
		b.Findings = append(b.Findings, entryOf(root, r))
	}
	return b
}

// Write writes b as indented JSON.
func (b *Baseline) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(b)
}

// ReadBaseline reads a baseline file.
func ReadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("baseline %s: %v", path, err)
	}
	if b.Version != 1 {
		return nil, fmt.Errorf("baseline %s: unsupported version %d", path, b.Version)
	}
	return &b, nil
}

// Filter returns the results not in the baseline. Each baseline entry
// absorbs at most one result, so a second copy of an accepted finding is
// new.
func (b *Baseline) Filter(root string, rs []lint.Result) []lint.Result {
	budget := map[BaselineEntry]int{}
	for _, e := range b.Findings {
		budget[e]++
	}
	var out []lint.Result
	for _, r := range rs {
		e := entryOf(root, r)
		if budget[e] > 0 {
			budget[e]--
			continue
		}
		out = append(out, r)
	}
	return out
}
