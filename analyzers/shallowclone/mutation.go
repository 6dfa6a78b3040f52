package shallowclone

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// typeMutated reports whether values of the package's named struct type t
// (or *t) can be changed after construction: a method with a pointer
// receiver that writes through it, a field store through a pointer that is
// not a value under construction, or a write into what a field refers to.
// Types of other packages are not judged (false).
func (a *checker) typeMutated(t types.Type) bool { return a.typeChanged(t, false) }

// typeMutatedSeen is typeMutated restricted to changes the package is seen
// to make after construction: a mutating method counts only where it is
// called on a value that is not under construction (p :=
// newT(); p.init() is construction), and so does a store through a
// method's receiver.
func (a *checker) typeMutatedSeen(t types.Type) bool { return a.typeChanged(t, true) }

func (a *checker) typeChanged(t types.Type, seen bool) bool {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() != a.pass.Pkg {
		return false
	}
	n = n.Origin()
	key := mutKey{n.Obj(), seen}
	if r, ok := a.mutated[key]; ok {
		return r
	}
	a.mutated[key] = false // recursion: assume not
	res := false
	why := ""
	for i := 0; i < n.NumMethods() && !res; i++ {
		m := n.Method(i)
		sig, _ := m.Type().(*types.Signature)
		if sig == nil || sig.Recv() == nil || code.IsTestFile(a.pass, m.Pos()) {
			continue
		}
		if seen && !a.calledOnShared()[m] {
			continue
		}
		if _, ptr := types.Unalias(sig.Recv().Type()).(*types.Pointer); ptr && a.paramWrites(m, -1, 0) {
			res, why = true, "method "+m.Name()+" changes it"
		}
	}
	if st, ok := n.Underlying().(*types.Struct); ok {
		stores := a.fieldStores()
		for i := 0; i < st.NumFields() && !res; i++ {
			fv := st.Field(i)
			if p, ok := stores.direct[fv]; ok {
				res, why = true, "its field "+fv.Name()+" is assigned at "+a.where(p, n.Obj().Pos())
				break
			}
			for _, m := range stores.inMethods[fv] {
				if !seen || a.calledOnShared()[m] {
					res, why = true, "its field "+fv.Name()+" is assigned by method "+m.Name()
					break
				}
			}
			if !res && !seen && a.writeLevel(fv) >= 1 {
				res, why = true, "its field "+fv.Name()+" is written through at "+a.where(a.wpos[fv], n.Obj().Pos())
			}
		}
	}
	a.mutated[key] = res
	if res && a.mutatedBy[n.Obj()] == "" {
		a.mutatedBy[n.Obj()] = why
	}
	return res
}

type mutKey struct {
	obj  *types.TypeName
	seen bool
}

// storeSet records the package's field stores after construction: direct
// ones by position, and those through a method's receiver by method.
type storeSet struct {
	direct    map[*types.Var]token.Pos
	inMethods map[*types.Var][]*types.Func
}

// calledOnShared returns the package's methods that its non-test code
// calls on a value that is not under construction (not a local holding a
// fresh allocation).
func (a *checker) calledOnShared() map[*types.Func]bool {
	if a.shared != nil {
		return a.shared
	}
	a.shared = make(map[*types.Func]bool)
	info := a.pass.TypesInfo
	for _, decl := range a.funcDeclsInOrder() {
		if decl.Body == nil || code.IsTestFile(a.pass, decl.Pos()) {
			continue
		}
		var fresh map[types.Object]bool
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			se, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			sel := info.Selections[se]
			if sel == nil || sel.Kind() != types.MethodVal {
				return true
			}
			fn, _ := sel.Obj().(*types.Func)
			if fn == nil || fn.Pkg() != a.pass.Pkg {
				return true
			}
			fn = fn.Origin()
			if a.shared[fn] {
				return true
			}
			if root := code.RootIdent(se.X); root != nil {
				if fresh == nil {
					fresh = a.freshLocals(decl.Body)
				}
				if fresh[info.Uses[root]] {
					return true
				}
				// A local struct value (p := newT(); p.init()) is built here.
				if v, ok := info.Uses[root].(*types.Var); ok && root == ast.Unparen(se.X) && !isPointer(v.Type()) &&
					v.Parent() != nil && v.Parent() != a.pass.Pkg.Scope() && !isParam(decl, info, v) {
					return true
				}
			}
			a.shared[fn] = true
			return true
		})
	}
	return a.shared
}

// fieldStores returns the fields the package's non-test code assigns
// through a pointer or a shared element (p.F = v, p.F++, s[i].F = v), not
// counting values under construction (a local holding a fresh allocation,
// a local struct value). Stores through the receiver of a method are kept
// by method: they happen when the method is called.
func (a *checker) fieldStores() *storeSet {
	if a.stores != nil {
		return a.stores
	}
	a.stores = &storeSet{direct: map[*types.Var]token.Pos{}, inMethods: map[*types.Var][]*types.Func{}}
	info := a.pass.TypesInfo
	for fn, decl := range a.funcDeclsInOrder() {
		if decl.Body == nil || code.IsTestFile(a.pass, decl.Pos()) {
			continue
		}
		var recv types.Object
		if decl.Recv != nil && len(decl.Recv.List) == 1 && len(decl.Recv.List[0].Names) == 1 {
			recv = info.Defs[decl.Recv.List[0].Names[0]]
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
			fv = fv.Origin()
			if id, ok := ast.Unparen(se.X).(*ast.Ident); ok {
				obj, _ := info.Uses[id].(*types.Var)
				if obj == nil || fresh[obj] {
					return
				}
				if !isPointer(obj.Type()) && obj.Parent() != nil && obj.Parent() != a.pass.Pkg.Scope() {
					return // a local or parameter struct value: its own copy
				}
				if recv != nil && obj == recv {
					a.stores.inMethods[fv] = append(a.stores.inMethods[fv], fn.Origin())
					return
				}
			} else if root := code.RootIdent(se.X); root != nil && fresh[info.Uses[root]] {
				return
			}
			if _, seen := a.stores.direct[fv]; !seen {
				a.stores.direct[fv] = se.Pos()
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
	return a.typeMutatedSeen(elem)
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

// isParam reports whether v is a parameter or the receiver of decl.
func isParam(decl *ast.FuncDecl, info *types.Info, v *types.Var) bool {
	for _, fl := range []*ast.FieldList{decl.Recv, decl.Type.Params} {
		if fl == nil {
			continue
		}
		for _, f := range fl.List {
			for _, n := range f.Names {
				if info.Defs[n] == v {
					return true
				}
			}
		}
	}
	return false
}
