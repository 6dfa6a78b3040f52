package deferloop

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// varIndex records, for the whole package, how its variables get their
// values and how its functions are called: what the bound analysis needs
// to follow a loop count back to the callers of a function, and a list
// back to the command line.
type varIndex struct {
	defs  *code.Defs  // plain assignments, op-assignments, opaque variables
	calls *code.Calls // calls of the package's functions
	// tupleFrom holds the calls a variable is set from in multi-value
	// assignments (found, err := filepath.Glob(p)).
	tupleFrom map[*types.Var][]*ast.CallExpr
	// rangeOf holds the range statement that declares a variable as its key
	// or value.
	rangeOf map[*types.Var]*ast.RangeStmt
	// cobraArgs marks the parameters of functions that also take a
	// *cobra.Command (a cobra command's Run, RunE, PreRun ...).
	cobraArgs map[*types.Var]bool
	// params maps each parameter of a declared function to the function and
	// its index.
	params map[*types.Var]paramOf
}

type paramOf struct {
	fn    *types.Func
	index int
}

// vars returns the package's variable index, built on first use.
func (c *checker) vars() *varIndex {
	if c.varIdx != nil {
		return c.varIdx
	}
	info := c.pass.TypesInfo
	x := &varIndex{
		defs:      c.idx.Defs(),
		calls:     c.idx.Calls(),
		tupleFrom: map[*types.Var][]*ast.CallExpr{},
		rangeOf:   map[*types.Var]*ast.RangeStmt{},
		params:    map[*types.Var]paramOf{},
		cobraArgs: map[*types.Var]bool{},
	}
	c.varIdx = x
	fromCall := func(lhs []ast.Expr, rhs []ast.Expr) {
		if len(rhs) != 1 || len(lhs) < 2 {
			return
		}
		if call, ok := ast.Unparen(rhs[0]).(*ast.CallExpr); ok {
			for _, l := range lhs {
				if v := varOf(info, l); v != nil {
					x.tupleFrom[v] = append(x.tupleFrom[v], call)
				}
			}
		}
	}
	for _, f := range c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				fn, _ := info.Defs[n.Name].(*types.Func)
				if fn == nil {
					break
				}
				i := 0
				for _, fld := range n.Type.Params.List {
					for _, name := range fld.Names {
						if v, ok := info.Defs[name].(*types.Var); ok {
							x.params[v] = paramOf{fn, i}
						}
						i++
					}
					if len(fld.Names) == 0 {
						i++
					}
				}
			case *ast.FuncType:
				if takesCobraCommand(info, n) {
					for _, fld := range n.Params.List {
						for _, name := range fld.Names {
							if v, ok := info.Defs[name].(*types.Var); ok {
								x.cobraArgs[v] = true
							}
						}
					}
				}
			case *ast.AssignStmt:
				fromCall(n.Lhs, n.Rhs)
			case *ast.ValueSpec:
				var lhs []ast.Expr
				for _, id := range n.Names {
					lhs = append(lhs, id)
				}
				fromCall(lhs, n.Values)
			case *ast.RangeStmt:
				if n.Tok == token.DEFINE {
					for _, e := range []ast.Expr{n.Key, n.Value} {
						if v := varOf(info, e); v != nil {
							x.rangeOf[v] = n
						}
					}
				}
			}
			return true
		})
	}
	return x
}

// setOnlyBy reports whether v is set by nothing but the plain assignments
// code.Defs lists (no op-assignment, ++/--, address taken, tuple or range).
func (x *varIndex) setOnlyBy(v *types.Var) bool {
	return !x.defs.Opaque[v] && len(x.defs.OpAssigns[v]) == 0 && !x.defs.IncDec[v]
}

// setOnlyFrom reports whether v is set by nothing but its tuple
// assignments or range clause (found, err := Glob(p); for _, p := range
// args): no plain assignment, op-assignment or ++/--.
func (x *varIndex) setOnlyFrom(v *types.Var) bool {
	return len(x.defs.Values[v]) == 0 && len(x.defs.OpAssigns[v]) == 0 && !x.defs.IncDec[v]
}

// takesCobraCommand reports whether a function type has a
// *cobra.Command parameter.
func takesCobraCommand(info *types.Info, ft *ast.FuncType) bool {
	for _, fld := range ft.Params.List {
		if p, ok := info.TypeOf(fld.Type).(*types.Pointer); ok {
			if n, ok := types.Unalias(p.Elem()).(*types.Named); ok && n.Obj().Pkg() != nil &&
				n.Obj().Pkg().Path() == "github.com/spf13/cobra" && n.Obj().Name() == "Command" {
				return true
			}
		}
	}
	return false
}
