package code

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// Defs records, for every variable and struct field of a package, the
// expressions assigned to it anywhere in the package's files: initialisers
// of var declarations, plain and := assignments, composite literal fields
// op-assignments (x += y) and increments (x++, x--). Variables assigned
// from a tuple, a range clause, or whose address is taken are marked
// Opaque.
type Defs struct {
	// Values holds the right-hand sides of plain assignments.
	Values map[types.Object][]ast.Expr
	// OpAssigns holds op-assignment statements (x += "/").
	OpAssigns map[types.Object][]*ast.AssignStmt
	// IncDec marks objects changed by ++ or --.
	IncDec map[types.Object]bool
	// Opaque marks objects assigned in ways Values does not describe.
	Opaque map[types.Object]bool
}

// CollectDefs walks the files of pass (all of them, generated too).
func CollectDefs(pass *analysis.Pass) *Defs {
	d := &Defs{
		Values:    map[types.Object][]ast.Expr{},
		OpAssigns: map[types.Object][]*ast.AssignStmt{},
		IncDec:    map[types.Object]bool{},
		Opaque:    map[types.Object]bool{},
	}
	info := pass.TypesInfo
	obj := func(e ast.Expr) types.Object {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			if x.Name == "_" {
				return nil
			}
			return info.ObjectOf(x)
		case *ast.SelectorExpr:
			if v, ok := info.ObjectOf(x.Sel).(*types.Var); ok {
				return v
			}
		}
		return nil
	}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				switch {
				case n.Tok != token.ASSIGN && n.Tok != token.DEFINE:
					for _, l := range n.Lhs {
						if o := obj(l); o != nil {
							d.OpAssigns[o] = append(d.OpAssigns[o], n)
						}
					}
				case len(n.Lhs) == len(n.Rhs):
					for i, l := range n.Lhs {
						if o := obj(l); o != nil {
							d.Values[o] = append(d.Values[o], n.Rhs[i])
						}
					}
				default:
					for _, l := range n.Lhs {
						if o := obj(l); o != nil {
							d.Opaque[o] = true
						}
					}
				}
			case *ast.ValueSpec:
				if len(n.Names) == len(n.Values) {
					for i, id := range n.Names {
						if o := obj(id); o != nil {
							d.Values[o] = append(d.Values[o], n.Values[i])
						}
					}
				} else if len(n.Values) > 0 {
					for _, id := range n.Names {
						if o := obj(id); o != nil {
							d.Opaque[o] = true
						}
					}
				}
			case *ast.IncDecStmt:
				if o := obj(n.X); o != nil {
					d.IncDec[o] = true
				}
			case *ast.RangeStmt:
				for _, e := range []ast.Expr{n.Key, n.Value} {
					if o := obj(e); o != nil {
						d.Opaque[o] = true
					}
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					if o := obj(n.X); o != nil {
						d.Opaque[o] = true
					}
				}
			case *ast.CompositeLit:
				for _, el := range n.Elts {
					kv, ok := el.(*ast.KeyValueExpr)
					if !ok {
						continue
					}
					if id, ok := kv.Key.(*ast.Ident); ok {
						if v, ok := info.ObjectOf(id).(*types.Var); ok && v.IsField() {
							d.Values[v] = append(d.Values[v], kv.Value)
						}
					}
				}
			}
			return true
		})
	}
	return d
}

// Single returns the one expression assigned to obj in the package when
// obj is a local or package-level variable (not a parameter or field)
// assigned exactly once and never otherwise.
func (d *Defs) Single(obj types.Object) ast.Expr {
	v, ok := obj.(*types.Var)
	if !ok || (v.Kind() != types.LocalVar && v.Kind() != types.PackageVar) || d.Opaque[obj] || len(d.OpAssigns[obj]) > 0 || d.IncDec[obj] {
		return nil
	}
	if vals := d.Values[obj]; len(vals) == 1 {
		return vals[0]
	}
	return nil
}
