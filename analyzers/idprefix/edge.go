package idprefix

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// A prefix match of b needs a separator right after b in a, a suffix match
// one right before it. The functions here find values that carry that
// boundary themselves: a prefix that ends with "/" (root + "/"), a suffix
// that starts with one (an absolute path, "/" + name), or an a built as b
// followed by a separator.

// sepAtEdge reports whether every value e can have carries a separator at
// the edge where a match meets the rest of the other operand: its end for
// a prefix, its start for a suffix. depth bounds the walk through the
// values assigned to variables and fields.
func (c *checker) sepAtEdge(e ast.Expr, suffix bool, depth int) bool {
	info := c.pass.TypesInfo
	e = ast.Unparen(e)
	if suffix {
		// Clean, ToLower and conversions keep a leading separator (Clean
		// drops a trailing one, so only suffixes look through it).
		e = unwrap(info, e)
	} else if call, ok := e.(*ast.CallExpr); ok && len(call.Args) == 1 {
		if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
			e = ast.Unparen(call.Args[0])
		}
	}
	if tv := info.Types[e]; tv.Value != nil {
		if tv.Value.Kind() != constant.String {
			return false
		}
		return sepOf(constant.StringVal(tv.Value), !suffix) != 0
	}
	switch x := e.(type) {
	case *ast.BinaryExpr:
		if x.Op != token.ADD {
			return false
		}
		parts := code.FlattenAdd(x)
		edge := parts[len(parts)-1]
		if suffix {
			edge = parts[0]
		}
		return c.sepAtEdge(edge, suffix, depth)
	case *ast.CallExpr:
		fn := code.Callee(info, x)
		switch {
		case code.IsFunc(fn, "fmt", "Sprintf") && len(x.Args) > 0:
			tv := info.Types[x.Args[0]]
			if tv.Value == nil || tv.Value.Kind() != constant.String {
				return false
			}
			return sepOf(constant.StringVal(tv.Value), !suffix) != 0
		case suffix && (code.IsFunc(fn, "path/filepath", "Join") || code.IsFunc(fn, "path", "Join")) && len(x.Args) > 0:
			return c.sepAtEdge(x.Args[0], suffix, depth) // an absolute join stays absolute
		}
		return false
	case *ast.Ident, *ast.SelectorExpr:
		obj := objOf(info, x)
		if obj == nil {
			return false
		}
		if suffix && c.absolute(obj) {
			return true
		}
		if depth <= 0 || c.defs.Opaque[obj] || len(c.defs.OpAssigns[obj]) > 0 {
			return false
		}
		vals := c.defs.Values[obj]
		if len(vals) == 0 {
			return false
		}
		if v, ok := obj.(*types.Var); ok && v.Kind() != types.LocalVar && v.Kind() != types.PackageVar && !v.IsField() {
			return false // a parameter: its values come from callers
		}
		for _, v := range vals {
			if !c.sepAtEdge(v, suffix, depth-1) {
				return false
			}
		}
		return true
	}
	return false
}

// absolute reports whether a variable or field holds an absolute path by
// its name (absPath, AbsDir) or by its documentation ("the absolute path").
func (c *checker) absolute(obj types.Object) bool {
	for _, w := range code.NameWords(obj.Name()) {
		if w == "abs" || w == "absolute" {
			return true
		}
	}
	if c.fieldDocs == nil {
		c.fieldDocs = map[types.Object]string{}
		for _, f := range c.pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				st, ok := n.(*ast.StructType)
				if !ok {
					return true
				}
				for _, fld := range st.Fields.List {
					var text string
					if fld.Doc != nil {
						text += fld.Doc.Text()
					}
					if fld.Comment != nil {
						text += fld.Comment.Text()
					}
					for _, id := range fld.Names {
						if o := c.pass.TypesInfo.Defs[id]; o != nil && text != "" {
							c.fieldDocs[o] = strings.ToLower(text)
						}
					}
				}
				return true
			})
		}
	}
	return strings.Contains(c.fieldDocs[obj], "absolute")
}

// extendsWithSep reports whether a is built as b followed by a separator
// (a := b + "/" + name), so that b always ends at a boundary in a.
func (c *checker) extendsWithSep(a, b ast.Expr) bool {
	info := c.pass.TypesInfo
	vals := []ast.Expr{a}
	if obj := objOf(info, a); obj != nil {
		if v := c.defs.Single(obj); v != nil {
			vals = append(vals, v)
		}
	}
	for _, v := range vals {
		be, ok := ast.Unparen(v).(*ast.BinaryExpr)
		if !ok || be.Op != token.ADD {
			continue
		}
		parts := code.FlattenAdd(be)
		for i := 0; i+1 < len(parts); i++ {
			if sameExpr(info, parts[i], b) && c.sepAtEdge(parts[i+1], true, 0) {
				return true
			}
		}
	}
	return false
}

// sameExpr reports whether e and x denote the same value: the same
// variable or field, or the same text.
func sameExpr(info *types.Info, e, x ast.Expr) bool {
	e, x = unwrap(info, e), unwrap(info, x)
	return code.SameRef(info, e, x) || code.Render(e) == code.Render(x)
}
