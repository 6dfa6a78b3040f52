package grades

import "slices"

type Rec struct{ Status string }

type Written struct {
	Rec *Rec
}

func (w *Written) Set(s string) { w.Rec.Status = s }

func (w *Written) Clone() *Written {
	c := *w // want `Clone shares field Rec`
	return &c
}

type Exported struct {
	Tags []string
}

func (e *Exported) Clone() *Exported {
	c := *e // want `Clone shares field Tags`
	return &c
}

type Elems struct {
	Recs []*Rec
}

func (e *Elems) Clone() *Elems {
	c := *e
	c.Recs = slices.Clone(e.Recs) // want `Clone copies field Recs`
	return &c
}

type Self struct{ Tags []string }

func (s *Self) Add(t string) { s.Tags = append(s.Tags, t) }

type Note struct{ Text string }

type Notes struct {
	Notes []*Note
}

func (n *Notes) Clone() *Notes {
	c := *n
	c.Notes = slices.Clone(n.Notes) // want `Clone copies field Notes`
	return &c
}

func (s *Self) Copy() *Self {
	return s // want `Copy returns the receiver itself`
}

// Appended only on the stored original: info.
type Journal struct {
	Entries []string
}

func (j *Journal) Clone() *Journal {
	c := *j // want `Clone shares field Entries`
	return &c
}

type store struct{ j *Journal }

func (s *store) note(e string) { s.j.Entries = append(s.j.Entries, e) }

// Appended by an exported method, so also on copies: error.
type Outbox struct {
	Pending []string
}

func (o *Outbox) Push(m string) { o.Pending = append(o.Pending, m) }

func (o *Outbox) Clone() *Outbox {
	c := *o // want `Clone shares field Pending`
	return &c
}
