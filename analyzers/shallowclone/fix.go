package shallowclone

import (
	"bytes"
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// fix builds the suggested fix for a field shared by a wholesale copy
// statement (c := *s, *c = *s): insert right after it a line that copies the
// field, when that is certainly right: the field type's own same-typed
// Clone/Copy/DeepCopy method (nil-guarded for pointers), or maps.Clone /
// slices.Clone when the elements hold no references.
func (f *flow) fix(l leaf, s fstate) (analysis.SuggestedFix, bool) {
	if s.stmt == nil || s.via == "" || s.via == "_" || strings.Contains(l.path, ".") || !f.inBlock[s.stmt] {
		return analysis.SuggestedFix{}, false
	}
	field := s.via + "." + l.path
	t := types.Unalias(l.typ)
	var lines []string
	var imp string
	if m := cloneMethod(t); m != "" {
		call := field + " = " + field + "." + m + "()"
		switch t.Underlying().(type) {
		case *types.Pointer, *types.Map, *types.Slice:
			lines = []string{"if " + field + " != nil {", "\t" + call, "}"}
		default:
			lines = []string{call}
		}
	} else {
		switch t.Underlying().(type) {
		case *types.Map:
			imp = "maps"
		case *types.Slice:
			imp = "slices"
		default:
			return analysis.SuggestedFix{}, false
		}
		if l.elems || !f.goAtLeast("go1.21") {
			return analysis.SuggestedFix{}, false
		}
		name, ok := f.importName(imp)
		if !ok {
			return analysis.SuggestedFix{}, false
		}
		if name == "" {
			name = imp
		} else {
			imp = ""
		}
		lines = []string{field + " = " + name + ".Clone(" + field + ")"}
	}
	indent := f.indentOf(s.stmt)
	var text strings.Builder
	for _, line := range lines {
		text.WriteString("\n" + indent + line)
	}
	at := f.lineEnd(s.stmt.End())
	edits := []analysis.TextEdit{{Pos: at, End: at, NewText: []byte(text.String())}}
	if imp != "" {
		e, ok := f.addImport(imp)
		if !ok {
			return analysis.SuggestedFix{}, false
		}
		edits = append(edits, e)
	}
	return analysis.SuggestedFix{
		Message:   "Copy " + l.path + " after the struct copy",
		TextEdits: edits,
	}, true
}

// goAtLeast reports whether the file's Go version is at least v.
func (f *flow) goAtLeast(v string) bool {
	fv := f.info.FileVersions[f.file]
	return fv == "" || version.Compare(fv, v) >= 0
}

// importName returns the name under which the file imports path: ("", true)
// when it does not import it and no identifier would clash with adding it.
func (f *flow) importName(path string) (string, bool) {
	for _, spec := range f.file.Imports {
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
	if f.file.Scope != nil && f.file.Scope.Lookup(path) != nil {
		return "", false
	}
	for _, spec := range f.file.Imports {
		if spec.Name != nil && spec.Name.Name == path {
			return "", false
		}
		p, _ := strconv.Unquote(spec.Path.Value)
		if p == path || strings.HasSuffix(p, "/"+path) {
			return "", false
		}
	}
	if f.a.pass.Pkg.Scope().Lookup(path) != nil {
		return "", false
	}
	return "", true
}

// addImport returns the edit adding an import of path to the file.
func (f *flow) addImport(path string) (analysis.TextEdit, bool) {
	for _, d := range f.file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok.String() != "import" {
			continue
		}
		if gd.Lparen.IsValid() {
			// Keep the first group sorted: insert before its first larger
			// path, or after its last spec.
			fset := f.a.pass.Fset
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
	end := f.file.Name.End()
	return analysis.TextEdit{Pos: end, End: end, NewText: []byte("\n\nimport " + strconv.Quote(path))}, true
}

// indentOf returns the leading white space of the line holding stmt.
func (f *flow) indentOf(stmt ast.Stmt) string {
	tf := f.a.pass.Fset.File(stmt.Pos())
	if tf == nil {
		return "\t"
	}
	src, err := f.a.pass.ReadFile(tf.Name())
	if err != nil {
		return "\t"
	}
	off := tf.Offset(tf.LineStart(tf.Line(stmt.Pos())))
	if off < 0 || off > len(src) {
		return "\t"
	}
	line := src[off:]
	n := len(line) - len(bytes.TrimLeft(line, " \t"))
	return string(line[:n])
}

// lineEnd returns the position of the end of the line holding pos (before
// its newline), so an insertion there keeps a trailing comment in place.
func (f *flow) lineEnd(pos token.Pos) token.Pos {
	tf := f.a.pass.Fset.File(pos)
	if tf == nil {
		return pos
	}
	line := tf.Line(pos)
	if line >= tf.LineCount() {
		return pos
	}
	return tf.LineStart(line+1) - 1
}
