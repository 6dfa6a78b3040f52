package fileclaim

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/hindsight-lint/hindsight/internal/code"
	"github.com/hindsight-lint/hindsight/internal/lint"
)

// assign is one value given to a variable.
type assign struct {
	rhs   ast.Expr
	multi bool // rhs is a call with several results; this is result idx
	idx   int
	elem  bool // x[k] = rhs: an element stored into x
	rng   bool // the variable is a range key or value
}

// entry is one element of a listing, as a loop or walk callback sees it.
type entry struct {
	node   ast.Node // *ast.RangeStmt, *ast.FuncLit or *ast.FuncDecl
	body   ast.Node // where the entry is processed
	vars   map[types.Object]bool
	keyVar types.Object // range key, for listing[i]
	list   *listing
	strs   bool // the entry value is a path or name string
	param  int  // for summaries: the parameter this pseudo-entry stands for; -1 otherwise
}

// pkey is a path expressed as an entry placed in a directory: base is the
// rendered directory ("" when the entry value is the path itself).
type pkey struct {
	ent  *entry
	base string
}

type evKind int

const (
	evRead evKind = iota
	evDelete
	evRename // rename or link of an entry path
	evClaim  // lock, exclusive create, claim helper
)

// event is one file operation in a function.
type event struct {
	kind      evKind
	pos       token.Pos // where it happens (the call, or the end of the function for defers)
	seq       int
	key       pkey
	hasKey    bool
	call      *ast.CallExpr
	expr      ast.Expr // the path argument
	what      string   // os.ReadFile, process (a helper), ...
	via       string   // the helper that does it, if any
	checked   bool
	exits     bool
	removeAll bool
	deferred  bool
	consumed  token.Pos // where the read data is first used for more than inspection
	returned  bool      // the read data is returned (summaries)
}

// fnctx is the analysis of one function body.
type fnctx struct {
	s       *state
	fn      *types.Func
	body    *ast.BlockStmt
	ftype   *ast.FuncType
	assigns map[types.Object][]assign
	parents map[ast.Node]ast.Node

	entries   []*entry
	entryVars map[types.Object]*entry
	listVars  map[types.Object]*listing
	listDone  map[types.Object]bool
	keyMemo   map[types.Object]*pkey
	keyDone   map[types.Object]bool
	events    []*event
	seq       int

	paramNames map[string]int // summaries: the pseudo-entry parameters by name
	makesDirs  int            // 1: the body calls MkdirTemp/TempDir/Mkdir, -1: it does not, 0: unknown

	mkdirs      map[types.Object]bool // variables passed to a checked os.Mkdir (nil: not yet computed)
	privateMemo map[privateKey]bool   // privateVar results, valid while privateGen == len(s.privateFields)
	privateGen  int
}

// self returns fc: the context getter of a function already analysed.
func (fc *fnctx) self() *fnctx { return fc }

// privateKey memoises privateVar: the answer depends on the depth budget.
type privateKey struct {
	obj   types.Object
	depth int
}

func (s *state) newFnctx(body *ast.BlockStmt, ftype *ast.FuncType) *fnctx {
	fc := &fnctx{
		s: s, body: body, ftype: ftype,
		assigns:   map[types.Object][]assign{},
		parents:   map[ast.Node]ast.Node{},
		entryVars: map[types.Object]*entry{},
		listVars:  map[types.Object]*listing{},
		listDone:  map[types.Object]bool{},
		keyMemo:   map[types.Object]*pkey{},
		keyDone:   map[types.Object]bool{},

		paramNames: map[string]int{},
	}
	info := s.info
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		if len(stack) > 0 {
			fc.parents[n] = stack[len(stack)-1]
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				switch l := ast.Unparen(lhs).(type) {
				case *ast.Ident:
					obj := info.ObjectOf(l)
					if obj == nil {
						continue
					}
					switch {
					case len(n.Rhs) == len(n.Lhs):
						fc.assigns[obj] = append(fc.assigns[obj], assign{rhs: n.Rhs[i]})
					case len(n.Rhs) == 1:
						fc.assigns[obj] = append(fc.assigns[obj], assign{rhs: n.Rhs[0], multi: true, idx: i})
					}
				case *ast.IndexExpr:
					if id, ok := ast.Unparen(l.X).(*ast.Ident); ok && len(n.Rhs) == len(n.Lhs) {
						if obj := info.ObjectOf(id); obj != nil {
							fc.assigns[obj] = append(fc.assigns[obj], assign{rhs: n.Rhs[i], elem: true})
						}
					}
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				obj := info.ObjectOf(id)
				if obj == nil {
					continue
				}
				switch {
				case len(n.Values) == len(n.Names):
					fc.assigns[obj] = append(fc.assigns[obj], assign{rhs: n.Values[i]})
				case len(n.Values) == 1:
					fc.assigns[obj] = append(fc.assigns[obj], assign{rhs: n.Values[0], multi: true, idx: i})
				}
			}
		case *ast.CallExpr:
			// func(p string) { ... }(path): bind the parameters.
			if lit, ok := ast.Unparen(n.Fun).(*ast.FuncLit); ok && lit.Type.Params != nil && !n.Ellipsis.IsValid() {
				i := 0
				for _, field := range lit.Type.Params.List {
					if len(field.Names) == 0 {
						i++
						continue
					}
					for _, id := range field.Names {
						if obj := info.ObjectOf(id); obj != nil && i < len(n.Args) {
							fc.assigns[obj] = append(fc.assigns[obj], assign{rhs: n.Args[i]})
						}
						i++
					}
				}
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok {
					if obj := info.ObjectOf(id); obj != nil {
						fc.assigns[obj] = append(fc.assigns[obj], assign{rhs: n.X, rng: true})
					}
				}
			}
		}
		return true
	})
	return fc
}

