package fileclaim

import (
	"go/ast"
	"go/types"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// entry is one element of a listing, as a loop or walk callback sees it.
type entry struct {
	node   ast.Node // *ast.RangeStmt, *ast.FuncLit or *ast.FuncDecl
	body   ast.Node // where the entry is processed
	vars   map[types.Object]bool
	keyVar types.Object // range key, for listing[i]
	list   *listing
	strs   bool // the entry value is a path or name string
	param  int  // for summaries: the parameter this pseudo-entry stands for; -1 otherwise
}

// listingOf returns the listing a variable holds, or nil.
func (fc *funcState) listingOf(obj types.Object) *listing {
	if obj == nil {
		return nil
	}
	if fc.listDone[obj] {
		return fc.listVars[obj]
	}
	fc.listDone[obj] = true // guards recursion; nil until found
	var found *listing
	for _, a := range fc.assigns[obj] {
		if a.rng || found != nil {
			continue
		}
		found = fc.listingOfExpr(a.rhs, a.multi, a.idx, a.elem, obj)
	}
	fc.listVars[obj] = found
	return found
}

func (fc *funcState) listingOfExpr(rhs ast.Expr, multi bool, idx int, elem bool, obj types.Object) *listing {
	info := fc.c.info
	rhs = ast.Unparen(rhs)
	if elem {
		return fc.elemListing(rhs)
	}
	switch r := rhs.(type) {
	case *ast.CallExpr:
		if idx != 0 {
			return nil
		}
		if kind, dir, ok := fc.c.listCall(r); ok {
			return &listing{call: r, dir: dir, kind: kind, fc: fc}
		}
		if id, ok := ast.Unparen(r.Fun).(*ast.Ident); ok && id.Name == "append" {
			if _, builtin := info.ObjectOf(id).(*types.Builtin); builtin && len(r.Args) > 0 {
				if l := fc.listingOfIdentExpr(r.Args[0]); l != nil && l != fc.listVars[obj] {
					return l
				}
				for _, a := range r.Args[1:] {
					if l := fc.elemListing(a); l != nil {
						return l
					}
				}
				if r.Ellipsis.IsValid() && len(r.Args) == 2 {
					return fc.listingOfIdentExpr(r.Args[1])
				}
			}
			return nil
		}
		// A filter or sort helper returning the same type as a listing
		// it is given.
		if multi {
			return nil
		}
		t := info.TypeOf(r)
		for _, a := range r.Args {
			if l := fc.listingOfIdentExpr(a); l != nil && t != nil && types.Identical(t, info.TypeOf(a)) {
				return l
			}
		}
	case *ast.SliceExpr:
		return fc.listingOfIdentExpr(r.X)
	case *ast.Ident:
		return fc.listingOfIdentExpr(r)
	}
	return nil
}

func (fc *funcState) listingOfIdentExpr(e ast.Expr) *listing {
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		return fc.listingOf(fc.c.info.ObjectOf(id))
	}
	return nil
}

// elemListing: an element that is an entry (or an entry's path or name)
// makes the collection a listing of the same directory.
func (fc *funcState) elemListing(e ast.Expr) *listing {
	e = ast.Unparen(e)
	if id, ok := e.(*ast.Ident); ok {
		if ent := fc.entryVars[fc.c.info.ObjectOf(id)]; ent != nil && ent.list != nil {
			return ent.list
		}
	}
	k, ok := fc.pathKey(e)
	if !ok || k.ent.list == nil {
		return nil
	}
	l := *k.ent.list
	l.kind.strs = true
	return &l
}

