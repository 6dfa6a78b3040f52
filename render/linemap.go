package render

import (
	"strings"
	"unicode"
)

// A lineMapping says where one rendered line came from.
type lineMapping struct {
	line   int  // template line, 1-based; 0: not known
	action bool // the line is output of the action on that template line (toYaml, include), not its literal text
}

// tplLine is one template line reduced to its literal text.
type tplLine struct {
	text   string
	pieces []string // literal text between actions, in order (untrimmed)
	lead   bool     // the line (after indentation) starts with literal text
	trail  bool     // the line ends with literal text
	strong bool     // the literal text has a word: matching it means something
	output bool     // an action-only line whose action writes output (include, toYaml, a value)
	hasAct bool
}

// actionMask marks the bytes of text inside {{ }} actions.
func actionMask(text string) []bool {
	mask := make([]bool, len(text))
	for i := 0; i < len(text); {
		j := strings.Index(text[i:], "{{")
		if j < 0 {
			break
		}
		start := i + j
		k := strings.Index(text[start+2:], "}}")
		end := len(text)
		if k >= 0 {
			end = start + 2 + k + 2
		}
		for p := start; p < end; p++ {
			mask[p] = true
		}
		i = end
	}
	return mask
}

// parseTemplate splits a template into lines of literal pieces.
func parseTemplate(tpl string) []tplLine {
	mask := actionMask(tpl)
	var out []tplLine
	off := 0
	for _, line := range strings.SplitAfter(tpl, "\n") {
		text := strings.TrimRight(line, "\r\n")
		m := mask[off : off+len(text)]
		off += len(line)
		tl := tplLine{text: text}
		var cur strings.Builder
		first := -1
		for i := 0; i < len(text); i++ {
			if m[i] {
				tl.hasAct = true
				if cur.Len() > 0 {
					tl.pieces = append(tl.pieces, cur.String())
					cur.Reset()
				}
				continue
			}
			if first < 0 && text[i] != ' ' && text[i] != '\t' {
				first = i
				tl.lead = true
			}
			cur.WriteByte(text[i])
		}
		if cur.Len() > 0 {
			tl.pieces = append(tl.pieces, cur.String())
		}
		// lead: the first non-blank byte of the line is literal.
		if first >= 0 {
			for i := 0; i < first; i++ {
				if m[i] {
					tl.lead = false
				}
			}
		}
		tl.trail = len(text) > 0 && !m[len(text)-1] && strings.TrimSpace(text) != ""
		lit := strings.TrimSpace(strings.Join(tl.pieces, ""))
		if lit == "" {
			tl.pieces = nil
			tl.lead, tl.trail = false, false
			tl.output = tl.hasAct && writesOutput(text)
		}
		words := 0
		for _, r := range lit {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				words++
			}
		}
		tl.strong = words >= 2
		out = append(out, tl)
	}
	return out
}

// writesOutput reports whether an action-only line writes text: a value,
// include, toYaml, tpl; not control structure, assignments or comments.
func writesOutput(text string) bool {
	s := strings.TrimSpace(text)
	s = strings.TrimPrefix(s, "{{")
	s = strings.TrimPrefix(s, "-")
	s = strings.TrimSpace(s)
	for _, kw := range []string{"if ", "if(", "else", "end", "range ", "with ", "define ", "block ", "/*", "break", "continue"} {
		if strings.HasPrefix(s, kw) {
			return false
		}
	}
	if strings.HasPrefix(s, "$") {
		if i := strings.Index(s, ":="); i > 0 && !strings.Contains(s[:i], " ") || strings.Contains(s, " := ") || strings.Contains(s, " = ") {
			return false
		}
	}
	return s != ""
}

