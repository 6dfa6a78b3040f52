package lint

import (
	"fmt"
	"strings"
)

// Severity is how sure a check is that a finding is a bug. It is a
// property of the finding's rule (and of whether the finding is in a test
// file), declared once by the check, so every driver derives the same
// severity from the rule id the diagnostic carries in its Category.
type Severity int

const (
	// Info: probably intentional; shown with -severity=info.
	Info Severity = iota + 1
	// Warning: probably wrong; worth a look.
	Warning
	// Error: a bug (a deadlock, a leak per iteration, a data race, a
	// prefix match that decides identity).
	Error
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Info:
		return "info"
	}
	return "unknown"
}

// ParseSeverity parses error, warning or info ("note" is SARIF's word for
// info and is accepted too).
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(s) {
	case "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "info", "note":
		return Info, nil
	}
	return 0, fmt.Errorf("unknown severity %q (error, warning or info)", s)
}

// MarshalText writes the severity as its name, so JSON output says
// "severity": "error".
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads what MarshalText writes (and SARIF's "note").
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// SARIFLevel is the severity as a SARIF result level.
func (s Severity) SARIFLevel() string {
	if s == Info {
		return "note"
	}
	return s.String()
}

// A Rule is one kind of finding of a check, with a stable id that
// suppressions, baselines, SARIF and docs (URL#id) name.
type Rule struct {
	ID       string
	Severity Severity
	// InTests, if set, is the severity of the rule's findings in _test.go
	// files.
	InTests Severity
	// Summary says in one line what the rule finds and why it has its
	// severity.
	Summary string
}

// SeverityIn is the rule's severity for a finding in the named file.
func (r *Rule) SeverityIn(file string) Severity {
	if r.InTests != 0 && strings.HasSuffix(file, "_test.go") {
		return r.InTests
	}
	return r.Severity
}

// DirectiveRule is the rule of every check's findings about its own
// suppression directives (no reason given, nothing suppressed).
var DirectiveRule = &Rule{
	ID: "ignore-directive", Severity: Warning,
	Summary: "a //hindsight:ignore directive that gives no reason, names no known check, or suppresses nothing",
}

// Rules is a check's list of rules.
type Rules []*Rule

// Lookup returns the rule with the given id.
func (rs Rules) Lookup(id string) (*Rule, bool) {
	for _, r := range rs {
		if r.ID == id {
			return r, true
		}
	}
	if id == DirectiveRule.ID {
		return DirectiveRule, true
	}
	return nil, false
}

// SeverityOf is the severity of a finding of rule id in file; an unknown
// id (a bug in the check, caught by the registry tests) is a warning.
func (rs Rules) SeverityOf(id, file string) Severity {
	if r, ok := rs.Lookup(id); ok {
		return r.SeverityIn(file)
	}
	return Warning
}
