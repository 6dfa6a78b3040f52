package k8s

import (
	"bytes"
	"sort"
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

// lineColOf converts a byte offset to (line, byte column).
func (s *source) lineColOf(off int) (int, int) {
	i := sort.Search(len(s.lineOff), func(i int) bool { return s.lineOff[i] > off })
	return i, off - s.lineOff[i-1] + 1
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
