// Package recall holds the shapes upstream projects fixed (issue 16).
package recall

import (
	"maps"
	"slices"
	"sync"
)

// ---- &(*p) looks like a copy of the pointee but is the same pointer ----

type Limits struct{ Max int }

type Policy struct {
	Limits *Limits
	Name   string
}

func (p *Policy) SetMax(n int) { p.Limits.Max = n }

func (p *Policy) Copy() *Policy {
	np := *p
	np.Limits = &(*p.Limits) // want `Copy shares field Limits \(\*Limits\) with the receiver, and the package writes through it`
	return &np
}

// Good: the pointee is copied into a new variable.
func (p *Policy) Clone() *Policy {
	np := *p
	l := *p.Limits
	np.Limits = &l
	return &np
}

// Every Copy method of a file that returns &(*o) of a mutated type.
type OptsA struct{ Tags []string }

func (o *OptsA) Add(t string) { o.Tags = append(o.Tags, t) }

func (o *OptsA) Copy() *OptsA { return &(*o) } // want `Copy returns the receiver itself`

type OptsB struct{ Env map[string]string }

func (o *OptsB) Set(k, v string) { o.Env[k] = v }

func (o *OptsB) Copy() *OptsB { return &(*o) } // want `Copy returns the receiver itself`

type OptsC struct{ N *int }

func (o *OptsC) Bump() { *o.N++ }

func (o *OptsC) Copy() *OptsC {
	return &*o // want `Copy returns the receiver itself`
}

// ---- a fix-up applied to the original instead of the copy ----

type Node struct {
	Kind     string
	Children []string
}

func (n *Node) copy() *Node {
	c := *n
	c.Children = slices.Clone(n.Children)
	return &c
}

// Compat normalises the node in place.
func (n *Node) Compat() {
	if n.Kind == "" {
		n.Kind = "default"
	}
}

func (n *Node) Copy() *Node {
	newN := n.copy()
	n.Compat() // want `Copy changes the receiver after making the copy newN: n.Compat\(\) writes through n; apply it to the copy`
	return newN
}

func (n *Node) Clone() *Node {
	newN := n.copy()
	newN.Compat()
	return newN
}

type Doc struct {
	Title   string
	Version int
}

func (d *Doc) DeepCopy() *Doc {
	c := *d
	d.Version++ // want `DeepCopy changes the receiver after making the copy c: d.Version\+\+ writes through d`
	return &c
}

// Lazy state computed on the original before the copy is made: silent.
func (d *Doc) bump() { d.Version++ }

func (d *Doc) Clone() *Doc {
	d.bump()
	c := *d
	return &c
}

func (d *Doc) Dup() *Doc {
	c := *d
	c.Version++
	return &c
}

// ---- maps of slices / maps / pointers copied one level ----

type Index struct {
	Postings map[string][]int
	Sets     map[string]map[string]bool
}

func (ix *Index) Add(term string, id int) { ix.Postings[term] = append(ix.Postings[term], id) }

func (ix *Index) Mark(s, k string) { ix.Sets[s][k] = true }

func (ix *Index) Clone() *Index {
	c := &Index{Postings: make(map[string][]int, len(ix.Postings))}
	for k, v := range ix.Postings {
		c.Postings[k] = v // want `Clone copies field Postings \(map\[string\]\[\]int\) but not its elements.*the package writes into them`
	}
	c.Sets = maps.Clone(ix.Sets) // want `Clone copies field Sets .*the package writes into them`
	return c
}

func (ix *Index) Copy() *Index {
	c := &Index{Postings: make(map[string][]int, len(ix.Postings)), Sets: map[string]map[string]bool{}}
	for k, v := range ix.Postings {
		c.Postings[k] = slices.Clone(v)
	}
	for k, v := range ix.Sets {
		c.Sets[k] = maps.Clone(v)
	}
	return c
}

// Header is a map type with its own Clone.
type Header map[string][]string

func (h Header) Add(k, v string) { h[k] = append(h[k], v) }

func (h Header) Clone() Header {
	out := make(Header, len(h))
	for k, v := range h {
		out[k] = v // want `Clone copies the Header but not its values \(\[\]string\), which still refer to the receiver's; the package writes into them`
	}
	return out
}

// Labels is a map type whose values are never written in place: info.
type Labels map[string][]string

func (l Labels) Get(k string) []string { return l[k] }

