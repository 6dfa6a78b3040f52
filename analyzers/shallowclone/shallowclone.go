package shallowclone

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/hindsight-lint/hindsight/internal/code"
	"github.com/hindsight-lint/hindsight/internal/lint"
)

//go:embed doc.go
var doc string

// Config holds the analyzer's options; each is also an analyzer flag.
type Config struct {
	// Names lists the method names (comma-separated) that promise a copy.
	Names string
	// Dropped reports fields that a literal-form clone leaves out.
	Dropped bool
	// Tests reports clones in _test.go files (one grade lower).
	Tests bool
}

// DefaultNames are the method names checked by default.
const DefaultNames = "Clone,Copy,DeepCopy,DeepCopyInto,Dup,Duplicate"

// Analyzer is the shallowclone check with its default configuration.
var Analyzer = New()

// New returns a fresh shallowclone analyzer whose flags fill its own Config.
func New() *analysis.Analyzer {
	conf := &Config{Names: DefaultNames, Dropped: true, Tests: true}
	a := &analysis.Analyzer{
		Name:      "shallowclone",
		Doc:       lint.DocFrom(doc),
		URL:       lint.DocURL("shallowclone"),
		Requires:  []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer},
		FactTypes: []analysis.Fact{new(FreshResult)},
		Run:       func(pass *analysis.Pass) (any, error) { return run(pass, conf) },
	}
	a.Flags.StringVar(&conf.Names, "names", conf.Names, "comma-separated method names that promise a copy of the receiver")
	a.Flags.BoolVar(&conf.Dropped, "dropped", conf.Dropped, "report fields a field-by-field clone leaves out (at a lower grade)")
	a.Flags.BoolVar(&conf.Tests, "tests", conf.Tests, "report clones in _test.go files (one grade lower)")
	return a
}

// checker holds the per-package state.
type checker struct {
	pass       *analysis.Pass
	conf       *Config
	ins        *inspector.Inspector
	rep        *lint.Reporter
	cloneNames map[string]bool
	fields     map[*types.Var]*ast.Field
	written    map[*types.Var]int
	pwrites    map[paramKey]bool
	decls      map[*types.Func]*ast.FuncDecl
	local      map[*types.Func]*FreshResult
}

func run(pass *analysis.Pass, conf *Config) (any, error) {
	a := &checker{
		pass:       pass,
		conf:       conf,
		ins:        pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		rep:        lint.NewReporter(pass),
		cloneNames: map[string]bool{"DeepCopyObject": true},
		pwrites:    make(map[paramKey]bool),
	}
	for _, n := range strings.Split(conf.Names, ",") {
		if n = strings.TrimSpace(n); n != "" {
			a.cloneNames[n] = true
		}
	}
	a.computeFacts()
	cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	skip := code.SkippedFiles(pass, conf.Tests)
	for _, file := range pass.Files {
		if skip[file] {
			continue
		}
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			cl := a.cloneFunc(fd)
			if cl == nil {
				continue
			}
			if g := cfgs.FuncDecl(fd); g != nil {
				a.check(cl, g, file)
			}
		}
	}
	a.rep.Finish()
	return nil, nil
}

// cloneFn describes a function that promises a copy.
type cloneFn struct {
	decl           *ast.FuncDecl
	sig            *types.Signature
	name           string
	typ            types.Type // the struct type T (named, possibly instantiated)
	src            *types.Var // the value copied from: receiver or parameter
	srcPtr         bool
	out            *types.Var      // DeepCopyInto's target, or nil
	results        []int           // results that carry the copy
	whom           string          // "receiver" or "original"
	sharedInDoc    map[string]bool // fields the doc comment says are shared
	dropsOnPurpose bool            // the doc comment says some state is not copied
	srcAssigned    bool            // the function assigns to the receiver variable
}

