package render

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/lint"
)

// renderedPrefix starts the name of a rendered document handed to the
// manifest check; findings on it are mapped back to source files.
const renderedPrefix = "rendered:"

// renderedFile is one rendered document and how its lines map to a source.
type renderedFile struct {
	file  string // the template, resource or patch file
	shown string // the rendered document's name in related information
	// position maps a rendered line and byte column to a source position;
	// ok is false when it is not known.
	position func(line, col int) (file string, tline, tcol int, note string, ok bool)
	lines    []lineMapping
	tpl      []string // template lines (Helm)
	rendered []string // rendered lines
}

// helmFile is the renderedFile of one template.
func helmFile(file, shown, tpl, rendered string) *renderedFile {
	rf := &renderedFile{file: file, shown: shown, lines: mapHelm(tpl, rendered),
		tpl: strings.Split(tpl, "\n"), rendered: strings.Split(rendered, "\n")}
	rf.position = func(line, col int) (string, int, int, string, bool) {
		if line < 1 || line > len(rf.lines) || rf.lines[line-1].line == 0 {
			return rf.file, 1, 1, "", false
		}
		m := rf.lines[line-1]
		tl := rf.tpl[m.line-1]
		if m.action {
			first := len(tl) - len(strings.TrimLeft(tl, " \t")) + 1
			return rf.file, m.line, first, "in the output of the action at this line", true
		}
		return rf.file, m.line, column(tl, rf.rendered[line-1], col), "", true
	}
	return rf
}

var embeddedPos = regexp.MustCompile(regexp.QuoteMeta(renderedPrefix) + `([^\s()]+?):(\d+):(\d+)`)

// mapResults moves findings on rendered documents to their sources, with
// the rendered position as related information. A finding whose line
// cannot be mapped is put at line 1 of its source and says so.
func mapResults(rs []lint.Result, files map[string]*renderedFile) []lint.Result {
	out := make([]lint.Result, 0, len(rs))
	for _, r := range rs {
		rf, ok := files[r.File]
		if !ok {
			out = append(out, r)
			continue
		}
		file, line, col, note, ok := rf.position(r.Line, r.Col)
		rel := lint.Related{File: rf.shown, Line: r.Line, Col: r.Col, Message: "rendered output"}
		r.Message = rewriteLines(rewriteEmbedded(r.Message, files), rf)
		switch {
		case !ok:
			r.Message += fmt.Sprintf(" (at line %d of the rendered %s; no template line could be matched to it)", r.Line, rf.shown)
		case note != "":
			r.Message += " (" + note + ")"
		}
		for i, x := range r.Related {
			if xf, ok := files[x.File]; ok {
				f, l, c, _, _ := xf.position(x.Line, x.Col)
				r.Related[i] = lint.Related{File: f, Line: l, Col: c, Message: x.Message}
			}
		}
		r.File, r.Line, r.Col = file, line, col
		r.EndLine, r.EndCol = 0, 0
		r.Related = append(r.Related, rel)
		out = append(out, r)
	}
	return out
}

// rewriteEmbedded replaces rendered positions inside a message ("Secret
// \"x\" (rendered:chart/templates/s.yaml:4:9)") with source positions.
func rewriteEmbedded(msg string, files map[string]*renderedFile) string {
	return embeddedPos.ReplaceAllStringFunc(msg, func(s string) string {
		m := embeddedPos.FindStringSubmatch(s)
		rf, ok := files[renderedPrefix+m[1]]
		if !ok {
			return s
		}
		l, _ := strconv.Atoi(m[2])
		c, _ := strconv.Atoi(m[3])
		f, tl, tc, _, ok := rf.position(l, c)
		if !ok {
			return fmt.Sprintf("%s, rendered line %d", f, l)
		}
		return fmt.Sprintf("%s:%d:%d", f, tl, tc)
	})
}

var lineRef = regexp.MustCompile(`\bline (\d+)\b`)

// rewriteLines maps "line N" in a message about a rendered document (a
// duplicate key's first line) to the source line.
func rewriteLines(msg string, rf *renderedFile) string {
	return lineRef.ReplaceAllStringFunc(msg, func(s string) string {
		n, _ := strconv.Atoi(lineRef.FindStringSubmatch(s)[1])
		f, l, _, _, ok := rf.position(n, 1)
		switch {
		case !ok:
			return fmt.Sprintf("rendered line %d", n)
		case f != rf.file:
			return fmt.Sprintf("%s:%d", f, l)
		}
		return fmt.Sprintf("line %d", l)
	})
}
