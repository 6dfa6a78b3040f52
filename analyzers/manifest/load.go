package manifest

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
)

// source is one YAML file of the manifest set.
type source struct {
	path     string // as given; findings are reported in this file
	shown    string // as shown inside messages
	data     []byte // content, with template placeholders masked
	lineOff  []int  // byte offset of each line's start
	masked   [][2]int
	control  []int // lines that held only a template action ({{- if }} ...)
	template bool
	dirs     []*ignoreDir
}

func newSource(path string, data []byte) *source {
	s := &source{path: path, shown: path, data: data}
	s.lineOff = append(s.lineOff, 0)
	for i, b := range data {
		if b == '\n' {
			s.lineOff = append(s.lineOff, i+1)
		}
	}
	return s
}

// lineText returns line n (1-based) without its newline.
func (s *source) lineText(n int) string {
	if n < 1 || n > len(s.lineOff) {
		return ""
	}
	start := s.lineOff[n-1]
	end := len(s.data)
	if n < len(s.lineOff) {
		end = s.lineOff[n] - 1
	}
	return strings.TrimSuffix(string(s.data[start:end]), "\r")
}

// byteCol converts a yaml.v3 column (counted in runes) on line to a 1-based
// byte column.
func (s *source) byteCol(line, col int) int {
	if line < 1 || line > len(s.lineOff) || col < 1 {
		return max(col, 1)
	}
	start := s.lineOff[line-1]
	end := len(s.data)
	if line < len(s.lineOff) {
		end = s.lineOff[line]
	}
	b := start
	if line == 1 && bytes.HasPrefix(s.data, []byte("\xef\xbb\xbf")) {
		b += 3
	}
	for r := 1; r < col && b < end; r++ {
		_, size := utf8.DecodeRune(s.data[b:end])
		b += size
	}
	return b - start + 1
}

// offset returns the byte offset of a (line, rune column) position.
func (s *source) offset(line, col int) int {
	if line < 1 || line > len(s.lineOff) {
		return len(s.data)
	}
	return s.lineOff[line-1] + s.byteCol(line, col) - 1
}

// isMasked reports whether the scalar n covers a masked template placeholder.
func (s *source) isMasked(n *yaml.Node) bool {
	if n == nil {
		return false
	}
	if strings.Contains(n.Value, "${") || strings.Contains(n.Value, "{{") || (strings.Contains(n.Value, "__") && sedPlaceholder.MatchString(n.Value)) || fillIn.MatchString(n.Value) {
		return true
	}
	if len(s.masked) == 0 {
		return false
	}
	off := s.offset(n.Line, n.Column)
	end := off + len(n.Value) + 2
	i := sort.Search(len(s.masked), func(i int) bool { return s.masked[i][1] > off })
	return i < len(s.masked) && s.masked[i][0] < end
}

// controlBetween reports whether a template action line lies between lines a and b.
func (s *source) controlBetween(a, b int) bool {
	i := sort.SearchInts(s.control, a)
	return i < len(s.control) && s.control[i] < b
}

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

// isYAMLName reports whether a file name is a YAML file or a YAML template.
func isYAMLName(name string) bool {
	return strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml") || templateExt.MatchString(name)
}

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

