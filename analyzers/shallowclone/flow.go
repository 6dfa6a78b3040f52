package shallowclone

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"

	"github.com/hindsight-lint/hindsight/internal/code"
	"golang.org/x/tools/go/cfg"
)

// funcState runs the analysis of one clone function.
type funcState struct {
	a        *checker
	cl       *cloneFn
	file     *ast.File
	info     *types.Info
	copies   map[*types.Var]*copyInfo
	selves   map[*types.Var]bool         // locals holding the receiver pointer itself
	inBlock  map[ast.Stmt]bool           // statements directly in a block (fix anchors)
	specs    map[*ast.ValueSpec]ast.Stmt // var x = ...: the declaration statement of a lone spec
	mention  map[string]bool             // field names mentioned in the function
	elemVars map[types.Object]bool       // range values over a field of the original
	reported map[string]bool
	leaves   []leaf
	lock     bool // the struct holds a lock: wholesale copies are copylocks' business
}

func (a *checker) check(cl *cloneFn, g *cfg.CFG, file *ast.File) {
	f := &funcState{
		a: a, cl: cl, file: file, info: a.pass.TypesInfo,
		copies:   map[*types.Var]*copyInfo{},
		selves:   map[*types.Var]bool{},
		inBlock:  map[ast.Stmt]bool{},
		specs:    map[*ast.ValueSpec]ast.Stmt{},
		mention:  map[string]bool{},
		elemVars: map[types.Object]bool{},
		reported: map[string]bool{},
		lock:     code.ContainsLock(cl.typ),
	}
	f.leaves = a.leaves(cl.typ)
	ast.Inspect(cl.decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.DeclStmt:
			if gd, ok := n.Decl.(*ast.GenDecl); ok && len(gd.Specs) == 1 {
				if vs, ok := gd.Specs[0].(*ast.ValueSpec); ok && len(vs.Names) == 1 {
					f.specs[vs] = n
				}
			}
		case *ast.BlockStmt:
			for _, s := range n.List {
				f.inBlock[s] = true
			}
		case *ast.SelectorExpr:
			f.mention[n.Sel.Name] = true
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok {
				f.mention[id.Name] = true
			}
		case *ast.RangeStmt:
			// for _, it := range s.Items: it is one of the original's elements.
			if id, ok := n.Value.(*ast.Ident); ok && n.Tok == token.DEFINE {
				if p, v, ok := f.pathOf(n.X, true); ok && p != "" && v == cl.src {
					if obj := f.info.Defs[id]; obj != nil {
						f.elemVars[obj] = true
					}
				}
			}
		}
		return true
	})

	entry := state{}
	if !cl.srcPtr && !f.lock {
		// A value receiver or parameter is already a copy of the caller's value.
		entry[cl.src] = vstate{"": {k: kAlias}}
	}
	if cl.out != nil {
		entry[cl.out] = vstate{"": {k: kUnset}}
		f.copies[cl.out] = &copyInfo{literal: true, made: cl.decl}
	}
	if len(g.Blocks) == 0 {
		return
	}
	in := map[*cfg.Block]state{g.Blocks[0]: entry}
	work := []*cfg.Block{g.Blocks[0]}
	queued := map[*cfg.Block]bool{g.Blocks[0]: true}
	type exit struct {
		ret *ast.ReturnStmt
		st  state
		end token.Pos
	}
	exits := map[*cfg.Block]exit{}
	for steps := 0; len(work) > 0 && steps < 100*len(g.Blocks)+100; steps++ {
		b := work[0]
		work = work[1:]
		queued[b] = false
		st := in[b].clone()
		var ret *ast.ReturnStmt
		for _, n := range b.Nodes {
			if r, ok := n.(*ast.ReturnStmt); ok {
				ret = r
				exits[b] = exit{ret: r, st: st.clone()}
				f.escapes(st, r, true)
				continue
			}
			f.transfer(st, n)
		}
		if len(b.Succs) == 0 && ret == nil && b.Live {
			exits[b] = exit{st: st.clone(), end: cl.decl.Body.Rbrace}
		}
		for i, s := range b.Succs {
			es := st
			if len(b.Succs) == 2 && len(b.Nodes) > 0 {
				if cond, ok := b.Nodes[len(b.Nodes)-1].(ast.Expr); ok {
					es = f.refine(st, cond, i == 0)
				}
			}
			old, seen := in[s]
			if !seen {
				in[s] = es.clone()
			} else {
				merged, changed := join(old, es)
				in[s] = merged
				if !changed {
					continue
				}
			}
			if !queued[s] {
				queued[s] = true
				work = append(work, s)
			}
		}
	}
	// Report in source order.
	blocks := make([]*cfg.Block, 0, len(exits))
	for b := range exits {
		blocks = append(blocks, b)
	}
	sort.Slice(blocks, func(i, j int) bool { return blocks[i].Index < blocks[j].Index })
	for _, b := range blocks {
		e := exits[b]
		if e.ret != nil {
			f.checkReturn(e.ret, e.st)
		} else {
			f.checkOut(e.st, e.end)
		}
	}
}

// refine narrows the state on one edge of a branch: on the edge where a
// field of the original or the copy is known to be nil or empty, the copy's
// field cannot share anything.
func (f *funcState) refine(st state, cond ast.Expr, truth bool) state {
	cond = ast.Unparen(cond)
	neg := false
	if u, ok := cond.(*ast.UnaryExpr); ok && u.Op == token.NOT {
		cond, neg = ast.Unparen(u.X), true
	}
	be, ok := cond.(*ast.BinaryExpr)
	if !ok {
		return st
	}
	var subject ast.Expr
	nilWhenTrue := false
	switch be.Op {
	case token.EQL, token.NEQ:
		x, y := ast.Unparen(be.X), ast.Unparen(be.Y)
		if f.isNil(x) {
			x, y = y, x
		}
		if f.isNil(y) {
			subject = x
		} else if z, ok := f.lenOf(x); ok && f.isZero(y) {
			subject = z
		} else if z, ok := f.lenOf(y); ok && f.isZero(x) {
			subject = z
		}
		nilWhenTrue = be.Op == token.EQL
	case token.GTR, token.LEQ:
		if z, ok := f.lenOf(be.X); ok && f.isZero(be.Y) {
			subject = z
			nilWhenTrue = be.Op == token.LEQ
		}
	case token.LSS, token.GEQ:
		if z, ok := f.lenOf(be.Y); ok && f.isZero(be.X) {
			subject = z
			nilWhenTrue = be.Op == token.GEQ
		}
	}
	if subject == nil {
		return st
	}
	if nilWhenTrue != (truth != neg) {
		return st
	}
	// subject is nil or empty on this edge.
	path, v, ok := f.pathOf(subject, true)
	if ok && path == "" && v == f.cl.src {
		out := st.clone()
		out[nilSrc] = vstate{}
		return out
	}
	if !ok || path == "" {
		return st
	}
	out := st.clone()
	for _, vs := range out {
		if s := vs.lookup(path); s.k == kAlias || s.k == kElem {
			vs.set(path, fstate{k: kCovered})
		}
	}
	return out
}

func (f *funcState) isNil(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	_, isNil := f.info.Uses[id].(*types.Nil)
	return isNil
}

func (f *funcState) isZero(e ast.Expr) bool {
	tv, ok := f.info.Types[e]
	return ok && tv.Value != nil && tv.Value.String() == "0"
}

func (f *funcState) lenOf(e ast.Expr) (ast.Expr, bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || !code.IsBuiltinCall(f.info, call, "len") {
		return nil, false
	}
	return call.Args[0], true
}