// cloneFunc returns the description of fd if it is a clone function.
func (a *checker) cloneFunc(fd *ast.FuncDecl) *cloneFn {
	fn, ok := a.pass.TypesInfo.Defs[fd.Name].(*types.Func)
	if !ok {
		return nil
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return nil
	}
	cl := &cloneFn{decl: fd, sig: sig, name: fd.Name.Name}
	if recv := sig.Recv(); recv != nil {
		if !a.cloneNames[fn.Name()] || recv.Name() == "" || recv.Name() == "_" {
			return nil
		}
		cl.typ, cl.srcPtr = structOf(recv.Type())
		cl.src, cl.whom = recv, "receiver"
	} else {
		lname := strings.ToLower(fn.Name())
		rest, found := "", false
		for _, p := range []string{"deepcopy", "clone", "copy", "dup"} {
			if r, ok := strings.CutPrefix(lname, p); ok {
				rest, found = r, true
				break
			}
		}
		if !found {
			return nil
		}
		for i := 0; i < sig.Params().Len(); i++ {
			p := sig.Params().At(i)
			t, ptr := structOf(p.Type())
			n, ok := types.Unalias(t).(*types.Named)
			if t == nil || !ok || p.Name() == "" || p.Name() == "_" {
				continue
			}
			if n.Obj().Pkg() != a.pass.Pkg {
				continue // cloning another package's type: its fields are not ours to know
			}
			if rest == "" || rest == strings.ToLower(n.Obj().Name()) {
				cl.typ, cl.srcPtr, cl.src, cl.whom = t, ptr, p, "original"
				break
			}
		}
	}
	if cl.typ == nil {
		return nil
	}
	if fd.Doc != nil && saysShallow(fd.Doc.Text()) {
		return nil
	}
	for i := 0; i < sig.Results().Len(); i++ {
		rt := types.Unalias(sig.Results().At(i).Type())
		if t, _ := structOf(rt); t != nil && types.Identical(t, cl.typ) {
			cl.results = append(cl.results, i)
			continue
		}
		if iface, ok := rt.Underlying().(*types.Interface); ok && !code.IsError(rt) && iface.NumMethods() > 0 &&
			(types.Implements(cl.typ, iface) || types.Implements(types.NewPointer(cl.typ), iface)) {
			cl.results = append(cl.results, i)
		}
	}
	if sig.Recv() != nil && len(cl.results) == 0 {
		// DeepCopyInto(out *T) style: the copy is written into a parameter.
		for i := 0; i < sig.Params().Len(); i++ {
			p := sig.Params().At(i)
			named := fn.Name() == "DeepCopyInto" || p.Name() == "out" || p.Name() == "dst"
			if t, ptr := structOf(p.Type()); named && ptr && t != nil && types.Identical(t, cl.typ) {
				cl.out = p
				break
			}
		}
	}
	if len(cl.results) == 0 && cl.out == nil {
		return nil
	}
	if sig.Recv() != nil && cl.out == nil {
		// z.Copy(x) sets z from x (math/big style): not a clone of z.
		for i := 0; i < sig.Params().Len(); i++ {
			if t, _ := structOf(sig.Params().At(i).Type()); t != nil && types.Identical(t, cl.typ) {
				return nil
			}
		}
	}
	if fd.Doc != nil {
		cl.sharedInDoc = fieldsSaidShared(fd.Doc.Text())
		d := strings.ToLower(fd.Doc.Text())
		for _, w := range []string{"discard", "reset", "omit", "not copied", "except", "zero", "fresh", "clear"} {
			if strings.Contains(d, w) {
				cl.dropsOnPurpose = true
			}
		}
	}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			for _, l := range as.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && a.pass.TypesInfo.ObjectOf(id) == cl.src {
					cl.srcAssigned = true
				}
			}
		}
		return true
	})
	return cl
}

// fieldsSaidShared returns the words of sentences in a method doc comment
// that say something is shared; a field named in such a sentence is
// documented as shared on purpose.
func fieldsSaidShared(doc string) map[string]bool {
	m := map[string]bool{}
	for _, sentence := range strings.Split(doc, ".") {
		l := strings.ToLower(sentence)
		if !mentionsUnnegated(l, "shar") && !strings.Contains(l, "must not be modified") &&
			!strings.Contains(l, "points to the original") && !strings.Contains(l, "point to the original") {
			continue
		}
		for _, w := range strings.FieldsFunc(sentence, func(r rune) bool {
			return r != '_' && (r < '0' || r > '9') && (r < 'a' || r > 'z') && (r < 'A' || r > 'Z')
		}) {
			m[strings.ToLower(w)] = true
		}
	}
	return m
}

// structOf returns the struct type named by t or *t, and whether t is a pointer.
func structOf(t types.Type) (types.Type, bool) {
	t = types.Unalias(t)
	ptr := false
	if p, ok := t.(*types.Pointer); ok {
		t, ptr = types.Unalias(p.Elem()), true
	}
	if _, ok := t.(*types.Named); !ok {
		return nil, false
	}
	if _, ok := t.Underlying().(*types.Struct); !ok {
		return nil, false
	}
	return t, ptr
}

// ---- the per-path state ----

type kind uint8

const (
	kUnset   kind = iota // never assigned on this path: zero value (or the caller's, for DeepCopyInto)
	kCovered             // assigned from a fresh or unknown source
	kElem                // a fresh container whose elements are still shared
	kAlias               // shares the original's reference
)

