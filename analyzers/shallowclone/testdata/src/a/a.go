package a

import (
	"hash"
	"maps"
	"slices"

	"b"
)

// HealthCheck is a record whose Status is updated concurrently.
type HealthCheck struct {
	Node   string
	Status string
}

// Clone returns a copy of h.
func (h *HealthCheck) Clone() *HealthCheck {
	c := *h
	return &c
}

// CheckState is the incident-2 shape.
type CheckState struct {
	Check  *HealthCheck
	Token  string
	InSync bool
}

func (s *CheckState) Clone() *CheckState {
	c := *s // want `Clone shares field Check \(\*HealthCheck\) with the receiver, and the package writes through it at line 36; the writes show in both copies and race; copy it with its Clone method`
	return &c
}

// SetStatus updates the shared record in place.
func (s *CheckState) SetStatus(status string) { s.Check.Status = status }

// State2 is copied with new and a pointer assignment.
type State2 struct {
	Check *HealthCheck
	Tags  []string
}

func (s *State2) Copy() *State2 {
	p := new(State2)
	*p = *s // want `Copy shares field Check \(\*HealthCheck\)` `Copy shares field Tags \(\[\]string\).*slices.Clone`
	return p
}

// Config has a value receiver Clone: the receiver is already a copy.
type Config struct {
	Name   string
	Labels map[string]string
}

func (c Config) Clone() Config {
	return c // want `Clone shares field Labels \(map\[string\]string\)`
}

// Guarded clones on one path only.
type Guarded struct {
	Check *HealthCheck
}

func (g *Guarded) Clone(fast bool) *Guarded {
	c := *g // want `Clone shares field Check`
	if fast {
		return &c
	}
	c.Check = g.Check.Clone()
	return &c
}

// Lit is cloned by a composite literal.
type Lit struct {
	Name string
	Tags []string
	Note string
}

func (l *Lit) Clone() *Lit {
	return &Lit{
		Name: l.Name,
		Tags: l.Tags, // want `Clone shares field Tags`
		Note: l.Note,
	}
}

// Dropped forgets a field.
type Dropped struct {
	Name  string
	Owner string
	Port  int
	Extra []string
}

func (d *Dropped) DeepCopy() *Dropped {
	return &Dropped{ // want `DeepCopy drops field Extra \(\[\]string\)`
		Name:  d.Name,
		Owner: d.Owner,
		Port:  d.Port,
	}
}

// Item is an element type with references.
type Item struct {
	Vals []int
}

// Elems copies containers but not their elements.
type Elems struct {
	Items []*Item
	ByKey map[string]*Item
}

func (e *Elems) Clone() *Elems {
	c := *e
	c.Items = slices.Clone(e.Items) // want `Clone copies field Items \(\[\]\*Item\) but not its elements`
	c.ByKey = maps.Clone(e.ByKey)   // want `Clone copies field ByKey`
	return &c
}

// Appended grows the original's slice.
type Appended struct {
	Tags []string
}

func (a *Appended) Clone() *Appended {
	c := *a
	c.Tags = append(a.Tags, "copy") // want `Clone shares field Tags`
	return &c
}

// Self returns the receiver, and the type is changed by a method.
type Self struct {
	Tags []string
}

func (s *Self) Add(t string) { s.Tags = append(s.Tags, t) }

func (s *Self) Copy() *Self {
	return s // want `Copy returns the receiver itself, not a copy, and Self is not immutable \(Self: method Add changes it\)`
}

func (s *Self) Clone() *Self {
	return &*s // want `Clone returns the receiver itself`
}

// Into is copied the DeepCopyInto way.
type Into struct {
	Labels map[string]string
	Spec   *HealthCheck
}

func (in *Into) DeepCopyInto(out *Into) {
	*out = *in // want `DeepCopyInto shares field Spec`
	if in.Labels != nil {
		in, out := &in.Labels, &out.Labels
		*out = make(map[string]string, len(*in))
		for k, v := range *in {
			(*out)[k] = v
		}
	}
}

// State is copied by a package function.
type State struct {
	Peers map[string]int
}

func cloneState(s *State) *State {
	c := *s // want `cloneState shares field Peers \(map\[string\]int\) with the original`
	return &c
}

// Digest returns an interface, as hash.Cloner does.
type Digest struct {
	hash.Hash
	Sums map[string][]byte
}

func (d *Digest) Clone() (hash.Hash, error) {
	r := *d // want `Clone shares field Sums`
	return &r, nil
}

// Helpers: a fresh helper covers, an aliasing helper does not.
type Helped struct {
	A map[string]string
	B map[string]string
	C map[string]string
	D map[string]string
}

