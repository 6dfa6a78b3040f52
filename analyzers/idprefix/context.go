package idprefix

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/hindsight-lint/hindsight/internal/code"
	"golang.org/x/tools/go/ast/inspector"
)

// siteOf gathers the facts classifyUse decides from: what the match is a
// condition or result of, the loop and function literal around it, and
// what the code it guards does.
func (c *checker) siteOf(fd *ast.FuncDecl, m match, cur inspector.Cursor) site {
	info := c.pass.TypesInfo
	s := site{negated: m.negated, funcName: fd.Name.Name, funcBool: returnsBool(info, fd.Type)}
	var child ast.Node = m.node
	var stmt ast.Stmt       // the if statement or case clause the match decides
	var body *ast.BlockStmt // what runs when the condition holds
	var p inspector.Cursor
walk:
	for p = cur.Parent(); ; p = p.Parent() {
		n := p.Node()
		if n == nil {
			return site{}
		}
		switch n := n.(type) {
		case *ast.ParenExpr:
		case *ast.UnaryExpr:
			if n.Op != token.NOT {
				return site{}
			}
			s.negated = !s.negated
		case *ast.BinaryExpr:
			if n.Op != token.LAND {
				return site{}
			}
		case *ast.IfStmt:
			if child != n.Cond {
				return site{}
			}
			stmt, body = n, n.Body
			s.isIf, s.hasElse = true, n.Else != nil
			break walk
		case *ast.CaseClause:
			// A case of a tagless switch: switch { case HasPrefix(a, b): ... }
			sw, ok := p.Parent().Parent().Node().(*ast.SwitchStmt)
			if !ok || sw.Tag != nil {
				return site{}
			}
			stmt, body = n, &ast.BlockStmt{List: n.Body}
			break walk
		case *ast.ReturnStmt:
			if len(n.Results) != 1 {
				return site{}
			}
			s.result = true
			break walk
		default:
			return site{}
		}
		child = n
	}
	s.decides = true
	// The enclosing loop and function literal, within this function.
	var loop ast.Node
	for q := p.Parent(); q.Node() != nil && q.Node() != fd; q = q.Parent() {
		switch n := q.Node().(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if loop == nil && !s.lit {
				loop = n
			}
		case *ast.FuncLit:
			if !s.lit {
				s.lit, s.litBool = true, returnsBool(info, n.Type)
				if call, ok := q.Parent().Node().(*ast.CallExpr); ok {
					s.litCallee = code.ExprName(call.Fun)
				}
			}
		}
	}
	if s.result {
		return s
	}
	s.loop = loop != nil
	s.body = effectsOf(info, body)
	if len(body.List) == 1 {
		if br, ok := body.List[0].(*ast.BranchStmt); ok && (br.Tok == token.CONTINUE || br.Tok == token.BREAK) && br.Label == nil && loop != nil {
			s.continueGuard = br.Tok == token.CONTINUE
			s.breakGuard = br.Tok == token.BREAK && directlyIn(loop, stmt) // not a break out of a switch
			if rest := afterStmt(loop, stmt); rest != nil {
				s.restFound, s.rest = true, effectsOf(info, rest)
			}
		}
	}
	s.refusal = refusalOf(info, body)
	return s
}

// effectsOf gathers what a block does.
func effectsOf(info *types.Info, body ast.Node) effects {
	return effects{collects: collects(body), deletes: deletes(info, body), exits: exits(body)}
}

// afterStmt returns the statements of loop's body that follow the one
// containing s, as a block.
func afterStmt(loop ast.Node, s ast.Stmt) *ast.BlockStmt {
	body := code.LoopBody(loop)
	if body == nil {
		return nil
	}
	for i, st := range body.List {
		if st.Pos() <= s.Pos() && s.End() <= st.End() {
			return &ast.BlockStmt{List: body.List[i+1:]}
		}
	}
	return nil
}

