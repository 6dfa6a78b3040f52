package lint

import "fmt"

// Result is a finding with a resolved position. Drivers convert analysis
// diagnostics into Results for text, JSON, SARIF and baselines; checkers of
// non-Go inputs (the manifest checker) produce Results directly.
type Result struct {
	Check   string `json:"check"`          // check name, e.g. "deferloop" or "manifest"
	Rule    string `json:"rule,omitempty"` // stable sub-rule id within the check, if any
	Grade   Grade  `json:"-"`
	Level   string `json:"level"` // Grade as text: error, warning, note
	File    string `json:"file"`  // path as given or absolute
	Line    int    `json:"line"`  // 1-based
	Col     int    `json:"col"`   // 1-based, in bytes
	EndLine int    `json:"end_line,omitempty"`
	EndCol  int    `json:"end_col,omitempty"`
	Message string `json:"message"`        // without the " (check)" suffix
	Func    string `json:"func,omitempty"` // enclosing function, for baselines
	// Related points at other places the message refers to (relock's
	// first acquisition, a duplicate key's first occurrence).
	Related []Related `json:"related,omitempty"`
}

// Related is a secondary position of a Result, with what it shows.
type Related struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Message string `json:"message"`
}

// String renders rel as "file:line:col: message".
func (rel Related) String() string {
	return fmt.Sprintf("%s:%d:%d: %s", rel.File, rel.Line, rel.Col, rel.Message)
}

// String renders r as "file:line:col: message (check)".
func (r Result) String() string {
	return fmt.Sprintf("%s:%d:%d: %s%s", r.File, r.Line, r.Col, r.Message, Suffix(r.Check))
}