// ---------------------------------------------------------------------------
// Listings and entries.

// listingOf returns the listing a variable holds, or nil.
func (fc *fnctx) listingOf(obj types.Object) *listing {
	if obj == nil {
		return nil
	}
	if fc.listDone[obj] {
		return fc.listVars[obj]
	}
	fc.listDone[obj] = true // guards recursion; nil until found
	var found *listing
	for _, a := range fc.assigns[obj] {
		if a.rng || found != nil {
			continue
		}
		found = fc.listingOfExpr(a.rhs, a.multi, a.idx, a.elem, obj)
	}
	fc.listVars[obj] = found
	return found
}

func (fc *fnctx) listingOfExpr(rhs ast.Expr, multi bool, idx int, elem bool, obj types.Object) *listing {
	info := fc.s.info
	rhs = ast.Unparen(rhs)
	if elem {
		return fc.elemListing(rhs)
	}
	switch r := rhs.(type) {
	case *ast.CallExpr:
		if idx != 0 {
			return nil
		}
		if kind, dir, ok := fc.s.listCall(r); ok {
			return &listing{call: r, dir: dir, kind: kind, fc: fc}
		}
		if id, ok := ast.Unparen(r.Fun).(*ast.Ident); ok && id.Name == "append" {
			if _, builtin := info.ObjectOf(id).(*types.Builtin); builtin && len(r.Args) > 0 {
				if l := fc.listingOfIdentExpr(r.Args[0]); l != nil && l != fc.listVars[obj] {
					return l
				}
				for _, a := range r.Args[1:] {
					if l := fc.elemListing(a); l != nil {
						return l
					}
				}
				if r.Ellipsis.IsValid() && len(r.Args) == 2 {
					return fc.listingOfIdentExpr(r.Args[1])
				}
			}
			return nil
		}
		// A filter or sort helper returning the same type as a listing
		// it is given.
		if multi {
			return nil
		}
		t := info.TypeOf(r)
		for _, a := range r.Args {
			if l := fc.listingOfIdentExpr(a); l != nil && t != nil && types.Identical(t, info.TypeOf(a)) {
				return l
			}
		}
	case *ast.SliceExpr:
		return fc.listingOfIdentExpr(r.X)
	case *ast.Ident:
		return fc.listingOfIdentExpr(r)
	}
	return nil
}

func (fc *fnctx) listingOfIdentExpr(e ast.Expr) *listing {
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		return fc.listingOf(fc.s.info.ObjectOf(id))
	}
	return nil
}

// elemListing: an element that is an entry (or an entry's path or name)
// makes the collection a listing of the same directory.
func (fc *fnctx) elemListing(e ast.Expr) *listing {
	e = ast.Unparen(e)
	if id, ok := e.(*ast.Ident); ok {
		if ent := fc.entryVars[fc.s.info.ObjectOf(id)]; ent != nil && ent.list != nil {
			return ent.list
		}
	}
	k, ok := fc.pathKey(e)
	if !ok || k.ent.list == nil {
		return nil
	}
	l := *k.ent.list
	l.kind.strs = true
	return &l
}

