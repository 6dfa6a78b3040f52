package shallowclone

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/hindsight-lint/hindsight/internal/lint"
)

// writtenInPlace reports whether the package's own code (outside tests)
// writes into the memory that field f refers to: an element of a map or
// slice field, the pointee of a pointer field, an append into its spare
// capacity, or a call that does so. Re-assigning the field itself is not a
// write in place: that is how write-once fields are replaced.
func (a *checker) writtenInPlace(f *types.Var) bool {
	if a.written == nil {
		a.written = make(map[*types.Var]bool)
		for cur := range a.ins.Root().Preorder((*ast.SelectorExpr)(nil)) {
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
			if a.written[fv] || fv.Pkg() != a.pass.Pkg || lint.IsTestFile(a.pass, se.Pos()) {
				continue
			}
			if a.writesThrough(cur, 0) {
				a.written[fv] = true
			}
		}
	}
	return a.written[f]
}

// writesThrough reports whether the expression at cur (a field selection
// or a parameter) is used to write into the memory it refers to.
func (a *checker) writesThrough(cur inspector.Cursor, depth int) bool {
	info := a.pass.TypesInfo
	child, _ := cur.Node().(ast.Expr)
	if child == nil {
		return false
	}
	deref := false
	for p := cur.Parent(); p.Valid(); p = p.Parent() {
		switch pn := p.Node().(type) {
		case *ast.ParenExpr:
		case *ast.StarExpr:
			deref = true
		case *ast.IndexExpr:
			if pn.X != child {
				return false
			}
			deref = true
		case *ast.SliceExpr:
			if pn.X != child {
				return false
			}
		case *ast.SelectorExpr:
			if pn.X != child {
				return false
			}
			sel := info.Selections[pn]
			if sel == nil {
				return false
			}
			if _, isPtr := types.Unalias(info.TypeOf(child)).Underlying().(*types.Pointer); isPtr {
				deref = true
			}
			if sel.Kind() != types.FieldVal {
				call, ok := p.Parent().Node().(*ast.CallExpr)
				if !ok || call.Fun != pn {
					return false
				}
				fn, _ := sel.Obj().(*types.Func)
				return a.methodWrites(fn, depth)
			}
		case *ast.AssignStmt:
			for _, l := range pn.Lhs {
				if l == child {
					return deref
				}
			}
			return false
		case *ast.IncDecStmt:
			return deref
		case *ast.UnaryExpr:
			return pn.Op == token.AND && deref
		case *ast.RangeStmt:
			return (pn.Key == child || pn.Value == child) && deref
		case *ast.CallExpr:
			if pn.Fun == child || deref {
				return false
			}
			for i, arg := range pn.Args {
				if arg == child {
					return a.callWrites(pn, i, depth)
				}
			}
			return false
		default:
			return false
		}
		child, _ = p.Node().(ast.Expr)
		if child == nil {
			return false
		}
	}
	return false
}

// mutators are functions of other packages known to write into an argument
// (package path.name → argument index).
var mutators = map[string]int{
	"sort.Sort": 0, "sort.Stable": 0, "sort.Ints": 0, "sort.Strings": 0, "sort.Float64s": 0,
	"sort.Slice": 0, "sort.SliceStable": 0,
	"slices.Sort": 0, "slices.SortFunc": 0, "slices.SortStableFunc": 0, "slices.Reverse": 0,
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
	fn := lint.Callee(info, call)
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
	if i < 0 {
		if decl.Recv != nil && len(decl.Recv.List) == 1 && len(decl.Recv.List[0].Names) == 1 {
			pv = a.pass.TypesInfo.Defs[decl.Recv.List[0].Names[0]]
		}
	} else {
		n := 0
		for _, fld := range decl.Type.Params.List {
			for _, name := range fld.Names {
				if n == i {
					pv = a.pass.TypesInfo.Defs[name]
				}
				n++
			}
			if len(fld.Names) == 0 {
				n++
			}
		}
	}
	if pv == nil {
		return false
	}
	fc, ok := a.ins.Root().FindNode(decl)
	if !ok {
		return false
	}
	res := false
	for cur := range fc.Preorder((*ast.Ident)(nil)) {
		if a.pass.TypesInfo.Uses[cur.Node().(*ast.Ident)] != pv {
			continue
		}
		if a.writesThrough(cur, depth) {
			res = true
			break
		}
	}
	a.pwrites[key] = res
	return res
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
					}
				}
			}
		}
	}
	return a.decls
}
