package shallowclone

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// resultWritten returns where the package's non-test code writes through
// field path of a value returned by fn (r := fn(x); r.Counts[k] = v, or r
// handed to a function or method that does so).
func (a *checker) resultWritten(fn *types.Func, path string) (token.Pos, bool) {
	info := a.pass.TypesInfo
	fn = fn.Origin()
	for _, fc := range a.codeDecls() {
		for cur := range fc.Preorder((*ast.CallExpr)(nil)) {
			callee := code.Callee(info, cur.Node().(*ast.CallExpr))
			if callee == nil || callee.Origin() != fn {
				continue
			}
			if pos, ok := a.valueFieldWritten(cur, path, 0); ok {
				return pos, true
			}
			as, ok := cur.Parent().Node().(*ast.AssignStmt)
			if !ok || len(as.Lhs) != len(as.Rhs) {
				continue
			}
			for i, r := range as.Rhs {
				if r != cur.Node() {
					continue
				}
				if id, ok := as.Lhs[i].(*ast.Ident); ok {
					if obj := info.ObjectOf(id); obj != nil {
						if pos, ok := a.varFieldWritten(fc, obj, path, 0); ok {
							return pos, true
						}
					}
				}
			}
		}
	}
	return token.NoPos, false
}

// varFieldWritten returns where the code in scope writes through field
// path of the value variable v holds.
func (a *checker) varFieldWritten(scope inspector.Cursor, v types.Object, path string, depth int) (token.Pos, bool) {
	for cur := range scope.Preorder((*ast.Ident)(nil)) {
		if a.pass.TypesInfo.Uses[cur.Node().(*ast.Ident)] != v {
			continue
		}
		if pos, ok := a.valueFieldWritten(cur, path, depth); ok {
			return pos, true
		}
	}
	return token.NoPos, false
}

// valueFieldWritten reports whether the value at cur (a pointer to the
// struct) is used to write through its field path: cur.F… selections
// written through in place, or cur passed as an argument or receiver to
// one of the package's functions that does so with its parameter.
func (a *checker) valueFieldWritten(cur inspector.Cursor, path string, depth int) (token.Pos, bool) {
	if depth > 3 {
		return token.NoPos, false
	}
	info := a.pass.TypesInfo
	child := cur.Node()
	p := ""
	for par := cur.Parent(); par.Valid(); par = par.Parent() {
		switch pn := par.Node().(type) {
		case *ast.ParenExpr, *ast.StarExpr:
			child = pn
			continue
		case *ast.SelectorExpr:
			if pn.X != child {
				return token.NoPos, false
			}
			sel := info.Selections[pn]
			if sel == nil {
				return token.NoPos, false
			}
			if sel.Kind() == types.FieldVal {
				if p != "" {
					p += "."
				}
				p += sel.Obj().Name()
				if p == path {
					if !a.fillsDefault(par) && a.writesThrough(par, 0) >= 1 {
						return pn.Pos(), true
					}
					return token.NoPos, false
				}
				if len(p) >= len(path) || path[:len(p)+1] != p+"." {
					return token.NoPos, false
				}
				child = pn
				continue
			}
			// A method called on the value: follow its receiver.
			call, ok := par.Parent().Node().(*ast.CallExpr)
			fn, _ := sel.Obj().(*types.Func)
			if !ok || call.Fun != pn || fn == nil || p != "" {
				return token.NoPos, false
			}
			return a.paramFieldWritten(fn, -1, path, depth+1, pn.Pos())
		case *ast.CallExpr:
			if p != "" {
				return token.NoPos, false
			}
			for i, arg := range pn.Args {
				if arg == child {
					if fn := code.Callee(info, pn); fn != nil {
						return a.paramFieldWritten(fn, i, path, depth+1, pn.Pos())
					}
				}
			}
			return token.NoPos, false
		default:
			return token.NoPos, false
		}
	}
	return token.NoPos, false
}

// paramFieldWritten reports whether the package's function fn writes
// through field path of its i'th parameter (-1: the receiver); the
// position reported is at, the call that hands the value over.
func (a *checker) paramFieldWritten(fn *types.Func, i int, path string, depth int, at token.Pos) (token.Pos, bool) {
	if fn.Pkg() != a.pass.Pkg {
		return token.NoPos, false
	}
	decl := a.funcDecls()[fn.Origin()]
	if decl == nil || decl.Body == nil {
		return token.NoPos, false
	}
	info := a.pass.TypesInfo
	var pv types.Object
	if i < 0 {
		if decl.Recv != nil && len(decl.Recv.List) == 1 && len(decl.Recv.List[0].Names) == 1 {
			pv = info.Defs[decl.Recv.List[0].Names[0]]
		}
	} else {
		n := 0
		for _, fld := range decl.Type.Params.List {
			for _, name := range fld.Names {
				if n == i {
					pv = info.Defs[name]
				}
				n++
			}
			if len(fld.Names) == 0 {
				n++
			}
		}
	}
	if pv == nil || !isPointer(pv.Type()) {
		return token.NoPos, false
	}
	fc, ok := a.flow.Inspector().Root().FindNode(decl)
	if !ok {
		return token.NoPos, false
	}
	if _, ok := a.varFieldWritten(fc, pv, path, depth); ok {
		return at, true
	}
	return token.NoPos, false
}
