package k8s

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
)

// fileProblem is a reason a file was not parsed at all.
type fileProblem struct {
	line, col int
	msg       string
}

// prescan rejects files that are not YAML text: binary content and invalid
// UTF-8, with a position.
func prescan(s *source) *fileProblem {
	d := s.data
	if i := bytes.IndexByte(d, 0); i >= 0 {
		line, col := s.lineColOf(i)
		return &fileProblem{line, col, "file contains NUL bytes: binary data, not YAML; not checked"}
	}
	for i := 0; i < len(d); {
		r, size := utf8.DecodeRune(d[i:])
		if r == utf8.RuneError && size <= 1 {
			line, col := s.lineColOf(i)
			return &fileProblem{line, col, fmt.Sprintf("invalid UTF-8 byte 0x%02x: YAML must be UTF-8 text; file not checked", d[i])}
		}
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' {
			line, col := s.lineColOf(i)
			return &fileProblem{line, col, fmt.Sprintf("control character 0x%02x is not allowed in YAML; file not checked", r)}
		}
		i += size
	}
	return nil
}

var errLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// decodeAll decodes every document of s. After a syntax error it decodes
// the file again document by document (split at "---" lines), so that one
// broken document does not hide the findings of the others; it returns the
// documents that parse and one problem per broken document.
func decodeAll(s *source) (docs []*yaml.Node, perrs []*fileProblem) {
	dec := yaml.NewDecoder(bytes.NewReader(s.data))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if err == io.EOF {
			return docs, nil
		}
		if err != nil {
			break
		}
		docs = append(docs, &n)
	}
	docs = docs[:0]
	starts := documentStarts(s)
	for i, start := range starts {
		end := len(s.data)
		if i+1 < len(starts) {
			end = s.lineOff[starts[i+1]-1]
		}
		dec := yaml.NewDecoder(bytes.NewReader(s.data[s.lineOff[start-1]:end]))
		for {
			var n yaml.Node
			err := dec.Decode(&n)
			if err == io.EOF {
				break
			}
			if err != nil {
				p := s.syntaxProblem(err, start-1)
				if i+1 < len(starts) {
					p.msg += "; the rest of this document is not checked"
				} else if len(starts) == 1 {
					p.msg += restNote(s, p.line)
				}
				perrs = append(perrs, p)
				break
			}
			shiftLines(&n, start-1)
			docs = append(docs, &n)
		}
	}
	return docs, perrs
}

// documentStarts returns the first line of each document: line 1 and every
// line that starts with the "---" marker.
func documentStarts(s *source) []int {
	starts := []int{1}
	for l := 2; l <= len(s.lineOff); l++ {
		t := s.lineText(l)
		if strings.HasPrefix(t, "---") && (len(t) == 3 || t[3] == ' ' || t[3] == '\t') {
			starts = append(starts, l)
		}
	}
	return starts
}

// shiftLines moves the positions of a document decoded on its own to its
// place in the file.
func shiftLines(n *yaml.Node, by int) {
	if by == 0 {
		return
	}
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		if n == nil || depth > 10000 {
			return
		}
		n.Line += by
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
}

// restNote says how many later documents an error hides when the file
// could not be split into documents.
func restNote(s *source, line int) string {
	rest := 0
	for l := line + 1; l <= len(s.lineOff); l++ {
		if t := s.lineText(l); strings.HasPrefix(t, "---") {
			rest++
		}
	}
	if rest > 0 {
		return fmt.Sprintf("; the %d later document(s) in this file are not checked", rest)
	}
	return ""
}

// syntaxProblem locates a decoding error of the part of s that starts
// after line skip.
func (s *source) syntaxProblem(err error, skip int) *fileProblem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := errLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		line += skip
		msg = m[2]
	}
	col := 1
	if line == 0 {
		// yaml.v3 gives no line for some errors; find a plausible one.
		line = 1
		if name, ok := strings.CutPrefix(msg, "unknown anchor '"); ok {
			name, _, _ = strings.Cut(name, "'")
			if i := bytes.Index(s.data, []byte("*"+name)); i >= 0 {
				line, col = s.lineColOf(i)
			}
		}
	}
	// A tab in the indentation of the reported line or the line before is
	// the usual cause; say so plainly.
	for _, l := range []int{line, line - 1, line + 1} {
		text := s.lineText(l)
		ws := len(text) - len(strings.TrimLeft(text, " \t"))
		if i := strings.IndexByte(text[:ws], '\t'); i >= 0 && ws < len(text) {
			return &fileProblem{l, i + 1, "tab character in indentation: YAML indentation must use spaces (" + msg + ")"}
		}
	}
	if line >= 1 && line <= len(s.lineOff) {
		text := s.lineText(line)
		col = len(text) - len(strings.TrimLeft(text, " ")) + 1
		switch {
		case strings.HasPrefix(msg, "mapping values are not allowed"):
			// a: b: c — point at the second ": ".
			if i := strings.Index(text, ": "); i >= 0 {
				if j := strings.Index(text[i+2:], ": "); j >= 0 && !strings.ContainsAny(text[:i+2+j], "\"'#") {
					col = i + 2 + j + 1
				}
			}
		case strings.HasPrefix(msg, "found character that cannot start any token"):
			if i := strings.IndexAny(text[col-1:], "@`\t%"); i >= 0 {
				col += i
			}
		}
	}
	return &fileProblem{line, col, "YAML syntax error: " + msg}
}

