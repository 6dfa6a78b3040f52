package deferloop

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// originKind says how the object an expression reaches relates to the
// iterations of the loop: whether a lock on it is the same mutex in every
// iteration.
type originKind int

const (
	// sameObject: the same object in every iteration. The expression is
	// built from variables declared outside the loop and not assigned in
	// it, package-level variables and constants, by fields, pointers and
	// indexes, also through local variables of the body set from such
	// expressions (mu := &shared.mu).
	sameObject originKind = iota
	// ofElement: a field path of the range loop's key or value, also
	// through local variables of the body (recvq := s.sys.recvq).
	ofElement
	// ofWalk: a path from a variable the loop moves along a chain (the
	// post statement's p = p.parent, or cur = cur.next in the body).
	ofWalk
	// perIteration: anything else that can differ between iterations: a
	// value from a call made in the iteration (o := mset.lookupConsumer(k)),
	// an index that changes with the iteration, a value received.
	perIteration
)

// origin is what the data flow inside the loop says about an expression.
type origin struct {
	kind originKind
	// def is the assignment in the loop through which the expression's root
	// variable gets its value, for messages; nil for a direct path.
	def ast.Node
	// dep is the iteration variable the value depends on, when known.
	dep *types.Var
}

// originOf follows e back through the assignments of the loop (fs.loop)
// and says whether it reaches the same object in every iteration.
func (fs *funcState) originOf(e ast.Expr) origin {
	return fs.exprOrigin(e, map[*types.Var]bool{})
}

func (fs *funcState) exprOrigin(e ast.Expr, seen map[*types.Var]bool) origin {
	info := fs.pass.TypesInfo
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return fs.identOrigin(x, seen)
	case *ast.SelectorExpr:
		if id, ok := ast.Unparen(x.X).(*ast.Ident); ok {
			if _, isPkg := info.ObjectOf(id).(*types.PkgName); isPkg {
				return origin{} // pkg.Var
			}
		}
		return fs.exprOrigin(x.X, seen)
	case *ast.StarExpr:
		return fs.exprOrigin(x.X, seen)
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return fs.exprOrigin(x.X, seen)
		}
		if x.Op == token.ARROW {
			return origin{kind: perIteration} // received in the iteration
		}
		return fs.exprOrigin(x.X, seen)
	case *ast.TypeAssertExpr:
		return fs.exprOrigin(x.X, seen)
	case *ast.IndexExpr:
		if rng, ok := fs.loop.(*ast.RangeStmt); ok && rng.Key != nil {
			if k, ok := ast.Unparen(x.Index).(*ast.Ident); ok && clauseVar(info, k, rng.Key) && code.SameRef(info, x.X, rng.X) {
				return origin{kind: ofElement, dep: varOf(info, k)} // nodes[i]
			}
		}
		if tv, ok := info.Types[x.Index]; ok && tv.IsType() {
			return fs.exprOrigin(x.X, seen) // an instantiation f[T]
		}
		ix := fs.exprOrigin(x.Index, seen)
		if ix.kind != sameObject {
			// others[i]: a different element each iteration.
			return origin{kind: perIteration, def: ix.def, dep: ix.dep}
		}
		return fs.exprOrigin(x.X, seen)
	case *ast.SliceExpr:
		return fs.exprOrigin(x.X, seen)
	case *ast.CallExpr:
		if isConversion(info, x) && len(x.Args) == 1 {
			return fs.exprOrigin(x.Args[0], seen) // a conversion
		}
		// A call made in the iteration: its result can differ each time.
		o := origin{kind: perIteration}
		inputs := append([]ast.Expr(nil), x.Args...)
		if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok {
			inputs = append([]ast.Expr{sel.X}, inputs...)
		}
		for _, in := range inputs {
			if io := fs.exprOrigin(in, seen); io.kind != sameObject && io.dep != nil {
				o.dep = io.dep
				break
			}
		}
		return o
	case *ast.BasicLit, *ast.FuncLit:
		return origin{}
	case *ast.CompositeLit:
		return origin{kind: perIteration} // a new object
	case *ast.BinaryExpr:
		return alternatives(fs.exprOrigin(x.X, seen), fs.exprOrigin(x.Y, seen))
	}
	return origin{kind: perIteration}
}

// identOrigin follows a variable through its assignments in the loop.
func (fs *funcState) identOrigin(id *ast.Ident, seen map[*types.Var]bool) origin {
	info := fs.pass.TypesInfo
	v, ok := info.ObjectOf(id).(*types.Var)
	if !ok {
		return origin{} // a constant, function, nil or package name
	}
	if iterationVar(info, fs.loop, id) {
		if _, ok := fs.loop.(*ast.RangeStmt); ok {
			return origin{kind: ofElement, dep: v}
		}
		return origin{kind: ofWalk, dep: v}
	}
	inside := v.Pos() >= fs.loop.Pos() && v.Pos() < fs.loop.End()
	if seen[v] {
		if inside {
			return origin{} // x = x.f within one iteration: no new information
		}
		// cur = cur.next: the loop moves the variable along a chain.
		return origin{kind: ofWalk, dep: v}
	}
	defs := fs.loopDefs()[v]
	if len(defs) == 0 {
		if inside {
			// Declared in the loop without a value we follow: a type
			// switch's variable, var x T.
			return origin{kind: perIteration}
		}
		return origin{} // declared outside and not assigned in the loop
	}
	seen[v] = true
	defer delete(seen, v)
	var out origin
	for i, d := range defs {
		o := fs.defOrigin(v, d, seen)
		o.def = d // name the assignment nearest to the lock
		if i == 0 {
			out = o
			continue
		}
		out = alternatives(out, o)
	}
	return out
}

