package shallowclone

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// Construction: writes that are not evidence that a copy and its original
// see each other's writes, because no copy of the value exists yet.
//
// A function whose every call in the package (outside tests) passes, for a
// parameter, memory its caller has just allocated (or a parameter that is
// itself under construction in the same sense) fills a value being built.
// A function the package never calls, uses as a value, or may call through
// an interface is not construction (a setter callable at any time writes
// into whatever value it is given). A function that decodes a dynamically
// typed document into its value (decodesDynamic) is construction as the
// named decoders are. Default filling is in defaults.go.

// constructed returns the parameters (receiver included) of decl that are
// under construction in every call of the package.
func (a *checker) constructed(decl *ast.FuncDecl) map[types.Object]bool {
	fn, _ := a.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if fn == nil {
		return nil
	}
	var m map[types.Object]bool
	for i, p := range a.paramObjs(decl) {
		if p != nil && a.constructingParam(fn, i-1, 0) {
			if m == nil {
				m = map[types.Object]bool{}
			}
			m[p] = true
		}
	}
	return m
}

// paramObjs returns the receiver (index 0, nil when there is none) and
// the parameters of decl.
func (a *checker) paramObjs(decl *ast.FuncDecl) []types.Object {
	info := a.pass.TypesInfo
	objs := []types.Object{nil}
	if decl.Recv != nil && len(decl.Recv.List) == 1 && len(decl.Recv.List[0].Names) == 1 {
		objs[0] = info.Defs[decl.Recv.List[0].Names[0]]
	}
	for _, fld := range decl.Type.Params.List {
		for _, name := range fld.Names {
			objs = append(objs, info.Defs[name])
		}
		if len(fld.Names) == 0 {
			objs = append(objs, nil)
		}
	}
	return objs
}

// constructingParam reports whether every call of fn in the package
// passes fresh memory for its i'th parameter (-1: the receiver).
func (a *checker) constructingParam(fn *types.Func, i, depth int) bool {
	key := paramKey{fn.Origin(), i}
	if r, ok := a.constructing[key]; ok || depth > 6 {
		return r // depth > 6: not construction
	}
	a.constructing[key] = false // cycles: not construction
	fn = key.fn
	calls := a.flow.Calls()
	if calls.Escapes[fn] || (i < 0 && calls.IfaceMethods[fn.Name()]) {
		return false
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || (i >= 0 && (i >= sig.Params().Len() || (sig.Variadic() && i == sig.Params().Len()-1))) {
		return false
	}
	n := 0
	for _, site := range calls.Of[fn] {
		if site.Decl == nil || site.Decl.Body == nil || code.IsTestFile(a.pass, site.Decl.Pos()) {
			continue
		}
		var arg ast.Expr
		if i < 0 {
			se, ok := ast.Unparen(site.Call.Fun).(*ast.SelectorExpr)
			if !ok {
				return false
			}
			arg = se.X
		} else if i < len(site.Call.Args) {
			arg = site.Call.Args[i]
		}
		if arg == nil || !a.freshArg(site.Decl, arg, depth) {
			return false
		}
		n++
	}
	r := n > 0
	a.constructing[key] = r
	return r
}

// freshArg reports whether arg, in decl, refers into memory under
// construction: a local that only ever holds fresh allocations (or a part
// of one, &x.F), or a parameter under construction.
func (a *checker) freshArg(decl *ast.FuncDecl, arg ast.Expr, depth int) bool {
	e := ast.Unparen(arg)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	root := code.RootIdent(e)
	if root == nil {
		return false
	}
	obj := a.pass.TypesInfo.Uses[root]
	if obj == nil {
		return false
	}
	if a.freshIn(decl)[obj] && a.allocatedOnly(decl, obj) {
		return true
	}
	fn, _ := a.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if fn == nil {
		return false
	}
	for i, p := range a.paramObjs(decl) {
		if p == obj {
			return a.constructingParam(fn, i-1, depth+1)
		}
	}
	return false
}

// freshIn caches freshLocals per declaration.
func (a *checker) freshIn(decl *ast.FuncDecl) map[types.Object]bool {
	if m, ok := a.freshByDecl[decl]; ok {
		return m
	}
	m := a.freshLocals(decl.Body)
	a.freshByDecl[decl] = m
	return m
}

// allocatedOnly reports whether every value decl assigns to the local obj
// is a new allocation written in place (a composite literal, &T{}, new,
// make): a Clone's result, though fresh memory, is a copy whose shared
// fields are the point.
func (a *checker) allocatedOnly(decl *ast.FuncDecl, obj types.Object) bool {
	info := a.pass.TypesInfo
	ok := true
	check := func(rhs ast.Expr) {
		e := ast.Unparen(rhs)
		if u, isU := e.(*ast.UnaryExpr); isU && u.Op == token.AND {
			e = ast.Unparen(u.X)
		}
		switch e := e.(type) {
		case *ast.CompositeLit:
			return
		case *ast.CallExpr:
			if code.IsBuiltinCall(info, e, "new") || code.IsBuiltinCall(info, e, "make") {
				return
			}
		}
		if a.isZero(rhs) {
			return
		}
		ok = false
	}
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				return true
			}
			for i, l := range n.Lhs {
				if id := identOf(l); id != nil && info.ObjectOf(id) == obj {
					check(n.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if info.ObjectOf(id) == obj && i < len(n.Values) {
					check(n.Values[i])
				}
			}
		}
		return ok
	})
	return ok
}

