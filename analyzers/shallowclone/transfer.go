package shallowclone

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// transfer applies one CFG node to the state.
func (f *funcState) transfer(st state, n ast.Node) {
	switch n := n.(type) {
	case *ast.AssignStmt:
		if len(n.Lhs) == len(n.Rhs) {
			for i := range n.Lhs {
				f.escapes(st, n.Rhs[i], false)
				f.assign(st, n, n.Lhs[i], n.Rhs[i], n.Tok)
			}
			return
		}
		for _, r := range n.Rhs {
			f.escapes(st, r, false)
		}
		for _, l := range n.Lhs {
			f.clobber(st, l)
		}
	case *ast.ValueSpec:
		for i, id := range n.Names {
			v, _ := f.info.Defs[id].(*types.Var)
			switch {
			case len(n.Values) == len(n.Names):
				f.escapes(st, n.Values[i], false)
				f.assign(st, f.specs[n], id, n.Values[i], token.DEFINE)
			case len(n.Values) == 0 && v != nil:
				if t, ptr := structOf(v.Type()); !ptr && t != nil && types.Identical(t, f.cl.typ) {
					st[v] = vstate{"": {k: kUnset}}
					f.copies[v] = &copyInfo{literal: true, made: n}
				}
			default:
				for _, val := range n.Values {
					f.escapes(st, val, false)
				}
			}
		}
	case *ast.ExprStmt:
		if call, ok := ast.Unparen(n.X).(*ast.CallExpr); ok && len(call.Args) == 2 &&
			(code.IsBuiltinCall(f.info, call, "copy") || code.IsFunc(code.Callee(f.info, call), "maps", "Copy")) {
			f.copyCall(st, n, call)
		}
		f.escapes(st, n, false)
	case *ast.DeclStmt, *ast.LabeledStmt, *ast.BranchStmt, *ast.EmptyStmt:
	default:
		f.escapes(st, n, false)
	}
}

// clobber forgets what was known about the target of an assignment the
// analysis does not model (tuple assignments).
func (f *funcState) clobber(st state, l ast.Expr) {
	if v := f.tracked(st, l); v != nil {
		st[v] = vstate{"": {k: kCovered}}
		return
	}
	if p, v, ok := f.pathOf(l, false); ok && p != "" {
		if vs, ok := st[v]; ok {
			vs.set(p, fstate{k: kCovered})
		}
	}
}

// escapes marks copies that e passes to code the analysis cannot see (a
// call argument, a method receiver, an address taken, a closure) as
// covered: that code may complete the copy.
func (f *funcState) escapes(st state, n ast.Node, isReturn bool) {
	if len(st) == 0 {
		return
	}
	cover := func(e ast.Expr) {
		if v := f.tracked(st, e); v != nil {
			st[v] = vstate{"": {k: kCovered}}
			return
		}
		inner := ast.Unparen(e)
		if u, ok := inner.(*ast.UnaryExpr); ok && u.Op == token.AND {
			if p, v, ok := f.pathOf(u.X, false); ok && p != "" {
				if vs, ok := st[v]; ok {
					vs.set(p, fstate{k: kCovered})
				}
			}
		}
	}
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.FuncLit:
			ast.Inspect(m.Body, func(k ast.Node) bool {
				if id, ok := k.(*ast.Ident); ok {
					if v, _ := f.info.Uses[id].(*types.Var); v != nil {
						if _, ok := st[v]; ok {
							st[v] = vstate{"": {k: kCovered}}
						}
					}
				}
				return true
			})
			return false
		case *ast.CallExpr:
			if code.IsBuiltinCall(f.info, m, "copy") || code.IsBuiltinCall(f.info, m, "len") || code.IsBuiltinCall(f.info, m, "cap") {
				return true
			}
			for _, arg := range m.Args {
				cover(arg)
			}
			if se, ok := ast.Unparen(m.Fun).(*ast.SelectorExpr); ok {
				if sel := f.info.Selections[se]; sel != nil && sel.Kind() == types.MethodVal {
					if v := f.tracked(st, se.X); v != nil {
						st[v] = vstate{"": {k: kCovered}}
					} else if p, v, ok := f.pathOf(se.X, false); ok && p != "" && !sel.Indirect() {
						// A pointer method on a value field of the copy may fill it.
						if _, ptrRecv := sel.Obj().Type().(*types.Signature).Recv().Type().(*types.Pointer); ptrRecv {
							if vs, ok := st[v]; ok {
								vs.set(p, fstate{k: kCovered})
							}
						}
					}
				}
			}
		case *ast.UnaryExpr:
			if m.Op == token.AND && !isReturn {
				cover(m)
			}
		}
		return true
	})
}

