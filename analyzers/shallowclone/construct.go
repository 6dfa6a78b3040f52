package shallowclone

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// Construction through parameters and default filling: two kinds of
// writes that are not evidence that a copy and its original see each
// other's writes.
//
// A function whose every call in the package (outside tests) passes, for a
// parameter, memory its caller has just allocated (or a parameter that is
// itself under construction in the same sense) fills a value being built:
// no copy of it exists yet. A function the package never calls, uses as a
// value, or may call through an interface is not construction (a setter
// callable at any time writes into whatever value it is given).
//
// A write guarded by a check that the written location is empty (if x.F ==
// "" { x.F = d }, if x.M[k] is missing, append v if it is not there yet)
// fills a default: done again on a copy, it writes what is already there.

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
	calls := a.callSites()
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

// fillsDefault reports whether the expression at cur is part of an
// assignment that fills a default: x.F = v (or x.M[k] = v, or x.S =
// append(x.S, v)) inside an if whose condition says the location is empty
// (x.F == nil, x.F == "", len(x.F) == 0, !ok after _, ok := x.M[k], !found
// after a loop over x.S looking for v, !slices.Contains(x.S, v)).
func (a *checker) fillsDefault(cur inspector.Cursor) bool {
	var as *ast.AssignStmt
	var asCur inspector.Cursor
	for p := cur.Parent(); p.Valid(); p = p.Parent() {
		if s, ok := p.Node().(*ast.AssignStmt); ok {
			as, asCur = s, p
			break
		}
		if _, ok := p.Node().(ast.Stmt); ok {
			return false
		}
		if _, ok := p.Node().(*ast.FuncLit); ok {
			return false
		}
	}
	if as == nil || len(as.Lhs) != 1 || len(as.Rhs) != 1 || as.Tok != token.ASSIGN {
		return false
	}
	lhs := types.ExprString(as.Lhs[0])
	// The nearest if around the assignment, with only blocks between.
	var ifs *ast.IfStmt
	for p := asCur.Parent(); p.Valid(); p = p.Parent() {
		if s, ok := p.Node().(*ast.IfStmt); ok {
			ifs = s
			break
		}
		if _, ok := p.Node().(*ast.BlockStmt); !ok {
			return false
		}
	}
	if ifs == nil || !within(ifs.Body, as) {
		return false
	}
	appended := ""
	if call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr); ok && code.IsBuiltinCall(a.pass.TypesInfo, call, "append") &&
		len(call.Args) > 0 && types.ExprString(call.Args[0]) == lhs {
		appended = lhs
	}
	for _, c := range conjuncts(ifs.Cond) {
		if a.saysEmpty(c, lhs, ifs, appended) {
			return true
		}
	}
	return false
}

func within(outer, inner ast.Node) bool {
	return outer.Pos() <= inner.Pos() && inner.End() <= outer.End()
}

// conjuncts splits a && b && c.
func conjuncts(e ast.Expr) []ast.Expr {
	if b, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && b.Op == token.LAND {
		return append(conjuncts(b.X), conjuncts(b.Y)...)
	}
	return []ast.Expr{ast.Unparen(e)}
}

