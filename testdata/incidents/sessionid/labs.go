// Package sessionid reproduces incident 3: a lab platform creates one
// Kubernetes namespace per user session, named "<lesson>-<session>-ns", and
// recovers the session from the namespace name with TrimRight, whose second
// argument is a set of characters, not a suffix. Lab state is keyed
// "<session>-<lab>" and matched to a session by prefix, so garbage
// collection for session "abcdef" also deletes the labs of "abcdef2".
package sessionid

import (
	"fmt"
	"strings"
)

// Namespace is the Kubernetes namespace of one lesson in one session.
func Namespace(lesson int, session string) string {
	return fmt.Sprintf("%d-%s-ns", lesson, session)
}

// SessionOf recovers the session from a namespace name: "14-abcdefn-ns"
// and "14-abcdefs-ns" both become "abcdef".
func SessionOf(ns string) string {
	_, rest, _ := strings.Cut(ns, "-")
	return strings.TrimRight(rest, "-ns")
}

// Store holds the state of every running lab, keyed "<session>-<lab>".
type Store struct {
	labs map[string]Lab
}

// Lab is one running lab.
type Lab struct {
	Namespace string
	Image     string
}

func labKey(sessionID, lab string) string { return sessionID + "-" + lab }

// Start records a lab of a session.
func (s *Store) Start(sessionID, lab string, l Lab) {
	if s.labs == nil {
		s.labs = map[string]Lab{}
	}
	s.labs[labKey(sessionID, lab)] = l
}

// Collect deletes the labs of a finished session, and with them those of
// every session whose ID starts with the same characters.
// fixed.go holds the fixed versions.
func (s *Store) Collect(sessionID string, deleteNamespace func(string) error) error {
	for key, l := range s.labs {
		if strings.HasPrefix(key, sessionID) {
			if err := deleteNamespace(l.Namespace); err != nil {
				return err
			}
			delete(s.labs, key)
		}
	}
	return nil
}

// OnNamespaceDeleted forgets the labs of the session a namespace belonged to.
func (s *Store) OnNamespaceDeleted(ns string, deleteNamespace func(string) error) error {
	return s.Collect(SessionOf(ns), deleteNamespace)
}