// assign applies lhs = rhs.
func (f *funcState) assign(st state, stmt ast.Stmt, lhs, rhs ast.Expr, tok token.Token) {
	lhs = ast.Unparen(lhs)
	rhs = ast.Unparen(rhs)
	var target *types.Var
	switch l := lhs.(type) {
	case *ast.Ident:
		v, _ := f.info.ObjectOf(l).(*types.Var)
		if v == nil || l.Name == "_" {
			return
		}
		if tok != token.ASSIGN && tok != token.DEFINE {
			return
		}
		if !f.isT(v.Type()) {
			delete(st, v)
			return
		}
		if f.isSelf(rhs) {
			f.selves[v] = true
			delete(st, v)
			return
		}
		_, ptr := structOf(v.Type())
		switch {
		case !ptr && f.isWholeSrc(rhs):
			f.wholesale(st, v, stmt, l.Name)
		case f.isNew(rhs):
			st[v] = vstate{"": {k: kUnset}}
			f.copies[v] = &copyInfo{literal: true, made: rhs}
		case f.literal(rhs) != nil:
			f.fromLiteral(st, v, f.literal(rhs))
		default:
			delete(st, v)
		}
		return
	case *ast.StarExpr:
		target = f.tracked(st, l.X)
		if target == nil {
			return
		}
		switch {
		case f.isWholeSrc(rhs):
			name := ""
			if id, ok := ast.Unparen(l.X).(*ast.Ident); ok {
				name = id.Name
			}
			f.wholesale(st, target, stmt, name)
		case f.literal(rhs) != nil:
			f.fromLiteral(st, target, f.literal(rhs))
		default:
			st[target] = vstate{"": {k: kCovered}}
		}
		return
	case *ast.IndexExpr:
		// c.F[k] = it, it ranging over the original's elements.
		if tok != token.ASSIGN || !f.isElemVar(rhs) {
			return
		}
		if p, v, ok := f.pathOf(l.X, false); ok && p != "" && st[v] != nil && st[v].lookup(p).k == kCovered &&
			f.elemRefs(f.info.TypeOf(l.X)) && stmt != nil {
			st[v].set(p, fstate{k: kElem, pos: stmt.Pos(), end: stmt.End()})
		}
	case *ast.SelectorExpr:
		p, v, ok := f.pathOf(l, false)
		if !ok || p == "" {
			return
		}
		vs, ok := st[v]
		if !ok {
			return
		}
		if tok != token.ASSIGN && tok != token.DEFINE {
			return
		}
		s := f.classify(st, rhs)
		if s.k == kAlias || s.k == kElem {
			if stmt != nil {
				s.pos, s.end = stmt.Pos(), stmt.End()
			}
			if ci := f.copies[v]; ci != nil {
				ci.copied++
			}
		} else if f.derived(st, rhs) {
			if ci := f.copies[v]; ci != nil {
				ci.copied++
			}
		}
		vs.set(p, s)
	}
}

// wholesale records v = *src: every field of v shares the original's.
func (f *funcState) wholesale(st state, v *types.Var, stmt ast.Stmt, name string) {
	if f.lock {
		delete(st, v)
		return
	}
	s := fstate{k: kAlias, via: name}
	if stmt != nil {
		s.pos, s.end, s.stmt = stmt.Pos(), stmt.End(), stmt
	}
	st[v] = vstate{"": s}
	f.copies[v] = &copyInfo{made: stmt}
}

func (f *funcState) isNew(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	return ok && code.IsBuiltinCall(f.info, call, "new")
}

// literal returns the composite literal of T that e is (T{...} or &T{...}).
func (f *funcState) literal(e ast.Expr) *ast.CompositeLit {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok || !f.isT(f.info.TypeOf(lit)) {
		return nil
	}
	return lit
}

// fromLiteral starts tracking v as built by lit.
func (f *funcState) fromLiteral(st state, v *types.Var, lit *ast.CompositeLit) {
	vs := vstate{"": {k: kUnset}}
	ci := &copyInfo{literal: true, made: lit}
	stt, _ := f.cl.typ.Underlying().(*types.Struct)
	for i, elt := range lit.Elts {
		var name string
		val := elt
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			id, ok := kv.Key.(*ast.Ident)
			if !ok {
				continue
			}
			name, val = id.Name, kv.Value
		} else if stt != nil && i < stt.NumFields() {
			name = stt.Field(i).Name()
		}
		if name == "" {
			continue
		}
		s := f.classify(st, val)
		if s.k == kAlias || s.k == kElem {
			s.pos, s.end = elt.Pos(), elt.End()
		}
		if f.derived(st, val) {
			ci.copied++
		}
		vs.set(name, s)
	}
	st[v] = vs
	f.copies[v] = ci
}

