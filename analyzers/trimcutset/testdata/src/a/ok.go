package a

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"unicode"
)

// Real character sets: all silent.
func sets(s, path, num string, b []byte, r rune, c config, sep byte) {
	_ = strings.TrimRight(s, " \t\r\n")
	_ = strings.TrimLeft(s, "0")
	_ = strings.TrimRight(path, "/")
	_ = strings.TrimRight(num, ".0")
	_ = strings.TrimLeft(num, "0_")
	_ = strings.TrimRight(path, "./")
	_ = strings.TrimRight(s, " \x00")
	_ = strings.TrimRight(s, "\r\n")
	_ = strings.TrimRight(s, "! ")
	_ = strings.TrimLeft(s, "vV")
	_ = strings.TrimRight(s, "eE")
	_ = strings.Trim(s, "\"'")
	_ = strings.Trim(s, "[]")
	_ = strings.TrimRight(s, "=")
	_ = strings.TrimLeft(s, "0123456789")
	_ = strings.TrimRight(s, "abcdef")
	_ = strings.TrimRight(s, "0123456789abcdefABCDEF")
	_ = strings.TrimRight(s, "-0123456789")
	_ = strings.TrimLeft(s, "0xX")
	_ = strings.Trim(s, "aeiouAEIOU")
	_ = strings.TrimRight(s, "\r\n\r\n")
	_ = strings.Trim(s, "!¡")
	_ = strings.TrimLeft(s, "+-")
	_ = strings.Trim(s, " \t\"`")
	_ = strings.TrimLeft(s, "-ns") // a suffix shape on the wrong side; ascending
	_ = bytes.TrimRight(b, "\x00")
	_ = bytes.Trim(b, " \t")
	_ = strings.TrimRight(path, string(filepath.Separator))
	_ = strings.TrimRight(path, string(os.PathSeparator))
	_ = strings.TrimRight(s, string(r))
	_ = strings.TrimLeft(s, string(sep))
	_ = strings.TrimRight(s, string([]rune{r, '/'}))
	_ = strings.TrimFunc(s, unicode.IsSpace)
	_ = strings.TrimSuffix(s, "-ns")
	_ = strings.TrimPrefix(s, "dev-")
	_ = strings.TrimSpace(s)
}

// Non-constant cutsets whose name or definition says they are a set.
const whitespace = " \t\n"

var spaceChars = " \t\r\n\v\f"

func named(s, cutset string, c config) {
	_ = strings.Trim(s, cutset)
	_ = strings.Trim(s, c.cutset)
	_ = strings.TrimRight(s, whitespace)
	_ = strings.TrimRight(s, spaceChars)
	trimChars := "\"' "
	_ = strings.Trim(s, trimChars)
	seps := "/\\"
	_ = strings.TrimRight(s, seps+" ")
	quotes := "\"'`"
	_ = strings.Trim(s, quotes)
}

// A wrapper passes its cutset through; the name says it is a set.
func TrimRightSet(s []byte, cutset string) []byte { return bytes.TrimRight(s, cutset) }

// Other functions with the same names are not the cutset functions.
type trimmer struct{}

func (trimmer) TrimRight(s, suffix string) string { return strings.TrimSuffix(s, suffix) }

func methods(t trimmer, s string) {
	_ = t.TrimRight(s, "-ns")
}

// A variable that holds a cutset function but is reassigned is unknown.
func reassigned(s string, left bool) string {
	f := strings.TrimRight
	if left {
		f = strings.TrimLeft
	}
	return f(s, "-ns")
}

// Suppressed with a reason.
func suppressed(s string) string {
	//hindsight:ignore trimcutset the input never ends in n or s
	return strings.TrimRight(s, "-ns")
}

// A slice of a constant set (a benchmark in package strings).
func sliced(x string) {
	set := "0123456789abcdef"
	for j := 1; j <= 16; j <<= 1 {
		_ = strings.Trim(x, set[:j])
	}
}

// Indentation is a set of (whitespace) characters (go-spew's hex dump).
type dumpConfig struct{ Indent string }

func dump(str string, cs *dumpConfig) string {
	return strings.TrimRight(str, cs.Indent)
}

// Look-alikes of a base prefix: trailing zeros and x's, a zero alone, and
// both cases of the letter spelled out as a set.
func notBasePrefixes(s string) {
	_ = strings.TrimRight(s, "0x")
	_ = strings.TrimLeft(s, "0")
	_ = strings.TrimLeft(s, "0xX")
	_ = strings.TrimLeft(s, "0_")
}
