package shallowclone

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"iter"
	"strings"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// writtenInPlace reports whether the package's own code (outside tests)
// writes into the memory that field f refers to: an element of a map or
// slice field, the pointee of a pointer field, an append into its spare
// capacity, or a call that does so. Re-assigning the field itself is not a
// write in place: that is how write-once fields are replaced; neither are
// writes while the value is being constructed (through a local variable
// that holds a fresh allocation).
func (a *checker) writtenInPlace(f *types.Var) bool { return a.writeLevel(f) >= 1 }

// elemsWritten reports whether the package writes into the memory that the
// elements of field f refer to (x.F[i].Status = s for a []*T field).
func (a *checker) elemsWritten(f *types.Var) bool { return a.writeLevel(f) >= 2 }

// writeLevel returns how deep the package writes through field f: 0 not at
// all, 1 into what it refers to, 2 into what its elements refer to.
func (a *checker) writeLevel(f *types.Var) int {
	if a.written == nil {
		a.written = make(map[*types.Var]int)
		a.wpos = make(map[*types.Var]token.Pos)
		a.epos = make(map[*types.Var]token.Pos)
		a.extends = make(map[*types.Var][]extendSite)
		a.cut = make(map[*types.Var]token.Pos)
		for decl, fc := range a.codeDecls() {
			if decoder(decl) || a.decodesDynamic(decl) {
				continue
			}
			fresh := a.freshIn(decl)
			made := a.freshFields(decl.Body)
			building := a.constructed(decl)
			for cur := range fc.Preorder((*ast.SelectorExpr)(nil)) {
				se := cur.Node().(*ast.SelectorExpr)
				sel := a.pass.TypesInfo.Selections[se]
				if sel == nil || sel.Kind() != types.FieldVal {
					continue
				}
				fv, ok := sel.Obj().(*types.Var)
				if !ok {
					continue
				}
				fv = fv.Origin()
				if a.written[fv] >= 2 || fv.Pkg() != a.pass.Pkg {
					continue
				}
				if root := code.RootIdent(se.X); root != nil {
					if o := a.pass.TypesInfo.Uses[root]; fresh[o] {
						continue // under construction
					} else if building[o] {
						continue // a parameter every caller allocates: construction (construct.go)
					}
				}
				if a.fillsDefault(cur) {
					continue // if x.F == "" { x.F = d }: a default, the same in every copy
				}
				if id, ok := ast.Unparen(se.X).(*ast.Ident); ok && made[objField{a.pass.TypesInfo.Uses[id], fv}] {
					continue // x.F = make(...) in this function: filling it is construction
				}
				if a.serviceCall(cur, fv) {
					continue // x.F.Record(...): a collaborator changing itself
				}
				if a.extendsField(cur) {
					a.extends[fv] = append(a.extends[fv], extendSite{decl, se, a.derivedAppend(cur)})
					continue // x.F = append(x.F, v): past the end of every copy (appends.go)
				}
				if _, seen := a.cut[fv]; !seen && a.cutsBack(cur) {
					a.cut[fv] = se.Pos()
				}
				if lvl := a.writesThrough(cur, 0); lvl > a.written[fv] {
					if a.written[fv] < 1 {
						a.wpos[fv] = se.Pos()
					}
					if lvl >= 2 {
						a.epos[fv] = se.Pos()
					}
					a.written[fv] = lvl
				}
			}
		}
	}
	return a.written[f]
}