// findEntries finds the loops over listings and the walk callbacks.
func (fc *fnctx) findEntries() {
	info := fc.s.info
	ast.Inspect(fc.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.RangeStmt:
			var l *listing
			switch x := ast.Unparen(n.X).(type) {
			case *ast.Ident:
				l = fc.listingOf(info.ObjectOf(x))
			case *ast.CallExpr:
				if _, tuple := info.TypeOf(x).(*types.Tuple); !tuple {
					if kind, dir, ok := fc.s.listCall(x); ok {
						l = &listing{call: x, dir: dir, kind: kind, fc: fc}
					}
				}
			}
			if l == nil {
				return true
			}
			ent := &entry{node: n, body: n.Body, vars: map[types.Object]bool{}, list: l, strs: l.kind.strs, param: -1}
			if id, ok := n.Value.(*ast.Ident); ok {
				if obj := info.ObjectOf(id); obj != nil {
					ent.vars[obj] = true
					fc.entryVars[obj] = ent
				}
			}
			if id, ok := n.Key.(*ast.Ident); ok {
				if t := info.TypeOf(n.X); t != nil {
					if _, isMap := t.Underlying().(*types.Map); !isMap {
						ent.keyVar = info.ObjectOf(id)
					} else if n.Value == nil {
						return true // ranging over the keys of a map of paths
					}
				}
			}
			fc.entries = append(fc.entries, ent)
		case *ast.CallExpr:
			cb, ok := fc.s.isWalk(n)
			if !ok {
				return true
			}
			if lit, ok := ast.Unparen(cb).(*ast.FuncLit); ok {
				l := &listing{call: n, dir: n.Args[0], kind: listKind{strs: true, what: "filepath." + fc.s.callee(n).Name()}, fc: fc}
				fc.addEntryFor(lit, lit.Type, lit.Body, l)
			}
		}
		return true
	})
}

// findWalkers records named functions passed as filepath.Walk callbacks.
func (fc *fnctx) findWalkers() {
	ast.Inspect(fc.body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		cb, ok := fc.s.isWalk(call)
		if !ok {
			return true
		}
		var id *ast.Ident
		switch c := ast.Unparen(cb).(type) {
		case *ast.Ident:
			id = c
		case *ast.SelectorExpr:
			id = c.Sel
		}
		if id == nil {
			return true
		}
		if fn, ok := fc.s.info.ObjectOf(id).(*types.Func); ok {
			if _, local := fc.s.decls[fn]; local {
				fc.s.walkers[fn] = call
				fc.s.walkFctx[call] = fc
			}
		}
		return true
	})
}

func (fc *fnctx) addCallbackEntry(ftype *ast.FuncType, body *ast.BlockStmt, call *ast.CallExpr, walkfc *fnctx) {
	if walkfc == nil || len(call.Args) < 2 {
		return
	}
	l := &listing{call: call, dir: call.Args[0], kind: listKind{strs: true, what: "filepath." + fc.s.callee(call).Name()}, fc: walkfc}
	fc.addEntryFor(fc.body, ftype, body, l)
}

func (fc *fnctx) addEntryFor(node ast.Node, ftype *ast.FuncType, body *ast.BlockStmt, l *listing) {
	if ftype.Params == nil || len(ftype.Params.List) == 0 || len(ftype.Params.List[0].Names) == 0 {
		return
	}
	obj := fc.s.info.ObjectOf(ftype.Params.List[0].Names[0])
	if obj == nil {
		return
	}
	ent := &entry{node: node, body: body, vars: map[types.Object]bool{obj: true}, list: l, strs: true, param: -1}
	fc.entryVars[obj] = ent
	fc.entries = append(fc.entries, ent)
}

// addParamEntries makes each string parameter a pseudo-entry, for helper
// summaries.
func (fc *fnctx) addParamEntries() {
	if fc.ftype.Params == nil {
		return
	}
	i := 0
	for _, field := range fc.ftype.Params.List {
		names := field.Names
		if len(names) == 0 {
			i++
			continue
		}
		for _, id := range names {
			obj := fc.s.info.ObjectOf(id)
			if obj != nil && (code.IsString(obj.Type()) || isDirEntry(obj.Type())) {
				ent := &entry{node: fc.body, body: fc.body, vars: map[types.Object]bool{obj: true}, strs: code.IsString(obj.Type()), param: i}
				fc.entryVars[obj] = ent
				fc.entries = append(fc.entries, ent)
				fc.paramNames[id.Name] = i
			}
			i++
		}
	}
}

// isDirEntry reports whether t is fs.DirEntry or fs.FileInfo (os.DirEntry,
// os.FileInfo).
func isDirEntry(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "io/fs" {
		return false
	}
	return n.Obj().Name() == "DirEntry" || n.Obj().Name() == "FileInfo"
}

// ---------------------------------------------------------------------------
// Paths.

