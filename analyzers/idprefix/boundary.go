package idprefix

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// boundaryFuncs split or relate values at a separator.
var boundaryFuncs = map[string][]string{
	"strings":       {"Cut", "CutPrefix", "CutSuffix", "Split", "SplitN", "SplitAfter", "SplitAfterN", "Fields", "FieldsFunc", "TrimPrefix", "TrimSuffix", "Count", "LastIndex", "IndexByte", "EqualFold"},
	"bytes":         {"Cut", "CutPrefix", "CutSuffix", "Split", "SplitN", "SplitAfter", "SplitAfterN", "Fields", "FieldsFunc", "TrimPrefix", "TrimSuffix", "Count", "LastIndex", "IndexByte", "Equal", "EqualFold"},
	"path/filepath": {"Rel", "IsLocal", "Dir", "Split", "Base", "SplitList", "Match"},
	"path":          {"Dir", "Split", "Base", "Match"},
}

// bounded reports whether the function already handles the boundary or
// ambiguity: it compares a and b exactly, uses len(b) (an index check, a
// minimum length, a longest match), splits a or b at a separator, or
// speaks of ambiguity; or b is built with a trailing separator.
func (c *checker) bounded(body *ast.BlockStmt, m match) bool {
	info := c.pass.TypesInfo
	a, b := unwrap(info, m.a), unwrap(info, m.b)
	same := func(e, x ast.Expr) bool {
		e = unwrap(info, e)
		return code.SameRef(info, e, x) || code.Render(e) == code.Render(x)
	}
	mentions := func(args []ast.Expr) bool {
		for _, arg := range args {
			if same(arg, a) || same(arg, b) {
				return true
			}
		}
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if n.Op == token.EQL || n.Op == token.NEQ {
				if same(n.X, a) && same(n.Y, b) || same(n.X, b) && same(n.Y, a) {
					found = true
				}
			}
		case *ast.CallExpr:
			if n == m.call {
				return true
			}
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "len" && len(n.Args) == 1 && same(n.Args[0], b) {
				if _, isBuiltin := info.Uses[id].(*types.Builtin); isBuiltin {
					found = true
				}
			}
			fn := code.Callee(info, n)
			if m.suffix && (code.IsFunc(fn, "path/filepath", "IsAbs") || code.IsFunc(fn, "path", "IsAbs")) &&
				len(n.Args) == 1 && same(n.Args[0], b) {
				found = true // the suffix is known to start with a separator
			}
			if fn != nil && fn.Pkg() != nil {
				for _, name := range boundaryFuncs[fn.Pkg().Path()] {
					if code.IsFunc(fn, fn.Pkg().Path(), name) && mentions(n.Args) {
						found = true
					}
				}
			}
		case *ast.BasicLit:
			if n.Kind == token.STRING {
				if s, err := strconv.Unquote(n.Value); err == nil && speaksOfAmbiguity(s) {
					found = true
				}
			}
		case *ast.Ident:
			if obj := info.Uses[n]; obj != nil && c.ambiguityError(obj) {
				found = true
			}
		}
		return !found
	})
	if found {
		return true
	}
	return c.builtWithSep(b, m.suffix) || c.sepAtEdge(m.b, m.suffix, 3) || !m.suffix && c.extendsWithSep(m.a, b)
}

