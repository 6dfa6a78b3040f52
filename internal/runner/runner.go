// Package runner is hindsight's own driver, behind every standalone use of
// the command (text, JSON, SARIF, fixes, baselines): it loads packages,
// runs analyzers with a memory-frugal driver (driver.go) and turns
// diagnostics into lint.Results. It takes analyzers as input and imports no check.
package runner

import (
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"os"
	"path/filepath"

	"golang.org/x/tools/go/analysis"

	"github.com/hindsight-lint/hindsight/internal/lint"
	"github.com/hindsight-lint/hindsight/internal/output"
)

// Selection holds the per-analyzer enable flags, like the multichecker's
// -NAME / -NAME=false.
type Selection struct {
	all     []*analysis.Analyzer
	enabled map[string]*triState
}

type triState struct{ set, value bool }

func (t *triState) String() string { return fmt.Sprint(t.value) }
func (t *triState) Set(s string) error {
	switch s {
	case "true", "1", "":
		t.value = true
	case "false", "0":
		t.value = false
	default:
		return fmt.Errorf("want true or false, got %q", s)
	}
	t.set = true
	return nil
}
func (t *triState) IsBoolFlag() bool { return true }

// RegisterFlags adds -NAME and -NAME.OPTION for every analyzer to fs.
func RegisterFlags(fs *flag.FlagSet, all []*analysis.Analyzer) *Selection {
	sel := &Selection{all: all, enabled: map[string]*triState{}}
	for _, a := range all {
		t := &triState{}
		sel.enabled[a.Name] = t
		fs.Var(t, a.Name, "enable "+a.Name+" (only the named checks run; -NAME=false disables one)")
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	return sel
}

// Analyzers returns the selected analyzers.
func (s *Selection) Analyzers() []*analysis.Analyzer {
	anyTrue := false
	for _, t := range s.enabled {
		anyTrue = anyTrue || (t.set && t.value)
	}
	var out []*analysis.Analyzer
	for _, a := range s.all {
		t := s.enabled[a.Name]
		switch {
		case anyTrue && t.set && t.value:
			out = append(out, a)
		case !anyTrue && (!t.set || t.value):
			out = append(out, a)
		}
	}
	return out
}

// Report is what a run found.
type Report struct {
	Results []lint.Result
	Fixes   map[int]output.Fix // by index into Results
	// Errors lists the load and type errors (and checks that failed), sorted;
	// the packages they name were not analysed.
	Errors []string
	// Packages is how many root packages (test variants included) the run
	// had, Skipped how many of them were not analysed because of errors.
	Packages, Skipped int
	// Cache says how the run used the cache (nil without one).
	Cache *CacheStats
}

// convert turns a diagnostic of analyzer a on a package with the given
// syntax into a Result and, if it has one, its first suggested fix. The
// diagnostic's Category is its rule; the rule gives the severity.
func (d *driver) convert(files []*ast.File, a *analysis.Analyzer, dg analysis.Diagnostic) (lint.Result, *output.Fix) {
	fset := d.fset
	// Positions honour //line directives, as go vet prints them: cgo's
	// generated files point back at the .go file the user wrote.
	pos := fset.PositionFor(dg.Pos, true)
	r := lint.Result{
		Check:    a.Name,
		Rule:     dg.Category,
		Severity: lint.Warning,
		File:     pos.Filename,
		Line:     pos.Line,
		Col:      pos.Column,
		Message:  dg.Message,
		Func:     enclosingFunc(files, dg.Pos),
	}
	if d.opts.Rules != nil {
		r.Severity = d.opts.Rules(a).SeverityOf(dg.Category, pos.Filename)
	}
	if dg.End.IsValid() {
		end := fset.PositionFor(dg.End, true)
		if end.Filename == pos.Filename {
			r.EndLine, r.EndCol = end.Line, end.Column
		}
	}
	for _, rel := range dg.Related {
		if !rel.Pos.IsValid() {
			continue
		}
		p := fset.PositionFor(rel.Pos, true)
		r.Related = append(r.Related, lint.Related{File: p.Filename, Line: p.Line, Col: p.Column, Message: rel.Message})
	}
	if len(dg.SuggestedFixes) == 0 {
		return r, nil
	}
	sf := dg.SuggestedFixes[0]
	fix := &output.Fix{Description: sf.Message}
	for _, e := range sf.TextEdits {
		start, end := fset.PositionFor(e.Pos, false), fset.PositionFor(e.End, false)
		if !e.End.IsValid() {
			end = start
		}
		fix.Edits = append(fix.Edits, output.Edit{
			File: start.Filename, StartOffset: start.Offset, EndOffset: end.Offset,
			StartLine: start.Line, StartCol: start.Column,
			EndLine: end.Line, EndCol: end.Column, New: string(e.NewText),
		})
	}
	return r, fix
}

// enclosingFunc names the top-level function or method around pos
// ("Handle", "(*Holder).Obtain"), or "" at package level.
func enclosingFunc(files []*ast.File, pos token.Pos) string {
	for _, f := range files {
		if pos < f.Pos() || pos > f.End() {
			continue
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || pos < fd.Pos() || pos > fd.End() {
				continue
			}
			if fd.Recv != nil && len(fd.Recv.List) > 0 {
				return "(" + recvString(fd.Recv.List[0].Type) + ")." + fd.Name.Name
			}
			return fd.Name.Name
		}
	}
	return ""
}

func recvString(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return "*" + recvString(e.X)
	case *ast.IndexExpr:
		return recvString(e.X)
	case *ast.IndexListExpr:
		return recvString(e.X)
	case *ast.Ident:
		return e.Name
	}
	return "?"
}

// Root returns the directory results are made relative to: the main
// module's root if there is one, else the working directory.
func Root() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	if root := ModuleRoot(dir); root != "" {
		return root
	}
	return dir
}

// ModuleRoot returns the directory of the go.mod file at or above dir, or
// "" if there is none.
func ModuleRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}
