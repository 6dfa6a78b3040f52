package fileclaim

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// pkey is a path expressed as an entry placed in a directory: base is the
// rendered directory ("" when the entry value is the path itself).
type pkey struct {
	ent  *entry
	base string
}

// pathKey expresses e as an entry path, if it is one.
func (fc *funcState) pathKey(e ast.Expr) (pkey, bool) {
	info := fc.c.info
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		obj := info.ObjectOf(x)
		if obj == nil {
			return pkey{}, false
		}
		if ent := fc.entryVars[obj]; ent != nil {
			if code.IsString(obj.Type()) {
				return pkey{ent: ent}, true
			}
			return pkey{}, false
		}
		if k := fc.varKey(obj); k != nil {
			return *k, true
		}
	case *ast.IndexExpr:
		// listing[i] for the range key i.
		if id, ok := ast.Unparen(x.Index).(*ast.Ident); ok {
			if ent := fc.entryByKey(info.ObjectOf(id), x.X); ent != nil && ent.strs {
				return pkey{ent: ent}, true
			}
		}
	case *ast.CallExpr:
		if tv, ok := info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			return fc.pathKey(x.Args[0])
		}
		if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Name" && len(x.Args) == 0 {
			if ent := fc.entryOfValue(sel.X); ent != nil && !ent.strs {
				return pkey{ent: ent}, true
			}
		}
		fn := fc.c.callee(x)
		switch {
		case code.IsFunc(fn, "path/filepath", "Join"), code.IsFunc(fn, "path", "Join"):
			if len(x.Args) == 0 || x.Ellipsis.IsValid() {
				return pkey{}, false
			}
			last := x.Args[len(x.Args)-1]
			k, ok := fc.pathKey(last)
			if !ok || (k.base != "" && len(x.Args) > 1) {
				return pkey{}, false
			}
			var parts []string
			for _, a := range x.Args[:len(x.Args)-1] {
				if fc.entryDerived(a, k.ent) {
					return pkey{}, false
				}
				parts = append(parts, types.ExprString(a))
			}
			if len(parts) == 0 {
				return k, true
			}
			return pkey{ent: k.ent, base: strings.Join(parts, ", ")}, true
		case code.IsFunc(fn, "path/filepath", "Clean", "FromSlash", "ToSlash"), code.IsFunc(fn, "path", "Clean"):
			if len(x.Args) == 1 {
				return fc.pathKey(x.Args[0])
			}
		case code.IsFunc(fn, "fmt", "Sprintf"):
			if len(x.Args) < 2 {
				return pkey{}, false
			}
			format, ok := constString(info, x.Args[0])
			if !ok || (!strings.HasSuffix(format, "/%s") && !strings.HasSuffix(format, "/%v")) {
				return pkey{}, false
			}
			k, ok := fc.pathKey(x.Args[len(x.Args)-1])
			if !ok || k.base != "" {
				return pkey{}, false
			}
			parts := []string{}
			for _, a := range x.Args[1 : len(x.Args)-1] {
				if fc.entryDerived(a, k.ent) {
					return pkey{}, false
				}
				parts = append(parts, types.ExprString(a))
			}
			return pkey{ent: k.ent, base: strings.TrimSuffix(format[:len(format)-2], "/") + "|" + strings.Join(parts, ", ")}, true
		}
	case *ast.BinaryExpr:
		if x.Op != token.ADD {
			return pkey{}, false
		}
		k, ok := fc.pathKey(x.Y)
		if !ok || k.base != "" || fc.entryDerived(x.X, k.ent) {
			return pkey{}, false
		}
		base := types.ExprString(x.X)
		for _, sep := range []string{` + "/"`, ` + string(filepath.Separator)`, ` + string(os.PathSeparator)`} {
			base = strings.TrimSuffix(base, sep)
		}
		base = strings.TrimSuffix(strings.TrimSuffix(base, `/"`), `"`)
		return pkey{ent: k.ent, base: base}, true
	}
	return pkey{}, false
}

func constString(info *types.Info, e ast.Expr) (string, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// entryOfValue returns the entry that e (an entry variable, or listing[i])
// denotes.
func (fc *funcState) entryOfValue(e ast.Expr) *entry {
	info := fc.c.info
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return fc.entryVars[info.ObjectOf(x)]
	case *ast.IndexExpr:
		if id, ok := ast.Unparen(x.Index).(*ast.Ident); ok {
			return fc.entryByKey(info.ObjectOf(id), x.X)
		}
	case *ast.StarExpr:
		return fc.entryOfValue(x.X)
	}
	return nil
}

func (fc *funcState) entryByKey(key types.Object, list ast.Expr) *entry {
	if key == nil {
		return nil
	}
	id, ok := ast.Unparen(list).(*ast.Ident)
	if !ok {
		return nil
	}
	l := fc.listingOf(fc.c.info.ObjectOf(id))
	for _, ent := range fc.entries {
		if ent.keyVar == key && ent.list == l && l != nil {
			return ent
		}
	}
	return nil
}

// varKey returns the entry path every assignment gives obj, or nil.
func (fc *funcState) varKey(obj types.Object) *pkey {
	if fc.keyDone[obj] {
		return fc.keyMemo[obj]
	}
	fc.keyDone[obj] = true
	var found *pkey
	as := fc.assigns[obj]
	if len(as) == 0 {
		return nil
	}
	for _, a := range as {
		if a.multi || a.elem || a.rng {
			found = nil
			break
		}
		k, ok := fc.pathKey(a.rhs)
		if !ok || (found != nil && *found != k) {
			found = nil
			break
		}
		found = &k
	}
	fc.keyMemo[obj] = found
	return found
}

// entryDerived reports whether e mentions the entry ent.
func (fc *funcState) entryDerived(e ast.Expr, ent *entry) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch x := n.(type) {
		case *ast.Ident:
			obj := fc.c.info.ObjectOf(x)
			if obj != nil && ent.vars[obj] {
				found = true
			}
			{
				if _, ok := obj.(*types.Var); ok {
					if k := fc.varKey(obj); k != nil && k.ent == ent {
						found = true
					}
				}
			}
		case ast.Expr:
			if k, ok := fc.pathKey(x); ok && k.ent == ent {
				found = true
			}
		}
		return !found
	})
	return found
}