// speaksOfAmbiguity reports whether a message says that more than one
// element matched.
func speaksOfAmbiguity(s string) bool {
	s = strings.ToLower(s)
	for _, w := range []string{"ambiguous", "ambiguity", "multiple", "more than one", "not unique"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// ambiguityError reports whether obj is an error that says more than one
// element matched: a sentinel (ErrAmbiguous, errMultipleMatches, or one
// whose message in this package says so), an error type
// (&AmbiguousError{}), or a function building one.
func (c *checker) ambiguityError(obj types.Object) bool {
	var t types.Type
	switch o := obj.(type) {
	case *types.Var:
		t = o.Type()
	case *types.TypeName:
		t = types.NewPointer(o.Type())
		if code.IsError(o.Type()) {
			t = o.Type()
		}
	case *types.Func:
		sig := o.Type().(*types.Signature)
		if sig.Results().Len() == 0 {
			return false
		}
		t = sig.Results().At(sig.Results().Len() - 1).Type()
	default:
		return false
	}
	if !code.IsError(t) && !types.Implements(t, types.Universe.Lookup("error").Type().Underlying().(*types.Interface)) {
		return false
	}
	for _, w := range code.NameWords(obj.Name()) {
		if w == "ambiguous" || w == "ambiguity" || w == "multiple" {
			return true
		}
	}
	for _, v := range c.defs.Values[obj] {
		found := false
		ast.Inspect(v, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil && speaksOfAmbiguity(s) {
					found = true
				}
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// sepOf returns the separator a constant string starts (or, for a
// suffix match, ends) with, or 0.
func sepOf(s string, end bool) byte {
	if s == "" {
		return 0
	}
	ch := s[0]
	if end {
		ch = s[len(s)-1]
	}
	if strings.IndexByte("/-_.:@|# \\", ch) >= 0 {
		return ch
	}
	return 0
}

// builtWithSep reports whether b (a variable or field) is assigned a value
// ending in a separator anywhere in the package (b = dir + "/",
// b += "/"), so that the prefix carries its own boundary.
func (c *checker) builtWithSep(b ast.Expr, suffix bool) bool {
	obj := objOf(c.pass.TypesInfo, b)
	if obj == nil {
		return false
	}
	endsWithSep := func(e ast.Expr) bool {
		e = ast.Unparen(e)
		if be, ok := e.(*ast.BinaryExpr); ok && be.Op == token.ADD {
			side := be.Y
			if suffix {
				side = code.FlattenAdd(be)[0]
			}
			if tv := c.pass.TypesInfo.Types[side]; tv.Value != nil && tv.Value.Kind() == constant.String {
				return sepOf(constant.StringVal(tv.Value), !suffix) != 0
			}
		}
		return false
	}
	for _, v := range c.defs.Values[obj] {
		if endsWithSep(v) {
			return true
		}
	}
	for _, as := range c.defs.OpAssigns[obj] {
		if as.Tok == token.ADD_ASSIGN && len(as.Rhs) == 1 {
			if tv := c.pass.TypesInfo.Types[as.Rhs[0]]; tv.Value != nil && tv.Value.Kind() == constant.String &&
				sepOf(constant.StringVal(tv.Value), true) != 0 {
				return true
			}
		}
	}
	return false
}

// objOf returns the variable or field an expression names.
func objOf(info *types.Info, e ast.Expr) types.Object {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		if v, ok := info.ObjectOf(x).(*types.Var); ok {
			return v
		}
	case *ast.SelectorExpr:
		if v, ok := info.ObjectOf(x.Sel).(*types.Var); ok {
			return v
		}
	}
	return nil
}

// inferSep finds how values of b are joined to what follows them (what
// precedes them, for a suffix match) where IDs are built in the package:
// b + "-" + x, or fmt.Sprintf("%s-%s", b, x). It returns the separator if
// exactly one is used.
func (c *checker) inferSep(b ast.Expr, suffix bool) (string, bool) {
	info := c.pass.TypesInfo
	obj := objOf(info, b)
	if obj == nil {
		return "", false
	}
	seps := map[byte]bool{}
	// The same variable or field, or a variable of the same name (the ID
	// passed around as sessionID).
	name := ""
	if id, ok := ast.Unparen(b).(*ast.Ident); ok {
		name = id.Name
	}
	refers := func(e ast.Expr) bool {
		e = unwrap(info, e)
		if o := objOf(info, e); o == obj {
			return true
		}
		id, ok := e.(*ast.Ident)
		return ok && name != "" && id.Name == name
	}
	for _, f := range c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BinaryExpr:
				if n.Op != token.ADD || info.Types[n].Value != nil {
					return true
				}
				parts := code.FlattenAdd(n)
				for i, p := range parts {
					if !refers(p) {
						continue
					}
					j := i + 1
					if suffix {
						j = i - 1
					}
					if j < 0 || j >= len(parts) {
						continue
					}
					if tv := info.Types[parts[j]]; tv.Value != nil && tv.Value.Kind() == constant.String {
						if s := sepOf(constant.StringVal(tv.Value), suffix); s != 0 {
							seps[s] = true
						}
					}
				}
				return false
			case *ast.CallExpr:
				fn := code.Callee(info, n)
				if !code.IsFunc(fn, "fmt", "Sprintf") || len(n.Args) < 2 {
					return true
				}
				tv := info.Types[n.Args[0]]
				if tv.Value == nil || tv.Value.Kind() != constant.String {
					return true
				}
				format := constant.StringVal(tv.Value)
				for i, arg := range n.Args[1:] {
					if !refers(arg) {
						continue
					}
					before, after, ok := verbAt(format, i)
					if !ok {
						continue
					}
					if suffix {
						if s := sepOf(before, true); s != 0 {
							seps[s] = true
						}
					} else if s := sepOf(after, false); s != 0 {
						seps[s] = true
					}
				}
			}
			return true
		})
	}
	if len(seps) != 1 {
		return "", false
	}
	for s := range seps {
		return string(s), true
	}
	return "", false
}

// verbAt returns the text before and after the i'th verb of a simple
// format (no explicit argument indexes or '*').
func verbAt(format string, i int) (before, after string, ok bool) {
	n := 0
	for j := 0; j < len(format); j++ {
		if format[j] != '%' {
			continue
		}
		if j+1 < len(format) && format[j+1] == '%' {
			j++
			continue
		}
		k := j + 1
		for k < len(format) && strings.IndexByte("+-# 0123456789.", format[k]) >= 0 {
			k++
		}
		if k >= len(format) || format[k] == '[' || format[k] == '*' {
			return "", "", false
		}
		if n == i {
			return format[:j], format[k+1:], true
		}
		n++
		j = k
	}
	return "", "", false
}