// saysEmpty reports whether the condition c holds only when the location
// lhs is empty (or, for an append, when the appended value is missing).
func (a *checker) saysEmpty(c ast.Expr, lhs string, ifs *ast.IfStmt, appended string) bool {
	info := a.pass.TypesInfo
	switch c := c.(type) {
	case *ast.BinaryExpr:
		if c.Op != token.EQL {
			return false
		}
		for _, pair := range [2][2]ast.Expr{{c.X, c.Y}, {c.Y, c.X}} {
			subj, zero := ast.Unparen(pair[0]), pair[1]
			if !a.isZero(zero) {
				continue
			}
			if types.ExprString(subj) == lhs {
				return true
			}
			if call, ok := subj.(*ast.CallExpr); ok && code.IsBuiltinCall(info, call, "len") && len(call.Args) == 1 &&
				types.ExprString(call.Args[0]) == lhs {
				return true
			}
		}
	case *ast.UnaryExpr:
		if c.Op != token.NOT {
			return false
		}
		switch x := ast.Unparen(c.X).(type) {
		case *ast.Ident:
			obj := info.Uses[x]
			if obj == nil {
				return false
			}
			// _, ok := x.M[k]; if !ok { x.M[k] = v }
			if init, ok := ifs.Init.(*ast.AssignStmt); ok && len(init.Lhs) == 2 && len(init.Rhs) == 1 &&
				info.ObjectOf(identOf(init.Lhs[1])) == obj && types.ExprString(init.Rhs[0]) == lhs {
				return true
			}
			// for _, e := range x.S { if e == v { found = true } }; if !found { x.S = append(x.S, v) }
			return appended != "" && a.searchedFor(obj, appended, ifs)
		case *ast.CallExpr:
			// if !slices.Contains(x.S, v) { x.S = append(x.S, v) }
			fn := code.Callee(info, x)
			return appended != "" && fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "slices" &&
				(fn.Name() == "Contains" || fn.Name() == "ContainsFunc") && len(x.Args) > 0 &&
				types.ExprString(x.Args[0]) == appended
		}
	}
	return false
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

// isZero reports whether e is nil or a constant zero value ("", 0, false).
func (a *checker) isZero(e ast.Expr) bool {
	tv, ok := a.pass.TypesInfo.Types[e]
	if !ok {
		return false
	}
	if tv.IsNil() {
		return true
	}
	if tv.Value == nil {
		return false
	}
	switch tv.Value.Kind() {
	case constant.String:
		return constant.StringVal(tv.Value) == ""
	case constant.Int, constant.Float:
		return constant.Sign(tv.Value) == 0
	case constant.Bool:
		return !constant.BoolVal(tv.Value)
	}
	return false
}

// searchedFor reports whether the bool found is set to true inside a loop
// over the slice s that comes before ifs in the same block.
func (a *checker) searchedFor(found types.Object, s string, ifs *ast.IfStmt) bool {
	hit := false
	for cur := range a.ins.Root().Preorder((*ast.RangeStmt)(nil)) {
		rs := cur.Node().(*ast.RangeStmt)
		if rs.Pos() < found.Pos() || rs.End() > ifs.Pos() || types.ExprString(rs.X) != s {
			continue
		}
		ast.Inspect(rs.Body, func(n ast.Node) bool {
			if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == 1 && len(as.Rhs) == 1 &&
				a.pass.TypesInfo.ObjectOf(identOf(as.Lhs[0])) == found {
				if id := identOf(as.Rhs[0]); id != nil && id.Name == "true" {
					hit = true
				}
			}
			return !hit
		})
		if hit {
			return true
		}
	}
	return false
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
// any) and asserts it to, or switches it on, a map or slice of any (the
// nodes of a parsed document). Such a function turns
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

// derivedAppend reports whether the append at cur (x.F = append(x.F,
// v...)) appends only values taken from x itself: x's own fields, or the
// elements of a loop over them (for _, op := range x.Ops { x.Keys =
// append(x.Keys, op.Key) }). A slice re-derived from the value's own data
// gets the same elements in every copy that derives it: a copy extended
// the same way writes the same values into the shared spare capacity.
func (a *checker) derivedAppend(cur inspector.Cursor) bool {
	info := a.pass.TypesInfo
	se := cur.Node().(*ast.SelectorExpr)
	call, _, ok := parentAssign(cur)
	root := code.RootIdent(se.X)
	if !ok || root == nil || len(call.Args) < 2 {
		return false
	}
	self := info.Uses[root]
	if self == nil {
		return false
	}
	fromSelf := map[types.Object]bool{self: true}
	var loops []*ast.RangeStmt // innermost first
	for c := range cur.Enclosing((*ast.RangeStmt)(nil)) {
		loops = append(loops, c.Node().(*ast.RangeStmt))
	}
	for i := len(loops) - 1; i >= 0; i-- {
		rs := loops[i]
		if r := code.RootIdent(stripRefs(rs.X)); r != nil && fromSelf[info.Uses[r]] {
			for _, e := range []ast.Expr{rs.Key, rs.Value} {
				if id := identOf(e); id != nil {
					fromSelf[info.ObjectOf(id)] = true
				}
			}
		}
	}
	for _, arg := range call.Args[1:] {
		r := code.RootIdent(stripRefs(arg))
		if r == nil || !fromSelf[info.Uses[r]] {
			return false
		}
	}
	return true
}
