package a

import "slices"

// Writes that do not show a copy and its original writing into each
// other: a value being built by the functions its constructor calls, a
// default filled only where the value is empty, a config tree decoded into
// the value, a sort in place. Their look-alikes that do are reported.

// ---- construction through parameters ----

// Every call of fillSettings passes a value its caller just allocated.
type BuiltSettings struct {
	meta  map[string]string
	hosts []string
}

func LoadSettings(names []string) *BuiltSettings { // want LoadSettings:"fresh"
	s := &BuiltSettings{}
	fillSettings(s, names)
	return s
}

func fillSettings(s *BuiltSettings, names []string) {
	if s.meta == nil {
		s.meta = map[string]string{}
	}
	for _, n := range names {
		s.meta[n] = "on"
		addHost(s, n)
	}
}

func addHost(s *BuiltSettings, h string) { s.hosts[len(s.hosts)-1] = h }

func (s *BuiltSettings) Clone() *BuiltSettings {
	c := *s
	return &c
}

// The same filler, also handed a Clone's result: the copy is filled in
// place, and the original sees it.
type Profile struct {
	meta map[string]string
}

func NewProfile() *Profile { // want NewProfile:"fresh"
	p := &Profile{}
	fillProfile(p, "new")
	return p
}

func fillProfile(p *Profile, n string) {
	if p.meta == nil {
		p.meta = map[string]string{}
	}
	p.meta[n] = "on"
}

func (p *Profile) Clone() *Profile {
	c := *p // want `Clone shares field meta \(map\[string\]string\) with the receiver, and the package writes through it`
	return &c
}

func Derive(p *Profile) *Profile { // want Derive:"fresh"
	c := p.Clone()
	fillProfile(c, "derived")
	return c
}

// An exported filler no package code calls: importers can call it at any
// time, on any value.
type OpenLimits struct {
	byName map[string]int
}

func FillLimits(l *OpenLimits, n string) { l.byName[n] = 1 }

func (l *OpenLimits) Clone() *OpenLimits {
	c := *l // want `Clone shares field byName \(map\[string\]int\) with the receiver, and the package writes through it`
	return &c
}

// ---- default filling ----

type Callout struct {
	Account string
}

// Defaults filled only where the value is empty: a copy gets what the
// original already holds.
type Server struct {
	callout *Callout
	pinned  []string
	seen    map[string]bool
}

func applyDefaults(s *Server, sys string) {
	if s.callout != nil && s.callout.Account == "" {
		s.callout.Account = "global"
	}
	found := false
	for _, p := range s.pinned {
		if p == sys {
			found = true
			break
		}
	}
	if !found {
		s.pinned = append(s.pinned, sys)
	}
	if !slices.Contains(s.pinned, "$G") {
		s.pinned = append(s.pinned, "$G")
	}
	if _, ok := s.seen[sys]; !ok {
		s.seen[sys] = true
	}
}

func ApplyDefaults(s *Server) { applyDefaults(s, "$SYS") }

func (s *Server) Clone() *Server {
	c := *s
	return &c
}

// The same writes without the emptiness check overwrite what copies hold.
type Node2 struct {
	callout *Callout
	pinned  []string
	seen    map[string]bool
}

func resetNode(n *Node2, sys string) {
	if n.callout != nil {
		n.callout.Account = sys
	}
	if len(n.seen) > 0 {
		n.seen[sys] = true
	}
}

func grow(n *Node2, sys string) {
	found := false
	if !found {
		n.pinned = append(n.pinned, sys)
	}
}

func Reset(n *Node2) { resetNode(n, "$SYS"); grow(n, "$SYS") }

func (n *Node2) Clone() *Node2 {
	c := *n // want `Clone shares field callout \(\*Callout\) with the receiver, and the package writes through it` `Clone shares field pinned \(\[\]string\) with the receiver, and the package appends to it .* in grow, which importers can call on a copy` `Clone shares field seen \(map\[string\]bool\) with the receiver, and the package writes through it`
	return &c
}

// ---- decoding a config tree into the value ----

type Conf struct {
	tags  map[string]string
	extra map[string]any
	names map[string]string
}

func (c *Conf) apply(k string, v any) {
	switch k {
	case "tags":
		for tk, tv := range v.(map[string]any) {
			c.tags[tk] = tv.(string)
		}
	}
}

func (c *Conf) Apply(k string, v any) { c.apply(k, v) }

// A setter storing its argument as it is decodes nothing, nor does one
// that switches on scalar types.
func (c *Conf) Put(k string, v any) { c.extra[k] = v }

func (c *Conf) putScalar(k string, v any) {
	switch v := v.(type) {
	case string:
		c.names[k] = v
	case int:
		c.names[k] = "n"
	}
}

func (c *Conf) PutScalar(k string, v any) { c.putScalar(k, v) }

func (c *Conf) Clone() *Conf {
	n := *c // want `Clone shares field extra \(map\[string\]any\) with the receiver, and the package writes through it` `Clone shares field names \(map\[string\]string\) with the receiver, and the package writes through it`
	return &n
}

// A provisioning step that loads its own document (a module loader's
// result, not a parameter) and decodes it into the value is decoding too;
// one that stores what a call returned as it is decodes nothing.
type loader struct{}

func (loader) Load(name string) (any, error) { return nil, nil }

type Filters struct {
	fields map[string]string
	cache  map[string]any
}

func (f *Filters) Provision(l loader) error {
	if f.fields == nil {
		f.fields = make(map[string]string)
	}
	vals, err := l.Load("fields")
	if err != nil {
		return err
	}
	for k, v := range vals.(map[string]any) {
		f.fields[k] = v.(string)
	}
	return nil
}

func (f *Filters) Remember(l loader, k string) {
	v, _ := l.Load(k)
	f.cache[k] = v
}

func (f Filters) Clone() Filters {
	return Filters{fields: f.fields, cache: f.cache} // want `Clone shares field cache \(map\[string\]any\) with the receiver, and the package writes through it`
}

// ---- order only ----

type Origins struct {
	allowed []string
	weights []int
}

func normalize(o *Origins) {
	slices.Sort(o.allowed)
	o.weights[0] = 1
}

func Normalize(o *Origins) { normalize(o) }

func (o *Origins) Clone() *Origins {
	c := *o // want `Clone shares field weights \(\[\]int\) with the receiver, and the package writes through it`
	return &c
}

// ---- a slice re-derived from the value's own data ----

type signer struct {
	subject string
	keys    []string
}

// Keys are derived from the operators: a copy that expands them appends
// the same elements into the shared spare capacity.
type Keyring struct {
	ops  []signer
	keys []string
}

func (k *Keyring) Expand() {
	for _, op := range k.ops {
		k.keys = append(k.keys, op.subject)
		k.keys = append(k.keys, op.keys...)
	}
}

func (k *Keyring) Clone() *Keyring {
	c := *k
	return &c
}

// Appending what the caller passes, even in a loop over the value's own
// data, gives copies different elements in the same slots.
type Keyring2 struct {
	ops  []signer
	keys []string
}

func (k *Keyring2) Expand(extra string) {
	for range k.ops {
		k.keys = append(k.keys, extra)
	}
}

func (k *Keyring2) Clone() *Keyring2 {
	c := *k // want `Clone shares field keys \(\[\]string\) with the receiver, and the package appends to it at line \d+ in Expand, which importers can call on a copy`
	return &c
}

// The package derives the keys on a copy as well as on the original.
func CheckKeyring(k *Keyring) *Keyring { // want CheckKeyring:"fresh"
	c := k.Clone()
	c.Expand()
	return c
}
