package idprefix

import "github.com/hindsight-lint/hindsight/internal/code"

// kind is what an operand names.
type kind int

const (
	none kind = iota
	ident
	path
	url // an URL: a match against another URL is a path match too
)

// urlWords name URLs; parentIDWords make "parent" an ID (parentID) rather
// than a prefix input.
var (
	urlWords      = set("url", "uri", "endpoint", "href")
	parentIDWords = set("id", "uid", "uuid", "guid")
)

// idWords name identifiers; pathWords name paths; freeWords say that a
// prefix match is intended (completion, search, prefixes).
var (
	idWords = set("id", "uid", "uuid", "guid", "key", "name", "session", "sessionid", "token", "namespace",
		"tenant", "tenantid", "ns", "user", "username", "userid", "owner", "account", "repo", "nsname",
		"filename", "fname", "basename", "podname", "resource", "bucket", "project", "org", "team", "group",
		"customer", "principal", "workspace", "pod", "container", "instance", "volume", "job", "lab")
	pathWords = set("path", "dir", "dirname", "dirpath", "folder", "root", "pathname", "fullpath", "abspath",
		"filepath", "fpath", "rootdir", "basedir", "basepath", "scope", "mountpoint", "workdir")
	freeWords = set("prefix", "prefixes", "pfx", "suffix", "suffixes", "stem", "pattern", "glob", "partial",
		"short", "abbrev", "abbreviated", "query", "search", "filter", "needle", "complete", "completion",
		"typed", "word", "input", "text", "prompt", "hint", "start", "begin", "head", "tail", "like", "wildcard",
		"base", "parent", "ancestor", "scheme", "url", "uri", "host", "hostname", "domain", "env", "version",
		"ver", "tag", "label", "msg", "line", "header", "mime", "type", "kind", "content", "method", "cmd",
		"command", "flag", "arg", "args", "option", "opt", "import", "module", "mod", "pkg", "package",
		"importpath", "modpath", "pkgpath", "vendor", "goroot", "gopath", "tmp", "temp", "cache")
)

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

var (
	matchWords = set("match", "matches", "matching", "belongs", "within", "inside", "under", "covers",
		"subdir", "subpath", "child", "descendant", "contains", "same", "equal", "equals")
	accessWords = set("allow", "allowed", "allows", "owns", "owner", "owned", "permit", "permits", "permitted",
		"access", "authorized", "authorised", "authorize", "authorise", "can", "may", "deny", "denied", "forbidden")
)

func hasWord(name string, words map[string]bool) bool {
	for _, w := range code.NameWords(name) {
		if words[w] {
			return true
		}
	}
	return false
}

func matchName(name string) bool { return hasWord(name, matchWords) }

func accessName(name string) bool { return hasWord(name, accessWords) }

var deleteWords = set("delete", "remove", "kill", "destroy", "evict", "purge", "drop", "unlink", "terminate",
	"erase", "wipe", "revoke", "removeall", "gc")

// kindOf classifies an operand by the words of its name and of its named
// type: a free word (prefix, query, ...) means a deliberate prefix input
// and wins; a path word beats an ID word.
func kindOf(name, typeName string) kind {
	words := code.NameWords(name)
	if len(words) == 0 {
		return none
	}
	isURL, isParentID := false, false
	for _, w := range words {
		isURL = isURL || urlWords[w]
		isParentID = isParentID || parentIDWords[w]
	}
	words = append(words, code.NameWords(typeName)...)
	k := none
	for _, w := range words {
		switch {
		case isURL && urlWords[w], isParentID && w == "parent":
			// an URL against an URL, a parent ID against a child ID
		case freeWords[w]:
			return none
		case pathWords[w]:
			k = path
		case idWords[w] && k == none:
			k = ident
		}
	}
	if isURL {
		return url
	}
	return k
}

// isFree reports whether a name says its value is matched by prefix on
// purpose, or there is no name at all.
func isFree(name string) bool {
	words := code.NameWords(name)
	return len(words) == 0 || hasWord(name, freeWords)
}

