package a

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
)

type Lab struct{ Name, SessionID string }

// The incident: garbage collection deletes every lab whose key starts with
// the session ID.
func gc(labs map[string]Lab, sessionID string) {
	for key := range labs {
		if strings.HasPrefix(key, sessionID) { // want `strings.HasPrefix\(key, sessionID\) matches sessionID as a bare prefix to decide what to delete: "abcdef" also matches "abcdef2"; compare with == or require a separator after sessionID`
			delete(labs, key)
		}
	}
}

// Selecting the first lab of a session.
func find(labs []Lab, sessionID string) *Lab {
	for i := range labs {
		if strings.HasPrefix(labs[i].Name, sessionID) { // want `strings.HasPrefix\(labs\[i\].Name, sessionID\) matches sessionID as a bare prefix to select one element`
			return &labs[i]
		}
	}
	return nil
}

// gogs: a user owns the repositories whose name starts with the user name.
type Repo struct{ FullName string }
type User struct{ Name string }

func ownedRepo(repos []Repo, user User) (Repo, bool) {
	for _, r := range repos {
		if strings.HasPrefix(r.FullName, user.Name) { // want `matches user.Name as a bare prefix to select one element`
			return r, true
		}
	}
	return Repo{}, false
}

// filebrowser: a rule for "/uploads" also matches "/uploads_backup".
type Rule struct {
	Allow bool
	Path  string
}

func (r *Rule) Matches(path string) bool {
	return strings.HasPrefix(path, r.Path) // want `strings.HasPrefix\(path, r.Path\) matches r.Path as a bare prefix to decide a match: "/uploads" also matches "/uploads_backup"; compare whole path elements`
}

// A sandbox check on paths.
func open(root, name string) (string, error) {
	full := filepath.Join(root, name)
	if !strings.HasPrefix(full, root) { // want `matches root as a bare prefix to decide access`
		return "", errors.New("outside the sandbox")
	}
	return full, nil
}

// A guard followed by deletion.
type Client interface{ DeleteNamespace(name string) error }

func cleanup(c Client, namespaces []string, sessionID string) {
	for _, ns := range namespaces {
		if !strings.HasPrefix(ns, sessionID) { // want `to decide what to delete`
			continue
		}
		c.DeleteNamespace(ns)
	}
}

// Suffix and bytes variants, and Index == 0.
func bySuffix(names []string, userID string) string {
	for _, name := range names {
		if strings.HasSuffix(name, userID) { // want `strings.HasSuffix\(name, userID\) matches userID as a bare suffix to select one element: "abcdef" also matches "2abcdef"; compare with == or require a separator before userID`
			return name
		}
	}
	return ""
}

func byBytes(keys [][]byte, tokenID []byte) []byte {
	for _, key := range keys {
		if bytes.HasPrefix(key, tokenID) { // want `bytes.HasPrefix\(key, tokenID\) matches tokenID`
			return key
		}
	}
	return nil
}

func byIndex(names []string, tenantID string) string {
	for _, name := range names {
		if strings.Index(name, tenantID) == 0 { // want `strings.Index\(name, tenantID\) == 0 matches tenantID`
			return name
		}
	}
	return ""
}

// A named string type.
type SessionID string

func findTyped(ids []SessionID, s SessionID) SessionID {
	for _, id := range ids {
		if strings.HasPrefix(string(id), string(s)) { // want `matches string\(s\) as a bare prefix`
			return id
		}
	}
	return ""
}

// Break out of the loop with the match.
func first(keys []string, sessionKey string) (found string) {
	for _, key := range keys {
		if strings.HasPrefix(key, sessionKey) && key != "" { // want `matches sessionKey`
			found = key
			break
		}
	}
	return found
}

// The separator the package builds IDs with is offered as a fix.
func labKey(sessionID, lab string) string { return fmt.Sprintf("%s-%s", sessionID, lab) }

// An access decision by name.
func (u User) OwnsRepo(repo Repo) bool {
	return strings.HasPrefix(repo.FullName, u.Name) // want `matches u.Name as a bare prefix to decide access: "abcdef" also matches "abcdef2"`
}

func canAccess(path, rootDir string) bool {
	return strings.HasPrefix(path, rootDir) // want `matches rootDir as a bare prefix to decide access: "/uploads" also matches "/uploads_backup"`
}

// A tagless switch selecting a lab.
func pick(labs []Lab, sessionID string) Lab {
	for _, l := range labs {
		switch {
		case l.SessionID == "":
			continue
		case strings.HasPrefix(l.Name, sessionID): // want `matches sessionID as a bare prefix to select one element`
			return l
		}
	}
	return Lab{}
}

// Predicates passed to deleting and finding functions.
func dropSession(labs []Lab, sessionID string) []Lab {
	return slices.DeleteFunc(labs, func(l Lab) bool {
		return strings.HasPrefix(l.Name, sessionID) // want `matches sessionID as a bare prefix to decide what to delete`
	})
}

func indexSession(labs []Lab, sessionID string) int {
	return slices.IndexFunc(labs, func(l Lab) bool { return strings.HasPrefix(l.Name, sessionID) }) // want `to select one element`
}

// Tenant isolation: a guard that refuses.
var errForbidden = errors.New("forbidden")

type Object struct{ Key string }

func get(obj Object, tenantID string) (Object, error) {
	if !strings.HasPrefix(obj.Key, tenantID) { // want `matches tenantID as a bare prefix to decide access`
		return Object{}, errForbidden
	}
	return obj, nil
}

func authorize(user User, resource string) bool {
	return strings.HasPrefix(resource, user.Name) // want `matches user.Name as a bare prefix to decide access`
}

func skipOthers(names []string, sessionID string) string {
	for _, name := range names {
		if strings.Index(name, sessionID) != 0 { // want `strings.Index\(name, sessionID\) != 0 matches sessionID as a bare prefix to select one element`
			continue
		}
		return name
	}
	return ""
}

// A guard that answers false: a match test, not an access decision.
func isNested(dir, topDir string) bool {
	if !strings.HasPrefix(dir, topDir) { // want `matches topDir as a bare prefix to decide a match`
		return false
	}
	return dir != "/"
}