// derived reports whether e reads a field of the original (or of a copy
// that still shares it), possibly sliced or converted.
func (f *funcState) derived(st state, e ast.Expr) bool {
	e = ast.Unparen(e)
	for {
		switch x := e.(type) {
		case *ast.SliceExpr:
			e = ast.Unparen(x.X)
			continue
		case *ast.CallExpr:
			if tv, ok := f.info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
				e = ast.Unparen(x.Args[0])
				continue
			}
		}
		break
	}
	if _, ok := e.(*ast.SelectorExpr); !ok {
		return false
	}
	p, v, ok := f.pathOf(e, true)
	if !ok || p == "" {
		return false
	}
	if vs, ok := st[v]; ok {
		return vs.lookup(p).k == kAlias
	}
	return v == f.cl.src
}

// classify returns the state of a field assigned from e.
func (f *funcState) classify(st state, e ast.Expr) fstate {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.UnaryExpr:
		if s, ok := ast.Unparen(x.X).(*ast.StarExpr); ok && x.Op == token.AND {
			return f.classify(st, s.X) // &*p, &(*p): the same pointer, not a copy of *p
		}
		if x.Op == token.AND {
			if _, lit := ast.Unparen(x.X).(*ast.CompositeLit); !lit && f.derived(st, x.X) {
				return fstate{k: kAlias}
			}
		}
		return fstate{k: kCovered}
	case *ast.CallExpr:
		if tv, ok := f.info.Types[x.Fun]; ok && tv.IsType() {
			if len(x.Args) == 1 {
				return f.classify(st, x.Args[0])
			}
			return fstate{k: kCovered}
		}
		if code.IsBuiltinCall(f.info, x, "append") && len(x.Args) > 0 {
			if nilish(f.info, x.Args[0]) {
				if x.Ellipsis.IsValid() && len(x.Args) == 2 && f.derived(st, x.Args[1]) && f.elemRefs(f.info.TypeOf(x)) {
					return fstate{k: kElem}
				}
				return fstate{k: kCovered}
			}
			if f.derived(st, x.Args[0]) {
				return fstate{k: kAlias}
			}
			if !x.Ellipsis.IsValid() && f.elemRefs(f.info.TypeOf(x)) {
				for _, arg := range x.Args[1:] {
					if f.isElemVar(arg) {
						return fstate{k: kElem}
					}
				}
			}
			return fstate{k: kCovered}
		}
		fn := code.Callee(f.info, x)
		if fn != nil && len(x.Args) == 1 && (code.IsFunc(fn, "maps", "Clone") || code.IsFunc(fn, "slices", "Clone")) {
			if f.derived(st, x.Args[0]) && f.elemRefs(f.info.TypeOf(x)) {
				return fstate{k: kElem}
			}
			return fstate{k: kCovered}
		}
		if fn != nil {
			if r := f.a.factOf(fn); r != nil && !r.Fresh {
				for _, i := range r.Alias {
					if i < len(x.Args) && f.derived(st, x.Args[i]) {
						return fstate{k: kAlias}
					}
				}
			}
		}
		return fstate{k: kCovered}
	}
	if f.derived(st, e) {
		return fstate{k: kAlias}
	}
	return fstate{k: kCovered}
}

// elemRefs reports whether the elements of container type t hold references.
func (f *funcState) elemRefs(t types.Type) bool {
	if t == nil {
		return false
	}
	switch u := types.Unalias(t).Underlying().(type) {
	case *types.Slice:
		return f.a.refs(u.Elem())
	case *types.Map:
		return f.a.refs(u.Key()) || f.a.refs(u.Elem())
	}
	return false
}

// copyCall handles copy(c.F, src.F): the fresh container now holds the
// original's elements.
func (f *funcState) copyCall(st state, stmt ast.Stmt, call *ast.CallExpr) {
	p, v, ok := f.pathOf(call.Args[0], false)
	if !ok || p == "" {
		return
	}
	vs, ok := st[v]
	if !ok || vs.lookup(p).k != kCovered {
		return
	}
	if f.derived(st, call.Args[1]) && f.elemRefs(f.info.TypeOf(call.Args[0])) {
		vs.set(p, fstate{k: kElem, pos: stmt.Pos(), end: stmt.End()})
	}
}
