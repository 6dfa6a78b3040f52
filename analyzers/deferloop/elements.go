package deferloop

import (
	"fmt"
	"go/ast"
	"go/types"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// rangeElement reports whether mu is reached from the element the range
// loop visits: through its key or value variable (n.mu, n), or by indexing
// the ranged collection with its key (nodes[i].mu).
func rangeElement(info *types.Info, rng *ast.RangeStmt, mu ast.Expr) bool {
	isVar := func(e, v ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		w, ok2 := v.(*ast.Ident)
		return ok && ok2 && w.Name != "_" && info.ObjectOf(id) != nil && info.ObjectOf(id) == info.ObjectOf(w)
	}
	for e := ast.Unparen(mu); ; {
		switch x := e.(type) {
		case *ast.Ident:
			return (rng.Key != nil && isVar(x, rng.Key)) || (rng.Value != nil && isVar(x, rng.Value))
		case *ast.SelectorExpr:
			e = ast.Unparen(x.X)
		case *ast.StarExpr:
			e = ast.Unparen(x.X)
		case *ast.IndexExpr:
			if rng.Key != nil && isVar(x.Index, rng.Key) && code.SameRef(info, x.X, rng.X) {
				return true
			}
			e = ast.Unparen(x.X)
		default:
			return false
		}
	}
}

// lockElements grades a defer that unlocks, at function exit, the lock the
// iteration took on the element it visits: every element of the collection
// stays locked until the function returns.
func (fs *funcState) lockElements(d *ast.DeferStmt, rng *ast.RangeStmt, body *ast.BlockStmt, mu ast.Expr, unlock string, lock *ast.CallExpr) (*finding, bool) {
	info := fs.pass.TypesInfo
	if lockAllOnly(body) || elementStored(info, rng, body) {
		// for _, s := range shards { s.mu.Lock(); defer s.mu.Unlock() }
		// with nothing else in the body, or the locked elements kept in a
		// slice: the function means to hold them all until it returns.
		return nil, true
	}
	coll := types.ExprString(rng.X)
	how := "locked"
	if unlock == "RUnlock" {
		how = "read-locked"
	}
	why := fmt.Sprintf("every element of %s stays %s until the function returns: %s is %s at line %d in each iteration and only this defer unlocks it, so all of them are held at once and every writer of every element blocks meanwhile",
		coll, how, types.ExprString(mu), how, code.Line(fs.pass, lock.Pos()))
	if repeatable(info, rng) {
		if unlock == "RUnlock" {
			why += fmt.Sprintf("; an element that comes twice in %s is read-locked recursively, which deadlocks as soon as a writer waits", coll)
		} else {
			why += fmt.Sprintf("; an element that comes twice in %s is locked again while held: a self-deadlock", coll)
		}
		return &finding{ruleLockElementsDeadlock, why}, false
	}
	if w := fs.locks().writeLocked[lockKey(info, mu)]; w != nil && w != lock {
		p := fs.lockPos(w)
		why += fmt.Sprintf("; %s.Lock() at %s:%d write-locks the same field, so a writer waiting on one element blocks every other reader of it until the function returns, and the function deadlocks if it waits for any of them; goroutines that lock the elements in another order deadlock with it",
			types.ExprString(ast.Unparen(w.Fun).(*ast.SelectorExpr).X), code.ShortFile(p.Filename), p.Line)
		return &finding{ruleLockElementsDeadlock, why}, false
	}
	why += "; a goroutine that locks them in another order deadlocks"
	return &finding{ruleLockElements, why}, false
}

// repeatable reports whether the range loop's value can be the same object
// in two iterations: a pointer or interface element of a slice, array, map
// or channel (map keys and copies of struct values are distinct).
func repeatable(info *types.Info, rng *ast.RangeStmt) bool {
	if rng.Value == nil {
		return false
	}
	if id, ok := rng.Value.(*ast.Ident); !ok || id.Name == "_" {
		return false
	}
	t := info.TypeOf(rng.X)
	if t == nil {
		return false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	var elem types.Type
	switch u := t.Underlying().(type) {
	case *types.Slice:
		elem = u.Elem()
	case *types.Array:
		elem = u.Elem()
	case *types.Map:
		elem = u.Elem()
	case *types.Chan:
		elem = u.Elem()
	default:
		return false
	}
	switch elem.Underlying().(type) {
	case *types.Pointer, *types.Interface:
		return true
	}
	return false
}

// lockAllOnly reports whether the loop body does nothing but lock and defer
// unlocks: the function deliberately locks every element for its rest.
func lockAllOnly(body *ast.BlockStmt) bool {
	for _, st := range body.List {
		switch st := st.(type) {
		case *ast.DeferStmt:
		case *ast.ExprStmt:
			call, ok := ast.Unparen(st.X).(*ast.CallExpr)
			if !ok {
				return false
			}
			sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "Lock" && sel.Sel.Name != "RLock") {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// elementStored reports whether the body keeps the element itself for after
// the loop (locked = append(locked, n)); keeping a field of it
// (out = append(out, n.Name)) does not count.
func elementStored(info *types.Info, rng *ast.RangeStmt, body *ast.BlockStmt) bool {
	for _, e := range []ast.Expr{rng.Key, rng.Value} {
		id, ok := e.(*ast.Ident)
		if !ok || id.Name == "_" {
			continue
		}
		if v, ok := info.ObjectOf(id).(*types.Var); ok && mayRefer(v.Type(), 0) && stored(info, body, v) {
			return true
		}
	}
	return false
}
