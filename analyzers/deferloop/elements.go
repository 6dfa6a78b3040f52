package deferloop

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// rangeElement reports whether mu is reached from the element the range
// loop visits: through its key or value variable (n.mu, n), or by indexing
// the ranged collection with its key (nodes[i].mu).
func rangeElement(info *types.Info, rng *ast.RangeStmt, mu ast.Expr) bool {
	isVar := func(e, clause ast.Expr) bool { return clauseVar(info, e, clause) }
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
// stays locked until the function returns. alias.def is the assignment of a
// local alias of the element's field (recvq := s.sys.recvq) and alias.dep
// the range variable it comes from; alias is zero when mu is the element's
// path itself.
func (fs *funcState) lockElements(d *ast.DeferStmt, rng *ast.RangeStmt, body *ast.BlockStmt, mu ast.Expr, unlock string, lock *ast.CallExpr, alias origin) (*finding, bool) {
	info := fs.pass.TypesInfo
	via := alias.def
	var from types.Object = alias.dep
	if via == nil {
		from = info.ObjectOf(code.RootIdent(mu))
	}
	if lockAllOnly(info, body) || elementStored(info, rng, body) || (via != nil && rootStored(info, body, mu)) {
		// for _, s := range shards { s.mu.Lock(); defer s.mu.Unlock() }
		// with nothing else in the body, or the locked elements kept in a
		// slice: the function means to hold them all until it returns.
		return nil, true
	}
	coll := renderCollection(rng.X)
	how := "locked"
	if unlock == "RUnlock" {
		how = "read-locked"
	}
	why := fmt.Sprintf("every element of %s stays %s until the function returns: %s is %s at line %d in each iteration and only this defer unlocks it, so all of them are held at once and every writer of every element blocks meanwhile",
		coll, how, types.ExprString(mu), how, code.Line(fs.pass, lock.Pos()))
	if via != nil {
		why = fmt.Sprintf("%s (%s at line %d) is %s at line %d for every element of %s and only this defer unlocks it, so all of them stay %s at once until the function returns and every writer of them blocks meanwhile",
			types.ExprString(mu), renderDef(via), code.Line(fs.pass, via.Pos()), how, code.Line(fs.pass, lock.Pos()), coll, how)
	}
	if repeatable(info, rng, from) {
		if unlock == "RUnlock" {
			why += fmt.Sprintf("; an element that comes twice in %s is read-locked recursively, which deadlocks as soon as a writer waits", coll)
		} else {
			why += fmt.Sprintf("; an element that comes twice in %s is locked again while held: a self-deadlock", coll)
		}
		return &finding{ruleLockElementsDeadlock, why}, false
	}
	// A writer waiting on a read-locked element blocks its other readers
	// too. (For exclusive locks every other locker waits anyway: that is
	// the warning.)
	if w := fs.locks().writeLocked[lockKey(info, mu)]; unlock == "RUnlock" && w != nil && w != lock {
		p := fs.lockPos(w)
		why += fmt.Sprintf("; %s.Lock() at %s:%d write-locks the same field, so a writer waiting on one element blocks every other reader of it until the function returns, and the function deadlocks if it waits for any of them; goroutines that lock the elements in another order deadlock with it",
			types.ExprString(ast.Unparen(w.Fun).(*ast.SelectorExpr).X), code.ShortFile(p.Filename), p.Line)
		return &finding{ruleLockElementsDeadlock, why}, false
	}
	why += "; a goroutine that locks them in another order deadlocks"
	return &finding{ruleLockElements, why}, false
}

// lockPerIteration grades a defer that unlocks, at function exit, a mutex
// reached from a value the iteration computes (o := mset.lookupConsumer(k);
// o.mu.RLock(); defer o.mu.RUnlock()): each iteration can lock a different
// one, and all stay locked until the function returns. Whether two
// iterations reach the same mutex depends on what the computation returns,
// so this is a warning that names both outcomes.
func (fs *funcState) lockPerIteration(body *ast.BlockStmt, mu ast.Expr, unlock string, lock *ast.CallExpr, o origin) (*finding, bool) {
	info := fs.pass.TypesInfo
	if lockAllOnly(info, body) || rootStored(info, body, mu) {
		// The loop only looks up and locks, or keeps what it locked: the
		// function means to hold them all until it returns.
		return nil, true
	}
	name := types.ExprString(mu)
	line := code.Line(fs.pass, lock.Pos())
	subject := name
	var how string
	if o.def != nil {
		if root := code.RootIdent(mu); root != nil {
			subject = root.Name
		}
		how = fmt.Sprintf("%s at line %d", renderDef(o.def), code.Line(fs.pass, o.def.Pos()))
		if o.dep != nil {
			how += ", which depends on " + o.dep.Name()
		}
	} else if o.dep != nil {
		how = "it depends on " + o.dep.Name()
	} else {
		how = "computed in each iteration"
	}
	count := "one " + name + " per iteration"
	if rng, ok := fs.loop.(*ast.RangeStmt); ok {
		count = "one " + name + " per element of " + renderCollection(rng.X)
	}
	if unlock == "RUnlock" {
		return &finding{ruleLockElements, fmt.Sprintf("the read lock on %s taken at line %d is held until then, and %s changes with the iteration (%s): up to %s stays read-locked until the function returns, and every writer of them blocks meanwhile; if two iterations get the same %s, its read lock is taken again while held, a recursive read lock that deadlocks as soon as a writer waits",
			name, line, subject, how, count, subject)}, false
	}
	return &finding{ruleLockElements, fmt.Sprintf("the lock on %s taken at line %d is held until then, and %s changes with the iteration (%s): up to %s stays locked until the function returns, every other locker of them blocks meanwhile, and goroutines that lock them in another order deadlock; if two iterations get the same %s, the lock on %s taken at line %d is still held when the next iteration locks it again: a self-deadlock",
		name, line, subject, how, count, subject, name, line)}, false
}

// rootStored reports whether the local variable at the root of mu, declared
// in the loop body, is kept for after the loop (locked = append(locked, o)).
func rootStored(info *types.Info, body *ast.BlockStmt, mu ast.Expr) bool {
	root := code.RootIdent(mu)
	if root == nil {
		return false
	}
	v, ok := info.ObjectOf(root).(*types.Var)
	return ok && v.Pos() >= body.Pos() && v.Pos() < body.End() && mayRefer(v.Type(), 0) && stored(info, body, v)
}

// repeatable reports whether the range loop can visit the same object in
// two iterations, for a lock reached from the variable from: a pointer or
// interface element of a slice, array, map or channel. Map keys are
// distinct, and so are the entries of a literal list of different variables.
func repeatable(info *types.Info, rng *ast.RangeStmt, from types.Object) bool {
	if lit, ok := ast.Unparen(rng.X).(*ast.CompositeLit); ok && distinctElements(lit) {
		return false // []*Server{sa, sb}
	}
	t := info.TypeOf(rng.X)
	if t == nil {
		return false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	isKey := false
	if id, ok := rng.Key.(*ast.Ident); ok && from != nil && info.ObjectOf(id) == from {
		isKey = true
	}
	var elem types.Type
	switch u := t.Underlying().(type) {
	case *types.Slice:
		elem = u.Elem()
	case *types.Array:
		elem = u.Elem()
	case *types.Map:
		if isKey {
			return false // for s := range set: distinct keys
		}
		elem = u.Elem()
	case *types.Chan:
		elem = u.Elem() // the key is the element received
	default:
		return false
	}
	switch elem.Underlying().(type) {
	case *types.Pointer, *types.Interface:
		return true
	}
	return false
}

// renderCollection shows a ranged collection; a short literal list with its
// elements ([]*Server{sa, sb}), which types.ExprString elides.
func renderCollection(e ast.Expr) string {
	lit, ok := ast.Unparen(e).(*ast.CompositeLit)
	if !ok || lit.Type == nil {
		return types.ExprString(e)
	}
	var elts []string
	for _, x := range lit.Elts {
		elts = append(elts, types.ExprString(x))
	}
	if s := types.ExprString(lit.Type) + "{" + strings.Join(elts, ", ") + "}"; len(s) <= 60 {
		return s
	}
	return types.ExprString(e)
}

// distinctElements reports whether a composite literal lists different
// objects: different variables or field paths ({sa, sb}), or new objects
// (&T{...}).
func distinctElements(lit *ast.CompositeLit) bool {
	seen := map[string]bool{}
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			e = kv.Value
		}
		e = ast.Unparen(e)
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			if _, ok := ast.Unparen(u.X).(*ast.CompositeLit); ok {
				continue
			}
		}
		if !pathOnly(e) {
			return false
		}
		s := types.ExprString(e)
		if seen[s] || s == "nil" {
			return false
		}
		seen[s] = true
	}
	return true
}

