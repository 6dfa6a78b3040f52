package a

import (
	"context"
	"strings"
)

type nsClient interface {
	List(ctx context.Context) ([]string, error)
	Delete(ctx context.Context, name string) error
}

// The incident through a client: every namespace whose name starts with
// the session's ID is deleted, the next session's too. The listed names
// are plain loop variables, not named as IDs.
func gcSession(ctx context.Context, c nsClient, sessionID string) error {
	names, err := c.List(ctx)
	if err != nil {
		return err
	}
	for _, n := range names {
		if strings.HasPrefix(n, sessionID) { // want `strings.HasPrefix\(n, sessionID\) matches sessionID as a bare prefix to decide what to delete: "abcdef" also matches "abcdef2"`
			if err := c.Delete(ctx, n); err != nil {
				return err
			}
		}
	}
	return nil
}

func forgetUser(m map[string]int, userID string) {
	for k := range m {
		if strings.HasPrefix(k, userID) { // want `strings.HasPrefix\(k, userID\) matches userID as a bare prefix to decide what to delete`
			delete(m, k)
		}
	}
}

// Look-alikes: a plain-named operand against an ID is reported only when
// the match decides a deletion.
func countUser(m map[string]int, userID string) int {
	n := 0
	for k := range m {
		if strings.HasPrefix(k, userID) {
			n++
		}
	}
	return n
}

func firstOf(names []string, sessionID string) string {
	for _, n := range names {
		if strings.HasPrefix(n, sessionID) {
			return n
		}
	}
	return ""
}

func gcSessionOK(ctx context.Context, c nsClient, sessionID string) {
	names, _ := c.List(ctx)
	for _, n := range names {
		if strings.HasPrefix(n, sessionID+"-") || n == sessionID {
			_ = c.Delete(ctx, n)
		}
	}
}

func gcByPrefix(ctx context.Context, c nsClient, prefix string) {
	names, _ := c.List(ctx)
	for _, n := range names {
		if strings.HasPrefix(n, prefix) {
			_ = c.Delete(ctx, n)
		}
	}
}
