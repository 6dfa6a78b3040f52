package a

import (
	"bytes"
	"context"
	"log"
	"log/slog"
	"maps"
	"net/netip"
	"regexp"
	"slices"
	"sync"
	"sync/atomic"
	"text/template"
	"time"

	"b"
)

// Immutable or shared-by-design field types stay silent.
type Shared struct {
	Re       *regexp.Regexp
	Loc      *time.Location
	Tmpl     *template.Template
	Log      *slog.Logger
	StdLog   *log.Logger
	Ctx      context.Context
	OnChange func()
	Done     chan struct{}
	Pool     *sync.Pool
	Hits     *atomic.Int64
	Any      any
	At       time.Time
	Addr     netip.Addr
	Buf      *bytes.Buffer
	Handle   *b.Handle
	Name     string
	Deadline *time.Timer
}

func (s *Shared) Clone() *Shared {
	c := *s
	return &c
}

// Marked fields say they are shared.
type Marked struct {
	//hindsight:shared the index is rebuilt, never edited in place
	Index map[string]int
	// Peers may be shared with clones: they are only ever replaced.
	Peers []string
	Names []string // read-only after construction
}

func (m *Marked) Clone() *Marked {
	c := *m
	return &c
}

// Shallow says so in its doc comment.
type Shallow struct {
	Check *HealthCheck
}

// Clone returns a shallow copy of s. The check record still points to the
// original and must not be modified.
func (s *Shallow) Clone() *Shallow {
	c := *s
	return &c
}

// Named in doc: the Check pointer is documented as shared.
type DocShared struct {
	Check *HealthCheck
	Tags  []string
}

// Clone returns a copy of d; the Check record is shared with the original.
func (d *DocShared) Clone() *DocShared {
	c := *d
	c.Tags = slices.Clone(d.Tags)
	return &c
}

// Locked holds a lock: copylocks reports the copy.
type Locked struct {
	mu   sync.Mutex
	Tags []string
}

func (l *Locked) Clone() *Locked {
	c := *l
	return &c
}

// LockedByPtr holds a lock inside an embedded value struct.
type inner struct {
	sync.RWMutex
}

type LockedByPtr struct {
	inner
	Tags []string
}

func (l *LockedByPtr) Clone() *LockedByPtr {
	c := *l
	return &c
}

// Table is like hash/crc32's table: shared and never written after construction.
type Table [256]uint32

func makeTable(poly uint32) *Table { // want makeTable:"fresh"
	t := new(Table)
	for i := range t {
		t[i] = uint32(i) * poly
	}
	return t
}

func update(crc uint32, tab *Table, p []byte) uint32 {
	for _, v := range p {
		crc = tab[byte(crc)^v] ^ (crc >> 8)
	}
	return crc
}

type digest struct {
	crc uint32
	tab *Table
}

func newDigest(poly uint32) *digest { return &digest{tab: makeTable(poly)} } // want newDigest:"fresh"

func (d *digest) Write(p []byte) { d.crc = update(d.crc, d.tab, p) }

func (d *digest) Clone() *digest {
	r := *d
	return &r
}

// Regexp-like: unexported compiled program never written after compile.
type prog struct {
	Inst []int
}

func (p *prog) first() int { return p.Inst[0] }

type Matcher struct {
	expr        string
	prog        *prog
	subexpNames []string
	prefix      []byte
}

func compile(expr string) *Matcher { // want compile:"fresh"
	p := &prog{Inst: []int{1, 2}}
	p.Inst[0] = 3
	return &Matcher{expr: expr, prog: p, subexpNames: []string{""}, prefix: []byte(expr)}
}

func (m *Matcher) Match(s []byte) bool {
	return m.prog.first() > 0 && bytes.HasPrefix(s, m.prefix) && len(m.subexpNames) > 0
}

func (m *Matcher) Copy() *Matcher {
	m2 := *m
	return &m2
}

// HMAC-like: the pads are documented as shared.
type HMAC struct {
	// opad and ipad may share underlying storage with HMAC clones.
	opad, ipad []byte
	marshaled  bool
}

func newHMAC(key []byte) *HMAC { // want newHMAC:"fresh"
	h := &HMAC{ipad: make([]byte, 64), opad: make([]byte, 64)}
	copy(h.ipad, key)
	for i := range h.ipad {
		h.ipad[i] ^= 0x36
	}
	return h
}

func (h *HMAC) Clone() *HMAC {
	r := *h
	return &r
}

