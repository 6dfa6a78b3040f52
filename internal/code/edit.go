package code

import (
	"bytes"
	"go/ast"
	"go/token"
	"go/version"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Helpers for building suggested fixes: where to insert, with which
// indentation, and how to add an import.

// GoAtLeast reports whether file's Go version (from the type checker's
// FileVersions) is at least v ("go1.21"); an unknown version counts as new.
func GoAtLeast(pass *analysis.Pass, file *ast.File, v string) bool {
	fv := pass.TypesInfo.FileVersions[file]
	return fv == "" || version.Compare(fv, v) >= 0
}

// ImportName returns the name under which file imports path: ("", true)
// when it does not import it and no identifier would clash with adding it
// under its last element; ok is false when the package cannot be named
// (a blank or dot import, or a clash).
func ImportName(pass *analysis.Pass, file *ast.File, path string) (name string, ok bool) {
	for _, spec := range file.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil || p != path {
			continue
		}
		if spec.Name == nil {
			return path, true
		}
		if spec.Name.Name == "_" || spec.Name.Name == "." {
			return "", false
		}
		return spec.Name.Name, true
	}
	if file.Scope != nil && file.Scope.Lookup(path) != nil {
		return "", false
	}
	for _, spec := range file.Imports {
		if spec.Name != nil && spec.Name.Name == path {
			return "", false
		}
		p, _ := strconv.Unquote(spec.Path.Value)
		if p == path || strings.HasSuffix(p, "/"+path) {
			return "", false
		}
	}
	if pass.Pkg.Scope().Lookup(path) != nil {
		return "", false
	}
	return "", true
}

// AddImport returns the edit adding an import of path to file, keeping the
// first group of a parenthesised import declaration sorted.
func AddImport(fset *token.FileSet, file *ast.File, path string) (analysis.TextEdit, bool) {
	for _, d := range file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		if gd.Lparen.IsValid() {
			// Insert before the first group's first larger path, or after
			// its last spec.
			var last *ast.ImportSpec
			for _, spec := range gd.Specs {
				is, ok := spec.(*ast.ImportSpec)
				if !ok {
					continue
				}
				if last != nil && fset.Position(is.Pos()).Line > fset.Position(last.End()).Line+1 {
					break // a blank line: the first group ended
				}
				if p, _ := strconv.Unquote(is.Path.Value); p > path {
					return analysis.TextEdit{Pos: is.Pos(), End: is.Pos(), NewText: []byte(strconv.Quote(path) + "\n\t")}, true
				}
				last = is
			}
			if last != nil {
				return analysis.TextEdit{Pos: last.End(), End: last.End(), NewText: []byte("\n\t" + strconv.Quote(path))}, true
			}
			return analysis.TextEdit{Pos: gd.Lparen + 1, End: gd.Lparen + 1, NewText: []byte("\n\t" + strconv.Quote(path))}, true
		}
		return analysis.TextEdit{Pos: gd.Pos(), End: gd.Pos(), NewText: []byte("import " + strconv.Quote(path) + "\n")}, true
	}
	end := file.Name.End()
	return analysis.TextEdit{Pos: end, End: end, NewText: []byte("\n\nimport " + strconv.Quote(path))}, true
}

// LineIndent returns the leading white space of the line holding pos
// ("\t" when the source cannot be read).
func LineIndent(pass *analysis.Pass, pos token.Pos) string {
	tf := pass.Fset.File(pos)
	if tf == nil {
		return "\t"
	}
	src, err := pass.ReadFile(tf.Name())
	if err != nil {
		return "\t"
	}
	off := tf.Offset(tf.LineStart(tf.Line(pos)))
	if off < 0 || off > len(src) {
		return "\t"
	}
	line := src[off:]
	n := len(line) - len(bytes.TrimLeft(line, " \t"))
	return string(line[:n])
}

// LineEnd returns the position of the end of the line holding pos (before
// its newline), so an insertion there keeps a trailing comment in place.
func LineEnd(fset *token.FileSet, pos token.Pos) token.Pos {
	tf := fset.File(pos)
	if tf == nil {
		return pos
	}
	line := tf.Line(pos)
	if line >= tf.LineCount() {
		return pos
	}
	return tf.LineStart(line+1) - 1
}