// pathKey expresses e as an entry path, if it is one.
func (fc *fnctx) pathKey(e ast.Expr) (pkey, bool) {
	info := fc.s.info
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		obj := info.ObjectOf(x)
		if obj == nil {
			return pkey{}, false
		}
		if ent := fc.entryVars[obj]; ent != nil {
			if code.IsString(obj.Type()) {
				return pkey{ent: ent}, true
			}
			return pkey{}, false
		}
		if k := fc.varKey(obj); k != nil {
			return *k, true
		}
	case *ast.IndexExpr:
		// listing[i] for the range key i.
		if id, ok := ast.Unparen(x.Index).(*ast.Ident); ok {
			if ent := fc.entryByKey(info.ObjectOf(id), x.X); ent != nil && ent.strs {
				return pkey{ent: ent}, true
			}
		}
	case *ast.CallExpr:
		if tv, ok := info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			return fc.pathKey(x.Args[0])
		}
		if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Name" && len(x.Args) == 0 {
			if ent := fc.entryOfValue(sel.X); ent != nil && !ent.strs {
				return pkey{ent: ent}, true
			}
		}
		fn := fc.s.callee(x)
		switch {
		case code.IsFunc(fn, "path/filepath", "Join"), code.IsFunc(fn, "path", "Join"):
			if len(x.Args) == 0 || x.Ellipsis.IsValid() {
				return pkey{}, false
			}
			last := x.Args[len(x.Args)-1]
			k, ok := fc.pathKey(last)
			if !ok || (k.base != "" && len(x.Args) > 1) {
				return pkey{}, false
			}
			var parts []string
			for _, a := range x.Args[:len(x.Args)-1] {
				if fc.entryDerived(a, k.ent) {
					return pkey{}, false
				}
				parts = append(parts, types.ExprString(a))
			}
			if len(parts) == 0 {
				return k, true
			}
			return pkey{ent: k.ent, base: strings.Join(parts, ", ")}, true
		case code.IsFunc(fn, "path/filepath", "Clean", "FromSlash", "ToSlash"), code.IsFunc(fn, "path", "Clean"):
			if len(x.Args) == 1 {
				return fc.pathKey(x.Args[0])
			}
		case code.IsFunc(fn, "fmt", "Sprintf"):
			if len(x.Args) < 2 {
				return pkey{}, false
			}
			format, ok := constString(info, x.Args[0])
			if !ok || (!strings.HasSuffix(format, "/%s") && !strings.HasSuffix(format, "/%v")) {
				return pkey{}, false
			}
			k, ok := fc.pathKey(x.Args[len(x.Args)-1])
			if !ok || k.base != "" {
				return pkey{}, false
			}
			parts := []string{}
			for _, a := range x.Args[1 : len(x.Args)-1] {
				if fc.entryDerived(a, k.ent) {
					return pkey{}, false
				}
				parts = append(parts, types.ExprString(a))
			}
			return pkey{ent: k.ent, base: strings.TrimSuffix(format[:len(format)-2], "/") + "|" + strings.Join(parts, ", ")}, true
		}
	case *ast.BinaryExpr:
		if x.Op != token.ADD {
			return pkey{}, false
		}
		k, ok := fc.pathKey(x.Y)
		if !ok || k.base != "" || fc.entryDerived(x.X, k.ent) {
			return pkey{}, false
		}
		base := types.ExprString(x.X)
		for _, sep := range []string{` + "/"`, ` + string(filepath.Separator)`, ` + string(os.PathSeparator)`} {
			base = strings.TrimSuffix(base, sep)
		}
		base = strings.TrimSuffix(strings.TrimSuffix(base, `/"`), `"`)
		return pkey{ent: k.ent, base: base}, true
	}
	return pkey{}, false
}

func constString(info *types.Info, e ast.Expr) (string, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// entryOfValue returns the entry that e (an entry variable, or listing[i])
// denotes.
func (fc *fnctx) entryOfValue(e ast.Expr) *entry {
	info := fc.s.info
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return fc.entryVars[info.ObjectOf(x)]
	case *ast.IndexExpr:
		if id, ok := ast.Unparen(x.Index).(*ast.Ident); ok {
			return fc.entryByKey(info.ObjectOf(id), x.X)
		}
	case *ast.StarExpr:
		return fc.entryOfValue(x.X)
	}
	return nil
}

func (fc *fnctx) entryByKey(key types.Object, list ast.Expr) *entry {
	if key == nil {
		return nil
	}
	id, ok := ast.Unparen(list).(*ast.Ident)
	if !ok {
		return nil
	}
	l := fc.listingOf(fc.s.info.ObjectOf(id))
	for _, ent := range fc.entries {
		if ent.keyVar == key && ent.list == l && l != nil {
			return ent
		}
	}
	return nil
}

// varKey returns the entry path every assignment gives obj, or nil.
func (fc *fnctx) varKey(obj types.Object) *pkey {
	if fc.keyDone[obj] {
		return fc.keyMemo[obj]
	}
	fc.keyDone[obj] = true
	var found *pkey
	as := fc.assigns[obj]
	if len(as) == 0 {
		return nil
	}
	for _, a := range as {
		if a.multi || a.elem || a.rng {
			found = nil
			break
		}
		k, ok := fc.pathKey(a.rhs)
		if !ok || (found != nil && *found != k) {
			found = nil
			break
		}
		found = &k
	}
	fc.keyMemo[obj] = found
	return found
}

// entryDerived reports whether e mentions the entry ent.
func (fc *fnctx) entryDerived(e ast.Expr, ent *entry) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch x := n.(type) {
		case *ast.Ident:
			obj := fc.s.info.ObjectOf(x)
			if obj != nil && ent.vars[obj] {
				found = true
			}
			{
				if _, ok := obj.(*types.Var); ok {
					if k := fc.varKey(obj); k != nil && k.ent == ent {
						found = true
					}
				}
			}
		case ast.Expr:
			if k, ok := fc.pathKey(x); ok && k.ent == ent {
				found = true
			}
		}
		return !found
	})
	return found
}