// alternatives merges the origins of two values an expression can have:
// the same object only if both are, an element only if both are.
func alternatives(a, b origin) origin {
	if a.kind == b.kind {
		if a.dep == nil {
			a.dep = b.dep
		}
		return a
	}
	if a.kind == perIteration {
		return a
	}
	if b.kind == perIteration {
		return b
	}
	// A walk's start comes from outside the loop: still a walk.
	if a.kind == ofWalk && b.kind == sameObject {
		return a
	}
	if b.kind == ofWalk && a.kind == sameObject {
		return b
	}
	// shared in one branch, an element's field in another.
	o := origin{kind: perIteration, def: a.def, dep: a.dep}
	if o.def == nil {
		o.def, o.dep = b.def, b.dep
	}
	return o
}

// defOrigin is the origin of the value node assigns to v.
func (fs *funcState) defOrigin(v *types.Var, node ast.Node, seen map[*types.Var]bool) origin {
	info := fs.pass.TypesInfo
	valueOf := func(lhs []ast.Expr, rhs []ast.Expr) origin {
		for i, l := range lhs {
			if varOf(info, l) != v {
				continue
			}
			if len(rhs) == len(lhs) {
				return fs.exprOrigin(rhs[i], seen)
			}
			if len(rhs) == 1 {
				// v, err := f(); v, ok := m[k]; v, ok := x.(T); v, ok := <-ch
				return fs.exprOrigin(rhs[0], seen)
			}
		}
		return origin{kind: perIteration}
	}
	switch n := node.(type) {
	case *ast.AssignStmt:
		if n.Tok != token.DEFINE && n.Tok != token.ASSIGN {
			return origin{kind: perIteration} // x += d
		}
		return valueOf(n.Lhs, n.Rhs)
	case *ast.ValueSpec:
		if len(n.Values) == 0 {
			return origin{kind: perIteration} // var x T: a new variable
		}
		var lhs []ast.Expr
		for _, id := range n.Names {
			lhs = append(lhs, id)
		}
		return valueOf(lhs, n.Values)
	}
	// A range clause inside the loop, ++/--, or the address passed to a call.
	return origin{kind: perIteration}
}

// loopDefs returns, for each variable, the statements in fs.loop that set
// it: assignments, declarations with values, range clauses, ++/--, and its
// address passed to a call (which may set it). Function literals are not
// entered.
func (fs *funcState) loopDefs() map[*types.Var][]ast.Node {
	if fs.defsLoop == fs.loop && fs.defs != nil {
		return fs.defs
	}
	info := fs.pass.TypesInfo
	defs := map[*types.Var][]ast.Node{}
	add := func(e ast.Expr, n ast.Node) {
		if v := varOf(info, e); v != nil {
			defs[v] = append(defs[v], n)
		}
	}
	var body ast.Node = code.LoopBody(fs.loop)
	visit := func(root ast.Node) {
		ast.Inspect(root, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					add(l, n)
				}
			case *ast.ValueSpec:
				for _, id := range n.Names {
					add(id, n)
				}
			case *ast.RangeStmt:
				if n != fs.loop {
					add(n.Key, n)
					add(n.Value, n)
				}
			case *ast.IncDecStmt:
				add(n.X, n)
			case *ast.CallExpr:
				// json.Unmarshal(b, &v), rows.Scan(&v): the call may set v.
				for _, a := range n.Args {
					if u, ok := ast.Unparen(a).(*ast.UnaryExpr); ok && u.Op == token.AND {
						add(u.X, u)
					}
				}
			}
			return true
		})
	}
	visit(body)
	if f, ok := fs.loop.(*ast.ForStmt); ok && f.Post != nil {
		visit(f.Post)
	}
	fs.defs, fs.defsLoop = defs, fs.loop
	return defs
}

// varOf returns the variable e names, or nil.
func varOf(info *types.Info, e ast.Expr) *types.Var {
	if id, ok := ast.Unparen(e).(*ast.Ident); ok && id.Name != "_" {
		v, _ := info.ObjectOf(id).(*types.Var)
		return v
	}
	return nil
}

// renderDef shows the assignment an origin names, compactly:
// "o := mset.lookupConsumer(...)".
func renderDef(n ast.Node) string {
	switch n := n.(type) {
	case *ast.AssignStmt:
		var l, r []string
		for _, e := range n.Lhs {
			l = append(l, types.ExprString(e))
		}
		for _, e := range n.Rhs {
			r = append(r, renderValue(e))
		}
		return strings.Join(l, ", ") + " " + n.Tok.String() + " " + strings.Join(r, ", ")
	case *ast.ValueSpec:
		var l, r []string
		for _, id := range n.Names {
			l = append(l, id.Name)
		}
		for _, e := range n.Values {
			r = append(r, renderValue(e))
		}
		s := "var " + strings.Join(l, ", ")
		if len(r) > 0 {
			s += " = " + strings.Join(r, ", ")
		}
		return s
	case *ast.RangeStmt:
		return "range " + types.ExprString(n.X)
	case *ast.IncDecStmt:
		return types.ExprString(n.X) + n.Tok.String()
	case ast.Expr:
		return types.ExprString(n)
	}
	return ""
}

// renderValue shows an assigned value, a call with its arguments elided.
func renderValue(e ast.Expr) string {
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok {
		return renderCall(call)
	}
	return types.ExprString(e)
}