type fstate struct {
	k    kind
	pos  token.Pos // what made the alias; NoPos: the value receiver itself
	end  token.Pos
	stmt ast.Stmt // the wholesale copy statement, for fixes
	via  string   // the name of the copy in the fix ("c", "out")
}

// vstate maps field paths of one copy to their state; "" is the whole value.
type vstate map[string]fstate

type state map[*types.Var]vstate

func parentPath(p string) string {
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[:i]
	}
	return ""
}

func (vs vstate) lookup(path string) fstate {
	for p := path; ; p = parentPath(p) {
		if s, ok := vs[p]; ok {
			return s
		}
		if p == "" {
			return fstate{}
		}
	}
}

func (vs vstate) set(path string, s fstate) {
	for k := range vs {
		if path == "" || strings.HasPrefix(k, path+".") {
			delete(vs, k)
		}
	}
	vs[path] = s
}

func (st state) clone() state {
	out := make(state, len(st))
	for v, vs := range st {
		c := make(vstate, len(vs))
		for k, s := range vs {
			c[k] = s
		}
		out[v] = c
	}
	return out
}

func worse(x, y fstate) fstate {
	if y.k > x.k || y.k == x.k && y.k == kAlias && y.pos < x.pos {
		return y
	}
	return x
}

// join merges y into x, returning whether x changed.
func join(x, y state) (state, bool) {
	changed := false
	for v, yv := range y {
		xv, ok := x[v]
		if !ok {
			c := make(vstate, len(yv))
			for k, s := range yv {
				c[k] = s
			}
			x[v] = c
			changed = true
			continue
		}
		keys := map[string]bool{}
		for k := range xv {
			keys[k] = true
		}
		for k := range yv {
			keys[k] = true
		}
		merged := make(vstate, len(keys))
		for k := range keys {
			merged[k] = worse(xv.lookup(k), yv.lookup(k))
		}
		for k, s := range merged {
			if old, ok := xv[k]; !ok || old != s {
				changed = true
			}
		}
		x[v] = merged
	}
	return x, changed
}

// copyInfo is what is known about a copy variable regardless of path.
type copyInfo struct {
	literal bool     // built field by field (literal, new, var), not by copying the whole value
	copied  int      // fields assigned from the original
	made    ast.Node // where it was created
}

// nilSrc marks, in a state, the paths on which the original pointer is nil.
var nilSrc = types.NewVar(token.NoPos, nil, "<nil receiver>", types.Typ[types.Bool])

// flow runs the analysis of one clone function.
type flow struct {
	a        *checker
	cl       *cloneFn
	file     *ast.File
	info     *types.Info
	copies   map[*types.Var]*copyInfo
	selves   map[*types.Var]bool   // locals holding the receiver pointer itself
	inBlock  map[ast.Stmt]bool     // statements directly in a block (fix anchors)
	mention  map[string]bool       // field names mentioned in the function
	elemVars map[types.Object]bool // range values over a field of the original
	reported map[string]bool
	leaves   []leaf
	lock     bool // the struct holds a lock: wholesale copies are copylocks' business
}