// writesThrough reports how deep the expression at cur (a field selection
// or a variable) is used to write into the memory it refers to: 0 for no
// write, 1 for its referent, 2 and more for what the referent refers to.
func (a *checker) writesThrough(cur inspector.Cursor, depth int) int {
	if depth > 6 {
		return 0
	}
	info := a.pass.TypesInfo
	child, _ := cur.Node().(ast.Expr)
	if child == nil {
		return 0
	}
	derefs := 0
	for p := cur.Parent(); p.Valid(); p = p.Parent() {
		switch pn := p.Node().(type) {
		case *ast.ParenExpr:
		case *ast.StarExpr:
			derefs++
		case *ast.IndexExpr:
			if pn.X != child {
				return 0
			}
			if !isArray(info.TypeOf(child)) {
				derefs++
			}
		case *ast.SliceExpr:
			if pn.X != child {
				return 0
			}
		case *ast.SelectorExpr:
			if pn.X != child {
				return 0
			}
			sel := info.Selections[pn]
			if sel == nil {
				return 0
			}
			before := derefs
			if isPointer(info.TypeOf(child)) {
				derefs++
			}
			if sel.Kind() != types.FieldVal {
				call, ok := p.Parent().Node().(*ast.CallExpr)
				if !ok || call.Fun != pn {
					return 0
				}
				fn, _ := sel.Obj().(*types.Func)
				if a.methodWrites(fn, depth) {
					return before + 1
				}
				return 0
			}
		case *ast.AssignStmt:
			for _, l := range pn.Lhs {
				if l == child {
					return derefs
				}
			}
			if derefs == 0 {
				return 0
			}
			// p := &x.F[i] or p := x.F (a pointer): follow the local.
			return a.followLocal(p, pn, child, derefs, depth)
		case *ast.IncDecStmt:
			return derefs
		case *ast.UnaryExpr:
			if pn.Op != token.AND || derefs == 0 {
				return 0
			}
			derefs-- // &x.P.F points into x.P's referent again
			if _, ok := p.Parent().Node().(*ast.AssignStmt); !ok {
				if _, isCall := p.Parent().Node().(*ast.CallExpr); !isCall {
					return 0
				}
			}
		case *ast.RangeStmt:
			if pn.Key == child || pn.Value == child {
				return derefs
			}
			return 0
		case *ast.CallExpr:
			if pn.Fun == child {
				return 0
			}
			for i, arg := range pn.Args {
				if arg == child && a.callWrites(pn, i, depth) {
					return derefs + 1
				}
			}
			return 0
		default:
			return 0
		}
		child, _ = p.Node().(ast.Expr)
		if child == nil {
			return 0
		}
	}
	return 0
}

func isArray(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := types.Unalias(t).Underlying().(*types.Array)
	return ok
}

// followLocal handles v := <expr referring into the field>: the writes are
// those made through v in the enclosing function.
func (a *checker) followLocal(assign inspector.Cursor, as *ast.AssignStmt, rhs ast.Expr, derefs, depth int) int {
	if len(as.Lhs) != len(as.Rhs) {
		return 0
	}
	var v types.Object
	for i, r := range as.Rhs {
		if r == rhs {
			if id, ok := as.Lhs[i].(*ast.Ident); ok {
				v = a.pass.TypesInfo.ObjectOf(id)
			}
		}
	}
	if v == nil {
		return 0
	}
	var fn inspector.Cursor
	for c := range assign.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		fn = c
		break
	}
	if !fn.Valid() {
		return 0
	}
	best := 0
	for cur := range fn.Preorder((*ast.Ident)(nil)) {
		if a.pass.TypesInfo.Uses[cur.Node().(*ast.Ident)] != v {
			continue
		}
		if lvl := a.writesThrough(cur, depth+1); lvl > 0 && lvl+derefs-1 > best {
			best = lvl + derefs - 1
		}
	}
	return best
}

// mutators are functions of other packages known to write into an argument
// (package path.name → argument index). Sorting and reversing in place are
// not among them: they change no element, only the order, and every copy
// still holds the same elements.
var mutators = map[string]int{
	"maps.Copy": 0, "maps.DeleteFunc": 0,
	"io.ReadFull": 1, "io.ReadAtLeast": 1, "crypto/rand.Read": 0, "math/rand.Read": 0,
	"encoding/json.Unmarshal": 1, "encoding/xml.Unmarshal": 1, "encoding/binary.Read": 2,
	"encoding/hex.Decode": 0, "encoding/base64.Encoding.Decode": 0,
}

