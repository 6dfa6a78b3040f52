package deferloop

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// stored reports whether v, or a value that carries it, is kept beyond the
// iteration: appended to a slice, stored in a map (as a value or a key),
// field or outer variable, sent on a channel, placed in a composite literal
// or handed to a goroutine. A value carries v when it is v, a conversion or
// type assertion of it, a call that takes it as an argument and returns
// something that can refer to it (bufio.NewReader(f)), a closure that
// mentions it, or a field of it that can refer to other values (resp.Body);
// a field of plain data (srv.URL, n.Name) does not carry it.
func stored(info *types.Info, body *ast.BlockStmt, v *types.Var) bool {
	carriers := map[types.Object]bool{v: true}
	// Local variables of the body assigned a carrier carry v too:
	// r := bufio.NewReader(f); readers = append(readers, r).
	for changed := true; changed; {
		changed = false
		ast.Inspect(body, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok || len(as.Lhs) != len(as.Rhs) {
				return true
			}
			for i, lhs := range as.Lhs {
				id, ok := ast.Unparen(lhs).(*ast.Ident)
				if !ok {
					continue
				}
				o := info.ObjectOf(id)
				if o == nil || carriers[o] || o.Pos() < body.Pos() || o.Pos() >= body.End() {
					continue
				}
				if carries(info, as.Rhs[i], carriers) {
					carriers[o] = true
					changed = true
				}
			}
			return true
		})
	}
	mentions := func(n ast.Node) bool {
		hit := false
		ast.Inspect(n, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && carriers[info.ObjectOf(id)] {
				hit = true
			}
			return !hit
		})
		return hit
	}
	uses := func(e ast.Expr) bool { return carries(info, e, carriers) }
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "append" {
				if _, builtin := info.ObjectOf(id).(*types.Builtin); builtin {
					for _, a := range n.Args[1:] {
						found = found || uses(a)
					}
				}
			}
		case *ast.SendStmt:
			found = uses(n.Value)
		case *ast.GoStmt:
			found = mentions(n.Call) // handed to another goroutine
		case *ast.CompositeLit:
			for _, e := range n.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					found = found || uses(kv.Key)
					e = kv.Value
				}
				found = found || uses(e)
			}
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if ix, ok := ast.Unparen(lhs).(*ast.IndexExpr); ok && uses(ix.Index) {
					found = true // used as a map key: m[c] = ...
				}
				if len(n.Lhs) != len(n.Rhs) || !uses(n.Rhs[i]) {
					continue
				}
				switch lhs := ast.Unparen(lhs).(type) {
				case *ast.IndexExpr, *ast.SelectorExpr, *ast.StarExpr:
					found = true
				case *ast.Ident:
					// An assignment to a variable declared outside the body.
					if o := info.ObjectOf(lhs); o != nil && (o.Pos() < body.Pos() || o.Pos() >= body.End()) && n.Tok == token.ASSIGN {
						found = true
					}
				}
			}
		}
		return true
	})
	return found
}

// carries reports whether the value of e can be or refer to one of the
// carrier variables (see stored).
func carries(info *types.Info, e ast.Expr, carriers map[types.Object]bool) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return carriers[info.ObjectOf(x)]
	case *ast.SelectorExpr:
		sel := info.Selections[x]
		if sel == nil {
			return false // a qualified identifier: pkg.Name
		}
		if sel.Kind() == types.MethodVal {
			return carries(info, x.X, carriers) // a bound method value
		}
		return mayRefer(sel.Type(), 0) && carries(info, x.X, carriers)
	case *ast.TypeAssertExpr:
		return carries(info, x.X, carriers)
	case *ast.StarExpr:
		return carries(info, x.X, carriers)
	case *ast.SliceExpr:
		return carries(info, x.X, carriers)
	case *ast.UnaryExpr:
		return x.Op == token.AND && carries(info, x.X, carriers)
	case *ast.CompositeLit:
		for _, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Value
			}
			if carries(info, el, carriers) {
				return true
			}
		}
	case *ast.FuncLit:
		hit := false
		ast.Inspect(x.Body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && carriers[info.ObjectOf(id)] {
				hit = true
			}
			return !hit
		})
		return hit
	case *ast.CallExpr:
		if isConversion(info, x) {
			return len(x.Args) == 1 && carries(info, x.Args[0], carriers)
		}
		if id, ok := ast.Unparen(x.Fun).(*ast.Ident); ok {
			if _, builtin := info.ObjectOf(id).(*types.Builtin); builtin {
				return false
			}
		}
		if !mayRefer(info.TypeOf(x), 0) {
			return false // io.ReadAll(f), f.Name(): plain data
		}
		for _, a := range x.Args {
			if carries(info, a, carriers) {
				return true
			}
		}
	}
	return false
}

// mayRefer reports whether a value of type t can refer to another value:
// it is or contains a pointer, interface (except error), map, channel or
// function. Strings, numbers and slices of them cannot.
func mayRefer(t types.Type, depth int) bool {
	if t == nil || depth > 8 {
		return t != nil
	}
	if code.IsError(t) {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Kind() == types.UnsafePointer
	case *types.Slice:
		return mayRefer(u.Elem(), depth+1)
	case *types.Array:
		return mayRefer(u.Elem(), depth+1)
	case *types.Struct:
		for i := range u.NumFields() {
			if mayRefer(u.Field(i).Type(), depth+1) {
				return true
			}
		}
		return false
	case *types.Tuple:
		for i := range u.Len() {
			if mayRefer(u.At(i).Type(), depth+1) {
				return true
			}
		}
		return false
	}
	return true
}

// guarded reports whether call inside the deferred literal only runs under
// a condition on a variable that the loop body sets outside the literal: the
// "closed" flag pattern, where the normal path releases explicitly and the
// defer only cleans up after an early exit.
func guarded(info *types.Info, lit *ast.FuncLit, call *ast.CallExpr, body *ast.BlockStmt) bool {
	var conds []ast.Expr
	var path []ast.Node
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if n == nil {
			path = path[:len(path)-1]
			return false
		}
		if n == call {
			for _, p := range path {
				if ifs, ok := p.(*ast.IfStmt); ok && ifs.Cond != nil && ifs.Body.Pos() <= call.Pos() && call.End() <= ifs.Body.End() {
					conds = append(conds, ifs.Cond)
				}
			}
		}
		path = append(path, n)
		return true
	})
	for _, cond := range conds {
		vars := map[types.Object]bool{}
		ast.Inspect(cond, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if v, ok := info.ObjectOf(id).(*types.Var); ok {
					vars[v] = true
				}
			}
			return true
		})
		setOutside := false
		ast.Inspect(body, func(n ast.Node) bool {
			if n == lit {
				return false
			}
			if as, ok := n.(*ast.AssignStmt); ok {
				for _, lhs := range as.Lhs {
					if id, ok := ast.Unparen(lhs).(*ast.Ident); ok && vars[info.ObjectOf(id)] {
						setOutside = true
					}
				}
			}
			return !setOutside
		})
		if setOutside {
			return true
		}
	}
	return false
}