func returnsBool(info *types.Info, ft *ast.FuncType) bool {
	if ft == nil || ft.Results == nil || len(ft.Results.List) != 1 || len(ft.Results.List[0].Names) > 1 {
		return false
	}
	t := info.TypeOf(ft.Results.List[0].Type)
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Bool
}

// inspectShallow visits n without entering function literals.
func inspectShallow(n ast.Node, f func(ast.Node) bool) {
	ast.Inspect(n, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		return f(n)
	})
}

// collects reports whether body gathers or counts matches (append, x++,
// a send): a filter over many elements, not the choice of one.
func collects(body ast.Node) bool {
	found := false
	inspectShallow(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IncDecStmt, *ast.SendStmt:
			found = true
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "append" {
				found = true
			}
		case *ast.AssignStmt:
			if n.Tok == token.ADD_ASSIGN {
				found = true
			}
		}
		return !found
	})
	return found
}

// exits reports whether body leaves the loop: a return or a break that
// is not inside a nested loop, switch or select.
func exits(body ast.Node) bool {
	found := false
	var walk func(n ast.Node, nested bool)
	walk = func(n ast.Node, nested bool) {
		inspectShallow(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ReturnStmt:
				found = true
			case *ast.BranchStmt:
				if n.Tok == token.BREAK && (!nested || n.Label != nil) || n.Tok == token.GOTO {
					found = true
				}
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				if n != body {
					for _, ch := range children(n) {
						walk(ch, true)
					}
					return false
				}
			}
			return !found
		})
	}
	walk(body, false)
	return found
}

func children(n ast.Node) []ast.Node {
	switch n := n.(type) {
	case *ast.ForStmt:
		return []ast.Node{n.Body}
	case *ast.RangeStmt:
		return []ast.Node{n.Body}
	case *ast.SwitchStmt:
		return []ast.Node{n.Body}
	case *ast.TypeSwitchStmt:
		return []ast.Node{n.Body}
	case *ast.SelectStmt:
		return []ast.Node{n.Body}
	}
	return nil
}

// deletes reports whether body deletes something: the delete builtin, or a
// call of a function or method whose name starts with a deleting verb.
func deletes(info *types.Info, body ast.Node) bool {
	found := false
	inspectShallow(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return !found
		}
		var name string
		switch f := ast.Unparen(call.Fun).(type) {
		case *ast.Ident:
			if b, ok := info.Uses[f].(*types.Builtin); ok && b.Name() == "delete" {
				found = true
			}
			name = f.Name
		case *ast.SelectorExpr:
			name = f.Sel.Name
		}
		if ws := code.NameWords(name); len(ws) > 0 && deleteWords[ws[0]] {
			found = true
		}
		return !found
	})
	return found
}

// refusalOf reports how body refuses: by returning a non-nil error, by
// returning false, or not at all.
func refusalOf(info *types.Info, body *ast.BlockStmt) refusal {
	if len(body.List) == 0 {
		return refuseNone
	}
	ret, ok := body.List[len(body.List)-1].(*ast.ReturnStmt)
	if !ok {
		return refuseNone
	}
	errType := types.Universe.Lookup("error").Type()
	for _, r := range ret.Results {
		if id, ok := ast.Unparen(r).(*ast.Ident); ok && id.Name == "false" {
			return refuseFalse
		}
	}
	for _, r := range ret.Results {
		t := info.TypeOf(r)
		if t == nil || !types.Implements(t, errType.Underlying().(*types.Interface)) {
			continue
		}
		if id, ok := ast.Unparen(r).(*ast.Ident); ok && id.Name == "nil" {
			continue
		}
		return refuseError
	}
	return refuseNone
}

// directlyIn reports whether s is a statement of loop's body itself.
func directlyIn(loop ast.Node, s ast.Stmt) bool {
	body := code.LoopBody(loop)
	return body != nil && slices.Contains(body.List, s)
}