func (a *checker) check(cl *cloneFn, g *cfg.CFG, file *ast.File) {
	f := &flow{
		a: a, cl: cl, file: file, info: a.pass.TypesInfo,
		copies:   map[*types.Var]*copyInfo{},
		selves:   map[*types.Var]bool{},
		inBlock:  map[ast.Stmt]bool{},
		mention:  map[string]bool{},
		elemVars: map[types.Object]bool{},
		reported: map[string]bool{},
		lock:     code.ContainsLock(cl.typ),
	}
	f.leaves = a.leaves(cl.typ)
	ast.Inspect(cl.decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
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
func (f *flow) refine(st state, cond ast.Expr, truth bool) state {
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

func (f *flow) isNil(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	_, isNil := f.info.Uses[id].(*types.Nil)
	return isNil
}

func (f *flow) isZero(e ast.Expr) bool {
	tv, ok := f.info.Types[e]
	return ok && tv.Value != nil && tv.Value.String() == "0"
}

func (f *flow) lenOf(e ast.Expr) (ast.Expr, bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || !isBuiltin(f.info, call, "len") {
		return nil, false
	}
	return call.Args[0], true
}

// pathOf returns the field path that e selects from the original or a copy
// (through value fields only), the variable it is rooted at, and ok. With
// anyRoot, both the original and copies count; otherwise only copies.
func (f *flow) pathOf(e ast.Expr, anyRoot bool) (string, *types.Var, bool) {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.Ident:
		v, _ := f.info.ObjectOf(x).(*types.Var)
		if v == nil {
			return "", nil, false
		}
		return "", v, true
	case *ast.StarExpr:
		p, v, ok := f.pathOf(x.X, anyRoot)
		return p, v, ok && p == ""
	case *ast.SelectorExpr:
		sel := f.info.Selections[x]
		if sel == nil || sel.Kind() != types.FieldVal {
			return "", nil, false
		}
		p, v, ok := f.pathOf(x.X, anyRoot)
		if !ok {
			return "", nil, false
		}
		// Walk the selection's index path (embedded fields are implicit).
		t := f.info.TypeOf(x.X)
		if t == nil {
			return "", nil, false
		}
		if pt, isPtr := types.Unalias(t).Underlying().(*types.Pointer); isPtr {
			if p != "" {
				return "", nil, false // through a pointer field: not part of the copy
			}
			t = pt.Elem()
		}
		for n, idx := range sel.Index() {
			st, ok := types.Unalias(t).Underlying().(*types.Struct)
			if !ok || idx >= st.NumFields() {
				return "", nil, false
			}
			fld := st.Field(idx)
			if p != "" {
				p += "."
			}
			p += fld.Name()
			t = fld.Type()
			if n < len(sel.Index())-1 {
				if _, isPtr := types.Unalias(t).Underlying().(*types.Pointer); isPtr {
					return "", nil, false
				}
			}
		}
		return p, v, true
	}
	return "", nil, false
}

// tracked returns the copy variable e names (c, *c, &c), or nil.
func (f *flow) tracked(st state, e ast.Expr) *types.Var {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.StarExpr:
		e = ast.Unparen(x.X)
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			e = ast.Unparen(x.X)
		}
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := f.info.ObjectOf(id).(*types.Var)
	if v == nil {
		return nil
	}
	if _, ok := st[v]; ok {
		return v
	}
	return nil
}

// isWholeSrc reports whether e is the whole original value: *src for a
// pointer, src for a value.
func (f *flow) isWholeSrc(e ast.Expr) bool {
	e = ast.Unparen(e)
	if s, ok := e.(*ast.StarExpr); ok {
		id, ok := ast.Unparen(s.X).(*ast.Ident)
		return ok && f.cl.srcPtr && f.info.Uses[id] == f.cl.src
	}
	id, ok := e.(*ast.Ident)
	return ok && !f.cl.srcPtr && f.info.Uses[id] == f.cl.src
}

// isSelf reports whether e is the original pointer itself (src, &*src, or a
// local holding it).
func (f *flow) isSelf(e ast.Expr) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		if s, ok := ast.Unparen(u.X).(*ast.StarExpr); ok {
			e = ast.Unparen(s.X)
		}
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	v, _ := f.info.Uses[id].(*types.Var)
	return v != nil && (f.cl.srcPtr && v == f.cl.src && !f.cl.srcAssigned || f.selves[v])
}

// isT reports whether t is the clone's struct type or a pointer to it.
func (f *flow) isT(t types.Type) bool {
	s, _ := structOf(t)
	return s != nil && types.Identical(s, f.cl.typ)
}

// transfer applies one CFG node to the state.
func (f *flow) transfer(st state, n ast.Node) {
	switch n := n.(type) {
	case *ast.AssignStmt:
		if len(n.Lhs) == len(n.Rhs) {
			for i := range n.Lhs {
				f.escapes(st, n.Rhs[i], false)
				f.assign(st, n, n.Lhs[i], n.Rhs[i], n.Tok)
			}
			return
		}
		for _, r := range n.Rhs {
			f.escapes(st, r, false)
		}
		for _, l := range n.Lhs {
			f.clobber(st, l)
		}
	case *ast.ValueSpec:
		for i, id := range n.Names {
			v, _ := f.info.Defs[id].(*types.Var)
			switch {
			case len(n.Values) == len(n.Names):
				f.escapes(st, n.Values[i], false)
				f.assign(st, nil, id, n.Values[i], token.DEFINE)
			case len(n.Values) == 0 && v != nil:
				if t, ptr := structOf(v.Type()); !ptr && t != nil && types.Identical(t, f.cl.typ) {
					st[v] = vstate{"": {k: kUnset}}
					f.copies[v] = &copyInfo{literal: true, made: n}
				}
			default:
				for _, val := range n.Values {
					f.escapes(st, val, false)
				}
			}
		}
	case *ast.ExprStmt:
		if call, ok := ast.Unparen(n.X).(*ast.CallExpr); ok && len(call.Args) == 2 &&
			(isBuiltin(f.info, call, "copy") || code.IsFunc(code.Callee(f.info, call), "maps", "Copy")) {
			f.copyCall(st, n, call)
		}
		f.escapes(st, n, false)
	case *ast.DeclStmt, *ast.LabeledStmt, *ast.BranchStmt, *ast.EmptyStmt:
	default:
		f.escapes(st, n, false)
	}
}

