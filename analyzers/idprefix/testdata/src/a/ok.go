package a

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Constant prefixes and URL schemes.
func consts(lines []string, url string) string {
	for _, line := range lines {
		if strings.HasPrefix(line, "#") {
			return line
		}
	}
	if strings.HasPrefix(url, "https://") {
		return url
	}
	return ""
}

// The boundary is part of the prefix.
func withSep(labs map[string]Lab, sessionID string) {
	for key := range labs {
		if strings.HasPrefix(key, sessionID+"-") {
			delete(labs, key)
		}
	}
}

// The prefix variable is built with a separator.
func withSepVar(keys []string, sessionID string) string {
	sessionKey := sessionID + "/"
	for _, k := range keys {
		if strings.HasPrefix(k, sessionKey) {
			return k
		}
	}
	return ""
}

func withSepAppended(paths []string, dir string) string {
	if !strings.HasSuffix(dir, "/") {
		dir += "/"
	}
	for _, path := range paths {
		if strings.HasPrefix(path, dir) {
			return path
		}
	}
	return ""
}

// The byte after the prefix is checked.
func indexCheck(names []string, userID string) string {
	for _, name := range names {
		if strings.HasPrefix(name, userID) && (len(name) == len(userID) || name[len(userID)] == '-') {
			return name
		}
	}
	return ""
}

// Exact match first, then a unique prefix, with an ambiguity error: the
// careful short-ID resolver.
func resolve(ids []string, id string) (string, error) {
	var match string
	for _, fullID := range ids {
		if fullID == id {
			return fullID, nil
		}
	}
	for _, fullID := range ids {
		if strings.HasPrefix(fullID, id) {
			if match != "" {
				return "", errors.New("ambiguous id")
			}
			match = fullID
		}
	}
	return match, nil
}

// A minimum length guard.
func shortID(ids []string, id string) string {
	if len(id) < 8 {
		return ""
	}
	for _, fullID := range ids {
		if strings.HasPrefix(fullID, id) {
			return fullID
		}
	}
	return ""
}

// Listing everything under a prefix: a filter that collects.
func list(keys []string, sessionID string) []string {
	var out []string
	for _, key := range keys {
		if strings.HasPrefix(key, sessionID) {
			out = append(out, key)
		}
	}
	return out
}

func count(keys []string, userID string) int {
	n := 0
	for _, key := range keys {
		if strings.HasPrefix(key, userID) {
			n++
		}
	}
	return n
}

// Names that say a prefix match is intended.
func complete(names []string, toComplete string) string {
	for _, name := range names {
		if strings.HasPrefix(name, toComplete) {
			return name
		}
	}
	return ""
}

func byPrefix(keys []string, keyPrefix string) string {
	for _, key := range keys {
		if strings.HasPrefix(key, keyPrefix) {
			return key
		}
	}
	return ""
}

// Operands that are not identifiers.
func notIDs(lines []string, marker string) string {
	for _, line := range lines {
		if strings.HasPrefix(line, marker) {
			return line
		}
	}
	return ""
}

// filepath.Rel does the real check.
func inside(root, path string) bool {
	if !strings.HasPrefix(path, root) {
		return false
	}
	rel, err := filepath.Rel(root, path)
	return err == nil && !strings.HasPrefix(rel, "..")
}

// Splitting at the separator.
func owner(repos []string, user string) string {
	for _, repo := range repos {
		if strings.HasPrefix(repo, user) {
			owner, _, _ := strings.Cut(repo, "/")
			if owner == user {
				return repo
			}
		}
	}
	return ""
}

// Not in a loop, not an access decision: informational use.
func describe(name, sessionID string) string {
	if strings.HasPrefix(name, sessionID) {
		return "session resource"
	}
	return "other"
}

// Assigned to a flag, not a decision here.
func flag(name, userID string) bool {
	ok := strings.HasPrefix(name, userID)
	return ok
}

// A bool function on identifiers that does not decide access or a match.
func isRelated(name, sessionID string) bool {
	return strings.HasPrefix(name, sessionID)
}

// A closure's result: its caller decides.
func walk(root string) error {
	return filepath.Walk(root, func(path string, info os.FileInfo, err error) error {
		if strings.HasPrefix(path, root) {
			return nil
		}
		return err
	})
}

// Suppressed with a reason.
func suppressed(ids []string, id string) string {
	for _, fullID := range ids {
		//hindsight:ignore idprefix short IDs are resolved on purpose; the list holds one entry per prefix
		if strings.HasPrefix(fullID, id) {
			return fullID
		}
	}
	return ""
}

// A bool function on paths whose name says neither match nor access.
func hasDirPrefix(path, dir string) bool {
	return strings.HasPrefix(path, dir)
}

// A prefix test by name.
func matchesPathPrefix(path, dir string) bool {
	return strings.HasPrefix(path, dir)
}

// Closures whose caller only sorts or filters into a new list.
func sortByOwner(labs []Lab, sessionID string) []Lab {
	slices.SortFunc(labs, func(x, y Lab) int {
		if strings.HasPrefix(x.Name, sessionID) {
			return -1
		}
		return 1
	})
	return filterLabs(labs, func(l Lab) bool { return strings.HasPrefix(l.Name, sessionID) })
}

func filterLabs(labs []Lab, keep func(Lab) bool) []Lab {
	var out []Lab
	for _, l := range labs {
		if keep(l) {
			out = append(out, l)
		}
	}
	return out
}

// A switch with a tag is not a prefix test.
func tagged(labs []Lab, name string) Lab {
	for _, l := range labs {
		switch l.Name {
		case name:
			return l
		}
	}
	return Lab{}
}

// Longest-prefix routing uses len(prefix).
type route struct{ path string }

func longest(routes []route, reqPath string) (best route) {
	for _, r := range routes {
		if strings.HasPrefix(reqPath, r.path) && len(r.path) > len(best.path) {
			best = r
		}
	}
	return best
}
