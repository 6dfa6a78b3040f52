package k8s

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/golangci/misspell"
	yaml "go.yaml.in/yaml/v3"
)

// spelledName is a name the set defines whose words are checked against
// the misspelling dictionary: an env var, a ConfigMap or Secret key, a
// label or annotation key.
type spelledName struct {
	what string // "env var", "ConfigMap key", "label key"...
	name string
	at   position
}

// spelled records a name for the misspelling check, if a word of it is in
// the dictionary (whether the set means it is known only at the end).
func (ix *index) spelled(src *source, what string, n *yaml.Node) {
	if n == nil || n.Kind != yaml.ScalarNode || n.Value == "" || src.isMasked(n) {
		return
	}
	sn := spelledName{what, n.Value, posOf(src, n)}
	if randomToken(sn.spelledPart()) {
		return
	}
	listed := false
	spellWords(sn.spelledPart(), func(w string) { listed = listed || inDictionary(w) })
	if listed {
		ix.names = append(ix.names, sn)
	}
}

// spelledKeys records the keys of a labels or annotations mapping.
func (ix *index) spelledKeys(src *source, what string, m *yaml.Node) {
	m = deref(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return
	}
	pairs(m, func(k, _ *yaml.Node) {
		ix.spelled(src, what, k)
	})
}

// spelledPart is the part of a name whose words are read: all of it, but
// only the name part of a label or annotation key ("team" of
// example.com/team): the prefix is a domain, often a product's name.
func (n spelledName) spelledPart() string {
	if n.what == "label key" || n.what == "annotation key" {
		if _, name, ok := strings.Cut(n.name, "/"); ok {
			return name
		}
	}
	return n.name
}

// known records the words of a name of something the set defines (an
// object, a namespace, a container, an image, a label value): the
// project's own vocabulary, which may spell a product or team name the
// way the dictionary calls a misspelling.
func (ix *index) known(name string) {
	if name == "" {
		return
	}
	if ix.vocab == nil {
		ix.vocab = map[string]bool{}
	}
	spellWords(name, func(w string) {
		if inDictionary(w) { // only these words are ever looked up
			ix.vocab[strings.ToLower(w)] = true
		}
	})
}

// misspellings maps each misspelling of the misspell dictionary's main
// list (github.com/golangci/misspell, the list golangci-lint's misspell
// linter uses) to its correction. The main list has no locale-specific
// spellings: "colour" and "behaviour" are not in it.
var misspellings = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, len(misspell.DictMain)/2)
	for i := 0; i+1 < len(misspell.DictMain); i += 2 {
		m[misspell.DictMain[i]] = misspell.DictMain[i+1]
	}
	return m
})

// dictWords are the dictionary's corrections, sorted: correctly spelled
// words, for telling abbreviations.
var dictWords = sync.OnceValue(func() []string {
	var words []string
	for i := 1; i < len(misspell.DictMain); i += 2 {
		words = append(words, misspell.DictMain[i])
	}
	slices.Sort(words)
	return slices.Compact(words)
})

// maxAbbreviation is the longest misspelling that may be an abbreviation.
const maxAbbreviation = 6

// abbreviation reports whether a short misspelling is also the start of a
// longer correct word, as an abbreviation is: "strat" is a misspelling of
// start and short for strategy, "interm" for intermediate.
func abbreviation(lower string) bool {
	if len(lower) > maxAbbreviation {
		return false
	}
	words := dictWords()
	i, _ := slices.BinarySearch(words, lower)
	for ; i < len(words) && strings.HasPrefix(words[i], lower); i++ {
		if len(words[i]) > len(lower) {
			return true
		}
	}
	return false
}

// minSpelledWord is the shortest word the misspelling check reads: shorter
// words are mostly abbreviations.
const minSpelledWord = 4