// Deep copies every field.
type Deep struct {
	Check  *HealthCheck
	Labels map[string]string
	Tags   []string
	Ports  []int
	Meta   Meta
	Opt    *HealthCheck
	Items  []*Item
}

func (d *Deep) Clone() *Deep {
	c := *d
	if d.Check != nil {
		c.Check = d.Check.Clone()
	}
	c.Labels = maps.Clone(d.Labels)
	c.Tags = append([]string(nil), d.Tags...)
	c.Ports = make([]int, len(d.Ports))
	copy(c.Ports, d.Ports)
	c.Meta.Labels = copyLabels(d.Meta.Labels)
	c.Items = make([]*Item, 0, len(d.Items))
	for _, it := range d.Items {
		c.Items = append(c.Items, &Item{Vals: slices.Clone(it.Vals)})
	}
	if d.Opt == nil {
		return &c
	}
	c.Opt = &HealthCheck{Node: d.Opt.Node, Status: d.Opt.Status}
	return &c
}

// LenGuard copies only when non-empty.
type LenGuard struct {
	Tags []string
}

func (l *LenGuard) Clone() *LenGuard {
	c := *l
	if len(l.Tags) > 0 {
		c.Tags = slices.Clone(l.Tags)
	}
	return &c
}

// Delegating copies through DeepCopyInto.
type Delegating struct {
	Labels map[string]string
}

func (in *Delegating) DeepCopyInto(out *Delegating) {
	*out = *in
	out.Labels = maps.Clone(in.Labels)
}

func (in *Delegating) DeepCopy() *Delegating {
	if in == nil {
		return nil
	}
	out := new(Delegating)
	in.DeepCopyInto(out)
	return out
}

// Finisher completes the copy in a method.
type Finisher struct {
	Labels map[string]string
}

func (f *Finisher) deepen() { f.Labels = maps.Clone(f.Labels) }

func (f *Finisher) Clone() *Finisher {
	c := *f
	c.deepen()
	return &c
}

// Unknown helper: the analysis cannot see what it returns.
type Converted struct {
	Labels map[string]string
}

var convert = func(m map[string]string) map[string]string { return m }

func (c *Converted) Clone() *Converted {
	n := *c
	n.Labels = convert(c.Labels)
	return &n
}

// Not clones: other names, other result types, non-struct types.
type Header map[string][]string

func (h Header) Clone() Header { return h }

type Spec struct {
	Tags []string
}

type Other struct {
	Tags []string
}

func (s *Spec) Clone() *Other { return &Other{Tags: s.Tags} }

func (s *Spec) Snapshot() *Spec {
	c := *s
	return &c
}

// Copy with a writer is not a clone.
func (s *Spec) Copy(w *bytes.Buffer) { w.WriteString(s.Tags[0]) }

// Reset-to-zero literal clone: fields that are not copied from s are
// deliberately fresh.
type Cache struct {
	Name  string
	Size  int
	cache map[string]int
}

func (c *Cache) Clone() *Cache {
	return &Cache{Name: c.Name, Size: c.Size, cache: make(map[string]int)}
}

// Closure completes the copy.
type Closure struct {
	Tags []string
}

func (c *Closure) Clone() *Closure {
	n := *c
	func() { n.Tags = slices.Clone(c.Tags) }()
	return &n
}

// ValueCovered is a value receiver that copies its map.
type ValueCovered struct {
	Labels map[string]string
}

func (v ValueCovered) Clone() ValueCovered {
	v.Labels = maps.Clone(v.Labels)
	return v
}

// Converted value from a fresh local.
type Fresh struct {
	Tags []string
}

func (f *Fresh) Clone() *Fresh {
	tags := make([]string, len(f.Tags))
	copy(tags, f.Tags)
	return &Fresh{Tags: tags}
}

// Atomic value fields and pointer-free arrays.
type Counters struct {
	N    atomic.Int64
	Hist [8]int
}

func (c *Counters) Snapshot() Counters { return Counters{} }

type Plain struct {
	Hist [8]int
	Name string
}

func (p *Plain) Clone() *Plain {
	c := *p
	return &c
}

// Nil source: both share nothing when the original field is nil.
type NilEarly struct {
	Check *HealthCheck
}

func (n *NilEarly) Clone() *NilEarly {
	c := *n
	if n.Check == nil {
		return &c
	}
	c.Check = n.Check.Clone()
	return &c
}

// Cleared: the copy drops the field on purpose.
type Cleared struct {
	Check *HealthCheck
	Name  string
}

func (c *Cleared) Clone() *Cleared {
	n := *c
	n.Check = nil
	return &n
}

