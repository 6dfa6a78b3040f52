package fileclaim

import (
	"go/ast"
	"go/types"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// notePrivateField records struct fields that hold a directory made by
// os.MkdirTemp (s.scratch = dir, &worker{scratch: dir}).
func (c *checker) notePrivateField(ctx func() *funcState, n ast.Node) {
	mark := func(key ast.Expr, val ast.Expr) {
		var id *ast.Ident
		switch k := ast.Unparen(key).(type) {
		case *ast.SelectorExpr:
			id = k.Sel
		case *ast.Ident:
			id = k
		default:
			return
		}
		v, ok := c.info.ObjectOf(id).(*types.Var)
		if !ok || !v.IsField() || !code.IsString(v.Type()) {
			return // a directory is a path: a string
		}
		if ctx().privateExpr(val, 0) {
			c.privateFields[v] = true
		}
	}
	switch n := n.(type) {
	case *ast.AssignStmt:
		if len(n.Lhs) == len(n.Rhs) {
			for i := range n.Lhs {
				if _, ok := ast.Unparen(n.Lhs[i]).(*ast.SelectorExpr); ok {
					mark(n.Lhs[i], n.Rhs[i])
				}
			}
		}
	case *ast.CompositeLit:
		for _, e := range n.Elts {
			if kv, ok := e.(*ast.KeyValueExpr); ok {
				mark(kv.Key, kv.Value)
			}
		}
	}
}

// privateKey memoises privateVar: the answer depends on the depth budget.
type privateKey struct {
	obj   types.Object
	depth int
}

// private reports whether dir was created by this function for its own
// use (os.MkdirTemp, t.TempDir, a checked os.Mkdir), or is named by this
// instance's own identity (see identity.go).
func (fc *funcState) private(dir ast.Expr) bool {
	if dir == nil {
		return false
	}
	return fc.privateExpr(dir, 0)
}

func (fc *funcState) privateExpr(e ast.Expr, depth int) bool {
	if depth > 4 {
		return false
	}
	if fc.makesDirs == 0 || fc.identity == 0 {
		mkdirs, identity := fc.c.bodyTraits(fc.body)
		fc.makesDirs, fc.identity = -1, -1
		if mkdirs {
			fc.makesDirs = 1
		}
		if identity || identityRecvType(fc.fn) != nil {
			fc.identity = 1
		}
	}
	if fc.makesDirs < 0 && fc.identity < 0 && len(fc.c.privateFields) == 0 {
		return false
	}
	info := fc.c.info
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		if fc.identity > 0 {
			if expr, ok := n.(ast.Expr); ok && fc.identityExpr(expr) {
				found = true
				return false
			}
		}
		switch x := n.(type) {
		case *ast.SelectorExpr:
			if v, ok := info.ObjectOf(x.Sel).(*types.Var); ok && fc.c.privateFields[v] {
				found = true
			}
		case *ast.CallExpr:
			fn := fc.c.callee(x)
			if code.IsFunc(fn, "os", "MkdirTemp") || code.IsFunc(fn, "io/ioutil", "TempDir") ||
				(fn != nil && fn.Name() == "TempDir" && fn.Pkg() != nil && fn.Pkg().Path() == "testing") {
				found = true
			}
		case *ast.Ident:
			if obj, ok := info.ObjectOf(x).(*types.Var); ok && fc.privateVar(obj, depth) {
				found = true
			}
		}
		return !found
	})
	return found
}

// privateVar reports whether a local variable holds a directory this
// function made: assigned a private value, or passed to os.Mkdir with
// its error checked. Results are memoised per depth budget, and forgotten
// when a new private field is learnt.
func (fc *funcState) privateVar(obj *types.Var, depth int) bool {
	if fc.privateMemo == nil || fc.privateGen != len(fc.c.privateFields) {
		fc.privateMemo = map[privateKey]bool{}
		fc.privateGen = len(fc.c.privateFields)
	}
	key := privateKey{obj, depth}
	if v, ok := fc.privateMemo[key]; ok {
		return v
	}
	fc.privateMemo[key] = false
	found := false
	for _, a := range fc.assigns[obj] {
		if !a.rng && !a.elem && fc.privateExpr(a.rhs, depth+1) {
			found = true
			break
		}
	}
	if !found {
		found = fc.mkdirVars()[obj]
	}
	fc.privateMemo[key] = found
	return found
}

// mkdirVars returns the variables the body passes to os.Mkdir with the
// error checked (this run made that directory), computed once.
func (fc *funcState) mkdirVars() map[types.Object]bool {
	if fc.mkdirs != nil {
		return fc.mkdirs
	}
	fc.mkdirs = map[types.Object]bool{}
	if fc.makesDirs < 0 {
		return fc.mkdirs
	}
	ast.Inspect(fc.body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if ok && len(call.Args) > 0 && code.IsFunc(fc.c.callee(call), "os", "Mkdir") && fc.checked(call) {
			if id, ok := ast.Unparen(call.Args[0]).(*ast.Ident); ok {
				if obj := fc.c.info.ObjectOf(id); obj != nil {
					fc.mkdirs[obj] = true
				}
			}
		}
		return true
	})
	return fc.mkdirs
}
