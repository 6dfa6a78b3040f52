package lint

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// IsTestFile reports whether pos lies in a _test.go file.
func IsTestFile(pass *analysis.Pass, pos token.Pos) bool {
	return strings.HasSuffix(pass.Fset.Position(pos).Filename, "_test.go")
}

// GeneratedFiles returns the set of files in pass carrying the standard
// "// Code generated ... DO NOT EDIT." header.
func GeneratedFiles(pass *analysis.Pass) map[*ast.File]bool {
	gen := make(map[*ast.File]bool)
	for _, f := range pass.Files {
		if ast.IsGenerated(f) {
			gen[f] = true
		}
	}
	return gen
}

// Callee returns the function or method a call statically invokes, or nil.
func Callee(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return fn
}

// IsFunc reports whether fn is the package-level function pkg.name.
func IsFunc(fn *types.Func, pkg string, names ...string) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != pkg {
		return false
	}
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		return false
	}
	for _, n := range names {
		if fn.Name() == n {
			return true
		}
	}
	return false
}

// Unparen strips parentheses.
func Unparen(e ast.Expr) ast.Expr { return ast.Unparen(e) }

// SameRef reports whether two expressions denote the same variable access
// path, such as h.mu and h.mu, or p.items[0] and p.items[0] with the same
// constant index. Identifiers compare by object, so shadowed names differ.
func SameRef(info *types.Info, a, b ast.Expr) bool {
	a, b = ast.Unparen(a), ast.Unparen(b)
	switch x := a.(type) {
	case *ast.Ident:
		y, ok := b.(*ast.Ident)
		if !ok {
			return false
		}
		ox, oy := info.ObjectOf(x), info.ObjectOf(y)
		return ox != nil && ox == oy
	case *ast.SelectorExpr:
		y, ok := b.(*ast.SelectorExpr)
		if !ok || x.Sel.Name != y.Sel.Name {
			return false
		}
		if info.ObjectOf(x.Sel) != info.ObjectOf(y.Sel) {
			return false
		}
		// Package-qualified identifiers: pkg.Var.
		if _, isPkg := info.ObjectOf(identOf(x.X)).(*types.PkgName); isPkg {
			return true
		}
		return SameRef(info, x.X, y.X)
	case *ast.StarExpr:
		y, ok := b.(*ast.StarExpr)
		return ok && SameRef(info, x.X, y.X)
	case *ast.UnaryExpr:
		y, ok := b.(*ast.UnaryExpr)
		return ok && x.Op == y.Op && x.Op == token.AND && SameRef(info, x.X, y.X)
	case *ast.IndexExpr:
		y, ok := b.(*ast.IndexExpr)
		if !ok || !SameRef(info, x.X, y.X) {
			return false
		}
		tx, ty := info.Types[x.Index], info.Types[y.Index]
		if tx.Value != nil && ty.Value != nil {
			return tx.Value.ExactString() == ty.Value.ExactString()
		}
		return SameRef(info, x.Index, y.Index)
	}
	return false
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	if id == nil {
		return &ast.Ident{}
	}
	return id
}

// RootIdent returns the variable at the root of an access path such as
// resp.Body or s.files[i] (resp and s), or nil.
func RootIdent(e ast.Expr) *ast.Ident {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			return x
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return nil
		}
	}
}

// Render prints an expression compactly for messages.
func Render(e ast.Expr) string { return types.ExprString(e) }

// Line returns the line of pos.
func Line(pass *analysis.Pass, pos token.Pos) int { return pass.Fset.Position(pos).Line }
