package relock

import (
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Access paths are strings: a root followed by tokens.
//
//	root:  p<i> (parameter i; the receiver is p0), f<i> (free variable i of a
//	       function literal), g{pkgpath.name} (address of a package-level
//	       variable), v<i> (a local value of the function, never exported)
//	token: .name (field address), ^ (load through a pointer), & (address of
//	       a value), [k] (constant index), ~r (RLocker of), ={n} (address of
//	       a local copy n of a value: memory of its own until a load leaves it)
//
// Two locks are the same instance when their paths are equal: identity is
// per instance, never per type.

// maxTokens bounds path length so recursion over linked structures stops.
const maxTokens = 8

// splitRoot splits a path into its root and the tokens that follow.
func splitRoot(key string) (root, rest string) {
	if strings.HasPrefix(key, "g{") {
		if i := strings.IndexByte(key, '}'); i >= 0 {
			return key[:i+1], key[i+1:]
		}
		return key, ""
	}
	i := strings.IndexAny(key, ".^&[~=")
	if i < 0 {
		return key, ""
	}
	return key[:i], key[i:]
}

// exportable reports whether a path can appear in a summary: it is rooted
// at a parameter, free variable or global, not at a local value.
func exportable(key string) bool {
	root, _ := splitRoot(key)
	return root != "" && root[0] != 'v' && !strings.Contains(key, "={")
}

// join appends tokens to a path, cancelling load/address pairs, and fails
// when the path grows too long.
func join(base, rest string) (string, bool) {
	s := base + rest
	// A copy's pointer fields point where the original's do: once a load
	// follows, the copy is as good as the original.
	for {
		i := strings.Index(s, "={")
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 || !strings.Contains(s[i+j:], "^") {
			break
		}
		s = s[:i] + "&" + s[i+j+1:]
	}
	for {
		t := strings.ReplaceAll(strings.ReplaceAll(s, "^&", ""), "&^", "")
		if t == s {
			break
		}
		s = t
	}
	_, tail := splitRoot(s)
	if strings.Count(tail, ".")+strings.Count(tail, "^")+strings.Count(tail, "[") > maxTokens {
		return "", false
	}
	return s, true
}

// rootIndex parses p<i> or f<i>.
func rootIndex(root string) (kind byte, i int, ok bool) {
	if len(root) < 2 || (root[0] != 'p' && root[0] != 'f') {
		return 0, 0, false
	}
	n, err := strconv.Atoi(root[1:])
	if err != nil {
		return 0, 0, false
	}
	return root[0], n, true
}

// hasPrefixPath reports whether key is prefix followed by a token boundary.
func hasPrefixPath(key, prefix string) bool {
	if !strings.HasPrefix(key, prefix) {
		return false
	}
	return len(key) == len(prefix) || strings.ContainsRune(".^&[~=", rune(key[len(prefix)]))
}

// renderTail renders the tokens of a path as Go source: fields keep their
// dots, loads and address-of are implicit.
func renderTail(rest string) string {
	var b strings.Builder
	for i := 0; i < len(rest); i++ {
		switch c := rest[i]; c {
		case '^', '&':
		case '=':
			if j := strings.IndexByte(rest[i:], '}'); j >= 0 {
				i += j
			}
		case '~':
			if strings.HasPrefix(rest[i:], "~r") {
				b.WriteString(".RLocker()")
				i++
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// pathOf returns the access path of v.
func (fs *funcState) pathOf(v ssa.Value) (string, bool) {
	if fs.paths == nil {
		fs.paths = map[ssa.Value]string{}
	}
	if k, ok := fs.paths[v]; ok {
		return k, k != ""
	}
	fs.paths[v] = fs.local(v) // provisional, breaks cycles through phis
	k, ok := fs.computePath(v)
	if !ok {
		k = ""
	}
	fs.paths[v] = k
	return k, ok
}

// extend returns the access path of x followed by tail.
func (fs *funcState) extend(x ssa.Value, tail string) (string, bool) {
	base, ok := fs.pathOf(x)
	if !ok {
		return "", false
	}
	return join(base, tail)
}

func (fs *funcState) computePath(v ssa.Value) (string, bool) {
	switch v := v.(type) {
	case *ssa.Parameter:
		for i, p := range fs.fn.Params {
			if p == v {
				return "p" + strconv.Itoa(i), true
			}
		}
	case *ssa.FreeVar:
		for i, p := range fs.fn.FreeVars {
			if p == v {
				return "f" + strconv.Itoa(i), true
			}
		}
	case *ssa.Global:
		if v.Pkg != nil && v.Pkg.Pkg != nil {
			return "g{" + v.Pkg.Pkg.Path() + "." + v.Name() + "}", true
		}
	case *ssa.FieldAddr:
		if name := fieldName(v.X.Type(), v.Field); name != "" {
			return fs.extend(v.X, "."+name)
		}
	case *ssa.Field:
		if name := fieldName(v.X.Type(), v.Field); name != "" {
			return fs.extend(v.X, "&."+name+"^")
		}
	case *ssa.UnOp:
		if v.Op == token.MUL {
			return fs.extend(v.X, "^")
		}
	case *ssa.ChangeType:
		return fs.pathOf(v.X)
	case *ssa.ChangeInterface:
		return fs.pathOf(v.X)
	case *ssa.MakeInterface:
		if _, ok := v.X.Type().Underlying().(*types.Pointer); ok {
			return fs.pathOf(v.X)
		}
	case *ssa.Alloc:
		if st := singleStore(v); st != nil {
			base, ok := fs.pathOf(st.Val)
			if !ok {
				return "", false
			}
			if pointerLike(st.Val.Type()) {
				return join(base, "&")
			}
			return join(base, "={"+strconv.Itoa(len(fs.paths))+"}")
		}
	case *ssa.IndexAddr:
		if c, ok := v.Index.(*ssa.Const); ok && c.Value != nil {
			return fs.extend(v.X, "["+c.Value.ExactString()+"]")
		}
	case *ssa.Phi:
		common := ""
		for _, e := range v.Edges {
			if e == v {
				continue
			}
			k, ok := fs.pathOf(e)
			if !ok || (common != "" && k != common) {
				common = ""
				break
			}
			common = k
		}
		if common != "" {
			return common, true
		}
	case *ssa.Call:
		if callee := v.Call.StaticCallee(); callee != nil && len(v.Call.Args) == 1 {
			if obj, ok := callee.Object().(*types.Func); ok && syncMethod(obj) == "RLocker" {
				return fs.extend(v.Call.Args[0], "~r")
			}
		}
	}
	return fs.local(v), true
}

// local returns the local root for v.
func (fs *funcState) local(v ssa.Value) string {
	if fs.locals == nil {
		fs.locals = map[ssa.Value]int{}
	}
	n, ok := fs.locals[v]
	if !ok {
		n = len(fs.localNames)
		fs.locals[v] = n
		fs.localNames = append(fs.localNames, localName(v))
		fs.localVals = append(fs.localVals, v)
	}
	return "v" + strconv.Itoa(n)
}

func localName(v ssa.Value) string {
	switch v := v.(type) {
	case *ssa.Alloc:
		if v.Comment != "" {
			return v.Comment
		}
	case *ssa.Call:
		if callee := v.Call.StaticCallee(); callee != nil {
			return callee.Name() + "()"
		}
	case *ssa.Extract:
		return localName(v.Tuple)
	case *ssa.UnOp:
		if v.Op == token.MUL {
			if a, ok := v.X.(*ssa.Alloc); ok && a.Comment != "" {
				return a.Comment
			}
		}
	}
	return "the value " + v.Name()
}

// singleStore returns the only store to alloc when alloc is used only by
// loads, closure bindings and that store.
func singleStore(alloc *ssa.Alloc) *ssa.Store {
	refs := alloc.Referrers()
	if refs == nil {
		return nil
	}
	var st *ssa.Store
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != alloc || st != nil {
				return nil
			}
			st = r
		case *ssa.UnOp, *ssa.MakeClosure, *ssa.DebugRef:
		case *ssa.FieldAddr, *ssa.IndexAddr:
			if _, isPtr := allocElem(alloc).(*types.Pointer); isPtr {
				return nil
			}
		default:
			return nil
		}
	}
	return st
}

// allocElem is the type of the variable alloc allocates.
func allocElem(alloc *ssa.Alloc) types.Type {
	if p, ok := alloc.Type().Underlying().(*types.Pointer); ok {
		return p.Elem().Underlying()
	}
	return nil
}

func pointerLike(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Interface, *types.Signature:
		return true
	}
	return false
}

// fieldName returns the name of field i of the struct t (or *t) points to.
func fieldName(t types.Type, i int) string {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	s, ok := t.Underlying().(*types.Struct)
	if !ok || i < 0 || i >= s.NumFields() {
		return ""
	}
	return s.Field(i).Name()
}

// render shows a path in Go syntax using fs's names.
func (fs *funcState) render(key string) string {
	root, rest := splitRoot(key)
	name := root
	switch {
	case strings.HasPrefix(root, "g{"):
		full := strings.TrimSuffix(strings.TrimPrefix(root, "g{"), "}")
		dot := strings.LastIndexByte(full, '.')
		if dot >= 0 {
			pkg, n := full[:dot], full[dot+1:]
			name = n
			if fs.fn.Pkg == nil || fs.fn.Pkg.Pkg.Path() != pkg {
				name = pkg[strings.LastIndexByte(pkg, '/')+1:] + "." + n
			}
		}
	case root[0] == 'v':
		if n, err := strconv.Atoi(root[1:]); err == nil && n < len(fs.localNames) {
			name = fs.localNames[n]
		}
	default:
		if kind, i, ok := rootIndex(root); ok {
			if kind == 'p' && i < len(fs.fn.Params) {
				name = fs.fn.Params[i].Name()
			} else if kind == 'f' && i < len(fs.fn.FreeVars) {
				name = fs.fn.FreeVars[i].Name()
			}
		}
	}
	return name + renderTail(rest)
}
