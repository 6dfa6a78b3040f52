package shallowclone

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// Appends that extend a slice field (x.F = append(x.F, v)) are not writes
// into what a copy sees. A copy made with c := *x keeps x.F's header: the
// same array, the length x.F had then. An append to x.F writes at x.F's
// length or beyond (or into a new array when the capacity is used up), and
// x.F's length only grows by such appends, so every element a copy can
// read stays as it was. Appends become writes the copy sees when
//   - the copy is extended too: both fill the same spare capacity, each
//     overwriting what the other appended. The package does so when a
//     copy reaches an append (resultWritten), or may do so when the
//     appending function is one importers can call on a copy they got from
//     the exported Clone;
//   - x.F is also cut back (x.F = x.F[:n]): the next append then writes
//     over elements that copies made before still read.

// extendSite is one x.F = append(x.F, ...) in a function of the package.
type extendSite struct {
	decl    *ast.FuncDecl
	sel     *ast.SelectorExpr // the x.F passed to append
	derived bool              // the appended values come from x itself (derivedAppend)
}

// extendsField reports whether the field selection at cur is the first
// argument of an append assigned back to the same field.
func (a *checker) extendsField(cur inspector.Cursor) bool {
	se := cur.Node().(*ast.SelectorExpr)
	call, as, ok := parentAssign(cur)
	if !ok || !code.IsBuiltinCall(a.pass.TypesInfo, call, "append") || len(call.Args) == 0 || ast.Unparen(call.Args[0]) != se {
		return false
	}
	return assignsBack(a.pass.TypesInfo, as, call, se)
}

// cutsBack reports whether the field selection at cur is resliced with an
// upper bound and assigned back to the same field (x.F = x.F[:n]).
func (a *checker) cutsBack(cur inspector.Cursor) bool {
	se := cur.Node().(*ast.SelectorExpr)
	p := parentOutsideParens(cur)
	sl, ok := p.Node().(*ast.SliceExpr)
	if !ok || ast.Unparen(sl.X) != se || sl.High == nil {
		return false
	}
	as, ok := p.Parent().Node().(*ast.AssignStmt)
	return ok && assignsBack(a.pass.TypesInfo, as, sl, se)
}

// parentAssign returns the call whose argument the node at cur is, and the
// assignment that call is the right-hand side of.
func parentAssign(cur inspector.Cursor) (*ast.CallExpr, *ast.AssignStmt, bool) {
	p := parentOutsideParens(cur)
	call, ok := p.Node().(*ast.CallExpr)
	if !ok {
		return nil, nil, false
	}
	as, ok := p.Parent().Node().(*ast.AssignStmt)
	return call, as, ok
}

// parentOutsideParens returns the closest ancestor of cur that is not a
// parenthesis.
func parentOutsideParens(cur inspector.Cursor) inspector.Cursor {
	p := cur.Parent()
	for {
		if _, ok := p.Node().(*ast.ParenExpr); !ok {
			return p
		}
		p = p.Parent()
	}
}

// assignsBack reports whether as assigns rhs to the same field access as se.
func assignsBack(info *types.Info, as *ast.AssignStmt, rhs ast.Expr, se *ast.SelectorExpr) bool {
	if as.Tok != token.ASSIGN || len(as.Lhs) != len(as.Rhs) {
		return false
	}
	for i, r := range as.Rhs {
		if r == rhs && code.SameRef(info, as.Lhs[i], se) {
			return true
		}
	}
	return false
}

// decoder reports whether decl decodes into its receiver or argument
// (UnmarshalMsg, DecodeMsg, UnmarshalJSON, a generated easyjson...Decode...
// helper): it fills a value being built, the way a constructor does;
// callers decode into fresh values.
func decoder(decl *ast.FuncDecl) bool {
	name := decl.Name.Name
	return strings.HasPrefix(name, "Unmarshal") || strings.HasPrefix(name, "Decode") || strings.Contains(name, "Decode")
}

// appendWrites says how the package's appends to field f become writes
// that a copy made by clone sees (see above), for the message, or "" when
// they only ever extend the original.
func (a *checker) appendWrites(f *types.Var, clone *types.Func, path string, from token.Pos) string {
	a.writeLevel(f) // fills extends and cut
	sites := a.extends[f]
	if len(sites) == 0 {
		return ""
	}
	if pos, ok := a.cut[f]; ok {
		return fmt.Sprintf("the package appends to it at %s after cutting it back at %s: the appends overwrite elements that copies made before still read",
			a.where(sites[0].sel.Pos(), from), a.where(pos, from))
	}
	for _, s := range sites {
		if s.derived {
			continue // a copy extended the same way appends the same elements
		}
		if idx, ok := a.paramIndex(s.decl, code.RootIdent(s.sel.X)); ok && a.importersReach(s.decl, idx, 0) {
			return fmt.Sprintf("the package appends to it at %s in %s, which importers can call on a copy: appends to the copy and to the original fill the same spare capacity and overwrite each other",
				a.where(s.sel.Pos(), from), s.decl.Name.Name)
		}
	}
	derived := true
	for _, s := range sites {
		derived = derived && s.derived
	}
	if clone != nil && !derived { // derived: a copy extended the same way gets the same elements
		if pos, ok := a.resultWritten(clone, path); ok {
			return fmt.Sprintf("the package appends to the original's at %s and to a copy's at %s: both fill the same spare capacity and overwrite each other",
				a.where(sites[0].sel.Pos(), from), a.where(pos, from))
		}
	}
	return ""
}

