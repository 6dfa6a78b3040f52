package k8s

import (
	"bytes"
	"regexp"
	"sort"
	"strings"
)

// fillIn matches a whole value that documentation asks the reader to fill
// in: "<ADD LUN ID Here>", "<your-pv-name>", "<Retain|Delete>".
var fillIn = regexp.MustCompile(`^<[^<>\n]*[A-Za-z][^<>\n]*>$`)

// bracePlaceholder matches {UPPER_CASE} placeholders of simple templates.
var bracePlaceholder = regexp.MustCompile(`\{[A-Z][A-Z0-9_]*\}`)

func sortMasked(s *source) {
	sort.Slice(s.masked, func(i, j int) bool { return s.masked[i][0] < s.masked[j][0] })
}

// sedPlaceholder matches placeholders that scripts replace with sed, such
// as __PILLAR__DNS__SERVER__ in Kubernetes' own cluster manifests.
var sedPlaceholder = regexp.MustCompile(`__[A-Z][A-Z0-9_]*__`)

var templateExt = regexp.MustCompile(`\.(ya?ml)\.(tpl|tmpl|gotmpl|template|j2|jinja|jinja2)$`)

// maskTemplate replaces {{ ... }} actions with same-length filler so the
// YAML around them still parses and positions stay exact. An action alone
// on its line becomes blanks; one inside a line becomes x's.
func maskTemplate(s *source) {
	d := s.data
	out := bytes.Clone(d)
	inBlock := blockScalarLines(s)
	for l := 1; l <= len(s.lineOff); l++ {
		if t := strings.TrimSpace(s.lineText(l)); t != "" && sedPlaceholder.FindString(t) == t {
			if inBlock[l] {
				continue // text of a block scalar: it stays text
			}
			for k := s.lineOff[l-1]; k < len(out) && out[k] != '\n'; k++ {
				if out[k] != '\r' {
					out[k] = ' '
				}
			}
			s.control = append(s.control, l)
			s.template = true
		}
	}
	for _, m := range bracePlaceholder.FindAllIndex(d, -1) {
		if m[0] > 0 && (d[m[0]-1] == '{' || d[m[0]-1] == '$') {
			continue
		}
		for k := m[0]; k < m[1]; k++ {
			out[k] = 'x'
		}
		s.masked = append(s.masked, [2]int{m[0], m[1]})
		s.template = true
	}
	if !bytes.Contains(d, []byte("{{")) {
		s.data = out
		sortMasked(s)
		return
	}
	for i := 0; i+1 < len(d); {
		if d[i] != '{' || d[i+1] != '{' {
			i++
			continue
		}
		// Find the matching }}, allowing nested {{ }} inside the action.
		end, depth := -1, 0
		for k := i; k+1 < len(d); k++ {
			if d[k] == '{' && d[k+1] == '{' {
				depth++
				k++
			} else if d[k] == '}' && d[k+1] == '}' {
				depth--
				k++
				if depth == 0 {
					end = k + 1
					break
				}
			}
		}
		if end < 0 {
			break
		}
		// Is the action alone on its line?
		ls := bytes.LastIndexByte(d[:i], '\n') + 1
		le := bytes.IndexByte(d[end:], '\n')
		if le < 0 {
			le = len(d)
		} else {
			le += end
		}
		alone := len(bytes.TrimSpace(d[ls:i])) == 0 && len(bytes.TrimSpace(d[end:le])) == 0
		if alone && inBlock[bytes.Count(d[:i], []byte("\n"))+1] {
			// An action on its own line inside a block scalar
			// ({{ define "x" }} in an Alertmanager template) is text of
			// the scalar: blanking it would make a leading blank line
			// more indented than the text after it, which YAML rejects.
			alone = false
		}
		fill := byte('x')
		if alone {
			fill = ' '
			s.control = append(s.control, bytes.Count(d[:i], []byte("\n"))+1)
		}
		for k := i; k < end; k++ {
			if out[k] != '\n' && out[k] != '\r' {
				out[k] = fill
			}
		}
		if !alone {
			s.masked = append(s.masked, [2]int{i, end})
		}
		i = end
	}
	s.data = out
	s.template = true
	sortMasked(s)
}

// blockScalarLines marks the lines (1-based) that are the text of a block
// scalar (after "key: |" or "- >-"): indented deeper than the node that
// introduces it. A line that holds only a template action and is not
// indented deeper does not end the scalar (Helm puts {{- if }} at column 0).
func blockScalarLines(s *source) []bool {
	marks := make([]bool, len(s.lineOff)+1)
	in, parent := false, 0
	for l := 1; l <= len(s.lineOff); l++ {
		text := s.lineText(l)
		t := strings.TrimSpace(text)
		if in {
			ind := len(text) - len(strings.TrimLeft(text, " "))
			switch {
			case t == "":
				marks[l] = true
				continue
			case ind > parent:
				marks[l] = true
				continue
			case strings.HasPrefix(t, "{{") && strings.HasSuffix(t, "}}"):
				continue
			}
			in = false
		}
		if p, ok := blockHeader(text); ok {
			in, parent = true, p
		}
	}
	return marks
}

// blockHeader reports whether line introduces a block scalar ("key: |",
// "- >-", "key: |2 # comment") and returns the column (0-based) of the
// node it belongs to: the scalar's text must be indented deeper.
func blockHeader(line string) (int, bool) {
	t := line
	if i := strings.Index(t, " #"); i >= 0 {
		t = t[:i]
	}
	t = strings.TrimRight(t, " \t\r")
	t = strings.TrimRight(t, "-+0123456789")
	if t == "" || (t[len(t)-1] != '|' && t[len(t)-1] != '>') {
		return 0, false
	}
	t = strings.TrimRight(t[:len(t)-1], " ")
	if len(t) == len(line) || t == "" {
		return 0, false
	}
	col := len(t) - len(strings.TrimLeft(t, " "))
	for strings.HasPrefix(t[col:], "- ") || t[col:] == "-" {
		if t[col:] == "-" {
			return col, true // "- |": an item of a sequence
		}
		col += 2
		for col < len(t) && t[col] == ' ' {
			col++
		}
	}
	if !strings.HasSuffix(t, ":") || strings.ContainsAny(t[col:col+1], "{[") {
		return 0, false
	}
	return col, true
}