// ---------------------------------------------------------------------------
// Events.

// collectEvents records the file operations of the body in order.
func (fc *fnctx) collectEvents() {
	s := fc.s
	ast.Inspect(fc.body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		fn := s.callee(call)
		ev := &event{call: call, pos: call.Pos()}
		if _, ok := fc.parents[call].(*ast.DeferStmt); ok {
			ev.deferred = true
			ev.pos = fc.enclosingFuncEnd(call)
		}
		add := func(e *event) {
			fc.seq++
			e.seq = fc.seq
			fc.events = append(fc.events, e)
		}
		withKey := func(kind evKind, what string, p ast.Expr) bool {
			if p == nil {
				return false
			}
			k, ok := fc.pathKey(p)
			if !ok {
				return false
			}
			e := *ev
			e.kind, e.what, e.key, e.hasKey, e.expr = kind, what, k, true, p
			e.checked = fc.checked(call)
			_, e.exits = fc.exits(call)
			add(&e)
			return true
		}
		if what, ok := s.readCall(call); ok {
			if withKey(evRead, what, arg(call, 0)) {
				e := fc.events[len(fc.events)-1]
				e.consumed, e.returned = fc.consumes(fc.body, call)
			}
			return true
		}
		switch {
		case code.IsFunc(fn, "os", "Remove"):
			withKey(evDelete, "os.Remove", arg(call, 0))
			return true
		case code.IsFunc(fn, "os", "RemoveAll"):
			if withKey(evDelete, "os.RemoveAll", arg(call, 0)) {
				fc.events[len(fc.events)-1].removeAll = true
			}
			return true
		case code.IsFunc(fn, "os", "Rename", "Link"):
			withKey(evRename, "os."+fn.Name(), arg(call, 0))
			return true
		case code.IsFunc(fn, "os", "Mkdir"):
			if fc.checked(call) && len(call.Args) > 0 {
				for _, ent := range fc.entries {
					if fc.entryDerived(call.Args[0], ent) {
						e := *ev
						e.kind, e.what, e.checked = evClaim, "os.Mkdir", true
						e.key = pkey{ent: ent}
						e.hasKey = true
						add(&e)
					}
				}
			}
			return true
		}
		if s.exclCreate(call) {
			if fc.checked(call) {
				e := *ev
				e.kind, e.what, e.checked = evClaim, "an O_EXCL create", true
				add(&e)
			}
			return true
		}
		if what, ok := s.lockCall(call, fc.self); ok {
			e := *ev
			e.kind, e.what, e.checked = evClaim, what, true
			add(&e)
			return true
		}
		if what, ok := s.namedClaim(call); ok {
			e := *ev
			e.kind, e.what, e.checked = evClaim, what, true
			add(&e)
			return true
		}
		if fn != nil && fn.Pkg() == s.pass.Pkg && fn.Origin() != fc.fn {
			if sum := s.summary(fn.Origin()); sum != nil {
				fc.translate(ev, call, fn, sum, add)
			}
		}
		return true
	})
	sort.SliceStable(fc.events, func(i, j int) bool {
		if fc.events[i].pos != fc.events[j].pos {
			return fc.events[i].pos < fc.events[j].pos
		}
		return fc.events[i].seq < fc.events[j].seq
	})
}

// enclosingFuncEnd returns where a deferred call runs: the end of the
// innermost function around it.
func (fc *fnctx) enclosingFuncEnd(n ast.Node) token.Pos {
	for p := fc.parents[n]; p != nil; p = fc.parents[p] {
		if lit, ok := p.(*ast.FuncLit); ok {
			return lit.Body.End()
		}
	}
	return fc.body.End()
}

// checked reports whether the error result of call is looked at.
func (fc *fnctx) checked(call *ast.CallExpr) bool {
	switch p := fc.parents[call].(type) {
	case *ast.ExprStmt, *ast.DeferStmt, *ast.GoStmt:
		return false
	case *ast.AssignStmt:
		if len(p.Rhs) != 1 {
			return true
		}
		last := p.Lhs[len(p.Lhs)-1]
		if id, ok := ast.Unparen(last).(*ast.Ident); ok && id.Name == "_" {
			return false
		}
	case *ast.ValueSpec:
		if len(p.Names) > 0 && p.Names[len(p.Names)-1].Name == "_" {
			return false
		}
	}
	return true
}