// pathOnly reports whether e is a variable or a field path of one (x, x.y,
// *x.y), with no call or index.
func pathOnly(e ast.Expr) bool {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			return true
		case *ast.SelectorExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return false
		}
	}
}

// lockAllOnly reports whether the loop body does nothing but lock and defer
// unlocks: the function deliberately locks every element for its rest. The
// body may also find what to lock (local variables set from the element,
// under a lock it releases again: s.mu.RLock(); q := s.q; s.mu.RUnlock()).
func lockAllOnly(info *types.Info, body *ast.BlockStmt) bool {
	local := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return false
		}
		o := info.ObjectOf(id)
		return id.Name == "_" || (o != nil && o.Pos() >= body.Pos() && o.Pos() < body.End())
	}
	for _, st := range body.List {
		switch st := st.(type) {
		case *ast.DeferStmt:
		case *ast.AssignStmt:
			if st.Tok != token.DEFINE && st.Tok != token.ASSIGN {
				return false
			}
			for _, l := range st.Lhs {
				if !local(l) {
					return false
				}
			}
		case *ast.ExprStmt:
			call, ok := ast.Unparen(st.X).(*ast.CallExpr)
			if !ok || len(call.Args) != 0 {
				return false
			}
			sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok {
				return false
			}
			switch sel.Sel.Name {
			case "Lock", "RLock", "Unlock", "RUnlock":
			default:
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

// clauseVar reports whether e names the variable a range clause's key or
// value expression declares.
func clauseVar(info *types.Info, e, clause ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	w, ok2 := clause.(*ast.Ident)
	return ok && ok2 && w.Name != "_" && info.ObjectOf(id) != nil && info.ObjectOf(id) == info.ObjectOf(w)
}