// matches reports whether a rendered line can be the output of a template
// line: its literal pieces appear in order, anchored where the template
// line starts or ends with literal text.
func (tl *tplLine) matches(rendered string) bool {
	if len(tl.pieces) == 0 {
		return false
	}
	r := strings.TrimRight(rendered, " \t")
	rt := strings.TrimLeft(r, " \t")
	pieces := tl.pieces
	pos := 0
	for i, p := range pieces {
		if i == 0 {
			p = strings.TrimLeft(p, " \t")
		}
		if i == len(pieces)-1 {
			p = strings.TrimRight(p, " \t")
		}
		if p == "" {
			continue
		}
		if i == 0 && tl.lead {
			if !strings.HasPrefix(rt, p) {
				return false
			}
			pos = len(p)
			continue
		}
		j := strings.Index(rt[pos:], p)
		if j < 0 {
			return false
		}
		pos += j + len(p)
	}
	if tl.trail {
		last := strings.TrimRight(pieces[len(pieces)-1], " \t")
		if len(pieces) == 1 {
			last = strings.TrimLeft(last, " \t")
		}
		if !strings.HasSuffix(rt, last) {
			return false
		}
	}
	return true
}

// weakWindow is how far from the previous match a template line without
// words (": ", "- ") may match: only the next lines, as in a range body.
const weakWindow = 3

// mapHelm maps each line of a template's rendered output to the template
// line it came from, by literal text outside actions, in order: a line
// matches the first template line at or after the previous match, or else
// the nearest one before it (the next iteration of a range). A line that
// matches nothing is attributed to the one output action (toYaml,
// include) between its matched neighbours, if there is exactly one.
func mapHelm(tpl, rendered string) []lineMapping {
	tls := parseTemplate(tpl)
	rlines := strings.Split(rendered, "\n")
	out := make([]lineMapping, len(rlines))
	cur := 0
	for i, rl := range rlines {
		t := strings.TrimSpace(rl)
		if t == "" || t == "---" {
			continue
		}
		best := -1
		for j := cur; j < len(tls); j++ {
			if tls[j].matches(rl) && (tls[j].strong || j-cur <= weakWindow) {
				best = j
				break
			}
		}
		if best < 0 {
			for j := cur - 1; j >= 0; j-- {
				if tls[j].matches(rl) && (tls[j].strong || cur-j <= weakWindow+8) {
					best = j
					break
				}
			}
		}
		if best >= 0 {
			out[i] = lineMapping{line: best + 1}
			cur = best + 1
		}
	}
	// Unmatched lines: the output of an action between matched neighbours.
	for i := range out {
		if out[i].line != 0 || strings.TrimSpace(rlines[i]) == "" {
			continue
		}
		prev, next := 0, len(tls)+1
		for k := i - 1; k >= 0; k-- {
			if out[k].line != 0 && !out[k].action {
				prev = out[k].line
				break
			}
		}
		for k := i + 1; k < len(out); k++ {
			if out[k].line != 0 && !out[k].action {
				next = out[k].line
				break
			}
		}
		if prev >= next {
			continue
		}
		cand := 0
		n := 0
		for l := prev + 1; l < next && l <= len(tls); l++ {
			if tls[l-1].output {
				cand, n = l, n+1
			}
		}
		if n == 0 && prev > 0 && tls[prev-1].hasAct && !tls[prev-1].trail {
			cand, n = prev, 1 // "key: {{ toYaml .x | nindent 4 }}"
		}
		if n == 1 {
			out[i] = lineMapping{line: cand, action: true}
		}
	}
	return out
}

// column maps a byte column of a rendered line to the template line: the
// same text at the same place relative to the indentation when the
// template has it literally, else the first word of the rendered text at
// that column found in the template's literal text, else the line's first
// non-blank column.
func column(tplText, rendered string, col int) int {
	first := len(tplText) - len(strings.TrimLeft(tplText, " \t")) + 1
	if col < 1 || col > len(rendered)+1 {
		return first
	}
	rIndent := len(rendered) - len(strings.TrimLeft(rendered, " \t"))
	tIndent := first - 1
	word := rendered[col-1:]
	if i := strings.IndexAny(word, ": \t,}]\"'"); i > 0 {
		word = word[:i]
	}
	if word == "" {
		return first
	}
	if tc := col - rIndent + tIndent; tc >= 1 && tc-1+len(word) <= len(tplText) && tplText[tc-1:tc-1+len(word)] == word {
		return tc
	}
	mask := actionMask(tplText)
	for i := 0; i+len(word) <= len(tplText); i++ {
		if !mask[i] && tplText[i:i+len(word)] == word {
			return i + 1
		}
	}
	return first
}