// callWrites reports whether the call writes through its i'th argument.
func (a *checker) callWrites(call *ast.CallExpr, i, depth int) bool {
	info := a.pass.TypesInfo
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok {
			switch b.Name() {
			case "append", "copy", "clear", "delete":
				return i == 0
			}
			return false
		}
	}
	fn := code.Callee(info, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	if idx, ok := mutators[fn.Pkg().Path()+"."+fn.Name()]; ok {
		return idx == i
	}
	if fn.Pkg() != a.pass.Pkg {
		return false
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || (sig.Variadic() && i >= sig.Params().Len()-1) || i >= sig.Params().Len() {
		return false
	}
	return a.paramWrites(fn, i, depth+1)
}

// mutatingVerbs are method name prefixes of other packages' types taken to
// change the receiver.
var mutatingVerbs = []string{"Set", "Add", "Reset", "Delete", "Remove", "Put", "Store", "Write",
	"Append", "Insert", "Clear", "Update", "Init", "Swap", "Push", "Pop", "Inc", "Dec", "Sort",
	"Grow", "Truncate", "Merge", "Apply", "Observe", "Register", "Unmarshal", "Decode", "Fill", "Replace"}

// methodWrites reports whether calling fn changes its receiver.
func (a *checker) methodWrites(fn *types.Func, depth int) bool {
	if fn == nil {
		return false
	}
	if fn.Pkg() != a.pass.Pkg {
		sig, _ := fn.Type().(*types.Signature)
		if sig == nil || sig.Recv() == nil {
			return false
		}
		if _, iface := sig.Recv().Type().Underlying().(*types.Interface); iface {
			return false
		}
		for _, v := range mutatingVerbs {
			if strings.HasPrefix(fn.Name(), v) {
				return true
			}
		}
		return false
	}
	return a.paramWrites(fn, -1, depth+1)
}

type paramKey struct {
	fn *types.Func
	i  int
}

// paramWrites reports whether the package's function fn writes through its
// i'th parameter (-1: the receiver).
func (a *checker) paramWrites(fn *types.Func, i, depth int) bool {
	if depth > 6 {
		return false
	}
	fn = fn.Origin()
	key := paramKey{fn, i}
	if r, ok := a.pwrites[key]; ok {
		return r
	}
	a.pwrites[key] = false // cycles: assume no write
	decl := a.funcDecls()[fn]
	if decl == nil || decl.Body == nil {
		return false
	}
	var pv types.Object
	if objs := a.paramObjs(decl); i+1 < len(objs) {
		pv = objs[i+1]
	}
	if pv == nil {
		return false
	}
	fc, ok := a.flow.Inspector().Root().FindNode(decl)
	if !ok {
		return false
	}
	res := false
	for cur := range fc.Preorder((*ast.Ident)(nil)) {
		if a.pass.TypesInfo.Uses[cur.Node().(*ast.Ident)] != pv {
			continue
		}
		if a.writesThrough(cur, depth) > 0 {
			res = true
			break
		}
	}
	a.pwrites[key] = res
	return res
}

// codeDecls yields the package's function declarations that have a body,
// outside _test.go files, in source order, with their cursors.
func (a *checker) codeDecls() iter.Seq2[*ast.FuncDecl, inspector.Cursor] {
	return func(yield func(*ast.FuncDecl, inspector.Cursor) bool) {
		for fc := range a.flow.Inspector().Root().Preorder((*ast.FuncDecl)(nil)) {
			decl := fc.Node().(*ast.FuncDecl)
			if decl.Body == nil || code.IsTestFile(a.pass, decl.Pos()) {
				continue
			}
			if !yield(decl, fc) {
				return
			}
		}
	}
}

// funcDecls maps the package's functions to their declarations.
func (a *checker) funcDecls() map[*types.Func]*ast.FuncDecl {
	if a.decls == nil {
		a.decls = make(map[*types.Func]*ast.FuncDecl)
		for _, f := range a.pass.Files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok {
					if fn, ok := a.pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
						a.decls[fn] = fd
						a.declOrder = append(a.declOrder, fn)
					}
				}
			}
		}
	}
	return a.decls
}

