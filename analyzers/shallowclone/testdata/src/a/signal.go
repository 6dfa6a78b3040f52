package a

import "maps"

// Point is immutable: built once by its constructor, never changed after.
type Point struct {
	coords []float64
	Labels map[string]string
}

func NewPoint(c []float64) *Point { // want NewPoint:"fresh"
	p := &Point{coords: c}
	p.Labels = map[string]string{}
	return p
}

func (p *Point) X() float64 { return p.coords[0] }

// Copy returns p: the type is immutable, sharing it is safe.
func (p *Point) Copy() *Point { return p }

// MockStore is a test double that records calls; its Clone hands back the
// same recorder on purpose.
type MockStore struct {
	Calls []string
}

func (m *MockStore) Get(k string) { m.Calls = append(m.Calls, k) }

func (m *MockStore) Clone() *MockStore { return m }

// Options documents the fields its Clone does not copy.
type Options struct {
	Hooks   []func()
	Parent  *Options
	Headers map[string]string
	Extra   map[string]string
}

func (o *Options) AddHeader(k, v string) { o.Headers[k] = v }
func (o *Options) SetExtra(k, v string)  { o.Extra[k] = v }
func (o *Options) Hook(h func())         { o.Hooks = append(o.Hooks, h) }
func (o *Options) Adopt(p *Options)      { o.Parent = p; p.Extra["child"] = "yes" }

// Clone returns a copy of o. It does not copy Extra, and will not set Parent:
// the clone keeps the original's.
func (o *Options) Clone() *Options {
	c := *o // want `Clone shares field Hooks \(\[\]func\(\)\) with the receiver, and the package appends to it at line 42 in Hook, which importers can call on a copy: appends to the copy and to the original fill the same spare capacity and overwrite each other`
	c.Headers = maps.Clone(o.Headers)
	return &c
}

// Settings is copied except for its Cache, which the copy shares.
type Settings struct {
	Cache map[string]int
	Env   map[string]string
}

func (s *Settings) Remember(k string, n int) { s.Cache[k] = n }
func (s *Settings) Setenv(k, v string)       { s.Env[k] = v }

// Clone copies the settings except the Cache.
func (s *Settings) Clone() *Settings {
	c := *s // want `Clone shares field Env \(map\[string\]string\) with the receiver, and the package writes through it at line 60`
	return &c
}
