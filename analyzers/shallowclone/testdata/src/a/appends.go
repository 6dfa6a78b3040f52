package a

// Appends to a shared slice field. An append to the original's field
// (x.F = append(x.F, v)) writes past the end of every copy made before, so
// copies never see it; it is a write a copy sees when a copy is appended
// to as well, or the field is cut back before appending.

// The minio decommission shape: Done is only appended to, on the stored
// original; Queued has elements removed in place.
type DecomInfo struct {
	Queued []string
	Done   []string
	Bucket string
}

func (d *DecomInfo) Clone() *DecomInfo {
	if d == nil {
		return nil
	}
	return &DecomInfo{
		Queued: d.Queued, // want `Clone shares field Queued \(\[\]string\) with the receiver, and the package writes through it at line \d+; the writes show in both copies and race`
		Done:   d.Done,   // want `Clone shares field Done \(\[\]string\) with the receiver; the package only appends to the original's \(at line \d+\), past the end of what every copy sees, but a write through either copy would show in both`
		Bucket: d.Bucket,
	}
}

func (d *DecomInfo) pop(bucket string) bool {
	d.Done = append(d.Done, bucket)
	for i, b := range d.Queued {
		if b == bucket {
			d.Queued = append(d.Queued[:i], d.Queued[i+1:]...)
			return true
		}
	}
	return false
}

// A generated-style decoder fills the value it is called on: construction.
func (d *DecomInfo) UnmarshalMsg(b []byte) ([]byte, error) { // want UnmarshalMsg:"aliases\\[0\\]"
	n := int(b[0])
	if cap(d.Done) >= n {
		d.Done = d.Done[:n]
	} else {
		d.Done = make([]string, n)
	}
	for i := range d.Done {
		d.Done[i] = string(b[i])
	}
	return b[n:], nil
}

type poolMeta struct {
	pools []*DecomInfo
}

func (p *poolMeta) BucketDone(idx int, bucket string) bool { return p.pools[idx].pop(bucket) }

func (p *poolMeta) Status(idx int) *DecomInfo { return p.pools[idx].Clone() } // want Status:"fresh"

// An unexported appender that an exported method hands its receiver to:
// importers can append to a copy.
type Log struct {
	Lines []string
}

func (l *Log) add(s string) { l.Lines = append(l.Lines, s) }

func (l *Log) Add(s string) { l.add(s) }

func (l *Log) Clone() *Log {
	c := *l // want `Clone shares field Lines \(\[\]string\) with the receiver, and the package appends to it at line \d+ in add, which importers can call on a copy`
	return &c
}

// The package itself appends to a copy.
type Hist struct {
	Events []string
}

func (h *Hist) record(e string) { h.Events = append(h.Events, e) }

func (h *Hist) Clone() *Hist {
	c := *h // want `Clone shares field Events \(\[\]string\) with the receiver, and the package appends to the original's at line \d+ and to a copy's at line \d+: both fill the same spare capacity`
	return &c
}

func forkHist(h *Hist) *Hist { // want forkHist:"fresh"
	c := h.Clone()
	c.record("fork")
	return c
}

// Cut back, then appended: the appends land on elements copies read.
type Ring struct {
	Items []int
}

func (r *Ring) reset()     { r.Items = r.Items[:0] }
func (r *Ring) push(v int) { r.Items = append(r.Items, v) }

func (r *Ring) Clone() *Ring {
	c := *r // want `Clone shares field Items \(\[\]int\) with the receiver, and the package appends to it at line \d+ after cutting it back at line \d+`
	return &c
}

func refill(r *Ring, v int) {
	r.reset()
	r.push(v)
}

// An unexported field only ever appended to on the original: silent.
type journal struct {
	entries []string
}

func (j *journal) log(s string) { j.entries = append(j.entries, s) }

func (j *journal) Clone() *journal {
	c := *j
	return &c
}

type server struct{ j journal }

func (s *server) handle(req string) { s.j.log(req) }

func (s *server) snapshot() *journal { return s.j.Clone() } // want snapshot:"fresh"

// An exported appender of an unexported type, named by an interface of the
// package: callable on any value, copies included.
type appender interface{ Append(s string) }

type tagset struct {
	tags []string
}

func (t *tagset) Append(s string) { t.tags = append(t.tags, s) }

func (t *tagset) Clone() *tagset {
	c := *t // want `Clone shares field tags \(\[\]string\) with the receiver, and the package appends to it at line \d+ in Append, which importers can call on a copy`
	return &c
}

var _ appender = (*tagset)(nil)

// The decoder's body under another name: a refill of a live value that
// copies share.
type Names struct {
	List []string
}

func (n *Names) Clone() *Names {
	c := *n // want `Clone shares field List \(\[\]string\) with the receiver, and the package writes through it at line \d+`
	return &c
}

func (n *Names) refill(b []byte) {
	if cap(n.List) >= len(b) {
		n.List = n.List[:len(b)]
	} else {
		n.List = make([]string, len(b))
	}
	for i := range n.List {
		n.List[i] = string(b[i])
	}
}

func reload(n *Names, b []byte) { n.refill(b) }