// clobber forgets what was known about the target of an assignment the
// analysis does not model (tuple assignments).
func (f *flow) clobber(st state, l ast.Expr) {
	if v := f.tracked(st, l); v != nil {
		st[v] = vstate{"": {k: kCovered}}
		return
	}
	if p, v, ok := f.pathOf(l, false); ok && p != "" {
		if vs, ok := st[v]; ok {
			vs.set(p, fstate{k: kCovered})
		}
	}
}

// escapes marks copies that e passes to code the analysis cannot see (a
// call argument, a method receiver, an address taken, a closure) as
// covered: that code may complete the copy.
func (f *flow) escapes(st state, n ast.Node, isReturn bool) {
	if len(st) == 0 {
		return
	}
	cover := func(e ast.Expr) {
		if v := f.tracked(st, e); v != nil {
			st[v] = vstate{"": {k: kCovered}}
			return
		}
		inner := ast.Unparen(e)
		if u, ok := inner.(*ast.UnaryExpr); ok && u.Op == token.AND {
			if p, v, ok := f.pathOf(u.X, false); ok && p != "" {
				if vs, ok := st[v]; ok {
					vs.set(p, fstate{k: kCovered})
				}
			}
		}
	}
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.FuncLit:
			ast.Inspect(m.Body, func(k ast.Node) bool {
				if id, ok := k.(*ast.Ident); ok {
					if v, _ := f.info.Uses[id].(*types.Var); v != nil {
						if _, ok := st[v]; ok {
							st[v] = vstate{"": {k: kCovered}}
						}
					}
				}
				return true
			})
			return false
		case *ast.CallExpr:
			if isBuiltin(f.info, m, "copy") || isBuiltin(f.info, m, "len") || isBuiltin(f.info, m, "cap") {
				return true
			}
			for _, arg := range m.Args {
				cover(arg)
			}
			if se, ok := ast.Unparen(m.Fun).(*ast.SelectorExpr); ok {
				if sel := f.info.Selections[se]; sel != nil && sel.Kind() == types.MethodVal {
					if v := f.tracked(st, se.X); v != nil {
						st[v] = vstate{"": {k: kCovered}}
					} else if p, v, ok := f.pathOf(se.X, false); ok && p != "" && !sel.Indirect() {
						// A pointer method on a value field of the copy may fill it.
						if _, ptrRecv := sel.Obj().Type().(*types.Signature).Recv().Type().(*types.Pointer); ptrRecv {
							if vs, ok := st[v]; ok {
								vs.set(p, fstate{k: kCovered})
							}
						}
					}
				}
			}
		case *ast.UnaryExpr:
			if m.Op == token.AND && !isReturn {
				cover(m)
			}
		}
		return true
	})
}

// assign applies lhs = rhs.
func (f *flow) assign(st state, stmt ast.Stmt, lhs, rhs ast.Expr, tok token.Token) {
	lhs = ast.Unparen(lhs)
	rhs = ast.Unparen(rhs)
	var target *types.Var
	switch l := lhs.(type) {
	case *ast.Ident:
		v, _ := f.info.ObjectOf(l).(*types.Var)
		if v == nil || l.Name == "_" {
			return
		}
		if tok != token.ASSIGN && tok != token.DEFINE {
			return
		}
		if !f.isT(v.Type()) {
			delete(st, v)
			return
		}
		if f.isSelf(rhs) {
			f.selves[v] = true
			delete(st, v)
			return
		}
		_, ptr := structOf(v.Type())
		switch {
		case !ptr && f.isWholeSrc(rhs):
			f.wholesale(st, v, stmt, l.Name)
		case f.isNew(rhs):
			st[v] = vstate{"": {k: kUnset}}
			f.copies[v] = &copyInfo{literal: true, made: rhs}
		case f.literal(rhs) != nil:
			f.fromLiteral(st, v, f.literal(rhs))
		default:
			delete(st, v)
		}
		return
	case *ast.StarExpr:
		target = f.tracked(st, l.X)
		if target == nil {
			return
		}
		switch {
		case f.isWholeSrc(rhs):
			name := ""
			if id, ok := ast.Unparen(l.X).(*ast.Ident); ok {
				name = id.Name
			}
			f.wholesale(st, target, stmt, name)
		case f.literal(rhs) != nil:
			f.fromLiteral(st, target, f.literal(rhs))
		default:
			st[target] = vstate{"": {k: kCovered}}
		}
		return
	case *ast.IndexExpr:
		// c.F[k] = it, it ranging over the original's elements.
		if tok != token.ASSIGN || !f.isElemVar(rhs) {
			return
		}
		if p, v, ok := f.pathOf(l.X, false); ok && p != "" && st[v] != nil && st[v].lookup(p).k == kCovered &&
			f.elemRefs(f.info.TypeOf(l.X)) && stmt != nil {
			st[v].set(p, fstate{k: kElem, pos: stmt.Pos(), end: stmt.End()})
		}
	case *ast.SelectorExpr:
		p, v, ok := f.pathOf(l, false)
		if !ok || p == "" {
			return
		}
		vs, ok := st[v]
		if !ok {
			return
		}
		if tok != token.ASSIGN && tok != token.DEFINE {
			return
		}
		s := f.classify(st, rhs)
		if s.k == kAlias || s.k == kElem {
			if stmt != nil {
				s.pos, s.end = stmt.Pos(), stmt.End()
			}
			if ci := f.copies[v]; ci != nil {
				ci.copied++
			}
		} else if f.derived(st, rhs) {
			if ci := f.copies[v]; ci != nil {
				ci.copied++
			}
		}
		vs.set(p, s)
	}
}

