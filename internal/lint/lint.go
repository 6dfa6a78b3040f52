// Package lint holds the helpers every hindsight check shares: graded
// reporting that names the check, suppression directives, and small AST
// utilities. It imports no check and no driver.
package lint

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Grade is how sure a check is that a finding is a bug. It travels in
// analysis.Diagnostic.Category so every driver can see it (SARIF level,
// golangci-lint severity rules, JSON output).
type Grade int

const (
	// Error: the code is wrong (a deadlock, a leak, a data race).
	Error Grade = iota
	// Warning: very likely wrong or wasteful; worth a look.
	Warning
	// Info: informational; the code is probably intentional.
	Info
)

func (g Grade) String() string {
	switch g {
	case Error:
		return "error"
	case Warning:
		return "warning"
	default:
		return "note"
	}
}

// ParseGrade maps a diagnostic category back to a grade (unknown → warning).
func ParseGrade(category string) Grade {
	switch category {
	case "error":
		return Error
	case "note", "info":
		return Info
	}
	return Warning
}

// Finding is one diagnostic before it is handed to the driver.
type Finding struct {
	Pos, End token.Pos
	Grade    Grade
	Message  string // lowercase, what and why; the check name is appended
	Fixes    []analysis.SuggestedFix
	Related  []analysis.RelatedInformation
}

// Reporter reports findings for one pass of one check, honouring
// //hindsight:ignore directives and reporting the ones that suppress nothing.
type Reporter struct {
	pass  *analysis.Pass
	check string
	dirs  map[*token.File][]*directive // lazily parsed per file
}

// NewReporter returns a Reporter for pass; the check name is pass.Analyzer.Name.
func NewReporter(pass *analysis.Pass) *Reporter {
	return &Reporter{pass: pass, check: pass.Analyzer.Name}
}

// Suffix is the tag appended to every message: " (check)".
func Suffix(check string) string { return " (" + check + ")" }

// Report emits f unless a directive suppresses it.
func (r *Reporter) Report(f Finding) {
	if r.suppressed(f.Pos) {
		return
	}
	end := f.End
	if end == token.NoPos {
		end = f.Pos
	}
	r.pass.Report(analysis.Diagnostic{
		Pos:            f.Pos,
		End:            end,
		Category:       f.Grade.String(),
		Message:        f.Message + Suffix(r.check),
		SuggestedFixes: f.Fixes,
		Related:        f.Related,
	})
}

// Reportf is Report for the common case without fixes.
func (r *Reporter) Reportf(node ast.Node, grade Grade, format string, args ...any) {
	r.Report(Finding{Pos: node.Pos(), End: node.End(), Grade: grade, Message: fmt.Sprintf(format, args...)})
}

// Finish reports directives that name this check but suppressed nothing,
// and directives without a reason. Call it once at the end of run.
func (r *Reporter) Finish() {
	for _, file := range r.pass.Files {
		tf := r.pass.Fset.File(file.Pos())
		for _, d := range r.directives(tf) {
			if !d.names(r.check) || !d.primary(r.check) {
				continue
			}
			switch {
			case d.reason == "":
				r.pass.Report(analysis.Diagnostic{Pos: d.pos, End: d.end, Category: Warning.String(),
					Message: fmt.Sprintf("//%s directive needs a reason after the check names%s", d.verb, Suffix(r.check))})
			case !d.used[r.check]:
				r.pass.Report(analysis.Diagnostic{Pos: d.pos, End: d.end, Category: Warning.String(),
					Message: fmt.Sprintf("//%s directive for %s suppresses nothing; remove it%s", d.verb, r.check, Suffix(r.check))})
			}
		}
	}
}

// directive is one //hindsight:ignore or //hindsight:file-ignore comment.
type directive struct {
	verb     string // "hindsight:ignore" or "hindsight:file-ignore"
	pos, end token.Pos
	line     int
	file     bool
	checks   []string
	reason   string
	used     map[string]bool
}

func (d *directive) names(check string) bool {
	for _, c := range d.checks {
		if c == check || c == "*" || c == "all" {
			return true
		}
	}
	return false
}

// primary reports whether check is responsible for complaining about d: for
// a missing reason only the first named check does, so the complaint is not
// repeated by every check in the list; for an unused directive every named
// check speaks for itself.
func (d *directive) primary(check string) bool {
	if d.reason == "" {
		return len(d.checks) > 0 && d.checks[0] == check
	}
	return d.checks[0] != "*" && d.checks[0] != "all"
}

// ParseDirective parses the text of a comment (with its // marker). It
// returns ok=false for comments that are not hindsight directives.
func ParseDirective(text string) (verb string, checks []string, reason string, ok bool) {
	t, found := strings.CutPrefix(text, "//")
	if !found {
		return "", nil, "", false
	}
	for _, v := range []string{"hindsight:file-ignore", "hindsight:ignore"} {
		rest, found := strings.CutPrefix(t, v)
		if !found || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			return v, nil, "", true
		}
		checks = strings.Split(fields[0], ",")
		reason = strings.Join(fields[1:], " ")
		return v, checks, reason, true
	}
	return "", nil, "", false
}

func (r *Reporter) directives(tf *token.File) []*directive {
	if tf == nil {
		return nil
	}
	if r.dirs == nil {
		r.dirs = make(map[*token.File][]*directive)
	}
	if ds, ok := r.dirs[tf]; ok {
		return ds
	}
	var ds []*directive
	for _, file := range r.pass.Files {
		if r.pass.Fset.File(file.Pos()) != tf {
			continue
		}
		for _, cg := range file.Comments {
			for _, c := range cg.List {
				verb, checks, reason, ok := ParseDirective(c.Text)
				if !ok || len(checks) == 0 {
					continue
				}
				ds = append(ds, &directive{
					verb: verb, pos: c.Pos(), end: c.End(), line: tf.Line(c.Pos()),
					file: verb == "hindsight:file-ignore", checks: checks, reason: reason,
					used: map[string]bool{},
				})
			}
		}
	}
	r.dirs[tf] = ds
	return ds
}

func (r *Reporter) suppressed(pos token.Pos) bool {
	tf := r.pass.Fset.File(pos)
	if tf == nil {
		return false
	}
	line := tf.Line(pos)
	hit := false
	for _, d := range r.directives(tf) {
		if !d.names(r.check) || d.reason == "" {
			continue // a directive without a reason suppresses nothing
		}
		if d.file || d.line == line || d.line == line-1 {
			d.used[r.check] = true
			hit = true
		}
	}
	return hit
}
