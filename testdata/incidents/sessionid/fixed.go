package sessionid

import "strings"

// The fixed versions, which hindsight leaves alone.

// SessionOfFixed strips the suffix, not a set of characters.
func SessionOfFixed(ns string) string {
	_, rest, _ := strings.Cut(ns, "-")
	return strings.TrimSuffix(rest, "-ns")
}

// CollectFixed matches whole session IDs: the key's session part ends at
// the separator the keys are built with.
func (s *Store) CollectFixed(sessionID string, deleteNamespace func(string) error) error {
	for key, l := range s.labs {
		if strings.HasPrefix(key, sessionID+"-") {
			if err := deleteNamespace(l.Namespace); err != nil {
				return err
			}
			delete(s.labs, key)
		}
	}
	return nil
}