// exits reports whether a failure of call leaves the iteration or the
// function (continue, break, return, goto, panic, os.Exit, log.Fatal), and
// returns the statement that tests it.
func (fc *fnctx) exits(call *ast.CallExpr) (ast.Stmt, bool) {
	// if err := call(); err != nil { ... }   /   if call() != nil { ... }
	var stmt ast.Node = call
	for p := fc.parents[call]; p != nil; p = fc.parents[p] {
		if ifs, ok := p.(*ast.IfStmt); ok {
			if (ifs.Init != nil && stmt == ifs.Init) || stmt == ifs.Cond {
				return ifs, fc.leaves(ifs.Body)
			}
			return nil, false
		}
		if _, ok := p.(*ast.BlockStmt); ok {
			break
		}
		stmt = p
	}
	// err := call(); if err != nil { ... }
	as, ok := fc.parents[call].(*ast.AssignStmt)
	if !ok {
		return nil, false
	}
	block, ok := fc.parents[as].(*ast.BlockStmt)
	if !ok {
		return nil, false
	}
	for i, st := range block.List {
		if st != as || i+1 >= len(block.List) {
			continue
		}
		ifs, ok := block.List[i+1].(*ast.IfStmt)
		if !ok {
			return nil, false
		}
		for _, lhs := range as.Lhs {
			id, ok := ast.Unparen(lhs).(*ast.Ident)
			if !ok || id.Name == "_" {
				continue
			}
			obj := fc.s.info.ObjectOf(id)
			uses := false
			ast.Inspect(ifs.Cond, func(n ast.Node) bool {
				if x, ok := n.(*ast.Ident); ok && fc.s.info.ObjectOf(x) == obj {
					uses = true
				}
				return !uses
			})
			if uses {
				return ifs, fc.leaves(ifs.Body)
			}
		}
	}
	return nil, false
}

// leaves reports whether block ends the iteration or the function.
func (fc *fnctx) leaves(block *ast.BlockStmt) bool {
	for _, st := range block.List {
		switch st := st.(type) {
		case *ast.ReturnStmt:
			return true
		case *ast.BranchStmt:
			return true
		case *ast.ExprStmt:
			if call, ok := st.X.(*ast.CallExpr); ok {
				if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" {
					return true
				}
				fn := fc.s.callee(call)
				if code.IsFunc(fn, "os", "Exit") || code.IsFunc(fn, "log", "Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln") {
					return true
				}
			}
		}
	}
	return false
}

// ---------------------------------------------------------------------------
// Helper summaries.

// sumEvent is one event of a helper on one of its parameters (param -1:
// a claim not tied to a parameter).
type sumEvent struct {
	base      string // the directory the parameter is placed in, "" for the parameter itself
	baseParam int    // the parameter that base names, or -1
	consumed  bool   // inside the helper
	returned  bool
	kind      evKind
	param     int
	what      string
	checked   bool
	exits     bool
	removeAll bool
	deferred  bool
}

type summary struct {
	events []sumEvent
}

// summary returns what fn does to its string parameters, in order.
func (s *state) summary(fn *types.Func) *summary {
	if sum, ok := s.summaries[fn]; ok {
		return sum
	}
	fd := s.decls[fn]
	if fd == nil || s.busy[fn] {
		return nil
	}
	s.busy[fn] = true
	defer delete(s.busy, fn)
	fc := s.newFnctx(fd.Body, fd.Type)
	fc.fn = fn
	fc.addParamEntries()
	fc.collectEvents()
	sum := &summary{}
	for _, e := range fc.events {
		switch {
		case e.kind == evClaim && !e.hasKey:
			sum.events = append(sum.events, sumEvent{kind: evClaim, param: -1, what: e.what, checked: true})
		case e.hasKey && e.key.ent.param >= 0:
			bp, ok := fc.paramNames[e.key.base]
			if !ok {
				bp = -1
			}
			sum.events = append(sum.events, sumEvent{kind: e.kind, param: e.key.ent.param, what: e.what,
				base: e.key.base, baseParam: bp,
				checked: e.checked, exits: e.exits, removeAll: e.removeAll, deferred: e.deferred,
				consumed: e.consumed.IsValid(), returned: e.returned})
		}
	}
	if len(sum.events) == 0 {
		sum = nil
	}
	s.summaries[fn] = sum
	return sum
}

