package code

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// Calls records how a package uses its own functions and methods: every
// call it makes of them (with the declaration the call is in), which of
// them it also uses as values (their callers are then unknown), and the
// method names of its interfaces (a method of such a name may be called
// dynamically). Together they tell whether all callers of a function are
// in view.
type Calls struct {
	// Of holds the calls of each function of the package (generic origin),
	// in source order, test files included.
	Of map[*types.Func][]CallSite
	// Escapes marks functions used other than in call position: a function
	// or method value, a method expression.
	Escapes map[*types.Func]bool
	// IfaceMethods holds the method names of the package's interfaces.
	IfaceMethods map[string]bool
}

// CallSite is one call, and the declaration holding it (nil for a call in a
// package-level initialiser).
type CallSite struct {
	Call *ast.CallExpr
	Decl *ast.FuncDecl
}

// CollectCalls walks the files of pass once.
func CollectCalls(pass *analysis.Pass) *Calls {
	info := pass.TypesInfo
	c := &Calls{Of: map[*types.Func][]CallSite{}, Escapes: map[*types.Func]bool{}, IfaceMethods: map[string]bool{}}
	called := map[*ast.Ident]bool{}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			decl, _ := d.(*ast.FuncDecl)
			ast.Inspect(d, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					id := CalleeIdent(n)
					if id == nil {
						break
					}
					called[id] = true
					if fn, ok := info.Uses[id].(*types.Func); ok && fn.Pkg() == pass.Pkg {
						c.Of[fn.Origin()] = append(c.Of[fn.Origin()], CallSite{n, decl})
					}
				case *ast.InterfaceType:
					for _, m := range n.Methods.List {
						for _, name := range m.Names {
							c.IfaceMethods[name.Name] = true
						}
					}
				}
				return true
			})
		}
	}
	for id, obj := range info.Uses {
		if fn, ok := obj.(*types.Func); ok && fn.Pkg() == pass.Pkg && !called[id] {
			c.Escapes[fn.Origin()] = true
		}
	}
	return c
}

// CalleeIdent returns the identifier naming the function a call calls (f
// in f(x), pkg.f(x), v.m(x) and f[T](x)), or nil for other callees.
func CalleeIdent(call *ast.CallExpr) *ast.Ident {
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return fun
	case *ast.SelectorExpr:
		return fun.Sel
	case *ast.IndexExpr:
		return CalleeIdent(&ast.CallExpr{Fun: fun.X})
	case *ast.IndexListExpr:
		return CalleeIdent(&ast.CallExpr{Fun: fun.X})
	}
	return nil
}

// IsBuiltinCall reports whether call calls the predeclared function name
// (append, make, len ...).
func IsBuiltinCall(info *types.Info, call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}
