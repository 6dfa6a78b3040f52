package shallowclone

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

type kind uint8

const (
	kUnset   kind = iota // never assigned on this path: zero value (or the caller's, for DeepCopyInto)
	kCovered             // assigned from a fresh or unknown source
	kElem                // a fresh container whose elements are still shared
	kAlias               // shares the original's reference
)

type fstate struct {
	k    kind
	pos  token.Pos // what made the alias; NoPos: the value receiver itself
	end  token.Pos
	stmt ast.Stmt // the wholesale copy statement, for fixes
	via  string   // the name of the copy in the fix ("c", "out")
}

// vstate maps field paths of one copy to their state; "" is the whole value.
type vstate map[string]fstate

type state map[*types.Var]vstate

func parentPath(p string) string {
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[:i]
	}
	return ""
}

func (vs vstate) lookup(path string) fstate {
	for p := path; ; p = parentPath(p) {
		if s, ok := vs[p]; ok {
			return s
		}
		if p == "" {
			return fstate{}
		}
	}
}

func (vs vstate) set(path string, s fstate) {
	for k := range vs {
		if path == "" || strings.HasPrefix(k, path+".") {
			delete(vs, k)
		}
	}
	vs[path] = s
}

func (st state) clone() state {
	out := make(state, len(st))
	for v, vs := range st {
		c := make(vstate, len(vs))
		for k, s := range vs {
			c[k] = s
		}
		out[v] = c
	}
	return out
}

func worse(x, y fstate) fstate {
	if y.k > x.k || y.k == x.k && y.k == kAlias && y.pos < x.pos {
		return y
	}
	return x
}

// join merges y into x, returning whether x changed.
func join(x, y state) (state, bool) {
	changed := false
	for v, yv := range y {
		xv, ok := x[v]
		if !ok {
			c := make(vstate, len(yv))
			for k, s := range yv {
				c[k] = s
			}
			x[v] = c
			changed = true
			continue
		}
		keys := map[string]bool{}
		for k := range xv {
			keys[k] = true
		}
		for k := range yv {
			keys[k] = true
		}
		merged := make(vstate, len(keys))
		for k := range keys {
			merged[k] = worse(xv.lookup(k), yv.lookup(k))
		}
		for k, s := range merged {
			if old, ok := xv[k]; !ok || old != s {
				changed = true
			}
		}
		x[v] = merged
	}
	return x, changed
}

// copyInfo is what is known about a copy variable regardless of path.
type copyInfo struct {
	literal bool     // built field by field (literal, new, var), not by copying the whole value
	copied  int      // fields assigned from the original
	made    ast.Node // where it was created
}

// nilSrc marks, in a state, the paths on which the original pointer is nil.
var nilSrc = types.NewVar(token.NoPos, nil, "<nil receiver>", types.Typ[types.Bool])
