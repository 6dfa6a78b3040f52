package deferloop

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// maxBounded is the largest iteration count of a loop over a fixed set
// that counts as bounded: what it holds until the function returns is a
// small constant, not a leak that grows with the input.
const maxBounded = 16

// bounded reports whether loop runs a small, fixed number of times: over a
// composite literal, an array, a variable initialised with a composite
// literal and never grown (reslicing it is fine), a constant range
// (for range 3), or a counter up to a constant (for i := 0; i < 3; i++).
func (fs *funcState) bounded(loop ast.Stmt) bool {
	info := fs.pass.TypesInfo
	switch l := loop.(type) {
	case *ast.RangeStmt:
		x := ast.Unparen(l.X)
		if small(info, x) {
			return true // for range 3
		}
		if t := info.TypeOf(x); t != nil {
			if p, ok := t.Underlying().(*types.Pointer); ok {
				t = p.Elem()
			}
			if a, ok := t.Underlying().(*types.Array); ok {
				return a.Len() <= maxBounded
			}
		}
		if lit, ok := x.(*ast.CompositeLit); ok {
			return len(lit.Elts) <= maxBounded
		}
		if id, ok := x.(*ast.Ident); ok {
			if v, ok := info.ObjectOf(id).(*types.Var); ok {
				return fs.fixedLiteral(v)
			}
		}
	case *ast.ForStmt:
		cond, ok := ast.Unparen(l.Cond).(*ast.BinaryExpr)
		if !ok || (cond.Op != token.LSS && cond.Op != token.LEQ) {
			return false
		}
		init, ok := l.Init.(*ast.AssignStmt)
		if !ok || len(init.Rhs) != 1 || !small(info, init.Rhs[0]) {
			return false
		}
		return small(info, cond.Y)
	}
	return false
}

// small reports whether e is an integer constant no larger than maxBounded.
func small(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return false
	}
	n, exact := constant.Int64Val(tv.Value)
	return exact && n <= maxBounded
}

// fixedLiteral reports whether v is initialised with a composite literal of
// at most maxBounded elements and otherwise only resliced (v = v[:1]),
// never appended to or replaced, anywhere in the package.
func (fs *funcState) fixedLiteral(v *types.Var) bool {
	info := fs.pass.TypesInfo
	fixed, assigned := false, false
	pkgLevel := v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
	for _, f := range fs.pass.Files {
		if !pkgLevel && (v.Pos() < f.Pos() || v.Pos() >= f.End()) {
			continue // a local variable lives in one file
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if info.Defs[id] == v && i < len(n.Values) {
						lit, ok := ast.Unparen(n.Values[i]).(*ast.CompositeLit)
						fixed = ok && len(lit.Elts) <= maxBounded
					}
				}
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					id, ok := ast.Unparen(lhs).(*ast.Ident)
					if !ok || info.ObjectOf(id) != v {
						continue
					}
					var rhs ast.Expr
					if len(n.Rhs) == len(n.Lhs) {
						rhs = ast.Unparen(n.Rhs[i])
					}
					if lit, ok := rhs.(*ast.CompositeLit); ok {
						// networks := []string{"udp", "tcp"}, or set so in
						// each branch.
						if len(lit.Elts) <= maxBounded {
							fixed = true
						} else {
							assigned = true
						}
						continue
					}
					if s, ok := rhs.(*ast.SliceExpr); ok {
						if base, ok := ast.Unparen(s.X).(*ast.Ident); ok && info.ObjectOf(base) == v {
							continue // probes = probes[:1]
						}
					}
					assigned = true
				}
			case *ast.UnaryExpr:
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && info.ObjectOf(id) == v {
					assigned = true // its address escapes
				}
			}
			return !assigned
		})
	}
	return fixed && !assigned
}

// returnsOnSuccess reports whether the loop body, after pos, returns with a
// nil error (return c, nil): a loop that tries one candidate after another
// and stops at the first that works, so only failed attempts stay held.
func returnsOnSuccess(info *types.Info, body *ast.BlockStmt, pos token.Pos) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if n.Pos() < pos || len(n.Results) < 2 {
				return true
			}
			last := ast.Unparen(n.Results[len(n.Results)-1])
			if id, ok := last.(*ast.Ident); ok && id.Name == "nil" && info.Types[last].IsNil() {
				found = true
			}
		}
		return true
	})
	return found
}
