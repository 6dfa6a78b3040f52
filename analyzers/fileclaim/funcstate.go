package fileclaim

import (
	"go/ast"
	"go/types"
)

// assign is one value given to a variable.
type assign struct {
	rhs   ast.Expr
	multi bool // rhs is a call with several results; this is result idx
	idx   int
	elem  bool // x[k] = rhs: an element stored into x
	rng   bool // the variable is a range key or value
}

// funcState is the analysis of one function body.
type funcState struct {
	c       *checker
	fn      *types.Func
	body    *ast.BlockStmt
	ftype   *ast.FuncType
	assigns map[types.Object][]assign
	parents map[ast.Node]ast.Node

	entries   []*entry
	entryVars map[types.Object]*entry
	listVars  map[types.Object]*listing
	listDone  map[types.Object]bool
	keyMemo   map[types.Object]*pkey
	keyDone   map[types.Object]bool
	events    []*event
	seq       int

	paramNames map[string]int // summaries: the pseudo-entry parameters by name
	makesDirs  int            // 1: the body calls MkdirTemp/TempDir/Mkdir, -1: it does not, 0: unknown
	identity   int            // 1: the body may name the instance's identity (identity.go), -1: it does not, 0: unknown

	mkdirs      map[types.Object]bool // variables passed to a checked os.Mkdir (nil: not yet computed)
	privateMemo map[privateKey]bool   // privateVar results, valid while privateGen == len(s.privateFields)
	privateGen  int
}

// self returns fc: the context getter of a function already analysed.
func (fc *funcState) self() *funcState { return fc }

func (c *checker) newFuncState(body *ast.BlockStmt, ftype *ast.FuncType) *funcState {
	fc := &funcState{
		c: c, body: body, ftype: ftype,
		assigns:   map[types.Object][]assign{},
		parents:   map[ast.Node]ast.Node{},
		entryVars: map[types.Object]*entry{},
		listVars:  map[types.Object]*listing{},
		listDone:  map[types.Object]bool{},
		keyMemo:   map[types.Object]*pkey{},
		keyDone:   map[types.Object]bool{},

		paramNames: map[string]int{},
	}
	info := c.info
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		if len(stack) > 0 {
			fc.parents[n] = stack[len(stack)-1]
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				switch l := ast.Unparen(lhs).(type) {
				case *ast.Ident:
					obj := info.ObjectOf(l)
					if obj == nil {
						continue
					}
					switch {
					case len(n.Rhs) == len(n.Lhs):
						fc.assigns[obj] = append(fc.assigns[obj], assign{rhs: n.Rhs[i]})
					case len(n.Rhs) == 1:
						fc.assigns[obj] = append(fc.assigns[obj], assign{rhs: n.Rhs[0], multi: true, idx: i})
					}
				case *ast.IndexExpr:
					if id, ok := ast.Unparen(l.X).(*ast.Ident); ok && len(n.Rhs) == len(n.Lhs) {
						if obj := info.ObjectOf(id); obj != nil {
							fc.assigns[obj] = append(fc.assigns[obj], assign{rhs: n.Rhs[i], elem: true})
						}
					}
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				obj := info.ObjectOf(id)
				if obj == nil {
					continue
				}
				switch {
				case len(n.Values) == len(n.Names):
					fc.assigns[obj] = append(fc.assigns[obj], assign{rhs: n.Values[i]})
				case len(n.Values) == 1:
					fc.assigns[obj] = append(fc.assigns[obj], assign{rhs: n.Values[0], multi: true, idx: i})
				}
			}
		case *ast.CallExpr:
			// func(p string) { ... }(path): bind the parameters.
			if lit, ok := ast.Unparen(n.Fun).(*ast.FuncLit); ok && lit.Type.Params != nil && !n.Ellipsis.IsValid() {
				i := 0
				for _, field := range lit.Type.Params.List {
					if len(field.Names) == 0 {
						i++
						continue
					}
					for _, id := range field.Names {
						if obj := info.ObjectOf(id); obj != nil && i < len(n.Args) {
							fc.assigns[obj] = append(fc.assigns[obj], assign{rhs: n.Args[i]})
						}
						i++
					}
				}
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok {
					if obj := info.ObjectOf(id); obj != nil {
						fc.assigns[obj] = append(fc.assigns[obj], assign{rhs: n.X, rng: true})
					}
				}
			}
		}
		return true
	})
	return fc
}
