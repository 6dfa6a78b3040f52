package shallowclone

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// Default filling: a write guarded by a check that the written location is
// empty (if x.F == "" { x.F = d }, if x.M[k] is missing, append v if it is
// not there yet) fills a default. Done again on a copy, it writes what the
// original already holds: no evidence that copies write into each other.

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
	target := as.Lhs[0]
	if call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr); ok && code.IsBuiltinCall(a.pass.TypesInfo, call, "append") &&
		len(call.Args) > 0 && types.ExprString(call.Args[0]) == lhs {
		appended = lhs
		if within(call.Args[0], cur.Node()) {
			target = call.Args[0] // x.S = append(x.S, v): both name the filled location
		}
	}
	if !within(target, cur.Node()) {
		// The expression is the value stored, not the location filled:
		// in if m == nil { m = x.M }, the guard is about m, and x.M's
		// map is written through m afterwards.
		return false
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
	for cur := range a.flow.Inspector().Root().Preorder((*ast.RangeStmt)(nil)) {
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
