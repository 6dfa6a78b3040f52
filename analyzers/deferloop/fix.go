package deferloop

import (
	_ "embed"
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
)

// wrapFix builds the suggested fix that moves the loop body into an
// immediately invoked function literal, when that keeps the meaning.
func wrapFix(pass *analysis.Pass, loop ast.Stmt, body *ast.BlockStmt) (analysis.SuggestedFix, bool) {
	continues, ok := rewritableBody(loop, body)
	if !ok || len(body.List) == 0 {
		return analysis.SuggestedFix{}, false
	}
	edits := []analysis.TextEdit{
		{Pos: body.Lbrace + 1, End: body.Lbrace + 1, NewText: []byte("\nfunc() {")},
		{Pos: body.Rbrace, End: body.Rbrace, NewText: []byte("}()\n")},
	}
	for _, br := range continues {
		edits = append(edits, analysis.TextEdit{Pos: br.Pos(), End: br.End(), NewText: []byte("return")})
	}
	return analysis.SuggestedFix{
		Message:   "Run the loop body in a function literal so its defers run per iteration",
		TextEdits: edits,
	}, true
}

// rewritableBody reports whether body can move into a function literal
// unchanged except for its plain continue statements of loop, which it
// returns (they become return). It refuses bodies with return, goto,
// fallthrough-free breaks of loop, or branches to labels outside the body.
func rewritableBody(loop ast.Stmt, body *ast.BlockStmt) (continues []*ast.BranchStmt, ok bool) {
	labels := map[string]bool{} // labels defined inside the body
	ast.Inspect(body, func(n ast.Node) bool {
		if l, isLabel := n.(*ast.LabeledStmt); isLabel {
			labels[l.Label.Name] = true
		}
		_, isLit := n.(*ast.FuncLit)
		return !isLit
	})
	ok = true
	// depth counts enclosing breakable statements inside the body (loops,
	// switches, selects); loopDepth counts only loops.
	var visit func(n ast.Node, breakDepth, loopDepth int)
	visit = func(n ast.Node, breakDepth, loopDepth int) {
		ast.Inspect(n, func(m ast.Node) bool {
			if !ok {
				return false
			}
			if m == n {
				return true
			}
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				ok = false
			case *ast.ForStmt, *ast.RangeStmt:
				visit(m, breakDepth+1, loopDepth+1)
				return false
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				visit(m, breakDepth+1, loopDepth)
				return false
			case *ast.BranchStmt:
				switch {
				case m.Tok == token.GOTO:
					ok = false
				case m.Label != nil:
					if !labels[m.Label.Name] {
						ok = false
					}
				case m.Tok == token.BREAK && breakDepth == 0:
					ok = false
				case m.Tok == token.CONTINUE && loopDepth == 0:
					continues = append(continues, m)
				}
			}
			return true
		})
	}
	visit(body, 0, 0)
	return continues, ok
}
