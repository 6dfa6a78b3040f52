package relock

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Which locks of a summary another package can ever hold.
//
// Code outside a package cannot name its unexported package-level
// variables, nor the unexported fields of its structs that are not
// embedded (an embedded field can promote exported fields and methods).
// Another package can hold a lock whose path goes through one of them only
// because a summary says so: a function of the declaring package returns
// holding it (Holds) or hands out its release function (Results), and
// functions elsewhere pass that on; an unlock helper (Releases) implies
// that callers took the lock, so it counts too. When no function of the
// package does any of that, no other package ever holds the lock: there
// an acquisition of it can never meet a holder, and a release of it can
// only matter to a holder. The exporting package marks such entries
// Private, and importers leave them out (visible).
//
// Without this, every function that could reach log's output mutex, a
// testing.T's mutex or a package's private cache lock carried the entry
// up the whole import graph, and each such entry made its callers
// lock-related in turn: built in SSA, analysed and exported (under go vet
// a method's fact is also copied into the facts file of every dependent
// package). docs/precision/relock.md has the numbers.

// exportSummaries exports the summaries of the functions other packages
// can call: exported names (methods of unexported types can be promoted
// into exported ones).
func (c *checker) exportSummaries(order []*funcState) {
	var held *heldParts
	for _, fs := range order {
		obj, ok := fs.fn.Object().(*types.Func)
		if !ok || fs.fn.Synthetic != "" || fs.sum.empty() || obj.Pkg() != c.pass.Pkg || !obj.Exported() {
			continue
		}
		if held == nil {
			held = holdable(c.pass.Pkg, order)
		}
		c.pass.ExportObjectFact(obj, held.mark(fs))
	}
}

// heldParts is what other packages may hold of this package's private
// variables and fields.
type heldParts struct {
	pkg  *types.Package
	vars map[*types.Var]bool
	// unknown: a summary holds a path that could not be followed through
	// the types; then nothing is marked private.
	unknown bool
}

// holdable collects the private variables and fields of pkg that the
// summaries of its functions (all of them, closures included) hold,
// release or hand out a release function for.
func holdable(pkg *types.Package, order []*funcState) *heldParts {
	h := &heldParts{pkg: pkg, vars: map[*types.Var]bool{}}
	for _, fs := range order {
		if fs.sum == nil {
			continue
		}
		locks := append(append([]Lock(nil), fs.sum.Holds...), fs.sum.Releases...)
		for _, r := range fs.sum.Results {
			locks = append(locks, r.Lock)
		}
		for _, l := range locks {
			parts, ok := privateParts(fs.fn, l.Path, pkg)
			if !ok {
				h.unknown = true
				return h
			}
			for _, v := range parts {
				h.vars[v] = true
			}
		}
	}
	return h
}

// mark returns the summary of fs to export: a copy whose acquisitions and
// possible releases of locks no other package can hold are marked Private
// (their chains, only ever shown in a report about a held lock, dropped).
func (h *heldParts) mark(fs *funcState) *Summary {
	if h.unknown {
		return fs.sum
	}
	out := *fs.sum
	conv := func(ls []Lock) []Lock {
		var res []Lock
		for i, l := range ls {
			if !h.private(fs.fn, l.Path) {
				continue
			}
			if res == nil {
				res = append([]Lock(nil), ls...)
			}
			res[i] = Lock{Path: l.Path, Write: l.Write, Locker: l.Locker, Private: true}
		}
		if res == nil {
			return ls
		}
		return res
	}
	out.Acquires = conv(out.Acquires)
	out.MayRelease = conv(out.MayRelease)
	return &out
}

// private reports whether no other package can hold the lock at path (in
// fn's terms): the path names a private variable or field of the package
// that no summary of the package holds, releases or hands out.
func (h *heldParts) private(fn *ssa.Function, path string) bool {
	parts, ok := privateParts(fn, path, h.pkg)
	if !ok {
		return false
	}
	for _, v := range parts {
		if !h.vars[v] {
			return true
		}
	}
	return false
}