func (l Labels) Clone() Labels {
	out := make(Labels, len(l))
	for k, v := range l {
		out[k] = v // want `Clone copies the Labels but not its values \(\[\]string\), which still refer to the receiver's$`
	}
	return out
}

// An unexported one is silent.
type tags map[string][]string

func (t tags) get(k string) []string { return t[k] }

func (t tags) Clone() tags { return maps.Clone(t) }

// A slice type of pointers to a mutated type.
type Items []*Item

func (s Items) Clone() Items {
	return slices.Clone(s) // want `Clone copies the Items but not its elements \(\*Item\), which still refer to the receiver's; Item: method Take changes it`
}

// Good: the values are copied too.
type Params map[string][]string

func (p Params) Add(k, v string) { p[k] = append(p[k], v) }

func (p Params) Clone() Params {
	out := make(Params, len(p))
	for k, v := range p {
		out[k] = slices.Clone(v)
	}
	return out
}

// ---- partial deep copies ----

type Item struct{ Qty int }

func (it *Item) Take() { it.Qty-- }

func consume(it *Item) { it.Take() }

// Provider is changed by a method, but only while it is built: sharing
// its values between copies is safe.
type Provider struct {
	URL    string
	client string
}

func (p *Provider) init() { p.client = "http:" + p.URL }

func newProvider(url string) *Provider { // want newProvider:"fresh"
	p := &Provider{URL: url}
	p.init()
	return p
}

// Vendor is built as a value, set up by a method, then stored by address.
type Vendor struct {
	Name string
	api  string
}

func newVendor(name string) Vendor { return Vendor{Name: name} }

func (v *Vendor) setup() { v.api = "https://" + v.Name }

func loadVendors(names []string) map[string]*Vendor { // want loadVendors:"fresh"
	out := map[string]*Vendor{}
	for _, n := range names {
		v := newVendor(n)
		v.setup()
		out[n] = &v
	}
	return out
}

type Vendors struct {
	byName map[string]*Vendor
}

func (vs *Vendors) Clone() *Vendors {
	return &Vendors{byName: maps.Clone(vs.byName)}
}

type Providers struct {
	ByName map[string]*Provider
}

func (ps *Providers) Clone() *Providers {
	return &Providers{ByName: maps.Clone(ps.ByName)} // want `Clone copies field ByName \(map\[string\]\*Provider\) but not its elements, which still refer to the receiver's data$`
}

type Bucket struct {
	items []*Item
	index map[string]int
	Names []string
}

func (b *Bucket) Put(name string, it *Item) {
	if b.index == nil {
		b.index = map[string]int{}
	}
	b.index[name] = len(b.items)
	b.items = append(b.items, it)
}

func (b *Bucket) Clone() *Bucket {
	nb := *b                         // want `Clone shares field index \(map\[string\]int\) with the receiver, and the package writes through it`
	nb.items = slices.Clone(b.items) // want `Clone copies field items \(\[\]\*Item\) but not its elements.*Item: method Take changes it`
	nb.Names = slices.Clone(b.Names)
	return &nb
}

// ---- copies not named Clone: the caller writes into the result ----

type Stats struct {
	Counts map[string]int
	Tags   []string
	Total  int
}

func (s *Stats) snapshot() *Stats {
	v := *s // want `snapshot shares field Counts \(map\[string\]int\) with the receiver, and its result is written through at line \d+`
	return &v
}

func merge(dst *Stats, src map[string]int) {
	for k, n := range src {
		dst.Counts[k] += n
	}
}

func Accumulate(base *Stats, more map[string]int) *Stats {
	acc := base.snapshot()
	merge(acc, more)
	return acc
}

// A copy helper whose result is only read: silent.
func (s *Stats) view() *Stats {
	v := *s
	return &v
}

func Report(s *Stats) int {
	r := s.view()
	r.Total = len(r.Counts) // a field store on the copy itself, not through the shared map
	return r.Total + len(r.Tags)
}

// ---- generic containers ----

type Bag[T comparable] struct {
	counts map[T]int
}

func (b *Bag[T]) Add(v T) { b.counts[v]++ }

func (b *Bag[T]) Clone() *Bag[T] {
	return &Bag[T]{counts: b.counts} // want `Clone shares field counts \(map\[T\]int\) with the receiver, and the package writes through it`
}

type Queue[T any] struct {
	items []T
}

func (q *Queue[T]) Push(v T) { q.items = append(q.items, v) }

