package code

import (
	"go/ast"
	"go/types"
	"strings"
	"unicode"
)

// NameWords splits an identifier into lower-case words at underscores,
// digits-to-letter changes and camelCase boundaries: "sessionID" gives
// [session id], "HTTPServer_name" gives [http server name].
func NameWords(name string) []string {
	var words []string
	rs := []rune(name)
	start := 0
	flush := func(end int) {
		if end > start {
			words = append(words, strings.ToLower(string(rs[start:end])))
		}
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r == '_' || r == '-' || r == '.' {
			flush(i)
			start = i + 1
			continue
		}
		if i == start {
			continue
		}
		prev := rs[i-1]
		switch {
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			// fooBar
			flush(i)
			start = i
		case unicode.IsUpper(r) && unicode.IsUpper(prev) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
			// HTTPServer: the S starts a word
			flush(i)
			start = i
		}
	}
	flush(len(rs))
	return words
}

// ExprName returns the name an expression is known by in source: the
// identifier, the selected field or method (x.sessionID), the called
// function (s.Name()), looking through parentheses, conversions to named
// types are not unwrapped. It returns "" for other expressions.
func ExprName(e ast.Expr) string {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.CallExpr:
		if len(x.Args) == 0 {
			return ExprName(x.Fun)
		}
	case *ast.StarExpr:
		return ExprName(x.X)
	case *ast.IndexExpr:
		return ExprName(x.X)
	}
	return ""
}

// NamedTypeName returns the name of t when t is a defined (named) type
// other than a predeclared one, looking through pointers and aliases.
func NamedTypeName(t types.Type) string {
	if t == nil {
		return ""
	}
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	if n, ok := t.(*types.Named); ok && n.Obj() != nil && n.Obj().Pkg() != nil {
		return n.Obj().Name()
	}
	return ""
}