// loaded is one file read and parsed, with its file-level problems.
type loaded struct {
	src      *source
	docs     []*yaml.Node
	problems []finding
}

// load reads, prescans and parses one file, reporting file-level problems.
// quiet suppresses findings (CRD directories are reference input).
func (c *checker) load(name string, quiet bool) (*source, []*yaml.Node) {
	l := loadFile(name, c.cfg.maxBytes())
	if !quiet {
		c.findings = append(c.findings, l.problems...)
	}
	return l.src, l.docs
}

func (c *checker) parse(name string, data []byte, quiet bool) (*source, []*yaml.Node) {
	l := parseFile(name, data)
	if !quiet {
		c.findings = append(c.findings, l.problems...)
	}
	return l.src, l.docs
}

// loadFile reads and parses a file. It touches no shared state, so files
// are loaded in parallel.
func loadFile(name string, maxBytes int64) loaded {
	fail := func(msg string) loaded {
		src := newSource(name, nil)
		return loaded{src: src, problems: []finding{{src: src, line: 1, col: 1, byteCol: true, rule: RuleUnreadable, msg: msg}}}
	}
	fi, err := os.Stat(name)
	if err != nil {
		return fail(fmt.Sprintf("cannot read file: %v", err))
	}
	if fi.Size() > maxBytes {
		return fail(fmt.Sprintf("file is %d bytes, over the %d-byte limit for one manifest file; not checked", fi.Size(), maxBytes))
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return fail(fmt.Sprintf("cannot read file: %v", err))
	}
	return parseFile(name, data)
}

func parseFile(name string, data []byte) loaded {
	src := newSource(name, data)
	src.dirs = parseDirectives(src)
	if p := prescan(src); p != nil {
		return loaded{src: src, problems: []finding{{src: src, line: p.line, col: p.col, byteCol: true, rule: RuleUnreadable, msg: p.msg}}}
	}
	head := data[:min(len(data), 1<<16)]
	if templateExt.MatchString(name) || bytes.Contains(head, []byte("{{")) || bytes.Contains(head, []byte("__")) || bracePlaceholder.Match(head) {
		maskTemplate(src)
	}
	docs, perrs := decodeAll(src)
	l := loaded{src: src, docs: docs}
	for _, perr := range perrs {
		if templateExt.MatchString(name) && !k8sKind.Match(data) {
			break // a template of something other than Kubernetes objects
		}
		if src.template && src.maskedNear(perr.line) {
			// The masked template actions themselves broke the YAML (a
			// placeholder inside a flow sequence, say): that is not the
			// author's mistake, and the rest cannot be checked.
			continue
		}
		rule := RuleSyntax
		if strings.HasPrefix(perr.msg, "tab character") {
			rule = RuleTab
		}
		l.problems = append(l.problems, finding{src: src, line: perr.line, col: perr.col, byteCol: true, rule: rule, msg: perr.msg})
	}
	return l
}

// loadAll loads files on all CPUs and hands them to f in order, keeping
// only a small window of parsed files in memory.
func loadAll(files []string, maxBytes int64, f func(loaded)) {
	workers := runtime.GOMAXPROCS(0)
	if workers < 2 || len(files) < 4 {
		for _, name := range files {
			f(loadFile(name, maxBytes))
		}
		return
	}
	window := make(chan chan loaded, 2*workers)
	sem := make(chan struct{}, workers)
	go func() {
		for _, name := range files {
			ch := make(chan loaded, 1)
			window <- ch
			sem <- struct{}{}
			go func() {
				defer func() { <-sem }()
				ch <- loadFile(name, maxBytes)
			}()
		}
		close(window)
	}()
	for ch := range window {
		f(<-ch)
	}
}