// correction returns the correction of a word the dictionary lists as a
// misspelling, in the word's case, unless the word may be meant: shorter
// than minSpelledWord, made of hex digits only ("daed" of a hash), an
// abbreviation (a truncation of its correction, "clas" for class, or of
// another word, "strat" for strategy), or a word the set uses in the names
// of what it defines.
func correction(word string, vocab map[string]bool) (string, bool) {
	lower := strings.ToLower(word)
	if len(word) < minSpelledWord || strings.Trim(lower, "abcdef") == "" {
		return "", false
	}
	fix, ok := misspellings()[lower]
	if !ok || strings.HasPrefix(fix, lower) || abbreviation(lower) || vocab[lower] {
		return "", false
	}
	switch {
	case word == strings.ToUpper(word):
		return strings.ToUpper(fix), true
	case word == lower:
		return fix, true
	}
	return strings.ToUpper(fix[:1]) + fix[1:], true // Title case
}

// spellWords calls f with each word of a name, in its case: the name is
// split at every character that is not a letter and at camelCase
// boundaries ("fluentFowardHost", "FLUENT_FOWARD_HOST" and
// "fluent.foward-host" all give fluent, foward, host in their case;
// "HTTPServer" gives HTTP, Server). The words are substrings of name.
func spellWords(name string, f func(word string)) {
	start := -1 // start of the current word
	var prev, prev2 rune
	for i, r := range name {
		if !unicode.IsLetter(r) {
			if start >= 0 {
				f(name[start:i])
			}
			start, prev, prev2 = -1, 0, 0
			continue
		}
		switch {
		case start < 0:
			start = i
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			f(name[start:i]) // fooBar: B starts a word
			start = i
		case unicode.IsLower(r) && unicode.IsUpper(prev) && unicode.IsUpper(prev2):
			// HTTPServer: at the e, the S before it starts a word
			j := i - utf8.RuneLen(prev)
			f(name[start:j])
			start = j
		}
		prev, prev2 = r, prev
	}
	if start >= 0 {
		f(name[start:])
	}
}

// minTokenRun is how long a run of letters and digits must be, at the
// least, to be taken for a random token rather than words.
const minTokenRun = 16

// randomToken reports whether a name holds a run of at least minTokenRun
// letters and digits that mixes upper case, lower case and two digits or
// more: a hash, an ID or a key, whose camelCase "words"
// (TZmHxxUfuJqPXSOm7tDyas0) are no words.
func randomToken(name string) bool {
	n, digits, upper, lower := 0, 0, false, false
	for _, r := range name + "." {
		switch {
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsLower(r):
			lower = true
		case unicode.IsDigit(r):
			digits++
		default:
			if n >= minTokenRun && upper && lower && digits >= 2 {
				return true
			}
			n, digits, upper, lower = 0, 0, false, false
			continue
		}
		n++
	}
	return false
}

// inDictionary reports whether a word is a misspelling in the dictionary,
// without the checks of correction.
func inDictionary(word string) bool {
	var buf [64]byte
	if len(word) > len(buf) {
		return false
	}
	b := buf[:0]
	for i := 0; i < len(word); i++ {
		c := word[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	_, ok := misspellings()[string(b)]
	return ok
}

// checkMisspellings reports the names whose words the dictionary lists as
// misspellings, once per name and kind of name: a name copied into every
// workload of the set is one mistake.
func (c *checker) checkMisspellings() {
	ix := c.idx
	uses := map[spelledName][]position{} // by what and name, without a position
	for _, n := range ix.names {
		k := spelledName{what: n.what, name: n.name}
		uses[k] = append(uses[k], n.at)
	}
	for k, at := range uses {
		var fixes []string
		spellWords(k.spelledPart(), func(w string) {
			if fix, ok := correction(w, ix.vocab); ok {
				fixes = append(fixes, fmt.Sprintf("%q is a misspelling of %q", w, fix))
			}
		})
		if len(fixes) == 0 {
			continue
		}
		slices.SortFunc(at, comparePositions)
		at = slices.CompactFunc(at, func(a, b position) bool { return comparePositions(a, b) == 0 })
		more := ""
		if len(at) > 1 {
			more = fmt.Sprintf(" (the name is used %d times in the set; this is the first)", len(at))
		}
		c.reportAt(at[0], RuleMisspelling, "%s %s: %s%s", k.what, k.name, strings.Join(fixes, ", "), more)
	}
}

func comparePositions(a, b position) int {
	return cmp.Or(strings.Compare(a.src.path, b.src.path), cmp.Compare(a.line, b.line), cmp.Compare(a.col, b.col))
}
