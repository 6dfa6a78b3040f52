package deferloop

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// freshEachIteration reports whether id is a variable declared in the loop
// body and set, before pos, to a new object: a composite literal, new(T),
// or a call of a constructor (a name that starts with new, make, create or
// build), possibly behind a type assertion; or declared there without a
// value and not a pointer (var mu sync.Mutex).
func freshEachIteration(info *types.Info, body *ast.BlockStmt, id *ast.Ident, pos token.Pos) bool {
	if id == nil {
		return false
	}
	v, ok := info.ObjectOf(id).(*types.Var)
	if !ok || v.Pos() < body.Pos() || v.Pos() >= body.End() {
		return false
	}
	fresh := false
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil || n.Pos() >= pos {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if vs, ok := n.(*ast.ValueSpec); ok {
			for i, name := range vs.Names {
				if info.Defs[name] != v {
					continue
				}
				switch {
				case len(vs.Values) == 0:
					// var mu sync.Mutex: a new variable each iteration.
					_, ptr := v.Type().Underlying().(*types.Pointer)
					_, iface := v.Type().Underlying().(*types.Interface)
					fresh = !ptr && !iface
				case len(vs.Values) == len(vs.Names):
					fresh = newObject(info, vs.Values[i])
				}
			}
			return true
		}
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, lhs := range as.Lhs {
			if l, ok := ast.Unparen(lhs).(*ast.Ident); ok && info.ObjectOf(l) == v {
				fresh = newObject(info, as.Rhs[i])
			}
		}
		return true
	})
	return fresh
}

// newObject reports whether e makes a new object (see freshEachIteration).
func newObject(info *types.Info, e ast.Expr) bool {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.TypeAssertExpr:
			e = x.X
			continue
		case *ast.UnaryExpr:
			if x.Op != token.AND {
				return false
			}
			_, ok := ast.Unparen(x.X).(*ast.CompositeLit)
			return ok
		case *ast.CompositeLit:
			return true
		case *ast.CallExpr:
			if id, ok := ast.Unparen(x.Fun).(*ast.Ident); ok {
				if b, ok := info.Uses[id].(*types.Builtin); ok {
					return b.Name() == "new"
				}
			}
			words := code.NameWords(calleeName(x))
			if len(words) == 0 {
				return false
			}
			switch words[0] {
			case "new", "make", "create", "build":
				return true
			}
		}
		return false
	}
}

// iterationVar reports whether id is a variable the loop itself advances:
// a range key or value, or a variable its post statement assigns.
func iterationVar(info *types.Info, loop ast.Stmt, id *ast.Ident) bool {
	if id == nil {
		return false
	}
	obj := info.ObjectOf(id)
	var candidates []ast.Expr
	switch l := loop.(type) {
	case *ast.RangeStmt:
		candidates = []ast.Expr{l.Key, l.Value}
	case *ast.ForStmt:
		if as, ok := l.Post.(*ast.AssignStmt); ok {
			candidates = as.Lhs
		}
		if inc, ok := l.Post.(*ast.IncDecStmt); ok {
			candidates = []ast.Expr{inc.X}
		}
	}
	for _, e := range candidates {
		if v, ok := e.(*ast.Ident); ok && obj != nil && info.ObjectOf(v) == obj {
			return true
		}
	}
	return false
}

// findLock finds a call mu.<method>() on the same mutex before pos in body,
// outside function literals.
func findLock(info *types.Info, body *ast.BlockStmt, mu ast.Expr, method string, before token.Pos) *ast.CallExpr {
	var found *ast.CallExpr
	ast.Inspect(body, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if n.Pos() >= before {
				return false
			}
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == method && len(n.Args) == 0 && code.SameRef(info, sel.X, mu) {
				found = n
			}
		}
		return true
	})
	return found
}
