package names

type State struct {
	Tags []string
}

// Snapshot is a copy method under a configured name.
func (s *State) Snapshot() *State {
	c := *s // want `Snapshot shares field Tags`
	return &c
}

// Clone is not in the configured list.
func (s *State) Clone() *State {
	c := *s
	return &c
}
