// Package report is how a check hands its findings to a driver: a Finding
// carries its rule as data (in the diagnostic's Category), a Reporter honours
// //hindsight:ignore directives and reports the ones that suppress nothing,
// and Run is the one panic policy. It is the only part of the shared layer
// that needs go/analysis: rules, severities and results are package lint.
package report

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/lint"
	"golang.org/x/tools/go/analysis"
)

// Finding is one diagnostic before it is handed to the driver. Its rule
// travels in the diagnostic's Category; the driver derives the severity
// from the rule and shows the check and rule next to the message, so the
// message is only the text: lowercase, what is wrong and why.
type Finding struct {
	Pos, End token.Pos
	Rule     *lint.Rule
	Message  string
	Fixes    []analysis.SuggestedFix
	Related  []analysis.RelatedInformation
}

// Reporter reports findings for one pass of one check, honouring
// //hindsight:ignore directives and reporting the ones that suppress nothing.
type Reporter struct {
	pass      *analysis.Pass
	check     string
	factsOnly bool                         // the driver discards the findings (FactsOnly)
	dirs      map[*token.File][]*directive // every file's, parsed on first use
}

// New returns a Reporter for pass; the check name is pass.Analyzer.Name.
func New(pass *analysis.Pass) *Reporter {
	return &Reporter{pass: pass, check: pass.Analyzer.Name, factsOnly: FactsOnly(pass)}
}

// Report emits f unless a directive suppresses it.
func (r *Reporter) Report(f Finding) {
	if r.factsOnly || r.suppressed(f.Pos) {
		return
	}
	r.emit(f)
}

// emit hands f to the driver, its rule in Category.
func (r *Reporter) emit(f Finding) {
	if f.Rule == nil {
		panic(fmt.Sprintf("%s: finding without a rule: %s", r.check, f.Message))
	}
	end := f.End
	if end == token.NoPos {
		end = f.Pos
	}
	r.pass.Report(analysis.Diagnostic{
		Pos:            f.Pos,
		End:            end,
		Category:       f.Rule.ID,
		Message:        f.Message,
		SuggestedFixes: f.Fixes,
		Related:        f.Related,
	})
}

// Finish reports directives that name this check but suppressed nothing,
// and directives without a reason. Call it once at the end of run.
func (r *Reporter) Finish() {
	if r.factsOnly {
		return
	}
	for _, file := range r.pass.Files {
		tf := r.pass.Fset.File(file.Pos())
		for _, d := range r.directives(tf) {
			if !d.names(r.check) || !d.primary(r.check) {
				continue
			}
			switch {
			case d.spaced:
				r.emit(Finding{Pos: d.pos, End: d.end, Rule: lint.DirectiveRule,
					Message: fmt.Sprintf("\"// %s\" has a space after //, so it is an ordinary comment and suppresses nothing; write //%s", d.verb, d.verb)})
			case d.reason == "":
				r.emit(Finding{Pos: d.pos, End: d.end, Rule: lint.DirectiveRule,
					Message: fmt.Sprintf("//%s directive needs a reason after the check names", d.verb)})
			case !d.used[r.check]:
				r.emit(Finding{Pos: d.pos, End: d.end, Rule: lint.DirectiveRule,
					Message: fmt.Sprintf("//%s directive for %s suppresses nothing; remove it", d.verb, r.check)})
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
	spaced   bool // written "// hindsight:ignore": not a directive to Go tools
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
	if d.reason == "" || d.spaced {
		return len(d.checks) > 0 && d.checks[0] == check
	}
	return d.checks[0] != "*" && d.checks[0] != "all"
}

func (r *Reporter) directives(tf *token.File) []*directive {
	if tf == nil {
		return nil
	}
	if r.dirs == nil {
		// All files at once: looking each file up per question would cost
		// a FileSet search per file per question.
		r.dirs = make(map[*token.File][]*directive, len(r.pass.Files))
		for _, file := range r.pass.Files {
			if f := r.pass.Fset.File(file.Pos()); f != nil {
				r.dirs[f] = fileDirectives(f, file)
			}
		}
	}
	return r.dirs[tf]
}

// fileDirectives parses the directives among file's comments.
func fileDirectives(tf *token.File, file *ast.File) []*directive {
	var ds []*directive
	for _, cg := range file.Comments {
		for _, c := range cg.List {
			if !strings.Contains(c.Text, "hindsight:") {
				continue // neither a directive nor a spaced one
			}
			verb, checks, reason, ok := lint.ParseDirective(c.Text)
			spaced := false
			if !ok {
				// "// hindsight:ignore" is an easy mistake: Go
				// directives have no space, so this one is inert.
				t, _ := strings.CutPrefix(c.Text, "//")
				if trimmed := strings.TrimLeft(t, " \t"); trimmed != t {
					verb, checks, reason, ok = lint.ParseDirective("//" + trimmed)
					spaced = ok
				}
			}
			if !ok || len(checks) == 0 {
				continue
			}
			ds = append(ds, &directive{
				verb: verb, pos: c.Pos(), end: c.End(), line: tf.Line(c.Pos()),
				file: verb == "hindsight:file-ignore", checks: checks, reason: reason,
				spaced: spaced, used: map[string]bool{},
			})
		}
	}
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
		if !d.names(r.check) || d.reason == "" || d.spaced {
			continue // a directive without a reason suppresses nothing
		}
		if d.file || d.line == line || d.line == line-1 {
			d.used[r.check] = true
			hit = true
		}
	}
	return hit
}
