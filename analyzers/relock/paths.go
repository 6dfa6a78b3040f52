package relock

import (
	"strconv"
	"strings"
)

// Access paths are strings: a root followed by tokens.
//
//	root:  p<i> (parameter i; the receiver is p0), f<i> (free variable i of a
//	       function literal), g{pkgpath.name} (address of a package-level
//	       variable), v<i> (a local value of the function, never exported)
//	token: .name (field address), ^ (load through a pointer), & (address of
//	       a value), [k] (constant index), ~r (RLocker of), ={n} (address of
//	       a local copy n of a value: memory of its own until a load leaves it)
//
// Two locks are the same instance when their paths are equal: identity is
// per instance, never per type.

// maxTokens bounds path length so recursion over linked structures stops.
const maxTokens = 8

// splitRoot splits a path into its root and the tokens that follow.
func splitRoot(key string) (root, rest string) {
	if strings.HasPrefix(key, "g{") {
		if i := strings.IndexByte(key, '}'); i >= 0 {
			return key[:i+1], key[i+1:]
		}
		return key, ""
	}
	i := strings.IndexAny(key, ".^&[~=")
	if i < 0 {
		return key, ""
	}
	return key[:i], key[i:]
}

// exportable reports whether a path can appear in a summary: it is rooted
// at a parameter, free variable or global, not at a local value.
func exportable(key string) bool {
	root, _ := splitRoot(key)
	return root != "" && root[0] != 'v' && !strings.Contains(key, "={")
}

// join appends tokens to a path, cancelling load/address pairs, and fails
// when the path grows too long.
func join(base, rest string) (string, bool) {
	s := base + rest
	// A copy's pointer fields point where the original's do: once a load
	// follows, the copy is as good as the original.
	for {
		i := strings.Index(s, "={")
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 || !strings.Contains(s[i+j:], "^") {
			break
		}
		s = s[:i] + "&" + s[i+j+1:]
	}
	for {
		t := strings.ReplaceAll(strings.ReplaceAll(s, "^&", ""), "&^", "")
		if t == s {
			break
		}
		s = t
	}
	_, tail := splitRoot(s)
	if strings.Count(tail, ".")+strings.Count(tail, "^")+strings.Count(tail, "[") > maxTokens {
		return "", false
	}
	return s, true
}

// rootIndex parses p<i> or f<i>.
func rootIndex(root string) (kind byte, i int, ok bool) {
	if len(root) < 2 || (root[0] != 'p' && root[0] != 'f') {
		return 0, 0, false
	}
	n, err := strconv.Atoi(root[1:])
	if err != nil {
		return 0, 0, false
	}
	return root[0], n, true
}

// hasPrefixPath reports whether key is prefix followed by a token boundary.
func hasPrefixPath(key, prefix string) bool {
	if !strings.HasPrefix(key, prefix) {
		return false
	}
	return len(key) == len(prefix) || strings.ContainsRune(".^&[~=", rune(key[len(prefix)]))
}

// renderTail renders the tokens of a path as Go source: fields keep their
// dots, loads and address-of are implicit.
func renderTail(rest string) string {
	var b strings.Builder
	for i := 0; i < len(rest); i++ {
		switch c := rest[i]; c {
		case '^', '&':
		case '=':
			if j := strings.IndexByte(rest[i:], '}'); j >= 0 {
				i += j
			}
		case '~':
			if strings.HasPrefix(rest[i:], "~r") {
				b.WriteString(".RLocker()")
				i++
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