// privateParts follows an exportable path of fn through the types and
// returns the variables and fields of pkg on it that no other package can
// name: unexported package-level variables and unexported fields that are
// not embedded. ok is false when the path cannot be followed.
//
// A path rooted at another package's variable has no part of pkg: its
// type and the fields below it are declared in that package or in
// packages it imports, and none of them can import pkg, whose code
// reached the variable through them.
func privateParts(fn *ssa.Function, path string, pkg *types.Package) (parts []*types.Var, ok bool) {
	root, rest := splitRoot(path)
	var t types.Type
	if strings.HasPrefix(root, "g{") {
		full := strings.TrimSuffix(strings.TrimPrefix(root, "g{"), "}")
		dot := strings.LastIndexByte(full, '.')
		if dot < 0 {
			return nil, false
		}
		if full[:dot] != pkg.Path() {
			return nil, true
		}
		v, isVar := pkg.Scope().Lookup(full[dot+1:]).(*types.Var)
		if !isVar {
			return nil, false
		}
		if !v.Exported() {
			parts = append(parts, v)
		}
		t = types.NewPointer(v.Type())
	} else {
		kind, i, isIndex := rootIndex(root)
		switch {
		case !isIndex:
			return nil, false
		case kind == 'p' && i < len(fn.Params):
			t = fn.Params[i].Type()
		case kind == 'f' && i < len(fn.FreeVars):
			t = fn.FreeVars[i].Type()
		default:
			return nil, false
		}
	}
	for rest != "" {
		switch rest[0] {
		case '^':
			p, isPtr := t.Underlying().(*types.Pointer)
			if !isPtr {
				return nil, false
			}
			t, rest = p.Elem(), rest[1:]
		case '&':
			t, rest = types.NewPointer(t), rest[1:]
		case '.':
			n := strings.IndexAny(rest[1:], ".^&[~=")
			if n < 0 {
				n = len(rest) - 1
			}
			name := rest[1 : 1+n]
			rest = rest[1+n:]
			f := structField(t, name)
			if f == nil {
				return nil, false
			}
			if f.Pkg() == pkg && !f.Exported() && !f.Embedded() {
				parts = append(parts, f.Origin())
			}
			t = types.NewPointer(f.Type())
		case '[':
			n := strings.IndexByte(rest, ']')
			if n < 0 {
				return nil, false
			}
			rest = rest[n+1:]
			u := t.Underlying()
			if p, isPtr := u.(*types.Pointer); isPtr {
				u = p.Elem().Underlying()
			}
			switch x := u.(type) {
			case *types.Array:
				t = types.NewPointer(x.Elem())
			case *types.Slice:
				t = types.NewPointer(x.Elem())
			default:
				return nil, false
			}
		case '~':
			// RLocker of the lock so far: the end of the path.
			return parts, rest == "~r"
		default:
			return nil, false
		}
	}
	return parts, true
}

// structField returns the field called name of the struct t points to.
func structField(t types.Type, name string) *types.Var {
	p, ok := t.Underlying().(*types.Pointer)
	if !ok || name == "_" {
		return nil
	}
	s, ok := p.Elem().Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	for i := 0; i < s.NumFields(); i++ {
		if f := s.Field(i); f.Name() == name {
			return f
		}
	}
	return nil
}

// visible returns what an importer sees of an imported summary: the
// entries it can ever act on, without the Private ones; nil when none is
// left.
func (s *Summary) visible() *Summary {
	drop := func(ls []Lock) []Lock {
		var res []Lock
		for _, l := range ls {
			if !l.Private {
				res = append(res, l)
			}
		}
		return res
	}
	hasPrivate := func(ls []Lock) bool {
		for _, l := range ls {
			if l.Private {
				return true
			}
		}
		return false
	}
	if !hasPrivate(s.Acquires) && !hasPrivate(s.MayRelease) {
		return s
	}
	out := *s
	out.Acquires = drop(s.Acquires)
	out.MayRelease = drop(s.MayRelease)
	if out.empty() {
		return nil
	}
	return &out
}