// wholesale records v = *src: every field of v shares the original's.
func (f *flow) wholesale(st state, v *types.Var, stmt ast.Stmt, name string) {
	if f.lock {
		delete(st, v)
		return
	}
	s := fstate{k: kAlias, via: name}
	if stmt != nil {
		s.pos, s.end, s.stmt = stmt.Pos(), stmt.End(), stmt
	}
	st[v] = vstate{"": s}
	f.copies[v] = &copyInfo{made: stmt}
}

func (f *flow) isNew(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	return ok && isBuiltin(f.info, call, "new")
}

// literal returns the composite literal of T that e is (T{...} or &T{...}).
func (f *flow) literal(e ast.Expr) *ast.CompositeLit {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok || !f.isT(f.info.TypeOf(lit)) {
		return nil
	}
	return lit
}

// fromLiteral starts tracking v as built by lit.
func (f *flow) fromLiteral(st state, v *types.Var, lit *ast.CompositeLit) {
	vs := vstate{"": {k: kUnset}}
	ci := &copyInfo{literal: true, made: lit}
	stt, _ := f.cl.typ.Underlying().(*types.Struct)
	for i, elt := range lit.Elts {
		var name string
		val := elt
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			id, ok := kv.Key.(*ast.Ident)
			if !ok {
				continue
			}
			name, val = id.Name, kv.Value
		} else if stt != nil && i < stt.NumFields() {
			name = stt.Field(i).Name()
		}
		if name == "" {
			continue
		}
		s := f.classify(st, val)
		if s.k == kAlias || s.k == kElem {
			s.pos, s.end = elt.Pos(), elt.End()
		}
		if f.derived(st, val) {
			ci.copied++
		}
		vs.set(name, s)
	}
	st[v] = vs
	f.copies[v] = ci
}

// derived reports whether e reads a field of the original (or of a copy
// that still shares it), possibly sliced or converted.
func (f *flow) derived(st state, e ast.Expr) bool {
	e = ast.Unparen(e)
	for {
		switch x := e.(type) {
		case *ast.SliceExpr:
			e = ast.Unparen(x.X)
			continue
		case *ast.CallExpr:
			if tv, ok := f.info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
				e = ast.Unparen(x.Args[0])
				continue
			}
		}
		break
	}
	if _, ok := e.(*ast.SelectorExpr); !ok {
		return false
	}
	p, v, ok := f.pathOf(e, true)
	if !ok || p == "" {
		return false
	}
	if vs, ok := st[v]; ok {
		return vs.lookup(p).k == kAlias
	}
	return v == f.cl.src
}

