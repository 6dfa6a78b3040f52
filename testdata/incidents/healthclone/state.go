// Package healthclone reproduces incident 2: an agent keeps per-check state
// objects and hands out copies through Clone, but Clone copies the struct
// value, so the copy and the original share the health-check record whose
// Status a checker goroutine updates concurrently.
package healthclone

import (
	"sync"
	"time"
)

// HealthCheck is the record the agent syncs to the catalog.
type HealthCheck struct {
	Node      string
	CheckID   string
	Status    string
	Output    string
	ServiceID string
}

// Clone returns a copy of the record.
func (h *HealthCheck) Clone() *HealthCheck {
	c := *h
	return &c
}

// CheckState is the agent's local view of one check.
type CheckState struct {
	// Check is the local copy of the health-check record.
	Check *HealthCheck

	// Token is the ACL token used to sync the check.
	Token string

	// CriticalTime is when the check last went critical.
	CriticalTime time.Time

	// InSync reports whether the catalog has this state.
	InSync bool
}

// Clone returns a copy of the check state for the sync loop.
func (c *CheckState) Clone() *CheckState {
	c2 := *c // the Check pointer is copied, not the record
	return &c2
}

// State holds every check of the agent.
type State struct {
	mu     sync.RWMutex
	checks map[string]*CheckState
}

// NewState returns an empty state.
func NewState() *State {
	return &State{checks: make(map[string]*CheckState)}
}

// AddCheck registers a check.
func (l *State) AddCheck(chk *HealthCheck, token string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.checks[chk.CheckID] = &CheckState{Check: chk.Clone(), Token: token}
}

// UpdateCheck is called by the checker goroutine with each result. It
// writes the shared record in place, under the state lock only.
func (l *State) UpdateCheck(id, status, output string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.checks[id]
	if c == nil {
		return
	}
	if status == "critical" && c.CriticalTime.IsZero() {
		c.CriticalTime = time.Now()
	}
	c.Check.Status = status
	c.Check.Output = output
	c.InSync = false
}

// CheckStates hands the sync loop copies it can read without the lock.
// The copies share each Check record with the map, so the sync loop reads
// Status while UpdateCheck writes it: a data race.
func (l *State) CheckStates() map[string]*CheckState {
	l.mu.RLock()
	defer l.mu.RUnlock()
	m := make(map[string]*CheckState, len(l.checks))
	for id, c := range l.checks {
		m[id] = c.Clone()
	}
	return m
}
