package lint

import "fmt"

// Result is a finding with a resolved position: what every formatter
// (text, JSON, SARIF, baselines) takes. Drivers convert analysis
// diagnostics into Results; checkers of non-Go inputs (the manifest
// checker) produce Results directly. Check, rule and severity are data,
// never parsed out of the message.
type Result struct {
	Check    string   `json:"check"`    // check name, e.g. "deferloop" or "manifest"
	Rule     string   `json:"rule"`     // stable rule id within the check, e.g. "lock-held"
	Severity Severity `json:"severity"` // as text: error, warning, info
	File     string   `json:"file"`     // as shown: relative to the working directory when under it
	Line     int      `json:"line"`     // 1-based
	Col      int      `json:"col"`      // 1-based, in bytes
	EndLine  int      `json:"end_line,omitempty"`
	EndCol   int      `json:"end_col,omitempty"`
	Message  string   `json:"message"`
	Func     string   `json:"func,omitempty"` // enclosing function, for baselines
	// Related points at other places the message refers to (relock's
	// first acquisition, a duplicate key's first occurrence).
	Related []Related `json:"related,omitempty"`
	// Fixed is set when -fix applied the finding's suggested fix.
	Fixed bool `json:"fixed,omitempty"`
}

// ID is the finding's rule id as SARIF, docs anchors and text output name
// it: "check/rule".
func (r Result) ID() string {
	if r.Rule == "" {
		return r.Check
	}
	return r.Check + "/" + r.Rule
}

// Related is a secondary position of a Result, with what it shows.
type Related struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Message string `json:"message"`
}

// String renders rel as go vet prints related information:
// "file:line:col: \tmessage".
func (rel Related) String() string {
	return fmt.Sprintf("%s:%d:%d: \t%s", rel.File, rel.Line, rel.Col, rel.Message)
}

// String renders r as "file:line:col: severity: message (check/rule)", the
// one text form of a finding (go vet and golangci-lint show the same
// message through Decorate).
func (r Result) String() string {
	return fmt.Sprintf("%s:%d:%d: %s", r.File, r.Line, r.Col, Decorate(r.Severity, r.Check, r.Rule, r.Message))
}

// Decorate is a message as drivers that print only the message (go vet,
// golangci-lint) show it: "severity: message (check/rule)".
func Decorate(sev Severity, check, rule, message string) string {
	id := check
	if rule != "" {
		id += "/" + rule
	}
	return fmt.Sprintf("%s: %s (%s)", sev, message, id)
}
