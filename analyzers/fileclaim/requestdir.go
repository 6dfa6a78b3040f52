package fileclaim

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/hindsight-lint/hindsight/internal/code"
	"github.com/hindsight-lint/hindsight/internal/report"
)

// A directory named by the request rather than found by listing (an
// upload's parts directory, filepath.Join(root, uploadID)) is shared by
// every request that names it. A handler that reads the files in it and
// then removes it races with a second request for the same name: both read
// the parts, both remove the directory, and the upload is assembled twice
// or from a half-removed directory. Renaming the directory to an
// in-progress name first makes one request the owner.

// requestParams returns the parameters of a handler that carry a request:
// a *net/http.Request, or the request of an RPC method
// (ctx context.Context, req *FooRequest).
func (c *checker) requestParams(ftype *ast.FuncType) map[types.Object]bool {
	if ftype.Params == nil {
		return nil
	}
	var out map[types.Object]bool
	var names []*ast.Ident
	for _, f := range ftype.Params.List {
		names = append(names, f.Names...)
	}
	for i, id := range names {
		obj := c.info.ObjectOf(id)
		if obj == nil {
			continue
		}
		if isHTTPRequest(obj.Type()) || (i == 1 && isContext(c.info.ObjectOf(names[0])) && rpcRequest(obj.Type())) {
			if out == nil {
				out = map[types.Object]bool{}
			}
			out[obj] = true
		}
	}
	return out
}

func isHTTPRequest(t types.Type) bool {
	p, ok := t.(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "net/http" && n.Obj().Name() == "Request"
}

func isContext(obj types.Object) bool {
	if obj == nil {
		return false
	}
	n, ok := types.Unalias(obj.Type()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

// rpcRequest reports whether t is a pointer to a struct named like a
// request (UploadRequest, CompleteReq, CommitArgs).
func rpcRequest(t types.Type) bool {
	p, ok := t.(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	if !ok {
		return false
	}
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return false
	}
	words := code.NameWords(n.Obj().Name())
	switch words[len(words)-1] {
	case "request", "req", "args":
		return true
	}
	return false
}

// checkRequestDirs reports, in every handler of the package, a
// request-named directory whose files are read and which is then removed
// with no claim first.
func (c *checker) checkRequestDirs(skip map[*ast.File]bool, rep *report.Reporter) {
	for _, fd := range c.sortedDecls() {
		if skip[c.files[fd]] || !mentionsRemove(fd.Body) {
			continue
		}
		fn, _ := c.info.Defs[fd.Name].(*types.Func)
		var fc *funcState
		state := func() *funcState {
			if fc == nil {
				fc = c.newFuncState(fd.Body, fd.Type)
				fc.fn = fn
			}
			return fc
		}
		if req := c.requestParams(fd.Type); req != nil {
			if f, ok := state().checkRequestDir(fd.Body, req); ok {
				rep.Report(f)
			}
		}
		// Handlers written as function literals (http.HandleFunc("/x", func(w, r) {...})).
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			lit, ok := n.(*ast.FuncLit)
			if !ok {
				return true
			}
			if req := c.requestParams(lit.Type); req != nil && mentionsRemove(lit.Body) {
				if f, ok := state().checkRequestDir(lit.Body, req); ok {
					rep.Report(f)
				}
			}
			return true
		})
	}
}

// mentionsRemove is a cheap test: body calls something named Remove or
// RemoveAll.
func mentionsRemove(body ast.Node) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok && (sel.Sel.Name == "RemoveAll" || sel.Sel.Name == "Remove") {
			found = true
		}
		return !found
	})
	return found
}

// derivedFrom reports whether e mentions one of roots, directly or
// through local variables assigned from them.
func (fc *funcState) derivedFrom(e ast.Node, roots map[types.Object]bool, depth int) bool {
	if e == nil || depth > 5 {
		return false
	}
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		obj := fc.c.info.ObjectOf(id)
		if obj == nil {
			return true
		}
		if roots[obj] {
			found = true
			return false
		}
		if v, ok := obj.(*types.Var); ok && !v.IsField() && fc.body.Pos() <= v.Pos() && v.Pos() < fc.body.End() {
			for _, a := range fc.assigns[obj] {
				if !a.elem && fc.derivedFrom(a.rhs, roots, depth+1) {
					found = true
					return false
				}
			}
		}
		return true
	})
	return found
}