// Float-style Copy sets the receiver from its argument and returns it.
type Float struct {
	mant []uint
}

func (z *Float) Copy(x *Float) *Float {
	if z != x {
		z.mant = append(z.mant[:0], x.mant...)
	}
	return z
}

// A nil receiver is returned as it is.
type Node struct {
	Args []string
}

func (n *Node) Copy() *Node {
	if n == nil {
		return n
	}
	return &Node{Args: slices.Clone(n.Args)}
}

// The receiver variable is re-pointed at the copy.
type Reassigned struct {
	dir []int
}

func (m *Reassigned) Clone() *Reassigned {
	m2 := new(Reassigned)
	*m2 = *m
	m = m2
	m.dir = slices.Clone(m.dir)
	return m
}

// SHAKE-style: a buffer built with append during construction only.
type Shake struct {
	initBlock []byte
	rate      int
}

func newShake(n, s []byte) *Shake { // want newShake:"fresh"
	c := &Shake{rate: 136}
	c.initBlock = make([]byte, 0, len(n)+len(s))
	c.initBlock = append(c.initBlock, n...)
	c.initBlock = append(c.initBlock, s...)
	return c
}

func (s *Shake) Reset() { _ = len(s.initBlock) }

func (s *Shake) Clone() *Shake {
	ret := *s
	return &ret
}

// One-pass program read through the address of an element.
type onePassInst struct {
	Op   int
	Next []uint32
}

type onePassProg struct {
	Inst  []onePassInst
	Start int
}

type Machine struct {
	onepass *onePassProg
}

func (m *Machine) run() int {
	pc := m.onepass.Start
	inst := &m.onepass.Inst[pc]
	return inst.Op + len(inst.Next)
}

func (m *Machine) Copy() *Machine {
	m2 := *m
	return &m2
}

// Tree-style copy documents that parsing state is discarded.
type Tree struct {
	Name      string
	ParseName string
	Mode      int
	Root      *Node
	text      string
}

// Copy returns a copy of the Tree. Any parsing state is discarded.
func (t *Tree) Copy() *Tree {
	if t == nil {
		return nil
	}
	return &Tree{
		Name:      t.Name,
		ParseName: t.ParseName,
		Root:      t.Root.Copy(),
		text:      t.text,
	}
}

// Pool-style: element aliasing of read-only unexported elements.
type lazyCert struct {
	raw []byte
}

type CertPool struct {
	lazy []lazyCert
}

func (p *CertPool) add(raw []byte) { p.lazy = append(p.lazy, lazyCert{raw: raw}) }

func (p *CertPool) Clone() *CertPool {
	c := &CertPool{lazy: make([]lazyCert, len(p.lazy))}
	copy(c.lazy, p.lazy)
	return c
}

// cSHAKE-style: the buffer is made and filled by an init function that
// receives the new value.
type CShake struct {
	initBlock []byte
}

func initCShake(c *CShake, n []byte) *CShake { // want initCShake:"aliases\\[0\\]"
	c.initBlock = make([]byte, 0, len(n)+9)
	c.initBlock = append(c.initBlock, n...)
	return c
}

func (s *CShake) Clone() *CShake {
	ret := *s
	return &ret
}

// Cloning another package's type in a helper: not ours to judge.
func cloneRecord(r *b.Record) *b.Record { // want cloneRecord:"fresh"
	r2 := new(b.Record)
	*r2 = *r
	return r2
}

// The doc says the copy is not deep.
type PathElement struct {
	FieldName *string
	Index     *int
	Tags      []string
}

// Copy returns a copy of the PathElement.
// This is not a full deep copy as any contained value is not copied.
func (e PathElement) Copy() PathElement {
	return PathElement{FieldName: e.FieldName, Index: e.Index, Tags: e.Tags}
}

// Immutable value elements.
type IPAM struct {
	Addrs []netip.Addr
	Times map[string]time.Time
}

func (c *IPAM) Copy() *IPAM {
	n := *c
	n.Addrs = slices.Clone(c.Addrs)
	n.Times = maps.Clone(c.Times)
	return &n
}

// Optional scalar pointers are replaced, not written through.
type Policy struct {
	Attempts *int
	Interval *time.Duration
	Mode     *string
}

func (p *Policy) Canonicalize() {
	if p.Attempts == nil {
		n := 3
		p.Attempts = &n
	}
}

func (p *Policy) Copy() *Policy {
	np := new(Policy)
	*np = *p
	return np
}

// A stateless stub returns itself.
type stub struct{}

func (s *stub) Clone() *stub { return s }