// translate turns a helper's summary into events at the call site.
func (fc *fnctx) translate(ev *event, call *ast.CallExpr, fn *types.Func, sum *summary, add func(*event)) {
	callChecked := fc.checked(call)
	_, callExits := fc.exits(call)
	for i, se := range sum.events {
		e := *ev
		e.kind, e.via = se.kind, fn.Name()
		e.what = se.what
		e.removeAll = se.removeAll
		if se.deferred {
			e.deferred = true
		}
		if se.param < 0 {
			// A claim inside the helper guards the helper's own later
			// reads; otherwise the caller must look at its result.
			later := false
			for _, o := range sum.events[i+1:] {
				if o.kind == evRead {
					later = true
				}
			}
			if !later && !callChecked {
				continue
			}
			e.checked = true
			add(&e)
			continue
		}
		if se.param >= len(call.Args) {
			continue
		}
		p := call.Args[se.param]
		k, ok := fc.pathKey(p)
		if !ok {
			ent := fc.entryOfValue(p)
			if ent == nil || ent.strs {
				continue
			}
			k = pkey{ent: ent}
		}
		if se.base != "" {
			if k.base != "" {
				continue
			}
			k.base = se.base
			if se.baseParam >= 0 {
				if se.baseParam >= len(call.Args) {
					continue
				}
				k.base = types.ExprString(call.Args[se.baseParam])
			}
		}
		e.key, e.hasKey, e.expr = k, true, p
		if se.kind == evRead {
			if se.consumed {
				e.consumed = call.Pos()
			} else if se.returned {
				e.consumed, e.returned = fc.consumes(fc.body, call)
			}
		}
		e.checked = se.checked || (se.exits && callChecked)
		e.exits = se.exits && callExits
		add(&e)
	}
}

// ---------------------------------------------------------------------------
// Checking.

// check reports, for each entry, the first read of an entry path that a
// delete or move of the same path follows with no claim before the read.
func (fc *fnctx) check() []lint.Finding {
	var out []lint.Finding
	for _, ent := range fc.entries {
		if ent.list == nil || ent.param >= 0 {
			continue
		}
		if ent.list.fc != nil && ent.list.fc.private(ent.list.dir) {
			continue
		}
		if f, ok := fc.checkEntry(ent); ok {
			out = append(out, f)
		}
	}
	return out
}

func (fc *fnctx) inside(ent *entry, e *event) bool {
	pos := e.call.Pos()
	return ent.body.Pos() <= pos && pos < ent.body.End()
}

func (fc *fnctx) checkEntry(ent *entry) (lint.Finding, bool) {
	for ri, r := range fc.events {
		if r.kind != evRead || !r.hasKey || r.key.ent != ent || !fc.inside(ent, r) {
			continue
		}
		if fc.claimedBefore(ent, r) {
			return lint.Finding{}, false
		}
		if fc.openedToLock(r) {
			continue // opened to be locked; the claim follows
		}
		if !r.consumed.IsValid() {
			continue // the content is only inspected
		}
		for _, d := range fc.events[ri+1:] {
			if !d.hasKey || d.key != r.key || !fc.inside(ent, d) {
				continue
			}
			if d.kind != evDelete && d.kind != evRename {
				continue
			}
			if d.checked && d.exits && r.consumed > fc.guardEnd(d) {
				// The delete or move is itself the claim: only the worker
				// whose call succeeds goes on to use what it read.
				return lint.Finding{}, false
			}
			return fc.finding(ent, r, d), true
		}
	}
	return lint.Finding{}, false
}

// claimedBefore reports whether a claim precedes the read r: a lock or
// exclusive create in the function, or a checked rename, link or mkdir of
// this entry.
func (fc *fnctx) claimedBefore(ent *entry, r *event) bool {
	for _, c := range fc.events {
		if c.pos >= r.pos || c.deferred {
			continue
		}
		switch c.kind {
		case evClaim:
			if !c.hasKey || c.key.ent == ent {
				return true
			}
		case evRename:
			if c.key.ent == ent && c.checked {
				return true
			}
		}
	}
	return false
}

// openedToLock reports whether the file opened by r is handed to a later
// lock call (syscall.Flock(int(f.Fd()), ...)).
func (fc *fnctx) openedToLock(r *event) bool {
	as, ok := fc.parents[r.call].(*ast.AssignStmt)
	if !ok || len(as.Lhs) == 0 {
		return false
	}
	id, ok := ast.Unparen(as.Lhs[0]).(*ast.Ident)
	if !ok {
		return false
	}
	f := fc.s.info.ObjectOf(id)
	if f == nil {
		return false
	}
	for _, c := range fc.events {
		if c.kind != evClaim || c.pos <= r.pos {
			continue
		}
		used := false
		ast.Inspect(c.call, func(n ast.Node) bool {
			if x, ok := n.(*ast.Ident); ok && fc.s.info.ObjectOf(x) == f {
				used = true
			}
			return !used
		})
		if used {
			return true
		}
	}
	return false
}

// guardEnd returns where the test of d's error ends.
func (fc *fnctx) guardEnd(d *event) token.Pos {
	if guard, _ := fc.exits(d.call); guard != nil {
		return guard.End()
	}
	return d.call.End()
}

// private reports whether dir was created by this function for its own
// use (os.MkdirTemp, t.TempDir, a checked os.Mkdir).
func (fc *fnctx) private(dir ast.Expr) bool {
	if dir == nil {
		return false
	}
	return fc.privateExpr(dir, 0)
}

