package deferloop

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// lockIndex is what the package says about its locks, built once per pass:
// which functions return the unlock of a mutex they locked, and where each
// mutex field is write-locked.
type lockIndex struct {
	// unlockReturned maps a function or method (the generic origin for
	// instances) to the unlock method whose method value it returns:
	// func (g *Guard[T]) Read() (T, func()) { g.mu.RLock(); return g.v, g.mu.RUnlock }.
	unlockReturned map[*types.Func]string
	// writeLocked maps a mutex key (see lockKey) to the first X.Lock() call
	// on it in the package.
	writeLocked map[string]*ast.CallExpr
}

// locks returns the package's lock index, building it on first use.
func (c *checker) locks() *lockIndex {
	if c.lockIdx != nil {
		return c.lockIdx
	}
	info := c.pass.TypesInfo
	idx := &lockIndex{unlockReturned: map[*types.Func]string{}, writeLocked: map[string]*ast.CallExpr{}}
	for _, f := range c.pass.Files {
		var fn *types.Func // the declared function whose body is being walked
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				fn, _ = info.Defs[n.Name].(*types.Func)
			case *ast.FuncLit:
				// A returned unlock inside a literal is the literal's result.
				outer := fn
				fn = nil
				ast.Inspect(n.Body, func(m ast.Node) bool { return c.indexLock(idx, m, nil) })
				fn = outer
				return false
			}
			return c.indexLock(idx, n, fn)
		})
	}
	c.lockIdx = idx
	return idx
}

// indexLock records n in idx if it is a Lock call or, within fn, a return
// of an unlock method value.
func (c *checker) indexLock(idx *lockIndex, n ast.Node, fn *types.Func) bool {
	info := c.pass.TypesInfo
	switch n := n.(type) {
	case *ast.CallExpr:
		sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
		if ok && sel.Sel.Name == "Lock" && len(n.Args) == 0 {
			if k := lockKey(info, sel.X); k != "" && idx.writeLocked[k] == nil {
				idx.writeLocked[k] = n
			}
		}
	case *ast.ReturnStmt:
		if fn == nil {
			return true
		}
		for _, r := range n.Results {
			if lit, ok := ast.Unparen(r).(*ast.FuncLit); ok {
				// return v, func() { g.mu.RUnlock() }
				if m := unlockCalled(lit); m != "" {
					idx.unlockReturned[fn] = m
				}
				continue
			}
			sel, ok := ast.Unparen(r).(*ast.SelectorExpr)
			if !ok {
				continue
			}
			if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
				if _, ok := unlockFor[sel.Sel.Name]; ok {
					idx.unlockReturned[fn] = sel.Sel.Name
				}
			}
		}
	}
	return true
}

// unlockCalled returns the unlock method (Unlock, RUnlock) that lit's body
// calls directly, or "".
func unlockCalled(lit *ast.FuncLit) string {
	for _, st := range lit.Body.List {
		es, ok := st.(*ast.ExprStmt)
		if !ok {
			continue
		}
		call, ok := ast.Unparen(es.X).(*ast.CallExpr)
		if !ok || len(call.Args) != 0 {
			continue
		}
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if _, ok := unlockFor[sel.Sel.Name]; ok {
				return sel.Sel.Name
			}
		}
	}
	return ""
}

// unlockReturnedBy returns the unlock method (Unlock, RUnlock) whose method
// value the function called by call returns, or "". Calls of instances of
// generic functions and methods are resolved to their origin.
func (c *checker) unlockReturnedBy(fn *types.Func) string {
	if fn == nil {
		return ""
	}
	return c.locks().unlockReturned[fn.Origin()]
}

// lockKey names the mutex that mu denotes independently of the variable
// that reaches it: the type that holds it and the field, "pkg.node.mu" for
// n.mu, or the type itself, "pkg.node." for a value with an embedded or
// own Lock method. It is "" when mu is not reached through a named type.
func lockKey(info *types.Info, mu ast.Expr) string {
	if sel, ok := ast.Unparen(mu).(*ast.SelectorExpr); ok {
		if s := info.Selections[sel]; s != nil && s.Kind() == types.FieldVal {
			if name := namedOf(info.TypeOf(sel.X)); name != "" {
				return name + "." + sel.Sel.Name
			}
			return ""
		}
	}
	// A mutex variable of its own (sync.Mutex, *sync.RWMutex) names no
	// holder: every mutex of the package would share the key.
	if name := namedOf(info.TypeOf(mu)); name != "" && !strings.HasPrefix(name, "sync.") {
		return name + "."
	}
	return ""
}

// namedOf returns the qualified name of t's named type (through a pointer,
// the generic origin for instances), or "".
func namedOf(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return ""
	}
	o := n.Origin().Obj()
	if o.Pkg() == nil {
		return o.Name()
	}
	return o.Pkg().Path() + "." + o.Name()
}

// lockPos is where a write lock was found, for messages.
func (c *checker) lockPos(call *ast.CallExpr) token.Position {
	return c.pass.Fset.Position(call.Pos())
}