// paramIndex returns which parameter of decl id is (-1: the receiver).
func (a *checker) paramIndex(decl *ast.FuncDecl, id *ast.Ident) (int, bool) {
	if id == nil {
		return 0, false
	}
	obj := a.pass.TypesInfo.Uses[id]
	if obj == nil {
		return 0, false
	}
	for i, p := range a.paramObjs(decl) {
		if p == obj {
			return i - 1, true
		}
	}
	return 0, false
}

// importersReach reports whether code outside the package can make decl
// run on a value of its choosing as parameter idx (-1: the receiver):
// decl is exported (for a method, of an exported type, or of any type when
// a package interface names the method), its function is used as a value,
// or a function importers reach passes its own parameter on to it.
func (a *checker) importersReach(decl *ast.FuncDecl, idx, depth int) bool {
	fn, _ := a.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if fn == nil || depth > 4 {
		return true
	}
	if fn.Exported() {
		sig := fn.Type().(*types.Signature)
		if sig.Recv() == nil {
			return true
		}
		rt := sig.Recv().Type()
		if p, ok := types.Unalias(rt).(*types.Pointer); ok {
			rt = p.Elem()
		}
		if n, ok := types.Unalias(rt).(*types.Named); !ok || n.Obj().Exported() {
			return true
		}
	}
	calls := a.flow.Calls()
	if calls.Escapes[fn] || calls.IfaceMethods[fn.Name()] {
		return true
	}
	for _, c := range calls.Of[fn] {
		if c.Decl == nil || code.IsTestFile(a.pass, c.Call.Pos()) {
			continue // a package-level initialiser, a test
		}
		var arg ast.Expr
		if idx < 0 {
			if se, ok := ast.Unparen(c.Call.Fun).(*ast.SelectorExpr); ok {
				arg = se.X
			}
		} else if idx < len(c.Call.Args) {
			arg = c.Call.Args[idx]
		}
		id, ok := stripRefs(arg).(*ast.Ident)
		if !ok {
			continue // a field or element of something else: a stored value
		}
		if pidx, ok := a.paramIndex(c.Decl, id); ok && a.importersReach(c.Decl, pidx, depth+1) {
			return true
		}
	}
	return false
}

// stripRefs removes parentheses, & and * around e.
func stripRefs(e ast.Expr) ast.Expr {
	for {
		switch x := e.(type) {
		case *ast.ParenExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.UnaryExpr:
			if x.Op != token.AND {
				return e
			}
			e = x.X
		default:
			return e
		}
	}
}

// derivedAppend reports whether the append at cur (x.F = append(x.F,
// v...)) appends only values taken from x itself: x's own fields, or the
// elements of a loop over them (for _, op := range x.Ops { x.Keys =
// append(x.Keys, op.Key) }). A slice re-derived from the value's own data
// gets the same elements in every copy that derives it: a copy extended
// the same way writes the same values into the shared spare capacity.
func (a *checker) derivedAppend(cur inspector.Cursor) bool {
	info := a.pass.TypesInfo
	se := cur.Node().(*ast.SelectorExpr)
	call, _, ok := parentAssign(cur)
	root := code.RootIdent(se.X)
	if !ok || root == nil || len(call.Args) < 2 {
		return false
	}
	self := info.Uses[root]
	if self == nil {
		return false
	}
	fromSelf := map[types.Object]bool{self: true}
	var loops []*ast.RangeStmt // innermost first
	for c := range cur.Enclosing((*ast.RangeStmt)(nil)) {
		loops = append(loops, c.Node().(*ast.RangeStmt))
	}
	for i := len(loops) - 1; i >= 0; i-- {
		rs := loops[i]
		if r := code.RootIdent(stripRefs(rs.X)); r != nil && fromSelf[info.Uses[r]] {
			for _, e := range []ast.Expr{rs.Key, rs.Value} {
				if id := identOf(e); id != nil {
					fromSelf[info.ObjectOf(id)] = true
				}
			}
		}
	}
	for _, arg := range call.Args[1:] {
		r := code.RootIdent(stripRefs(arg))
		if r == nil || !fromSelf[info.Uses[r]] {
			return false
		}
	}
	return true
}
