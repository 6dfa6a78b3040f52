package trimcutset

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Func is one of the cutset functions of strings and bytes.
type Func int

const (
	// Trim removes leading and trailing runes found in the cutset.
	Trim Func = iota
	// TrimLeft removes leading runes found in the cutset.
	TrimLeft
	// TrimRight removes trailing runes found in the cutset.
	TrimRight
)

func (f Func) String() string {
	switch f {
	case TrimLeft:
		return "TrimLeft"
	case TrimRight:
		return "TrimRight"
	}
	return "Trim"
}

// Affix is the function the author most likely meant: TrimSuffix for a
// suffix-shaped cutset, TrimPrefix for a prefix-shaped one.
func (f Func) Affix(suffix bool) string {
	if suffix {
		return "TrimSuffix"
	}
	return "TrimPrefix"
}

// Reason says why a cutset reads like an affix rather than a character set.
type Reason int

const (
	// None: the cutset reads like a set of characters (or cannot be judged).
	None Reason = iota
	// Duplicate: the cutset lists a character twice, so it was not written
	// as a set (staticcheck's SA1024 case).
	Duplicate
	// SuffixShape: a separator followed by a word ("-ns", ".pem", "/v1").
	SuffixShape
	// PrefixShape: a word followed by a separator ("dev-", "v1:").
	PrefixShape
	// Word: a run of letters and digits that is not in ascending order
	// ("graphql", "MB"), so it was written as a word, not as a set.
	Word
)

func (r Reason) String() string {
	switch r {
	case Duplicate:
		return "duplicate"
	case SuffixShape:
		return "suffix"
	case PrefixShape:
		return "prefix"
	case Word:
		return "word"
	}
	return "none"
}

// Verdict is the classification of one cutset for one function.
type Verdict struct {
	Reason Reason
	// Dup is the repeated rune when Reason is Duplicate.
	Dup rune
	// Suffix is true when the cutset was most likely meant as a suffix
	// (TrimSuffix), false when meant as a prefix (TrimPrefix).
	Suffix bool
	// Example is an input on which the cutset function and the affix
	// function disagree: the function returns Got, the affix function
	// (TrimSuffix when Suffix, else TrimPrefix) returns Want. Example is
	// empty when no such input could be built.
	Example, Got, Want string
	// Scheme is true when the cutset is the letters of "https://" written
	// once each ("htps:/"): a set meant to strip a URL scheme. Then the
	// example is a URL and Want is the URL without its scheme, since
	// TrimPrefix with the cutset would match nothing.
	Scheme bool
}

// separators are the characters that join an affix to the rest of a name.
const separators = ".-_/:@ "

func isSep(r rune) bool   { return strings.ContainsRune(separators, r) }
func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// Classify reports whether cutset, passed to fn, reads like an affix (a
// prefix or suffix string) rather than a set of characters, and builds an
// input that shows the difference. It never panics; cutsets that are not
// valid UTF-8, and sets made only of whitespace, yield None.
func Classify(fn Func, cutset string) Verdict {
	if !utf8.ValidString(cutset) || utf8.RuneCountInString(cutset) < 2 {
		return Verdict{}
	}
	v := Verdict{Suffix: fn != TrimLeft}
	runs := alnumRuns(cutset)

	// Affix shapes: a separator next to a word, on the side the function trims.
	if fn != TrimLeft {
		for _, r := range runs {
			if r.start > 0 && isSep(lastRune(cutset[:r.start])) && isWord(r.text, 2) {
				v.Reason, v.Suffix = SuffixShape, true
				break
			}
		}
	}
	if v.Reason == None && fn != TrimRight {
		for _, r := range runs {
			if r.end < len(cutset) && isSep(firstRune(cutset[r.end:])) && isWord(r.text, 2) {
				v.Reason, v.Suffix = PrefixShape, false
				break
			}
		}
	}
	// A number's base prefix ("0x", "0b", "0o", either case): an ascending
	// pair, but a prefix everyone recognises, and TrimLeft also eats the
	// number's leading zeros ("0x0a" becomes "a"; "0x0" becomes "").
	if v.Reason == None && fn != TrimRight && basePrefix(cutset) {
		v.Reason, v.Suffix = PrefixShape, false
	}
	// A word written in non-ascending order.
	if v.Reason == None {
		for _, r := range runs {
			if isWord(r.text, 2) && !ascendingSet(r.text) {
				v.Reason = Word
				break
			}
		}
	}
	// A repeated character, unless the set is only whitespace.
	if v.Reason == None {
		if d, ok := duplicate(cutset); ok && !allSpace(cutset) {
			v.Reason, v.Dup = Duplicate, d
		}
	}
	if v.Reason == None {
		return Verdict{}
	}
	if d, ok := duplicate(cutset); ok {
		v.Dup = d
	}
	v.Example, v.Got, v.Want = example(cutset, runs, v.Suffix)
	switch {
	case v.Reason == PrefixShape && basePrefix(cutset):
		// The damage that bites: the number's own leading zeros go too.
		digits := baseDigits[strings.ToLower(cutset[1:])[0]]
		v.Example, v.Want = cutset+digits, digits
		v.Got = fn.apply(v.Example, cutset)
	case fn != TrimRight && schemeLetters(cutset):
		// Show the damage on a URL, against what was meant.
		v.Scheme = true
		v.Example, v.Want = "https://test.example", "test.example"
		v.Got = fn.apply(v.Example, cutset)
	}
	return v
}