// classify returns the state of a field assigned from e.
func (f *flow) classify(st state, e ast.Expr) fstate {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			if _, lit := ast.Unparen(x.X).(*ast.CompositeLit); !lit && f.derived(st, x.X) {
				return fstate{k: kAlias}
			}
		}
		return fstate{k: kCovered}
	case *ast.CallExpr:
		if tv, ok := f.info.Types[x.Fun]; ok && tv.IsType() {
			if len(x.Args) == 1 {
				return f.classify(st, x.Args[0])
			}
			return fstate{k: kCovered}
		}
		if isBuiltin(f.info, x, "append") && len(x.Args) > 0 {
			if nilish(f.info, x.Args[0]) {
				if x.Ellipsis.IsValid() && len(x.Args) == 2 && f.derived(st, x.Args[1]) && f.elemRefs(f.info.TypeOf(x)) {
					return fstate{k: kElem}
				}
				return fstate{k: kCovered}
			}
			if f.derived(st, x.Args[0]) {
				return fstate{k: kAlias}
			}
			if !x.Ellipsis.IsValid() && f.elemRefs(f.info.TypeOf(x)) {
				for _, arg := range x.Args[1:] {
					if f.isElemVar(arg) {
						return fstate{k: kElem}
					}
				}
			}
			return fstate{k: kCovered}
		}
		fn := code.Callee(f.info, x)
		if fn != nil && len(x.Args) == 1 && (code.IsFunc(fn, "maps", "Clone") || code.IsFunc(fn, "slices", "Clone")) {
			if f.derived(st, x.Args[0]) && f.elemRefs(f.info.TypeOf(x)) {
				return fstate{k: kElem}
			}
			return fstate{k: kCovered}
		}
		if fn != nil {
			if r := f.a.factOf(fn); r != nil && !r.Fresh {
				for _, i := range r.Alias {
					if i < len(x.Args) && f.derived(st, x.Args[i]) {
						return fstate{k: kAlias}
					}
				}
			}
		}
		return fstate{k: kCovered}
	}
	if f.derived(st, e) {
		return fstate{k: kAlias}
	}
	return fstate{k: kCovered}
}

// elemRefs reports whether the elements of container type t hold references.
func (f *flow) elemRefs(t types.Type) bool {
	if t == nil {
		return false
	}
	switch u := types.Unalias(t).Underlying().(type) {
	case *types.Slice:
		return f.a.refs(u.Elem())
	case *types.Map:
		return f.a.refs(u.Key()) || f.a.refs(u.Elem())
	}
	return false
}

// copyCall handles copy(c.F, src.F): the fresh container now holds the
// original's elements.
func (f *flow) copyCall(st state, stmt ast.Stmt, call *ast.CallExpr) {
	p, v, ok := f.pathOf(call.Args[0], false)
	if !ok || p == "" {
		return
	}
	vs, ok := st[v]
	if !ok || vs.lookup(p).k != kCovered {
		return
	}
	if f.derived(st, call.Args[1]) && f.elemRefs(f.info.TypeOf(call.Args[0])) {
		vs.set(p, fstate{k: kElem, pos: stmt.Pos(), end: stmt.End()})
	}
}

// checkReturn examines what a return statement hands back.
func (f *flow) checkReturn(ret *ast.ReturnStmt, st state) {
	if f.cl.out != nil {
		f.checkOut(st, ret.Pos())
	}
	results := ret.Results
	if len(results) == 0 {
		// A bare return of named results.
		for _, i := range f.cl.results {
			if v := f.cl.sig.Results().At(i); st[v] != nil {
				f.checkCopy(st[v], f.copies[v], ret)
			}
		}
		return
	}
	if len(results) != f.cl.sig.Results().Len() {
		return // return f()
	}
	for _, i := range f.cl.results {
		e := ast.Unparen(results[i])
		if v := f.tracked(st, e); v != nil {
			f.checkCopy(st[v], f.copies[v], ret)
			continue
		}
		if f.isSelf(e) && !f.lock && st[nilSrc] == nil && numFields(f.cl.typ) > 0 {
			if _, ptr := types.Unalias(f.info.TypeOf(e)).(*types.Pointer); ptr {
				f.report(lint.Finding{Pos: e.Pos(), End: e.End(), Rule: ruleReturnsSelf,
					Message: fmt.Sprintf("%s returns the %s itself, not a copy; changes made through the result change the %s",
						f.cl.name, f.cl.whom, f.cl.whom)}, "<self>")
			}
			continue
		}
		if f.isWholeSrc(e) && f.cl.srcPtr && !f.lock {
			f.checkCopy(vstate{"": {k: kAlias, pos: ret.Pos(), end: ret.End()}}, &copyInfo{}, ret)
			continue
		}
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			if v := f.tracked(st, u.X); v != nil {
				f.checkCopy(st[v], f.copies[v], ret)
				continue
			}
		}
		if lit := f.literal(e); lit != nil {
			tmp := state{}
			for k, vs := range st {
				tmp[k] = vs
			}
			lv := types.NewVar(lit.Pos(), nil, "", f.cl.typ)
			f.fromLiteral(tmp, lv, lit)
			f.checkCopy(tmp[lv], f.copies[lv], ret)
		}
	}
}

