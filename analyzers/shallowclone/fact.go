package shallowclone

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// FreshResult is the fact the check records about a function whose first
// result is a reference (pointer, map, slice): whether every return path
// yields newly allocated memory (or nil), and which parameters the result
// may be (returned as they are). A clone that fills a field from a Fresh
// helper covers it; one that fills it from an aliasing helper shares it.
type FreshResult struct {
	Fresh bool  // every return yields a fresh value or nil
	Alias []int // parameters that some return yields unchanged
}

// AFact marks FreshResult as an analysis fact.
func (*FreshResult) AFact() {}

func (f *FreshResult) String() string {
	if f.Fresh {
		return "fresh"
	}
	return fmt.Sprintf("aliases%v", f.Alias)
}

// computeFacts summarises the package's functions, propagating freshness
// through local helpers that call each other.
func (a *checker) computeFacts() {
	a.local = make(map[*types.Func]*FreshResult)
	for round := 0; round < 3; round++ {
		changed := false
		for fn, decl := range a.funcDeclsInOrder() {
			if decl.Body == nil {
				continue
			}
			sig, _ := fn.Type().(*types.Signature)
			if sig == nil || sig.Results().Len() == 0 || !isRef(sig.Results().At(0).Type()) ||
				sig.Recv() != nil && a.cloneNames[fn.Name()] {
				continue
			}
			r := a.summarise(decl, sig)
			old := a.local[fn]
			if r == nil {
				continue
			}
			if old == nil || old.Fresh != r.Fresh || len(old.Alias) != len(r.Alias) {
				a.local[fn] = r
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	for fn, r := range a.local {
		a.pass.ExportObjectFact(fn, r)
	}
}

// isRef reports whether values of t are references to mutable memory.
func isRef(t types.Type) bool {
	switch types.Unalias(t).Underlying().(type) {
	case *types.Pointer, *types.Map, *types.Slice:
		return true
	}
	return false
}

// summarise computes the FreshResult of one function, or nil.
func (a *checker) summarise(decl *ast.FuncDecl, sig *types.Signature) *FreshResult {
	info := a.pass.TypesInfo
	params := map[types.Object]int{}
	n := 0
	for _, fld := range decl.Type.Params.List {
		for _, name := range fld.Names {
			params[info.Defs[name]] = n
			n++
		}
		if len(fld.Names) == 0 {
			n++
		}
	}
	fresh := a.freshLocals(decl.Body)
	r := &FreshResult{Fresh: true}
	returns := 0
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			returns++
			if len(n.Results) == 0 {
				r.Fresh = false
				return false
			}
			e := ast.Unparen(n.Results[0])
			if len(n.Results) == 1 && sig.Results().Len() > 1 {
				r.Fresh = false // return f() of a tuple
				return false
			}
			if se, ok := e.(*ast.SliceExpr); ok {
				e = ast.Unparen(se.X)
			}
			if id, ok := e.(*ast.Ident); ok {
				if i, ok := params[info.Uses[id]]; ok {
					r.Alias = append(r.Alias, i)
					r.Fresh = false
					return false
				}
			}
			if !a.isFresh(e, fresh) {
				r.Fresh = false
			}
		}
		return true
	})
	if returns == 0 || (!r.Fresh && len(r.Alias) == 0) {
		return nil
	}
	return r
}

// freshLocals returns the local variables of body that only ever hold fresh
// values: every assignment is a fresh expression or an append to itself.
func (a *checker) freshLocals(body *ast.BlockStmt) map[types.Object]bool {
	info := a.pass.TypesInfo
	ok := map[types.Object]bool{}
	bad := map[types.Object]bool{}
	note := func(id *ast.Ident, rhs ast.Expr) {
		obj := info.ObjectOf(id)
		if obj == nil {
			return
		}
		if rhs != nil && !a.isFresh(rhs, nil) && !isSelfAppend(info, obj, rhs) {
			bad[obj] = true
			return
		}
		ok[obj] = true
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				id, isID := ast.Unparen(l).(*ast.Ident)
				if !isID {
					continue
				}
				if len(n.Lhs) != len(n.Rhs) || (n.Tok != token.ASSIGN && n.Tok != token.DEFINE) {
					if obj := info.ObjectOf(id); obj != nil {
						bad[obj] = true
					}
					continue
				}
				note(id, n.Rhs[i])
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				switch {
				case len(n.Values) == len(n.Names):
					note(id, n.Values[i])
				case len(n.Values) == 0:
					note(id, nil)
				default:
					if obj := info.ObjectOf(id); obj != nil {
						bad[obj] = true
					}
				}
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, isID := e.(*ast.Ident); isID {
					if obj := info.ObjectOf(id); obj != nil {
						bad[obj] = true
					}
				}
			}
		}
		return true
	})
	for obj := range bad {
		delete(ok, obj)
	}
	return ok
}