// operands decides from the operands' kinds whether a match of a against
// b can be an identity test, and what it compares. Both must name
// identifiers or paths; against a path-named prefix (root, dir) any
// operand not named as a prefix-matching input will do. Against an
// ID-named prefix (sessionID) an operand with a plain name (n, k, s) will
// do too, but only when the match decides what to delete (deleteOnly):
// the incident's shape, where the cost of a bare prefix is someone else's
// data.
func operands(ka, kb kind, freeA bool) (k kind, deleteOnly, ok bool) {
	if ka == url && kb == url {
		return url, false, true
	}
	if ka == url { // an URL against anything else: a scheme, a host
		ka, freeA = none, true
	}
	if kb == url {
		kb = none
	}
	if kb == none || ka == none && freeA {
		return none, false, false
	}
	k = ident
	if ka == path || kb == path {
		k = path
	}
	return k, ka == none && kb == ident, true
}

// use is what a match decides; each use is one rule.
type use int

const (
	useNone use = iota
	useSelect
	useDelete
	useAuthorise
	useMatch
	useScan // a loop that collects every element under an ID
)

// effects are what a block does.
type effects struct {
	collects bool // appends, counts or sends: a filter over many elements
	deletes  bool // calls delete or a Delete*/Remove*/Kill*... function
	exits    bool // returns, or breaks out of the loop
}

// refusal is how the body of a guard "if !match { ... }" ends.
type refusal int

const (
	refuseNone  refusal = iota
	refuseError         // returns a non-nil error
	refuseFalse         // returns false
)

// site holds the facts about where a match stands, gathered from the
// syntax around it; classifyUse decides from them alone.
type site struct {
	decides bool // the match is an if or tagless-case condition (through !, && and parentheses), or a single returned result
	result  bool // the match is returned
	negated bool // the condition holds when the match does not

	lit       bool   // the result is a function literal's
	litBool   bool   // the literal returns bool
	litCallee string // the name of the function the literal is passed to

	funcName string // the enclosing declared function
	funcBool bool   // it returns a single bool

	loop    bool    // the if or case is in a loop of the function (not across a literal)
	isIf    bool    // an if statement, not a case clause
	hasElse bool    // the if has an else
	body    effects // what runs when the condition holds

	continueGuard bool    // the body is a bare "continue" in that loop
	breakGuard    bool    // the body is a bare "break" out of that loop (the end of a sorted scan)
	restFound     bool    // the statements after the guard in the loop body were found
	rest          effects // what they do
	refusal       refusal // how the body ends
}

// classifyUse says what a match at s decides: the choice of one element of
// a loop (select), a deletion, an access decision (authorise) or the answer
// of a match test; useNone for anything else (a filter that collects, a
// count, a flag, a log line).
func classifyUse(s site) use {
	if !s.decides {
		return useNone
	}
	if s.result {
		switch {
		case s.negated:
			return useNone
		case s.lit:
			if !s.litBool {
				return useNone
			}
			ws := code.NameWords(s.litCallee)
			switch {
			case len(ws) == 0:
				return useNone
			case deleteWords[ws[0]]:
				return useDelete
			case ws[0] == "find" || s.litCallee == "IndexFunc" || s.litCallee == "ContainsFunc":
				return useSelect
			}
			return useNone
		case !s.funcBool:
			return useNone
		case hasWord(s.funcName, freeWords):
			return useNone // HasPathPrefix, matchPrefix: a prefix test by name
		case accessName(s.funcName):
			return useAuthorise
		case matchName(s.funcName):
			return useMatch
		}
		return useNone
	}
	if !s.negated {
		return loopUse(s.loop, s.body)
	}
	// Negated: a guard.
	if s.continueGuard || s.breakGuard {
		return loopUse(s.restFound, s.rest)
	}
	if s.isIf && !s.hasElse {
		switch s.refusal {
		case refuseError:
			return useAuthorise
		case refuseFalse:
			if accessName(s.funcName) {
				return useAuthorise
			}
			if !hasWord(s.funcName, freeWords) {
				return useMatch
			}
		}
	}
	return useNone
}

// loopUse classifies what a loop does with an element that matched: it
// deletes, or it leaves the loop with it; collecting is a scan (reported
// only where the IDs are known to be built with a separator after the
// prefix).
func loopUse(ok bool, e effects) use {
	switch {
	case !ok:
		return useNone
	case e.collects:
		return useScan
	case e.deletes:
		return useDelete
	case e.exits:
		return useSelect
	}
	return useNone
}
