package fix

import (
	"fmt"
	"strings"
)

func labKey(sessionID, lab string) string { return sessionID + "-" + lab }

func gc(labs map[string]int, sessionID string) {
	for key := range labs {
		if strings.HasPrefix(key, sessionID) { // want `IDs are built with "-" after sessionID`
			delete(labs, key)
		}
	}
}

type S struct{ UserID string }

func name(s S, n int) string { return fmt.Sprintf("%s/%d", s.UserID, n) }

func find(names []string, s S) string {
	for _, name := range names {
		if strings.HasPrefix(name, s.UserID) { // want `IDs are built with "/" after s.UserID`
			return name
		}
	}
	return ""
}