func isSelfAppend(info *types.Info, obj types.Object, rhs ast.Expr) bool {
	call, ok := ast.Unparen(rhs).(*ast.CallExpr)
	if !ok || len(call.Args) == 0 || !code.IsBuiltinCall(info, call, "append") {
		return false
	}
	id, ok := ast.Unparen(call.Args[0]).(*ast.Ident)
	return ok && info.Uses[id] == obj
}

// isFresh reports whether e certainly yields newly allocated memory or nil.
func (a *checker) isFresh(e ast.Expr, locals map[types.Object]bool) bool {
	info := a.pass.TypesInfo
	e = ast.Unparen(e)
	switch e := e.(type) {
	case *ast.Ident:
		if _, isNil := info.Uses[e].(*types.Nil); isNil {
			return true
		}
		return locals[info.Uses[e]]
	case *ast.CompositeLit, *ast.FuncLit, *ast.BasicLit:
		return true
	case *ast.UnaryExpr:
		_, lit := ast.Unparen(e.X).(*ast.CompositeLit)
		return e.Op == token.AND && lit
	case *ast.CallExpr:
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() {
			return len(e.Args) == 1 && a.isFresh(e.Args[0], locals)
		}
		if code.IsBuiltinCall(info, e, "make") || code.IsBuiltinCall(info, e, "new") {
			return true
		}
		if code.IsBuiltinCall(info, e, "append") {
			return len(e.Args) > 0 && (nilish(info, e.Args[0]) || a.isFresh(e.Args[0], locals))
		}
		return a.freshCall(e)
	}
	return false
}

// freshCall reports whether call returns fresh memory: a standard cloning
// function, a method named like a clone, or a function whose fact says so.
func (a *checker) freshCall(call *ast.CallExpr) bool {
	fn := code.Callee(a.pass.TypesInfo, call)
	if fn == nil {
		return false
	}
	if code.IsFunc(fn, "maps", "Clone") || code.IsFunc(fn, "slices", "Clone") ||
		code.IsFunc(fn, "bytes", "Clone") || code.IsFunc(fn, "strings", "Clone") {
		return true
	}
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil && a.cloneNames[fn.Name()] {
		return true
	}
	if r := a.factOf(fn); r != nil {
		return r.Fresh
	}
	return false
}

// factOf returns fn's FreshResult, from this package or an imported one.
func (a *checker) factOf(fn *types.Func) *FreshResult {
	fn = fn.Origin()
	if r, ok := a.local[fn]; ok {
		return r
	}
	if fn.Pkg() == a.pass.Pkg {
		return nil
	}
	var r FreshResult
	if a.pass.ImportObjectFact(fn, &r) {
		return &r
	}
	return nil
}

// nilish reports whether e is an empty value to append to: nil, T(nil), an
// empty composite literal, or x[:0:0].
func nilish(info *types.Info, e ast.Expr) bool {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.Ident:
		_, isNil := info.Uses[x].(*types.Nil)
		return isNil
	case *ast.CompositeLit:
		return len(x.Elts) == 0
	case *ast.CallExpr:
		if tv, ok := info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			return nilish(info, x.Args[0])
		}
	case *ast.SliceExpr:
		if x.Slice3 && x.High != nil && x.Max != nil {
			h, m := info.Types[x.High].Value, info.Types[x.Max].Value
			return h != nil && m != nil && h.String() == "0" && m.String() == "0"
		}
	}
	return false
}