// lineColOf converts a byte offset to (line, byte column).
func (s *source) lineColOf(off int) (int, int) {
	i := sort.Search(len(s.lineOff), func(i int) bool { return s.lineOff[i] > off })
	return i, off - s.lineOff[i-1] + 1
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

// collect expands paths (files and directories, walked recursively) into
// YAML file names, sorted. Explicit files are taken whatever their name;
// directories contribute .yaml/.yml files and YAML templates, skipping
// hidden directories, vendor and node_modules.
func collect(paths []string) ([]string, error) {
	files, _, err := collectAll(paths)
	return files, err
}

// skipNote is a file or directory of the set that was not checked, reported
// once as a finding at its first line.
type skipNote struct {
	path string
	rule string
	msg  string
}

func (s skipNote) finding() finding {
	return finding{src: newSource(s.path, nil), line: 1, col: 1, byteCol: true, rule: s.rule, msg: s.msg}
}

// collectAll is collect that also returns what it did not check and why:
// symbolic links met while walking (not followed), an explicitly named Helm
// templates directory, and unreadable directories.
func collectAll(paths []string) ([]string, []skipNote, error) {
	var files []string
	var skips []skipNote
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
		}
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, nil, err
		}
		if !fi.IsDir() {
			add(p)
			continue
		}
		root := p
		if li, err := os.Lstat(p); err == nil && li.Mode()&fs.ModeSymlink != 0 {
			root = p + string(filepath.Separator) // named explicitly: follow it
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if path == root && d == nil {
					return err
				}
				skips = append(skips, skipNote{path, RuleUnreadable, fmt.Sprintf("cannot read directory: %v; its files are not checked", err)})
				return nil
			}
			if d.IsDir() {
				name := d.Name()
				if path != root && (strings.HasPrefix(name, ".") || name == "vendor" || name == "node_modules" || name == "testdata") {
					return filepath.SkipDir
				}
				if isHelmTemplates(path) {
					if path == root {
						skips = append(skips, skipNote{path, RuleSkipped, "the templates directory of a Helm chart is not YAML until rendered; not checked: check the output of helm template instead"})
					}
					return filepath.SkipDir // Helm templates: check the rendered output instead
				}
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				if n, ok := symlinkNote(path, d, nil); ok {
					skips = append(skips, n)
				}
				return nil
			}
			if isYAMLName(d.Name()) && d.Type().IsRegular() {
				add(path)
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	sort.Strings(files)
	return files, skips, nil
}

// symlinkNote describes a symbolic link that a walk does not follow (so
// that the set never leaves the tree or loops), when it leads to a YAML file
// (one that wanted reports true for, if set) or to a directory holding YAML.
func symlinkNote(path string, d fs.DirEntry, wanted func(string) bool) (skipNote, bool) {
	target, _ := os.Readlink(path)
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		if !isYAMLName(d.Name()) {
			return skipNote{}, false
		}
		return skipNote{path, RuleSkipped, fmt.Sprintf("symbolic link to %s is broken (%v); not checked", target, err)}, true
	case fi.IsDir():
		if !holdsYAML(path, wanted) {
			return skipNote{}, false
		}
		return skipNote{path, RuleSkipped, fmt.Sprintf("symbolic link to the directory %s is not followed; its YAML files are not checked unless the directory is named (or lies in the set) itself", target)}, true
	case fi.Mode().IsRegular() && isYAMLName(d.Name()) && (wanted == nil || wanted(path)):
		return skipNote{path, RuleSkipped, fmt.Sprintf("symbolic link to %s is not followed; the file is not checked unless it is named (or lies in the set) itself", target)}, true
	}
	return skipNote{}, false
}

// holdsYAML reports whether the directory dir (through a symbolic link)
// holds a YAML file, looking at a bounded number of entries.
func holdsYAML(dir string, wanted func(string) bool) bool {
	found, n := false, 0
	_ = filepath.WalkDir(dir+string(filepath.Separator), func(p string, d fs.DirEntry, err error) error {
		n++
		if err != nil || found || n > 10000 {
			return filepath.SkipAll
		}
		if d.IsDir() {
			if name := d.Name(); n > 1 && (strings.HasPrefix(name, ".") || name == "vendor" || name == "node_modules" || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && isYAMLName(d.Name()) && (wanted == nil || wanted(p)) {
			found = true
			return filepath.SkipAll
		}
		return nil
	})
	return found
}

// isHelmTemplates reports whether dir is the templates directory of a Helm
// chart: its files are not YAML until rendered.
func isHelmTemplates(dir string) bool {
	if filepath.Base(dir) != "templates" {
		return false
	}
	_, err := os.Stat(filepath.Join(filepath.Dir(dir), "Chart.yaml"))
	return err == nil
}

// maskedNear reports whether a masked placeholder or template action lies
// on line or the line before or after it.
func (s *source) maskedNear(line int) bool {
	for _, l := range s.control {
		if l >= line-1 && l <= line+1 {
			return true
		}
	}
	for _, m := range s.masked {
		ml, _ := s.lineColOf(m[0])
		if ml >= line-1 && ml <= line+1 {
			return true
		}
	}
	return false
}