func copyLabels(m map[string]string) map[string]string { // want copyLabels:"fresh"
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func orDefault(m map[string]string) map[string]string { // want orDefault:"aliases\\[0\\]"
	if m == nil {
		return map[string]string{"default": "yes"}
	}
	return m
}

func (h *Helped) Clone() *Helped {
	c := *h
	c.A = copyLabels(h.A)
	c.B = orDefault(h.B) // want `Clone shares field B`
	c.C = b.CloneMap(h.C)
	c.D = b.OrEmpty(h.D) // want `Clone shares field D`
	return &c
}

// Nested reaches a map through a value struct field.
type Meta struct {
	Labels map[string]string
	Name   string
}

type Nested struct {
	Meta Meta
	ID   int
}

func (n *Nested) Clone() *Nested {
	c := *n // want `Clone shares field Meta.Labels \(map\[string\]string\)`
	return &c
}

// ByField builds the copy field by field.
type ByField struct {
	Name string
	Port int
	Env  map[string]string
}

func (f *ByField) Clone() *ByField {
	c := &ByField{}
	c.Name = f.Name
	c.Port = f.Port
	c.Env = f.Env // want `Clone shares field Env`
	return c
}

// Unexported pointer field that the package writes through.
type counter struct{ n int }

type Stats struct {
	c *counter
}

func (s *Stats) Inc() { s.c.n++ }

func (s *Stats) Clone() *Stats {
	c := *s // want `Clone shares field c \(\*counter\)`
	return &c
}

// Remote points at another package's record (exported fields).
type Remote struct {
	Rec *b.Record
}

func (r *Remote) Clone() *Remote {
	c := *r // want `Clone shares field Rec \(\*b.Record\)`
	return &c
}

// Arr holds an array of pointers.
type Arr struct {
	Slots [4]*Item
}

func (a *Arr) Clone() *Arr {
	c := *a // want `Clone shares field Slots`
	return &c
}

// Embedded promotes a map field.
type Base struct {
	Attrs map[string]string
}

type Derived struct {
	Base
	Name string
}

func (d *Derived) Clone() *Derived {
	c := *d // want `Clone shares field Base.Attrs`
	return &c
}

// Promoted field assignment through the embedded struct covers it.
func (d *Derived) Dup() *Derived {
	c := *d
	c.Attrs = maps.Clone(d.Attrs)
	return &c
}

// Switch returns the shallow copy on one case.
type Switchy struct {
	Tags []string
}

func (s *Switchy) Clone(mode int) *Switchy {
	c := *s // want `Clone shares field Tags`
	switch mode {
	case 0:
		c.Tags = slices.Clone(s.Tags)
	case 1:
		c.Tags = nil
	default:
	}
	return &c
}

// Named result with a var declaration.
type VarDecl struct {
	Tags []string
	Name string
	Kind string
}

func (v *VarDecl) Clone() *VarDecl {
	var c VarDecl
	c.Name = v.Name
	c.Kind = v.Kind
	c.Tags = v.Tags // want `Clone shares field Tags`
	return &c
}

// Address of a value field of the receiver.
type Inner struct{ N int }

type AddrOf struct {
	In  Inner
	Ptr *Inner
}

func (a *AddrOf) Clone() *AddrOf {
	c := AddrOf{In: a.In}
	c.Ptr = &a.In // want `Clone shares field Ptr`
	return &c
}

// NamedResult returns through a named result.
type NamedResult struct {
	Tags []string
}

func (n *NamedResult) Clone() (c *NamedResult) {
	c = new(NamedResult)
	*c = *n // want `Clone shares field Tags`
	return
}

// Elements of an unexported slice written in place.
type entry struct {
	Vals []int
}

type Table2 struct {
	rows []*entry
}

func (t *Table2) Bump(i int) { t.rows[i].Vals[0]++ }

func (t *Table2) Clone() *Table2 {
	c := *t
	c.rows = slices.Clone(t.rows) // want `Clone copies field rows \(\[\]\*entry\) but not its elements`
	return &c
}

// An early nil return of the receiver is fine; returning it otherwise is not.
type Maybe struct {
	Tags []string
}

func (m *Maybe) reset() { m.Tags = nil }

func (m *Maybe) Copy() *Maybe {
	if m == nil {
		return m
	}
	return m // want `Copy returns the receiver itself`
}

// Exported dropped field in a literal clone without a reason.
type Endpoint struct {
	Host    string
	Port    int
	Path    string
	Headers map[string]string
}

func (e *Endpoint) Clone() *Endpoint {
	return &Endpoint{Host: e.Host, Port: e.Port, Path: e.Path} // want `Clone drops field Headers`
}

// An optional scalar pointer that the package writes through.
type Limits struct {
	Max *int
}

func (l *Limits) Bump() { *l.Max++ }

func (l *Limits) Copy() *Limits {
	n := *l // want `Copy shares field Max \(\*int\)`
	return &n
}

// Loops that copy the container but not the elements.
type Loops struct {
	List []*Item
	ByID map[string]*Item
	Sets map[string][]int
}

func (l *Loops) Clone() *Loops {
	c := *l
	c.List = make([]*Item, 0, len(l.List))
	for _, it := range l.List {
		c.List = append(c.List, it) // want `Clone copies field List`
	}
	c.ByID = make(map[string]*Item, len(l.ByID))
	for k, it := range l.ByID {
		c.ByID[k] = it // want `Clone copies field ByID`
	}
	c.Sets = make(map[string][]int, len(l.Sets))
	maps.Copy(c.Sets, l.Sets) // want `Clone copies field Sets`
	return &c
}

// Loops that copy the elements too.
func (l *Loops) DeepCopy() *Loops {
	c := *l
	c.List = make([]*Item, 0, len(l.List))
	for _, it := range l.List {
		c.List = append(c.List, &Item{Vals: slices.Clone(it.Vals)})
	}
	c.ByID = make(map[string]*Item, len(l.ByID))
	for k, it := range l.ByID {
		cp := *it
		cp.Vals = slices.Clone(it.Vals)
		c.ByID[k] = &cp
	}
	c.Sets = make(map[string][]int, len(l.Sets))
	for k, v := range l.Sets {
		c.Sets[k] = slices.Clone(v)
	}
	return &c
}