func (fc *fnctx) privateExpr(e ast.Expr, depth int) bool {
	if depth > 4 {
		return false
	}
	if fc.makesDirs == 0 {
		fc.makesDirs = -1
		if makesDirs(fc.body) {
			fc.makesDirs = 1
		}
	}
	if fc.makesDirs < 0 && len(fc.s.privateFields) == 0 {
		return false
	}
	info := fc.s.info
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch x := n.(type) {
		case *ast.SelectorExpr:
			if v, ok := info.ObjectOf(x.Sel).(*types.Var); ok && fc.s.privateFields[v] {
				found = true
			}
		case *ast.CallExpr:
			fn := fc.s.callee(x)
			if code.IsFunc(fn, "os", "MkdirTemp") || code.IsFunc(fn, "io/ioutil", "TempDir") ||
				(fn != nil && fn.Name() == "TempDir" && fn.Pkg() != nil && fn.Pkg().Path() == "testing") {
				found = true
			}
		case *ast.Ident:
			if obj, ok := info.ObjectOf(x).(*types.Var); ok && fc.privateVar(obj, depth) {
				found = true
			}
		}
		return !found
	})
	return found
}

// makesDirs reports whether body calls something named MkdirTemp,
// TempDir or Mkdir: a cheap test before looking for private directories.
func makesDirs(body ast.Node) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				switch sel.Sel.Name {
				case "MkdirTemp", "TempDir", "Mkdir":
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// privateVar reports whether a local variable holds a directory this
// function made: assigned a private value, or passed to os.Mkdir with
// its error checked. Results are memoised per depth budget, and forgotten
// when a new private field is learnt.
func (fc *fnctx) privateVar(obj *types.Var, depth int) bool {
	if fc.privateMemo == nil || fc.privateGen != len(fc.s.privateFields) {
		fc.privateMemo = map[privateKey]bool{}
		fc.privateGen = len(fc.s.privateFields)
	}
	key := privateKey{obj, depth}
	if v, ok := fc.privateMemo[key]; ok {
		return v
	}
	fc.privateMemo[key] = false
	found := false
	for _, a := range fc.assigns[obj] {
		if !a.rng && !a.elem && fc.privateExpr(a.rhs, depth+1) {
			found = true
			break
		}
	}
	if !found {
		found = fc.mkdirVars()[obj]
	}
	fc.privateMemo[key] = found
	return found
}

// mkdirVars returns the variables the body passes to os.Mkdir with the
// error checked (this run made that directory), computed once.
func (fc *fnctx) mkdirVars() map[types.Object]bool {
	if fc.mkdirs != nil {
		return fc.mkdirs
	}
	fc.mkdirs = map[types.Object]bool{}
	if fc.makesDirs < 0 {
		return fc.mkdirs
	}
	ast.Inspect(fc.body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if ok && len(call.Args) > 0 && code.IsFunc(fc.s.callee(call), "os", "Mkdir") && fc.checked(call) {
			if id, ok := ast.Unparen(call.Args[0]).(*ast.Ident); ok {
				if obj := fc.s.info.ObjectOf(id); obj != nil {
					fc.mkdirs[obj] = true
				}
			}
		}
		return true
	})
	return fc.mkdirs
}

// finding builds the diagnostic for the read r of an entry that d deletes.
func (fc *fnctx) finding(ent *entry, r, d *event) lint.Finding {
	pass := fc.s.pass
	l := ent.list
	name := types.ExprString(r.expr)
	read := ""
	if r.via != "" {
		read = fmt.Sprintf(" (through %s, which calls %s)", r.via, r.what)
	}
	listLine := pass.Fset.Position(l.call.Pos())
	listAt := fmt.Sprintf("line %d", listLine.Line)
	if pass.Fset.File(l.call.Pos()) != pass.Fset.File(r.call.Pos()) {
		listAt = fmt.Sprintf("%s:%d", code.ShortFile(listLine.Filename), listLine.Line)
	}
	delWhat := d.what
	if d.via != "" {
		delWhat = fmt.Sprintf("%s (through %s)", d.what, d.via)
	}
	verb := "deleted by"
	if d.kind == evRename {
		verb = "moved away by"
	}
	msg := fmt.Sprintf("%s, listed by %s at %s, is read here%s and %s %s at line %d with no atomic claim first: "+
		"a second instance scanning the same directory can take the same file, so the work runs twice or is lost; "+
		"rename the entry into a private directory before reading it (a failed rename means another worker took it) "+
		"or take an exclusive lock",
		name, l.kind.what, listAt, read, verb, delWhat, code.Line(pass, d.call.Pos()))
	return lint.Finding{
		Pos: r.call.Pos(), End: r.call.End(), Rule: ruleUnclaimed, Message: msg,
		Related: []analysis.RelatedInformation{
			{Pos: l.call.Pos(), End: l.call.End(), Message: "the directory is listed here"},
			{Pos: d.call.Pos(), End: d.call.End(), Message: "the entry is " + strings.TrimSuffix(verb, " by") + " here"},
		},
	}
}
