package relock

import (
	"fmt"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Lock is one lock in a function summary: an access path relative to the
// function's parameters (p0 is the receiver of a method), free variables
// (f0, for function literals) or a package-level variable (g{pkg.name}),
// followed by field selections (.mu), loads (^) and address-of (&).
type Lock struct {
	Path string
	// Write is true for Lock, false for RLock.
	Write bool
	// Locker marks a lock taken through a sync.Locker whose concrete type
	// the function does not know (the caller may).
	Locker bool
	// Chain is how the function reaches the acquisition, for messages:
	// ["s.lookup", "s.mu.RLock"].
	Chain []string
	// Private marks, in an exported summary, a lock no other package can
	// ever hold (see export.go): importers ignore the entry.
	Private bool
}

func (l Lock) mode() string {
	if l.Write {
		return "W"
	}
	return "R"
}

func (l Lock) String() string {
	s := l.mode() + "(" + l.Path + ")"
	if l.Locker {
		s += "?"
	}
	return s
}

// Release says that result Result of the function is a function value
// that releases Lock when called.
type Release struct {
	Result int
	Lock   Lock
	// Only: some returns give a nil or no-op function instead (an error
	// path), and hold the lock only when the result releases it.
	Only bool
}

// Summary is the lock behaviour of one function, exported as an analysis
// fact so that callers in other packages see through it.
type Summary struct {
	// Acquires lists the locks the function may take (directly or through
	// calls) that it did not first release itself.
	Acquires []Lock
	// Holds lists the locks still held when it returns, on every return path.
	Holds []Lock
	// Releases lists the locks it releases on every path without having
	// taken them: the caller's locks (an unlock helper).
	Releases []Lock
	// MayRelease lists every lock it may release.
	MayRelease []Lock
	// Results lists the results that are release functions.
	Results []Release
}

// AFact marks Summary as an analysis fact.
func (*Summary) AFact() {}

func (s *Summary) String() string {
	if s == nil {
		return "no locks"
	}
	var parts []string
	list := func(verb string, ls []Lock) {
		if len(ls) == 0 {
			return
		}
		var xs []string
		for _, l := range ls {
			xs = append(xs, l.String())
		}
		sort.Strings(xs)
		parts = append(parts, verb+" "+strings.Join(xs, ", "))
	}
	list("acquires", s.Acquires)
	list("holds", s.Holds)
	list("releases", s.Releases)
	for _, r := range s.Results {
		p := fmt.Sprintf("result %d releases %s", r.Result, r.Lock)
		if r.Only {
			p += " (held only then)"
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return "no locks"
	}
	return strings.Join(parts, "; ")
}

func (s *Summary) empty() bool {
	return s == nil || (len(s.Acquires) == 0 && len(s.Holds) == 0 && len(s.Releases) == 0 &&
		len(s.MayRelease) == 0 && len(s.Results) == 0)
}

// key is a canonical encoding used to detect changes during the fixpoint.
func (s *Summary) key() string {
	if s == nil {
		return ""
	}
	var b strings.Builder
	enc := func(tag string, ls []Lock) {
		b.WriteString(tag)
		for _, l := range ls {
			b.WriteString(l.String())
			b.WriteByte(',')
		}
	}
	enc("A", s.Acquires)
	enc("H", s.Holds)
	enc("R", s.Releases)
	enc("M", s.MayRelease)
	for _, r := range s.Results {
		fmt.Fprintf(&b, "S%d%s%t", r.Result, r.Lock, r.Only)
	}
	return b.String()
}

// sortLocks orders locks deterministically.
func sortLocks(ls []Lock) {
	sort.SliceStable(ls, func(i, j int) bool {
		if ls[i].Path != ls[j].Path {
			return ls[i].Path < ls[j].Path
		}
		return ls[i].Write && !ls[j].Write
	})
}

// summarize derives fs.sum from the collected acquisitions and return states.
func (fs *funcState) summarize() {
	sum := &Summary{}
	dropRecv := -1 // unknown; the doc regexp is evaluated only when needed
	for _, l := range fs.acq {
		if r, _ := splitRoot(l.Path); r == "p0" && fs.fn.Signature.Recv() != nil {
			if dropRecv < 0 {
				dropRecv = 0
				if requiresLock(fs.fn) {
					dropRecv = 1
				}
			}
			if dropRecv == 1 {
				continue
			}
		}
		sum.Acquires = append(sum.Acquires, l)
	}
	var holds map[string]Lock
	var rels map[string]Lock
	may := map[string]bool{}
	results := map[int]*Lock{}
	conflict := map[int]bool{}
	// Results that are release functions. A return that gives a nil or
	// no-op function in their place (an error path, a nil receiver) does
	// not hold the lock: the lock is held exactly when the function
	// returned releases it (the Release is Only).
	noop := map[*ssa.Return]map[int]bool{}
	for _, r := range fs.returns {
		for j, v := range r.instr.Results {
			if c, ok := v.(*ssa.Const); ok && c.IsNil() && !fs.noopFunc(v) {
				continue
			}
			if fs.noopFunc(v) {
				if noop[r.instr] == nil {
					noop[r.instr] = map[int]bool{}
				}
				noop[r.instr][j] = true
				continue
			}
			l, ok := fs.releaseOf(v, nil)
			if !ok || !exportable(l.key) {
				conflict[j] = true
				continue
			}
			lk := Lock{Path: l.key, Write: l.write, Locker: l.locker}
			if prev := results[j]; prev != nil && (prev.Path != lk.Path || prev.Write != lk.Write) {
				conflict[j] = true
			}
			results[j] = &lk
		}
	}
	only := map[int]bool{}
	for i, r := range fs.returns {
		h := map[string]Lock{}
		for j := range noop[r.instr] {
			if l := results[j]; l != nil && !conflict[j] && !fs.deferRel[l.Path] {
				h[l.Path] = Lock{Path: l.Path, Write: l.Write, Locker: l.Locker}
				only[j] = true
			}
		}
		for k, e := range r.st.held {
			if !exportable(k) || fs.deferRel[k] || fs.deferUnk {
				continue
			}
			if e.relVal != nil && !returned(r.instr, e.relVal) {
				continue
			}
			h[k] = Lock{Path: k, Write: e.write, Locker: e.locker}
		}
		rl := map[string]Lock{}
		for k, w := range r.st.relEntry {
			if exportable(k) {
				rl[k] = Lock{Path: k, Write: w}
			}
		}
		for _, d := range fs.defers {
			if !d.instr.Block().Dominates(r.instr.Block()) {
				continue
			}
			for _, l := range d.eff.releases {
				if _, held := r.st.held[l.key]; !held && exportable(l.key) {
					rl[l.key] = Lock{Path: l.key, Write: l.write}
				}
			}
		}
		for k := range r.st.released {
			if exportable(k) {
				may[k] = true
			}
		}
		if i == 0 {
			holds, rels = h, rl
		} else {
			for k := range holds {
				if _, ok := h[k]; !ok {
					delete(holds, k)
				}
			}
			for k := range rels {
				if _, ok := rl[k]; !ok {
					delete(rels, k)
				}
			}
		}
	}
	for k := range fs.deferRel {
		if exportable(k) {
			may[k] = true
		}
	}
	for _, l := range holds {
		sum.Holds = append(sum.Holds, l)
	}
	for k, l := range rels {
		if _, ok := holds[k]; !ok {
			sum.Releases = append(sum.Releases, l)
		}
	}
	for k := range may {
		sum.MayRelease = append(sum.MayRelease, Lock{Path: k})
	}
	for j := 0; j < fs.fn.Signature.Results().Len(); j++ {
		if l := results[j]; l != nil && !conflict[j] {
			sum.Results = append(sum.Results, Release{Result: j, Lock: *l, Only: only[j]})
		}
	}
	sortLocks(sum.Holds)
	sortLocks(sum.Releases)
	sortLocks(sum.MayRelease)
	const maxLocks = 32
	if len(sum.Acquires) > maxLocks {
		sum.Acquires = sum.Acquires[:maxLocks]
	}
	if sum.empty() {
		sum = nil
	}
	fs.sum = sum
}

func returned(ret *ssa.Return, v ssa.Value) bool {
	for _, r := range ret.Results {
		if r == v {
			return true
		}
	}
	return false
}

// noopFunc reports whether v, returned in place of a release function,
// releases nothing: nil, or a function that does nothing to locks
// (func() {}).
func (fs *funcState) noopFunc(v ssa.Value) bool {
	if _, ok := v.Type().Underlying().(*types.Signature); !ok {
		return false
	}
	switch x := v.(type) {
	case *ssa.Const:
		return x.IsNil()
	case *ssa.Function:
		if x.Parent() == nil || len(x.FreeVars) > 0 {
			return false
		}
		g := fs.c.funcs[x]
		return g != nil && g.sum == nil && len(x.Blocks) > 0 && len(x.Blocks[0].Instrs) == 1
	}
	return false
}
