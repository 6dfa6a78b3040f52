package deferloop

import (
	_ "embed"
	"go/ast"
	"go/types"

	"github.com/hindsight-lint/hindsight/internal/code"
	"github.com/hindsight-lint/hindsight/internal/lint"
)

// finding is what classify concluded about a defer.
type finding struct {
	rule *lint.Rule
	why  string
}

// classify decides the grade of a defer in a loop that iterates, or nil to
// stay silent.
func (fs *funcState) classify(d *ast.DeferStmt, loop ast.Stmt, body *ast.BlockStmt) *finding {
	calls := []*ast.CallExpr{d.Call}
	var lit *ast.FuncLit
	if l, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit); ok {
		lit = l
		calls = nil
		ast.Inspect(l.Body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				calls = append(calls, call)
			}
			_, nested := n.(*ast.FuncLit)
			return !nested
		})
	}
	for _, call := range calls {
		f, silent := fs.release(d, call, body, lit)
		if silent {
			return nil
		}
		if f != nil {
			return f
		}
	}
	if fs.test || fs.deliberate(d, lit, loop, body) {
		// Tests: only leaks of what the iteration acquired are worth a word.
		return nil
	}
	return &finding{rule: rulePileUp, why: "the deferred calls pile up until then"}
}

// deliberate reports whether a defer that releases nothing the iteration
// acquired is meant to run at function exit:
//   - it cleans up an element of the ranged collection
//     ("for _, x := range xs { defer x.Close() }", "defer nodes[i].close()"):
//     values that existed before the loop or are kept in it;
//   - what it cleans up is stored for after the loop (a stress tool keeping
//     N containers alive until it returns);
//   - it is a rollback or cleanup closure whose every statement is
//     conditional: defer func() { if err != nil { undo() } }().
func (fs *funcState) deliberate(d *ast.DeferStmt, lit *ast.FuncLit, loop ast.Stmt, body *ast.BlockStmt) bool {
	info := fs.pass.TypesInfo
	if lit != nil {
		return conditionalOnly(lit)
	}
	if cleansUpRangeElement(info, d.Call, loop) {
		return true
	}
	target := cleanupTarget(info, d.Call)
	if target == nil {
		return false
	}
	for e := ast.Unparen(target); ; {
		switch x := e.(type) {
		case *ast.IndexExpr:
			if iterationVar(info, loop, code.RootIdent(x.Index)) {
				return true // an element of a collection, indexed by the loop
			}
			e = ast.Unparen(x.X)
			continue
		case *ast.SelectorExpr:
			e = ast.Unparen(x.X)
			continue
		case *ast.StarExpr:
			e = ast.Unparen(x.X)
			continue
		case *ast.Ident:
			v, ok := info.ObjectOf(x).(*types.Var)
			return ok && v.Pos() >= body.Pos() && v.Pos() < body.End() && stored(info, body, v)
		}
		return false
	}
}

// cleanupTarget returns what a deferred call cleans up: the receiver of a
// method call, else the first argument, or nil.
func cleanupTarget(info *types.Info, call *ast.CallExpr) ast.Expr {
	if fun, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if _, isPkg := info.ObjectOf(code.RootIdent(fun.X)).(*types.PkgName); !isPkg && info.Selections[fun] != nil {
			return fun.X
		}
	}
	if len(call.Args) > 0 {
		return call.Args[0]
	}
	return nil
}

// conditionalOnly reports whether every statement of the deferred literal
// runs under a condition (an if, a switch, or a recover check): a rollback
// or error-path cleanup, not a release per iteration.
func conditionalOnly(lit *ast.FuncLit) bool {
	if len(lit.Body.List) == 0 {
		return false
	}
	for _, st := range lit.Body.List {
		switch st.(type) {
		case *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt:
		default:
			return false
		}
	}
	return true
}

// waitAfter returns a call wg.Wait() on the sync.WaitGroup wg, made by the
// function itself (not deferred, not in a function literal) after d, or nil.
func (fs *funcState) waitAfter(d *ast.DeferStmt, wg ast.Expr) *ast.CallExpr {
	info := fs.pass.TypesInfo
	if !isWaitGroup(info.TypeOf(wg)) {
		return nil
	}
	want := types.ExprString(wg)
	var wait *ast.CallExpr
	ast.Inspect(fs.fnBody, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.DeferStmt, *ast.GoStmt:
			return false
		case *ast.CallExpr:
			sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
			if ok && wait == nil && n.Pos() > d.End() && sel.Sel.Name == "Wait" && len(n.Args) == 0 &&
				isWaitGroup(info.TypeOf(sel.X)) && types.ExprString(sel.X) == want {
				wait = n
			}
		}
		return wait == nil
	})
	return wait
}

// isWaitGroup reports whether t is sync.WaitGroup or a pointer to one.
func isWaitGroup(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == "WaitGroup"
}

// cleansUpRangeElement reports whether call is a method call on, or a call
// whose first argument is, the key or value variable of the range loop.
func cleansUpRangeElement(info *types.Info, call *ast.CallExpr, loop ast.Stmt) bool {
	rng, ok := loop.(*ast.RangeStmt)
	if !ok {
		return false
	}
	var root *ast.Ident
	if fun, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if _, isLock := unlockFor[fun.Sel.Name]; isLock {
			return false
		}
		if _, isPkg := info.ObjectOf(code.RootIdent(fun.X)).(*types.PkgName); !isPkg {
			root = code.RootIdent(fun.X)
		}
	}
	if root == nil && len(call.Args) > 0 {
		root = code.RootIdent(call.Args[0])
	}
	if root == nil {
		return false
	}
	obj := info.ObjectOf(root)
	for _, e := range []ast.Expr{rng.Key, rng.Value} {
		if id, ok := e.(*ast.Ident); ok && obj != nil && info.ObjectOf(id) == obj {
			return true
		}
	}
	return false
}