// funcDeclsInOrder yields the package's functions with their declarations
// in source order: what is learnt first (the first assignment of a field,
// a summary that feeds the next) must not depend on map order, or two runs
// could word a finding differently.
func (a *checker) funcDeclsInOrder() iter.Seq2[*types.Func, *ast.FuncDecl] {
	decls := a.funcDecls()
	return func(yield func(*types.Func, *ast.FuncDecl) bool) {
		for _, fn := range a.declOrder {
			if !yield(fn, decls[fn]) {
				return
			}
		}
	}
}

type objField struct {
	obj types.Object
	fld *types.Var
}

// freshFields returns the x.F (x a variable) that body assigns a fresh value
// unconditionally (a statement of the body itself): filling x.F afterwards
// is construction. A lazy fill (if x.F == nil { x.F = make(...) }; x.F[k] =
// v) is not: once the map exists, every later call writes into it.
func (a *checker) freshFields(body *ast.BlockStmt) map[objField]bool {
	info := a.pass.TypesInfo
	m := map[objField]bool{}
	for _, stmt := range body.List {
		as, ok := stmt.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != len(as.Rhs) {
			continue
		}
		for i, l := range as.Lhs {
			se, ok := ast.Unparen(l).(*ast.SelectorExpr)
			if !ok {
				continue
			}
			id, ok := ast.Unparen(se.X).(*ast.Ident)
			sel := info.Selections[se]
			if !ok || sel == nil || sel.Kind() != types.FieldVal {
				continue
			}
			fv, ok := sel.Obj().(*types.Var)
			if ok && a.isFresh(as.Rhs[i], nil) {
				m[objField{info.Uses[id], fv.Origin()}] = true
			}
		}
	}
	return m
}

// isPointer reports whether t is a pointer type (nil-safe for broken code).
func isPointer(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := types.Unalias(t).Underlying().(*types.Pointer)
	return ok
}

// where says where pos is, for a message about code at from: "line 12", or
// "file.go:12" in another file.
func (a *checker) where(pos, from token.Pos) string {
	p, q := a.pass.Fset.Position(pos), a.pass.Fset.Position(from)
	if p.Filename == q.Filename {
		return fmt.Sprintf("line %d", p.Line)
	}
	return fmt.Sprintf("%s:%d", code.ShortFile(p.Filename), p.Line)
}

// serviceCall reports whether the field selection at cur is the receiver of
// a method call (x.F.M(...)) and F points to a struct type of the package
// that offers no Clone/Copy/DeepCopy of its own: an object with behaviour
// (a recorder, a tracker, a client) that changes itself through its
// methods is a collaborator the copies share by design, not data that a
// copy should own. Data records (a type with its own Clone) and direct
// writes (x.F.G = v) still count.
func (a *checker) serviceCall(cur inspector.Cursor, fv *types.Var) bool {
	p, ok := types.Unalias(fv.Type()).Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	if _, ok := types.Unalias(p.Elem()).(*types.Named); !ok {
		return false
	}
	if _, ok := p.Elem().Underlying().(*types.Struct); !ok || cloneMethod(types.Unalias(fv.Type())) != "" {
		return false
	}
	par := cur.Parent()
	se, ok := par.Node().(*ast.SelectorExpr)
	if !ok || se.X != cur.Node() {
		return false
	}
	sel := a.pass.TypesInfo.Selections[se]
	if sel == nil || sel.Kind() != types.MethodVal {
		return false
	}
	call, ok := par.Parent().Node().(*ast.CallExpr)
	return ok && call.Fun == se
}