// decodesDynamic reports whether decl decodes a dynamically typed value:
// it takes a parameter of an empty interface type (any, a map or slice of
// any), or sets a local of such a type from a call (a module or config
// loader's result), and asserts it to, or switches it on, a map or slice
// of any (the nodes of a parsed document). Such a function turns
// a parsed document (a config file's tree, a JSON value) into the value it
// is filling, the way a named decoder does; a setter stores its argument
// as it is.
func (a *checker) decodesDynamic(decl *ast.FuncDecl) bool {
	info := a.pass.TypesInfo
	dyn := map[types.Object]bool{}
	for _, p := range a.paramObjs(decl)[1:] {
		if p != nil && holdsAny(p.Type()) {
			dyn[p] = true
		}
	}
	// A document the function loads itself: a local set from a call's
	// result of such a type (v, err := ctx.LoadModule(x, "Raw")).
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 {
			return true
		}
		if _, call := ast.Unparen(as.Rhs[0]).(*ast.CallExpr); !call {
			return true
		}
		for _, lhs := range as.Lhs {
			if id, ok := lhs.(*ast.Ident); ok {
				if obj := info.ObjectOf(id); obj != nil && holdsAny(obj.Type()) {
					dyn[obj] = true
				}
			}
		}
		return true
	})
	if len(dyn) == 0 {
		return false
	}
	// A document tree: an assertion to, or a type switch case of, a map or
	// slice of any (a setter switching on int or string decodes nothing).
	tree := func(t ast.Expr) bool { return t != nil && holdsAny(info.TypeOf(t)) && !isEmptyIface(info.TypeOf(t)) }
	onDyn := func(x ast.Expr) bool {
		root := code.RootIdent(x)
		return root != nil && dyn[info.Uses[root]]
	}
	found := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.TypeAssertExpr:
			found = found || (onDyn(n.X) && tree(n.Type))
		case *ast.TypeSwitchStmt:
			var x ast.Expr
			switch a := n.Assign.(type) {
			case *ast.AssignStmt:
				if len(a.Rhs) == 1 {
					if ta, ok := a.Rhs[0].(*ast.TypeAssertExpr); ok {
						x = ta.X
					}
				}
			case *ast.ExprStmt:
				if ta, ok := a.X.(*ast.TypeAssertExpr); ok {
					x = ta.X
				}
			}
			if x != nil && onDyn(x) {
				for _, c := range n.Body.List {
					for _, t := range c.(*ast.CaseClause).List {
						found = found || tree(t)
					}
				}
			}
		}
		return !found
	})
	return found
}

func isEmptyIface(t types.Type) bool {
	if t == nil {
		return false
	}
	i, ok := types.Unalias(t).Underlying().(*types.Interface)
	return ok && i.Empty()
}

// holdsAny reports whether t is an empty interface, or a map or slice of
// them.
func holdsAny(t types.Type) bool {
	switch u := types.Unalias(t).Underlying().(type) {
	case *types.Interface:
		return u.Empty()
	case *types.Map:
		return holdsAny(u.Elem())
	case *types.Slice:
		return holdsAny(u.Elem())
	}
	return false
}
