package fileclaim

import (
	"go/ast"
	"go/token"
	"sort"

	"github.com/hindsight-lint/hindsight/internal/code"
)

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
	tolerates bool // the failure test lets "not exist" through as success
	removeAll bool
	deferred  bool
	consumed  token.Pos // where the read data is first used for more than inspection
	returned  token.Pos // where the read data is returned
}

// collectEvents records the file operations of the body in order.
func (fc *funcState) collectEvents() {
	c := fc.c
	ast.Inspect(fc.body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		fn := c.callee(call)
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
			_, e.exits, e.tolerates = fc.claimGuard(call)
			add(&e)
			return true
		}
		if what, ok := c.readCall(call); ok {
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
		if c.exclCreate(call) {
			if fc.checked(call) {
				e := *ev
				e.kind, e.what, e.checked = evClaim, "an O_EXCL create", true
				add(&e)
			}
			return true
		}
		if what, ok := c.lockCall(call, fc.self); ok {
			e := *ev
			e.kind, e.what, e.checked = evClaim, what, true
			add(&e)
			return true
		}
		if what, ok := c.namedClaim(call); ok {
			e := *ev
			e.kind, e.what, e.checked = evClaim, what, true
			add(&e)
			return true
		}
		if fn != nil && fn.Pkg() == c.pass.Pkg && fn.Origin() != fc.fn {
			if sum := c.summary(fn.Origin()); sum != nil {
				fc.translate(ev, call, fn, sum, add)
			}
		} else if sum := c.importedSummary(fn); sum != nil {
			fc.translate(ev, call, fn, sum, add)
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
func (fc *funcState) enclosingFuncEnd(n ast.Node) token.Pos {
	for p := fc.parents[n]; p != nil; p = fc.parents[p] {
		if lit, ok := p.(*ast.FuncLit); ok {
			return lit.Body.End()
		}
	}
	return fc.body.End()
}

// checked reports whether the error result of call is looked at.
func (fc *funcState) checked(call *ast.CallExpr) bool {
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
func (fc *funcState) exits(call *ast.CallExpr) (ast.Stmt, bool) {
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
			obj := fc.c.info.ObjectOf(id)
			uses := false
			ast.Inspect(ifs.Cond, func(n ast.Node) bool {
				if x, ok := n.(*ast.Ident); ok && fc.c.info.ObjectOf(x) == obj {
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
func (fc *funcState) leaves(block *ast.BlockStmt) bool {
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
				fn := fc.c.callee(call)
				if code.IsFunc(fn, "os", "Exit") || code.IsFunc(fn, "log", "Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln") {
					return true
				}
			}
		}
	}
	return false
}