// findEntries finds the loops over listings and the walk callbacks.
func (fc *funcState) findEntries() {
	info := fc.c.info
	ast.Inspect(fc.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.RangeStmt:
			var l *listing
			switch x := ast.Unparen(n.X).(type) {
			case *ast.Ident:
				l = fc.listingOf(info.ObjectOf(x))
			case *ast.CallExpr:
				if _, tuple := info.TypeOf(x).(*types.Tuple); !tuple {
					if kind, dir, ok := fc.c.listCall(x); ok {
						l = &listing{call: x, dir: dir, kind: kind, fc: fc}
					}
				}
			}
			if l == nil {
				return true
			}
			ent := &entry{node: n, body: n.Body, vars: map[types.Object]bool{}, list: l, strs: l.kind.strs, param: -1}
			if id, ok := n.Value.(*ast.Ident); ok {
				if obj := info.ObjectOf(id); obj != nil {
					ent.vars[obj] = true
					fc.entryVars[obj] = ent
				}
			}
			if id, ok := n.Key.(*ast.Ident); ok {
				if t := info.TypeOf(n.X); t != nil {
					if _, isMap := t.Underlying().(*types.Map); !isMap {
						ent.keyVar = info.ObjectOf(id)
					} else if n.Value == nil {
						return true // ranging over the keys of a map of paths
					}
				}
			}
			fc.entries = append(fc.entries, ent)
		case *ast.CallExpr:
			cb, ok := fc.c.isWalk(n)
			if !ok {
				return true
			}
			if lit, ok := ast.Unparen(cb).(*ast.FuncLit); ok {
				l := &listing{call: n, dir: n.Args[0], kind: listKind{strs: true, what: "filepath." + fc.c.callee(n).Name()}, fc: fc}
				fc.addEntryFor(lit, lit.Type, lit.Body, l)
			}
		}
		return true
	})
}

// findWalkers records named functions passed as filepath.Walk callbacks.
func (fc *funcState) findWalkers() {
	ast.Inspect(fc.body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		cb, ok := fc.c.isWalk(call)
		if !ok {
			return true
		}
		var id *ast.Ident
		switch c := ast.Unparen(cb).(type) {
		case *ast.Ident:
			id = c
		case *ast.SelectorExpr:
			id = c.Sel
		}
		if id == nil {
			return true
		}
		if fn, ok := fc.c.info.ObjectOf(id).(*types.Func); ok {
			if _, local := fc.c.decls[fn]; local {
				fc.c.walkers[fn] = call
				fc.c.walkFuncStates[call] = fc
			}
		}
		return true
	})
}

func (fc *funcState) addCallbackEntry(ftype *ast.FuncType, body *ast.BlockStmt, call *ast.CallExpr, walkfc *funcState) {
	if walkfc == nil || len(call.Args) < 2 {
		return
	}
	l := &listing{call: call, dir: call.Args[0], kind: listKind{strs: true, what: "filepath." + fc.c.callee(call).Name()}, fc: walkfc}
	fc.addEntryFor(fc.body, ftype, body, l)
}

func (fc *funcState) addEntryFor(node ast.Node, ftype *ast.FuncType, body *ast.BlockStmt, l *listing) {
	if ftype.Params == nil || len(ftype.Params.List) == 0 || len(ftype.Params.List[0].Names) == 0 {
		return
	}
	obj := fc.c.info.ObjectOf(ftype.Params.List[0].Names[0])
	if obj == nil {
		return
	}
	ent := &entry{node: node, body: body, vars: map[types.Object]bool{obj: true}, list: l, strs: true, param: -1}
	fc.entryVars[obj] = ent
	fc.entries = append(fc.entries, ent)
}

// addParamEntries makes each string parameter a pseudo-entry, for helper
// summaries.
func (fc *funcState) addParamEntries() {
	if fc.ftype.Params == nil {
		return
	}
	i := 0
	for _, field := range fc.ftype.Params.List {
		names := field.Names
		if len(names) == 0 {
			i++
			continue
		}
		for _, id := range names {
			obj := fc.c.info.ObjectOf(id)
			if obj != nil && (code.IsString(obj.Type()) || isDirEntry(obj.Type())) {
				ent := &entry{node: fc.body, body: fc.body, vars: map[types.Object]bool{obj: true}, strs: code.IsString(obj.Type()), param: i}
				fc.entryVars[obj] = ent
				fc.entries = append(fc.entries, ent)
				fc.paramNames[id.Name] = i
			}
			i++
		}
	}
}

// isDirEntry reports whether t is fs.DirEntry or fs.FileInfo (os.DirEntry,
// os.FileInfo).
func isDirEntry(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "io/fs" {
		return false
	}
	return n.Obj().Name() == "DirEntry" || n.Obj().Name() == "FileInfo"
}
