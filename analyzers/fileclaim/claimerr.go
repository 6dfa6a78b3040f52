package fileclaim

import (
	"go/ast"
	"go/token"
)

// A rename or delete that claims an entry fails with "not exist" exactly
// when another consumer took the entry first. Code that treats that
// failure as success (err != nil && !os.IsNotExist(err)) goes on with an
// entry it does not own.

// claimGuard is exits, plus whether the test lets a not-exist failure
// through: `if err != nil && !os.IsNotExist(err) { return err }`, or
// `if err != nil { if !errors.Is(err, fs.ErrNotExist) { return err } }`.
func (fc *funcState) claimGuard(call *ast.CallExpr) (guard ast.Stmt, exits, tolerates bool) {
	guard, exits = fc.exits(call)
	ifs, ok := guard.(*ast.IfStmt)
	if !ok {
		return guard, exits, false
	}
	if exits {
		return guard, true, fc.negatesNotExist(ifs.Cond)
	}
	// if err != nil { if !os.IsNotExist(err) { return err } ; log... }
	for _, st := range ifs.Body.List {
		inner, ok := st.(*ast.IfStmt)
		if ok && inner.Init == nil && fc.negatesNotExist(inner.Cond) && fc.leaves(inner.Body) {
			return guard, true, true
		}
	}
	return guard, exits, false
}

// negatesNotExist reports whether cond contains !os.IsNotExist(err),
// !errors.Is(err, os.ErrNotExist) (fs.ErrNotExist, syscall.ENOENT) or
// err != os.ErrNotExist.
func (fc *funcState) negatesNotExist(cond ast.Expr) bool {
	found := false
	ast.Inspect(cond, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.UnaryExpr:
			if x.Op == token.NOT && fc.notExistTest(x.X) {
				found = true
			}
		case *ast.BinaryExpr:
			if x.Op == token.NEQ && (fc.notExistValue(x.X) || fc.notExistValue(x.Y)) {
				found = true
			}
		}
		return !found
	})
	return found
}

// notExistTest reports whether e is os.IsNotExist(err) or
// errors.Is(err, <not exist>).
func (fc *funcState) notExistTest(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn := fc.c.callee(call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	switch {
	case fn.Pkg().Path() == "os" && fn.Name() == "IsNotExist":
		return true
	case fn.Pkg().Path() == "errors" && fn.Name() == "Is" && len(call.Args) == 2:
		return fc.notExistValue(call.Args[1])
	}
	return false
}

// notExistValue reports whether e is os.ErrNotExist, fs.ErrNotExist or
// syscall.ENOENT (unix.ENOENT).
func (fc *funcState) notExistValue(e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	obj := fc.c.info.ObjectOf(sel.Sel)
	if obj == nil || obj.Pkg() == nil {
		return false
	}
	switch obj.Pkg().Path() + "." + obj.Name() {
	case "os.ErrNotExist", "io/fs.ErrNotExist", "syscall.ENOENT", "golang.org/x/sys/unix.ENOENT":
		return true
	}
	return false
}
