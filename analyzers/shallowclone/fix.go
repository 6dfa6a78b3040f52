package shallowclone

import (
	"go/types"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/code"
	"golang.org/x/tools/go/analysis"
)

// fix builds the suggested fix for a field shared by a wholesale copy
// statement (c := *s, *c = *s): insert right after it a line that copies the
// field, when that is certainly right: the field type's own same-typed
// Clone/Copy/DeepCopy method (nil-guarded for pointers), or maps.Clone /
// slices.Clone when the elements hold no references.
func (f *funcState) fix(l leaf, s fstate) (analysis.SuggestedFix, bool) {
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
		if l.elems || !code.GoAtLeast(f.a.pass, f.file, "go1.21") {
			return analysis.SuggestedFix{}, false
		}
		name, ok := code.ImportName(f.a.pass, f.file, imp)
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
	indent := code.LineIndent(f.a.pass, s.stmt.Pos())
	var text strings.Builder
	for _, line := range lines {
		text.WriteString("\n" + indent + line)
	}
	at := code.LineEnd(f.a.pass.Fset, s.stmt.End())
	edits := []analysis.TextEdit{{Pos: at, End: at, NewText: []byte(text.String())}}
	if imp != "" {
		e, ok := code.AddImport(f.a.pass.Fset, f.file, imp)
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