// apply runs the cutset function fn on s.
func (f Func) apply(s, cutset string) string {
	switch f {
	case TrimLeft:
		return strings.TrimLeft(s, cutset)
	case TrimRight:
		return strings.TrimRight(s, cutset)
	}
	return strings.Trim(s, cutset)
}

// schemeLetters reports whether cutset is the letters of "http://" or
// "https://" each written once, in some order ("htps:/", "/:shtp"): a set
// meant to strip a URL scheme, not an affix TrimPrefix could match.
func schemeLetters(cutset string) bool {
	seen := map[rune]bool{}
	for _, r := range cutset {
		if seen[r] || !strings.ContainsRune("htps:/", r) {
			return false
		}
		seen[r] = true
	}
	return seen['h'] && seen['t'] && seen['p'] && seen[':'] && seen['/']
}

// baseDigits maps the letter of a number's base prefix to digits that
// start with a zero, for the example.
var baseDigits = map[byte]string{'x': "00ff", 'b': "0101", 'o': "017"}

// basePrefix reports whether cutset is the prefix of a number literal in
// base 16, 2 or 8: "0x", "0X", "0b", "0B", "0o" or "0O". ("0xX", both
// cases spelled out, reads as a set and is left alone.)
func basePrefix(cutset string) bool {
	if len(cutset) != 2 || cutset[0] != '0' {
		return false
	}
	_, ok := baseDigits[strings.ToLower(cutset[1:])[0]]
	return ok
}

// alnumRun is a maximal run of letters and digits in a cutset (byte offsets).
type alnumRun struct {
	start, end int
	text       string
}

func alnumRuns(s string) []alnumRun {
	var runs []alnumRun
	start := -1
	for i, r := range s {
		if isAlnum(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			runs = append(runs, alnumRun{start, i, s[start:i]})
			start = -1
		}
	}
	if start >= 0 {
		runs = append(runs, alnumRun{start, len(s), s[start:]})
	}
	return runs
}

func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }
func lastRune(s string) rune  { r, _ := utf8.DecodeLastRuneInString(s); return r }

// fold lowercases s and drops runes already seen, so that case variants of
// one letter ("vV", "eE", "0xX") count once.
func fold(s string) []rune {
	var out []rune
	for _, r := range s {
		r = unicode.ToLower(r)
		if !containsRune(out, r) {
			out = append(out, r)
		}
	}
	return out
}

func containsRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// isWord reports whether a run of letters and digits can be a word: at
// least min distinct letters or digits (ignoring case), and not a spelled
// out character range such as "0123456789" or "abcdef".
func isWord(text string, min int) bool {
	rs := fold(text)
	if len(rs) < min {
		return false
	}
	return !rangesOnly(rs)
}

// rangesOnly reports whether rs is made of runs of consecutive runes, each
// at least three long ("0123456789abcdef"): a character class spelled out.
func rangesOnly(rs []rune) bool {
	n := 1
	for i := 1; i <= len(rs); i++ {
		if i < len(rs) && rs[i] == rs[i-1]+1 {
			n++
			continue
		}
		if n < 3 {
			return false
		}
		n = 1
	}
	return true
}

// ascendingSet reports whether a run, ignoring case variants, is written in
// ascending order ("0123456789", "abcdef", "0xX"), or as ascending groups of
// three or more ("aeiouAEIOU"): the sign of a deliberate set.
func ascendingSet(text string) bool {
	var groups [][]rune
	for _, r := range text {
		if n := len(groups); n > 0 {
			g := groups[n-1]
			if r > g[len(g)-1] {
				groups[n-1] = append(g, r)
				continue
			}
		}
		groups = append(groups, []rune{r})
	}
	if len(groups) == 1 {
		return true
	}
	if f := fold(text); isAscending(f) {
		return true
	}
	for _, g := range groups {
		if len(g) < 3 {
			return false
		}
	}
	return true
}

func isAscending(rs []rune) bool {
	for i := 1; i < len(rs); i++ {
		if rs[i] <= rs[i-1] {
			return false
		}
	}
	return true
}

func duplicate(s string) (rune, bool) {
	var seen []rune
	for _, r := range s {
		if containsRune(seen, r) {
			return r, true
		}
		seen = append(seen, r)
	}
	return 0, false
}

func allSpace(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && r != 0 {
			return false
		}
	}
	return true
}

// example builds an input on which the cutset function strips more than the
// affix: base + x + cutset for a suffix (x is a rune of the cutset, so it is
// stripped too), cutset + x + base for a prefix. base uses no rune of the
// cutset, so trimming stops there.
func example(cutset string, runs []alnumRun, suffix bool) (in, got, want string) {
	base := baseFor(cutset)
	if base == "" {
		return "", "", ""
	}
	var x rune
	switch {
	case len(runs) > 0 && suffix:
		x = firstRune(runs[0].text)
	case len(runs) > 0:
		x = lastRune(runs[len(runs)-1].text)
	case suffix:
		x = firstRune(cutset)
	default:
		x = lastRune(cutset)
	}
	if suffix {
		return base + string(x) + cutset, base, base + string(x)
	}
	return cutset + string(x) + base, base, string(x) + base
}

// baseFor returns a short word that shares no rune with cutset, preferring
// "abcdef".
func baseFor(cutset string) string {
	if !strings.ContainsAny(cutset, "abcdef") {
		return "abcdef"
	}
	var b []rune
	for _, r := range "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" {
		if !strings.ContainsRune(cutset, r) {
			b = append(b, r)
			if len(b) == 6 {
				break
			}
		}
	}
	return string(b)
}