// checkRequestDir looks in one handler body for os.RemoveAll (os.Remove)
// of a directory named by the request, after a read of a file in it.
func (fc *funcState) checkRequestDir(body *ast.BlockStmt, req map[types.Object]bool) (report.Finding, bool) {
	c := fc.c
	type op struct {
		call *ast.CallExpr
		pos  token.Pos
		what string
	}
	var removes, reads, claims []op
	ast.Inspect(body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok && lit.Body != body {
			return false // another function, maybe another handler
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		pos := call.Pos()
		if _, ok := fc.parents[call].(*ast.DeferStmt); ok {
			pos = body.End()
		}
		fn := c.callee(call)
		if what, ok := c.readCall(call); ok {
			reads = append(reads, op{call, pos, what})
			return true
		}
		switch {
		case code.IsFunc(fn, "os", "RemoveAll", "Remove"):
			removes = append(removes, op{call, pos, "os." + fn.Name()})
		case code.IsFunc(fn, "os", "Rename", "Link", "Mkdir"):
			if fc.checked(call) {
				claims = append(claims, op{call, pos, "os." + fn.Name()})
			}
		default:
			if c.exclCreate(call) || c.inFlightClaim(call) {
				claims = append(claims, op{call, pos, ""})
			} else if _, ok := c.lockCall(call, fc.self); ok {
				claims = append(claims, op{call, pos, ""})
			} else if _, ok := c.namedClaim(call); ok {
				claims = append(claims, op{call, pos, ""})
			}
		}
		return true
	})
	for _, rm := range removes {
		dir := arg(rm.call, 0)
		if dir == nil || !fc.derivedFrom(dir, req, 0) || fc.private(dir) {
			continue
		}
		// The variables that name the directory: the reads must be inside it.
		names := map[types.Object]bool{}
		ast.Inspect(dir, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if v, ok := c.info.ObjectOf(id).(*types.Var); ok && !v.IsField() && (req[v] || fc.derivedFrom(id, req, 0)) {
					names[v] = true
				}
			}
			return true
		})
		if len(names) == 0 {
			continue
		}
		for _, r := range reads {
			p := arg(r.call, 0)
			if r.pos >= rm.pos || !fc.derivedFrom(p, names, 0) {
				continue
			}
			if types.ExprString(p) == types.ExprString(dir) {
				continue // the directory itself, opened to be listed
			}
			if at, ret := fc.consumes(body, r.call); !at.IsValid() && !ret.IsValid() {
				continue // only inspected
			}
			// A rename of the directory, or of what it is made from
			// (os.Rename(dir, dir+".work") then reads in the new name).
			related := fc.sources(dir)
			claimed := false
			for _, cl := range claims {
				if cl.pos < r.pos && (cl.what == "" || fc.derivedFrom(arg(cl.call, 0), related, 0) || fc.derivedFrom(arg(cl.call, 1), related, 0)) {
					claimed = true
				}
			}
			if claimed {
				break
			}
			source := fc.requestSource(dir, req, 0)
			if source == types.ExprString(dir) {
				first := token.NoPos
				for obj := range req {
					if !first.IsValid() || obj.Pos() < first {
						first, source = obj.Pos(), obj.Name()
					}
				}
			}
			return fc.requestDirFinding(dir, source, r.call, r.what, rm.call, rm.what), true
		}
	}
	return report.Finding{}, false
}

// inFlightClaim reports a call that makes one request the owner of a
// name within the process: a lock of any kind (sync included: concurrent
// requests share the process), sync.Map.LoadOrStore, singleflight.
func (c *checker) inFlightClaim(call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	switch sel.Sel.Name {
	case "Lock", "TryLock", "LoadOrStore", "CompareAndSwap", "SetNX", "Do", "DoChan":
		return true
	}
	return claimWords(sel.Sel.Name)
}

// sources returns the local variables e is made from, transitively.
func (fc *funcState) sources(e ast.Node) map[types.Object]bool {
	out := map[types.Object]bool{}
	var walk func(e ast.Node, depth int)
	walk = func(e ast.Node, depth int) {
		if e == nil || depth > 5 {
			return
		}
		ast.Inspect(e, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			v, ok := fc.c.info.ObjectOf(id).(*types.Var)
			if !ok || v.IsField() || out[v] {
				return true
			}
			out[v] = true
			for _, a := range fc.assigns[v] {
				if !a.elem {
					walk(a.rhs, depth+1)
				}
			}
			return true
		})
	}
	walk(e, 0)
	return out
}

// requestSource names what in the request names the directory: the local
// variable read from the request (uploadID), or the request field
// (req.UploadID), or the request itself.
func (fc *funcState) requestSource(e ast.Node, req map[types.Object]bool, depth int) string {
	if depth > 5 {
		return ""
	}
	found := ""
	ast.Inspect(e, func(n ast.Node) bool {
		if found != "" {
			return false
		}
		switch x := n.(type) {
		case *ast.SelectorExpr:
			if id, ok := ast.Unparen(x.X).(*ast.Ident); ok && req[fc.c.info.ObjectOf(id)] && !isHTTPRequest(fc.c.info.TypeOf(id)) {
				if v, ok := fc.c.info.ObjectOf(x.Sel).(*types.Var); ok && v.IsField() {
					found = types.ExprString(x)
					return false
				}
			}
		case *ast.Ident:
			obj := fc.c.info.ObjectOf(x)
			if req[obj] {
				found = x.Name
				return false
			}
			v, ok := obj.(*types.Var)
			if !ok || v.IsField() || v.Pos() < fc.body.Pos() || v.Pos() >= fc.body.End() {
				return true
			}
			for _, a := range fc.assigns[v] {
				if a.elem {
					continue
				}
				if src := fc.requestSource(a.rhs, req, depth+1); src != "" {
					found = src
					if !strings.Contains(src, ".") && directlyMentions(fc.c.info, a.rhs, req) {
						found = v.Name() // read from the request here: its own name says more
					}
					return false
				}
			}
		}
		return true
	})
	return found
}

// directlyMentions reports whether e names one of objs itself.
func directlyMentions(info *types.Info, e ast.Node, objs map[types.Object]bool) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && objs[info.ObjectOf(id)] {
			found = true
		}
		return !found
	})
	return found
}

func (fc *funcState) requestDirFinding(dir ast.Expr, source string, read *ast.CallExpr, readWhat string, rm *ast.CallExpr, rmWhat string) report.Finding {
	pass := fc.c.pass
	name := types.ExprString(dir)
	msg := fmt.Sprintf("%s is named by the request (%s), its files are read here (%s) and it is removed by %s at line %d with no claim first: "+
		"two concurrent requests for the same name both read them and both remove the directory, so the work is done twice or from a half-removed directory; "+
		"rename the directory to an in-progress name first (a failed rename means another request has it)",
		name, source, readWhat, rmWhat, code.Line(pass, rm.Pos()))
	return report.Finding{
		Pos: read.Pos(), End: read.End(), Rule: ruleRequestDir, Message: msg,
		Related: []analysis.RelatedInformation{
			{Pos: rm.Pos(), End: rm.End(), Message: "the directory is removed here"},
		},
	}
}
