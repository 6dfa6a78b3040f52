package relock

import (
	"go/token"
	"reflect"

	"golang.org/x/tools/go/ssa"
)

// heldLock is a lock the function must hold at a program point.
type heldLock struct {
	write  bool
	locker bool      // through a Locker of unknown concrete type: never reported
	pos    token.Pos // where this function took it
	via    string    // the call that took it ("h.Obtain"), "" when direct
	relVal ssa.Value // the release function that came with it, if any
	prev   bool      // taken in the previous iteration of a loop
	extra  int       // re-acquisitions already reported, which unlocks consume first
	src    string    // the mutex as written at a direct acquisition ("acc.mu")
	cond   bool      // held only if relVal is a real release function (not an error path's nil)
}

// state is the lock state at a program point.
type state struct {
	held     map[string]heldLock // must-hold
	relEntry map[string]bool     // must: released without having been taken here (value: write)
	released map[string]bool     // may: released so far
}

func newState() *state {
	return &state{held: map[string]heldLock{}, relEntry: map[string]bool{}, released: map[string]bool{}}
}

func (s *state) clone() *state {
	t := &state{
		held:     make(map[string]heldLock, len(s.held)),
		relEntry: make(map[string]bool, len(s.relEntry)),
		released: make(map[string]bool, len(s.released)),
	}
	for k, v := range s.held {
		t.held[k] = v
	}
	for k, w := range s.relEntry {
		t.relEntry[k] = w
	}
	for k := range s.released {
		t.released[k] = true
	}
	return t
}

// meet joins two states where control flow merges: must-hold by
// intersection, may-release by union. States are never changed once made
// (transfer copies before writing), so meet shares maps where it can.
func meet(a, b *state) *state {
	if a == nil {
		return b
	}
	if a == b {
		return a
	}
	return &state{
		held:     intersect(a.held, b.held, meetHeld),
		relEntry: intersect(a.relEntry, b.relEntry, func(x, y bool) (bool, bool) { return x, x == y }),
		released: unionSet(a.released, b.released),
	}
}

// meetHeld joins a lock both paths hold; ok is false when they hold it
// differently (read against write), and then neither does.
func meetHeld(x, y heldLock) (_ heldLock, ok bool) {
	if x.write != y.write || x.locker != y.locker {
		return x, false
	}
	if y.pos < x.pos && y.pos.IsValid() {
		x.pos, x.via, x.src = y.pos, y.via, y.src
	}
	if x.relVal != y.relVal {
		x.relVal = nil
	}
	x.cond = x.cond || y.cond
	x.prev = x.prev && y.prev
	x.extra = min(x.extra, y.extra)
	return x, true
}

// intersect returns the keys in both a and b, each with the value join
// makes of its two values, unless join says no. An empty map is shared,
// not copied.
func intersect[V any](a, b map[string]V, join func(x, y V) (V, bool)) map[string]V {
	switch {
	case len(a) == 0:
		return a
	case len(b) == 0:
		return b
	}
	t := make(map[string]V, len(a))
	for k, x := range a {
		if y, ok := b[k]; ok {
			if v, ok := join(x, y); ok {
				t[k] = v
			}
		}
	}
	return t
}

// sameMap reports whether a and b are the same map (shared, not copied).
func sameMap(a, b map[string]bool) bool {
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

// unionSet returns the union of two sets, sharing one when it contains the
// other.
func unionSet(a, b map[string]bool) map[string]bool {
	if len(b) == 0 || sameMap(a, b) {
		return a
	}
	if len(a) < len(b) {
		a, b = b, a
	}
	subset := true
	for k := range b {
		if !a[k] {
			subset = false
			break
		}
	}
	if subset {
		return a
	}
	u := make(map[string]bool, len(a)+len(b))
	for k := range a {
		u[k] = true
	}
	for k := range b {
		u[k] = true
	}
	return u
}

func (s *state) equal(t *state) bool {
	if s == nil || t == nil {
		return s == t
	}
	if len(s.held) != len(t.held) || len(s.relEntry) != len(t.relEntry) || len(s.released) != len(t.released) {
		return false
	}
	for k, x := range s.held {
		y, ok := t.held[k]
		if !ok || x.write != y.write || x.pos != y.pos || x.prev != y.prev || x.relVal != y.relVal || x.extra != y.extra || x.cond != y.cond {
			return false
		}
	}
	for k, w := range s.relEntry {
		if v, ok := t.relEntry[k]; !ok || v != w {
			return false
		}
	}
	for k := range s.released {
		if !t.released[k] {
			return false
		}
	}
	return true
}
