package fileclaim

import (
	"go/ast"
	"go/types"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// callee returns the statically called function, or nil.
func (c *checker) callee(call *ast.CallExpr) *types.Func {
	return code.Callee(c.info, call)
}

// isMethod reports whether fn is the method pkg.Type.name.
func isMethod(fn *types.Func, pkg, typ string, names ...string) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != pkg {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Name() != typ {
		return false
	}
	for _, name := range names {
		if fn.Name() == name {
			return true
		}
	}
	return false
}

// listKind describes what a listing yields.
type listKind struct {
	strs bool   // elements are strings (paths or names), else DirEntry/FileInfo
	what string // how it was listed, for messages
}

// listing is one directory listing in a function.
type listing struct {
	call *ast.CallExpr
	dir  ast.Expr // the listed directory or pattern, when known
	kind listKind
	fc   *funcState
}

// listCall classifies call as a directory listing.
func (c *checker) listCall(call *ast.CallExpr) (listKind, ast.Expr, bool) {
	fn := c.callee(call)
	if fn == nil {
		return listKind{}, nil, false
	}
	switch {
	case code.IsFunc(fn, "os", "ReadDir"), code.IsFunc(fn, "io/ioutil", "ReadDir"):
		return listKind{what: fn.Pkg().Name() + ".ReadDir"}, arg(call, 0), true
	case code.IsFunc(fn, "path/filepath", "Glob"):
		return listKind{strs: true, what: "filepath.Glob"}, arg(call, 0), true
	case isMethod(fn, "os", "File", "ReadDir", "Readdir"):
		return listKind{what: "(*os.File)." + fn.Name()}, recvOf(call), true
	case isMethod(fn, "os", "File", "Readdirnames"):
		return listKind{strs: true, what: "(*os.File).Readdirnames"}, recvOf(call), true
	}
	if k := c.lister(fn); k != nil {
		var dir ast.Expr
		if len(call.Args) > 0 {
			dir = call.Args[0]
		}
		return *k, dir, true
	}
	return listKind{}, nil, false
}

func arg(call *ast.CallExpr, i int) ast.Expr {
	if i < len(call.Args) {
		return call.Args[i]
	}
	return nil
}

func recvOf(call *ast.CallExpr) ast.Expr {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		return sel.X
	}
	return nil
}

// isWalk reports whether call is filepath.Walk or filepath.WalkDir and
// returns its callback argument.
func (c *checker) isWalk(call *ast.CallExpr) (ast.Expr, bool) {
	fn := c.callee(call)
	if code.IsFunc(fn, "path/filepath", "Walk", "WalkDir") && len(call.Args) == 2 {
		return call.Args[1], true
	}
	return nil, false
}

// lister reports whether the package function fn returns a listing as its
// first result: the result of a listing call, or paths collected from one.
func (c *checker) lister(fn *types.Func) *listKind {
	if k, ok := c.listers[fn]; ok {
		return k
	}
	fd := c.decls[fn]
	if fd == nil || c.listBusy[fn] {
		return nil
	}
	if !sliceResult(fn) { // a listing is a slice: most functions cannot return one
		c.listers[fn] = nil
		return nil
	}
	c.listBusy[fn] = true
	defer delete(c.listBusy, fn)
	fc := c.newFuncState(fd.Body, fd.Type)
	fc.fn = fn
	fc.findEntries()
	var k *listKind
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if k != nil {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		ret, ok := n.(*ast.ReturnStmt)
		if !ok || len(ret.Results) == 0 {
			return true
		}
		id, ok := ast.Unparen(ret.Results[0]).(*ast.Ident)
		if !ok {
			return true
		}
		if l := fc.listingOf(c.info.ObjectOf(id)); l != nil {
			kk := l.kind
			k = &kk
		}
		return true
	})
	// A named result filled by the body.
	if k == nil && fd.Type.Results != nil && len(fd.Type.Results.List) > 0 && len(fd.Type.Results.List[0].Names) > 0 {
		if l := fc.listingOf(c.info.ObjectOf(fd.Type.Results.List[0].Names[0])); l != nil {
			kk := l.kind
			k = &kk
		}
	}
	c.listers[fn] = k
	return k
}

// sliceResult reports whether fn's first result is a slice.
func sliceResult(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Results().Len() == 0 {
		return false
	}
	_, ok = sig.Results().At(0).Type().Underlying().(*types.Slice)
	return ok
}

// readCall classifies call as a read of its first argument.
func (c *checker) readCall(call *ast.CallExpr) (string, bool) {
	fn := c.callee(call)
	switch {
	case code.IsFunc(fn, "os", "Open", "ReadFile"), code.IsFunc(fn, "io/ioutil", "ReadFile"):
		return fn.Pkg().Name() + "." + fn.Name(), true
	case code.IsFunc(fn, "os", "OpenFile"):
		if len(call.Args) < 2 {
			return "", false
		}
		flags := flagNames(c.info, call.Args[1])
		if flags["O_EXCL"] || flags["O_WRONLY"] {
			return "", false
		}
		return "os.OpenFile", true
	}
	return "", false
}

// flagNames collects the os/syscall identifiers in a flag expression.
func flagNames(info *types.Info, e ast.Expr) map[string]bool {
	names := map[string]bool{}
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			names[n.Sel.Name] = true
		case *ast.Ident:
			names[n.Name] = true
		}
		return true
	})
	return names
}

// exclCreate reports whether call is os.OpenFile with O_CREATE|O_EXCL.
func (c *checker) exclCreate(call *ast.CallExpr) bool {
	fn := c.callee(call)
	if !code.IsFunc(fn, "os", "OpenFile") && !code.IsFunc(fn, "syscall", "Open") && !code.IsFunc(fn, "golang.org/x/sys/unix", "Open") {
		return false
	}
	if len(call.Args) < 2 {
		return false
	}
	f := flagNames(c.info, call.Args[1])
	return f["O_EXCL"] && (f["O_CREATE"] || f["O_CREAT"])
}

// listCallNoHelpers is listCall without in-package lister helpers.
func (c *checker) listCallNoHelpers(call *ast.CallExpr) (listKind, ast.Expr, bool) {
	fn := c.callee(call)
	if fn == nil {
		return listKind{}, nil, false
	}
	if _, ok := c.isWalk(call); ok {
		return listKind{strs: true}, nil, true
	}
	if fn.Pkg() == c.pass.Pkg {
		return listKind{}, nil, false
	}
	return c.listCall(call)
}
