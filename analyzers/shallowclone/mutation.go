package shallowclone

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// typeMutated reports whether values of the package's named struct type t
// (or *t) are changed after construction anywhere the analysis can see: a
// method with a pointer receiver that writes through it, a field store
// through a pointer that is not a value under construction, or a write
// into what a field refers to. Types of other packages are not judged
// (false).
func (a *checker) typeMutated(t types.Type) bool {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() != a.pass.Pkg {
		return false
	}
	n = n.Origin()
	if r, ok := a.mutated[n.Obj()]; ok {
		return r
	}
	a.mutated[n.Obj()] = false // recursion: assume not
	res := false
	for i := 0; i < n.NumMethods() && !res; i++ {
		m := n.Method(i)
		sig, _ := m.Type().(*types.Signature)
		if sig == nil || sig.Recv() == nil || code.IsTestFile(a.pass, m.Pos()) {
			continue
		}
		if _, ptr := types.Unalias(sig.Recv().Type()).(*types.Pointer); ptr && a.paramWrites(m, -1, 0) {
			res = true
			a.mutatedBy[n.Obj()] = "method " + m.Name() + " changes it"
		}
	}
	if st, ok := n.Underlying().(*types.Struct); ok {
		for i := 0; i < st.NumFields() && !res; i++ {
			fv := st.Field(i)
			if p, ok := a.fieldStores()[fv]; ok {
				res = true
				a.mutatedBy[n.Obj()] = "its field " + fv.Name() + " is assigned at " + a.where(p, n.Obj().Pos())
			} else if a.writeLevel(fv) >= 1 {
				res = true
				a.mutatedBy[n.Obj()] = "its field " + fv.Name() + " is written through at " + a.where(a.wpos[fv], n.Obj().Pos())
			}
		}
	}
	a.mutated[n.Obj()] = res
	return res
}

// fieldStores returns the fields the package's non-test code assigns
// through a pointer or a shared element (p.F = v, p.F++, s[i].F = v), not
// counting values under construction (a local holding a fresh allocation,
// a local struct value).
func (a *checker) fieldStores() map[*types.Var]token.Pos {
	if a.stores != nil {
		return a.stores
	}
	a.stores = make(map[*types.Var]token.Pos)
	info := a.pass.TypesInfo
	for _, decl := range a.funcDecls() {
		if decl.Body == nil || code.IsTestFile(a.pass, decl.Pos()) {
			continue
		}
		fresh := a.freshLocals(decl.Body)
		note := func(l ast.Expr) {
			se, ok := ast.Unparen(l).(*ast.SelectorExpr)
			if !ok {
				return
			}
			sel := info.Selections[se]
			if sel == nil || sel.Kind() != types.FieldVal {
				return
			}
			fv, ok := sel.Obj().(*types.Var)
			if !ok {
				return
			}
			if id, ok := ast.Unparen(se.X).(*ast.Ident); ok {
				obj, _ := info.Uses[id].(*types.Var)
				if obj == nil || fresh[obj] {
					return
				}
				if !isPointer(obj.Type()) && obj.Parent() != nil && obj.Parent() != a.pass.Pkg.Scope() {
					return // a local or parameter struct value: its own copy
				}
			} else if root := code.RootIdent(se.X); root != nil && fresh[info.Uses[root]] {
				return
			}
			if _, seen := a.stores[fv.Origin()]; !seen {
				a.stores[fv.Origin()] = se.Pos()
			}
		}
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok == token.DEFINE {
					return true
				}
				for _, l := range n.Lhs {
					note(l)
				}
			case *ast.IncDecStmt:
				note(n.X)
			}
			return true
		})
	}
	return a.stores
}

// mockName reports whether a type's name says it is a test double.
func mockName(name string) bool {
	for _, w := range code.NameWords(name) {
		switch w {
		case "mock", "fake", "stub", "dummy", "noop", "nop":
			return true
		}
	}
	return false
}

// elemTypeMutated reports whether the elements of container type t are
// pointers to a type of the package that is changed after construction:
// slices.Clone of a []*T then shares values that are written.
func (a *checker) elemTypeMutated(t types.Type) bool {
	var elem types.Type
	switch u := types.Unalias(t).Underlying().(type) {
	case *types.Slice:
		elem = u.Elem()
	case *types.Map:
		elem = u.Elem()
	case *types.Array:
		elem = u.Elem()
	default:
		return false
	}
	if !isPointer(elem) {
		return false
	}
	return a.typeMutated(elem)
}

// mutatedWhy says what changes the named type t (or the pointee of the
// elements of container t), after typeMutated returned true.
func (a *checker) mutatedWhy(t types.Type) string {
	t = types.Unalias(t)
	switch u := t.Underlying().(type) {
	case *types.Slice:
		t = u.Elem()
	case *types.Map:
		t = u.Elem()
	case *types.Array:
		t = u.Elem()
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return "it is changed after construction"
	}
	why := a.mutatedBy[n.Origin().Obj()]
	if why == "" {
		why = "it is changed after construction"
	}
	return n.Obj().Name() + ": " + why
}
