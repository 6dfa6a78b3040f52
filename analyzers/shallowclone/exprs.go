package shallowclone

import (
	"go/ast"
	"go/token"
	"go/types"
)

// pathOf returns the field path that e selects from the original or a copy
// (through value fields only), the variable it is rooted at, and ok. With
// anyRoot, both the original and copies count; otherwise only copies.
func (f *funcState) pathOf(e ast.Expr, anyRoot bool) (string, *types.Var, bool) {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.Ident:
		v, _ := f.info.ObjectOf(x).(*types.Var)
		if v == nil {
			return "", nil, false
		}
		return "", v, true
	case *ast.StarExpr:
		p, v, ok := f.pathOf(x.X, anyRoot)
		return p, v, ok && p == ""
	case *ast.SelectorExpr:
		sel := f.info.Selections[x]
		if sel == nil || sel.Kind() != types.FieldVal {
			return "", nil, false
		}
		p, v, ok := f.pathOf(x.X, anyRoot)
		if !ok {
			return "", nil, false
		}
		// Walk the selection's index path (embedded fields are implicit).
		t := f.info.TypeOf(x.X)
		if t == nil {
			return "", nil, false
		}
		if pt, isPtr := types.Unalias(t).Underlying().(*types.Pointer); isPtr {
			if p != "" {
				return "", nil, false // through a pointer field: not part of the copy
			}
			t = pt.Elem()
		}
		for n, idx := range sel.Index() {
			st, ok := types.Unalias(t).Underlying().(*types.Struct)
			if !ok || idx >= st.NumFields() {
				return "", nil, false
			}
			fld := st.Field(idx)
			if p != "" {
				p += "."
			}
			p += fld.Name()
			t = fld.Type()
			if n < len(sel.Index())-1 {
				if _, isPtr := types.Unalias(t).Underlying().(*types.Pointer); isPtr {
					return "", nil, false
				}
			}
		}
		return p, v, true
	}
	return "", nil, false
}

// tracked returns the copy variable e names (c, *c, &c), or nil.
func (f *funcState) tracked(st state, e ast.Expr) *types.Var {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.StarExpr:
		e = ast.Unparen(x.X)
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			e = ast.Unparen(x.X)
		}
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := f.info.ObjectOf(id).(*types.Var)
	if v == nil {
		return nil
	}
	if _, ok := st[v]; ok {
		return v
	}
	return nil
}

// isWholeSrc reports whether e is the whole original value: *src for a
// pointer, src for a value.
func (f *funcState) isWholeSrc(e ast.Expr) bool {
	e = ast.Unparen(e)
	if s, ok := e.(*ast.StarExpr); ok {
		id, ok := ast.Unparen(s.X).(*ast.Ident)
		return ok && f.cl.srcPtr && f.info.Uses[id] == f.cl.src
	}
	id, ok := e.(*ast.Ident)
	return ok && !f.cl.srcPtr && f.info.Uses[id] == f.cl.src
}

// isSelf reports whether e is the original pointer itself (src, &*src, or a
// local holding it).
func (f *funcState) isSelf(e ast.Expr) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		if s, ok := ast.Unparen(u.X).(*ast.StarExpr); ok {
			e = ast.Unparen(s.X)
		}
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	v, _ := f.info.Uses[id].(*types.Var)
	return v != nil && (f.cl.srcPtr && v == f.cl.src && !f.cl.srcAssigned || f.selves[v])
}

// isT reports whether t is the clone's struct type or a pointer to it.
func (f *funcState) isT(t types.Type) bool {
	s, _ := structOf(t)
	return s != nil && types.Identical(s, f.cl.typ)
}