func (q *Queue[T]) Copy() *Queue[T] {
	c := *q // want `Copy shares field items \(\[\]T\) with the receiver, and the package appends to it at line 331 in Push, which importers can call on a copy`
	return &c
}

func (q *Queue[T]) Clone() *Queue[T] {
	return &Queue[T]{items: slices.Clone(q.items)}
}

// ---- a map filled lazily by a setter ----

type Config struct {
	Keys map[string]string
	Name string
}

func (c *Config) Set(k, v string) {
	if c.Keys == nil {
		c.Keys = map[string]string{}
	}
	c.Keys[k] = v
}

func (c *Config) Copy() *Config {
	var cp = *c // want `Copy shares field Keys \(map\[string\]string\) with the receiver, and the package writes through it`
	return &cp
}

// A constructor filling the map it just made is construction: silent.
type Registry struct {
	byName map[string]int
}

func newRegistry(names []string) *Registry { // want newRegistry:"fresh"
	r := &Registry{}
	r.byName = make(map[string]int)
	for i, n := range names {
		r.byName[n] = i
	}
	return r
}

func (r *Registry) Clone() *Registry {
	c := *r
	return &c
}

// ---- collaborators the copies share by design: silent ----

// Recorder collects writes; a trie and its copies report to one recorder.
type Recorder struct {
	seen map[string]int
}

func (r *Recorder) Record(k string) { r.seen[k]++ }

type Trie struct {
	recorder *Recorder
	root     string
}

func (t *Trie) Put(k string) {
	t.root = k
	if t.recorder != nil {
		t.recorder.Record(k)
	}
}

func (t *Trie) Copy() *Trie {
	return &Trie{recorder: t.recorder, root: t.root}
}

// meter guards its own state with a lock: sharing it does not race.
type meter struct {
	mu    syncMutex
	bytes uint64
}

type syncMutex = sync.Mutex

func (m *meter) add(n uint64) {
	m.mu.Lock()
	m.bytes += n
	m.mu.Unlock()
}

type Xfer struct {
	N       int
	measure *meter
}

func (x *Xfer) Update(n uint64) { x.N++; x.measure.add(n); x.measure.bytes = 0 }

func (x *Xfer) Clone() *Xfer { return &Xfer{N: x.N, measure: x.measure} }

// A data record with its own Clone, written through its methods: reported.
type Record struct{ Status string }

func (r *Record) Clone() *Record { c := *r; return &c }

func (r *Record) Set(s string) { r.Status = s }

type Holder struct {
	rec *Record
}

func (h *Holder) Update(s string) { h.rec.Set(s) }

func (h *Holder) Clone() *Holder {
	c := *h // want `Clone shares field rec \(\*Record\) with the receiver, and the package writes through it`
	return &c
}

// ---- the nil guard is about the alias, not the field it is filled from ----

type Quota struct{ Max int }

type Tenant struct{ Quota *Quota }

type Account struct {
	Tenant *Tenant
}

// SetMax writes into the tenant's quota through q when the caller passes
// none: the guard fills q, and the write lands in memory the copies share.
func (a *Account) SetMax(q *Quota, n int) {
	if q == nil {
		q = a.Tenant.Quota
	}
	q.Max = n
}

func (a *Account) Clone() *Account {
	c := *a // want `Clone shares field Tenant \(\*Tenant\) with the receiver, and the package writes through it at line 460`
	return &c
}

// Good: the guard is about the field's own key: a default every copy
// agrees on, written again into a copy it would be the same.
type Defaults struct {
	Labels map[string]string
}

func (d *Defaults) Default(k, v string) {
	if _, ok := d.Labels[k]; !ok {
		d.Labels[k] = v
	}
}

func (d *Defaults) Clone() *Defaults {
	c := *d // want `Clone shares field Labels \(map\[string\]string\) with the receiver; nothing in the package writes through it`
	return &c
}

// ---- what a message names does not depend on map order ----

type Part struct{ Name string }

type Inventory []*Part

func (inv Inventory) Clone() Inventory {
	return slices.Clone(inv) // want `Clone copies the Inventory but not its elements \(\*Part\), which still refer to the receiver's; Part: its field Name is assigned at line 498`
}

func rename(it *Part) {
	it.Name = "renamed"
}

func retitle(it *Part) {
	it.Name = "retitled"
}

func relabel(it *Part) {
	it.Name = "relabelled"
}
