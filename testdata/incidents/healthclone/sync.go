package healthclone

// syncChecks pushes every out-of-sync check to the catalog. It runs on its
// own goroutine and reads the copies without holding the state lock.
func syncChecks(l *State, push func(node, id, status, output string)) {
	for _, c := range l.CheckStates() {
		if c.InSync {
			continue
		}
		push(c.Check.Node, c.Check.CheckID, c.Check.Status, c.Check.Output)
	}
}