// checkOut examines DeepCopyInto's target at an exit.
func (f *flow) checkOut(st state, at token.Pos) {
	if f.cl.out == nil {
		return
	}
	if vs, ok := st[f.cl.out]; ok {
		f.checkCopy(vs, f.copies[f.cl.out], nil)
	}
}

// checkCopy reports the shared fields of one copy at one exit.
func (f *flow) checkCopy(vs vstate, ci *copyInfo, ret *ast.ReturnStmt) {
	for _, l := range f.leaves {
		s := vs.lookup(l.path)
		top := l.path
		if i := strings.IndexByte(top, '.'); i >= 0 {
			top = top[:i]
		}
		if f.cl.sharedInDoc[strings.ToLower(top)] || f.cl.sharedInDoc[strings.ToLower(l.fld.Name())] {
			continue
		}
		switch s.k {
		case kAlias:
			if (!l.fld.Exported() || l.scalar) && !f.a.writtenInPlace(l.fld) {
				continue // write-once: the package never writes through it
			}
			if s.pos == token.NoPos && ret != nil {
				s.pos, s.end = ret.Pos(), ret.End()
			}
			rule := ruleShared
			if f.a.writtenInPlace(l.fld) {
				rule = ruleSharedWritten
			}
			msg := fmt.Sprintf("%s shares field %s (%s) with the %s; writes through either copy race",
				f.cl.name, l.path, f.typeString(l.typ), f.cl.whom)
			if adv := advice(l); adv != "" {
				msg += "; " + adv
			}
			fd := lint.Finding{Pos: s.pos, End: s.end, Rule: rule, Message: msg}
			if fix, ok := f.fix(l, s); ok {
				fd.Fixes = []analysis.SuggestedFix{fix}
			}
			f.report(fd, l.path)
		case kElem:
			if !l.elems || !l.fld.Exported() && !f.a.elemsWritten(l.fld) {
				continue
			}
			f.report(lint.Finding{Pos: s.pos, End: s.end, Rule: ruleSharedElements,
				Message: fmt.Sprintf("%s copies field %s (%s) but not its elements, which still refer to the %s's data",
					f.cl.name, l.path, f.typeString(l.typ), f.cl.whom)}, l.path)
		}
	}
	if !f.a.conf.Dropped || ci == nil || !ci.literal || ci.copied < 2 || ci.made == nil || f.cl.dropsOnPurpose {
		return
	}
	stt, _ := f.cl.typ.Underlying().(*types.Struct)
	for i := 0; stt != nil && i < stt.NumFields(); i++ {
		fld := stt.Field(i)
		if !fld.Exported() || f.mention[fld.Name()] || vs.lookup(fld.Name()).k != kUnset {
			continue
		}
		ft := fld.Type()
		if code.IsLockValue(ft) || code.ContainsLock(ft) || f.a.sharedByDecl(fld.Origin()) {
			continue
		}
		switch types.Unalias(ft).Underlying().(type) {
		case *types.Signature, *types.Chan:
			continue
		case *types.Pointer:
			if n, ok := types.Unalias(ft.Underlying().(*types.Pointer).Elem()).(*types.Named); ok && sharedType(n) {
				continue
			}
		}
		f.report(lint.Finding{Pos: ci.made.Pos(), End: ci.made.Pos(), Rule: ruleDropped,
			Message: fmt.Sprintf("%s drops field %s (%s): the copy leaves it out and gets its zero value; copy it or say why not",
				f.cl.name, fld.Name(), f.typeString(ft))}, "<dropped>"+fld.Name())
	}
}

func (f *flow) report(fd lint.Finding, key string) {
	if f.reported[key] {
		return
	}
	f.reported[key] = true
	f.a.rep.Report(fd)
}

func (f *flow) typeString(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string {
		if p == f.a.pass.Pkg {
			return ""
		}
		return p.Name()
	})
}

// advice says how to copy a field of type l.typ.
func advice(l leaf) string {
	t := types.Unalias(l.typ)
	if m := cloneMethod(t); m != "" {
		return "copy it with its " + m + " method"
	}
	switch u := t.Underlying().(type) {
	case *types.Map:
		if l.elems {
			return "copy the map and its elements"
		}
		return "copy it with maps.Clone"
	case *types.Slice:
		if l.elems {
			return "copy the slice and its elements"
		}
		return "copy it with slices.Clone"
	case *types.Pointer:
		_ = u
		return "copy the value it points to"
	}
	return ""
}

func numFields(t types.Type) int {
	if st, ok := t.Underlying().(*types.Struct); ok {
		return st.NumFields()
	}
	return 0
}

// isElemVar reports whether e is a range value over a field of the original.
func (f *flow) isElemVar(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && f.elemVars[f.info.Uses[id]]
}
