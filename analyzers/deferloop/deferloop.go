package deferloop

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
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
	// Tests reports defers in loops of _test.go files (at a lower grade).
	Tests bool
}

// Analyzer is the deferloop check with its default configuration.
var Analyzer = New()

// New returns a fresh deferloop analyzer whose flags fill its own Config.
func New() *analysis.Analyzer {
	cfg := &Config{Tests: true}
	a := &analysis.Analyzer{
		Name:     "deferloop",
		Doc:      lint.DocFrom(doc),
		URL:      lint.DocURL("deferloop"),
		Requires: []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer},
		Run:      func(pass *analysis.Pass) (any, error) { return run(pass, cfg) },
	}
	a.Flags.BoolVar(&cfg.Tests, "tests", cfg.Tests, "report defers in loops of _test.go files (at a lower grade)")
	return a
}

func run(pass *analysis.Pass, conf *Config) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	rep := lint.NewReporter(pass)
	skip := code.SkippedFiles(pass, conf.Tests)

	for cur := range ins.Root().Preorder((*ast.File)(nil)) {
		file := cur.Node().(*ast.File)
		if skip[file] {
			continue
		}
		for fc := range cur.Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
			var body *ast.BlockStmt
			var g *cfg.CFG
			switch fn := fc.Node().(type) {
			case *ast.FuncDecl:
				if fn.Body == nil {
					continue
				}
				body, g = fn.Body, cfgs.FuncDecl(fn)
			case *ast.FuncLit:
				body, g = fn.Body, cfgs.FuncLit(fn)
			}
			if g == nil {
				continue
			}
			c := &checker{fnBody: body, pass: pass, rep: rep, graph: g, test: code.IsTestFile(pass, file.Pos())}
			c.walk(body, nil)
		}
	}
	rep.Finish()
	return nil, nil
}

// checker examines the defers of one function body.
type checker struct {
	fnBody *ast.BlockStmt // the function whose defers are examined
	loop   ast.Stmt       // the loop of the defer being classified
	pass   *analysis.Pass
	rep    *lint.Reporter
	graph  *cfg.CFG
	test   bool
}

// walk visits n, collecting the loops (innermost last) that enclose each
// defer, without entering nested function literals: those are functions of
// their own and are visited separately.
func (c *checker) walk(n ast.Node, loops []ast.Stmt) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt:
			inner := append(loops[:len(loops):len(loops)], n)
			if n.Init != nil {
				c.walk(n.Init, loops)
			}
			if n.Cond != nil {
				c.walk(n.Cond, loops)
			}
			if n.Post != nil {
				c.walk(n.Post, inner)
			}
			c.walk(n.Body, inner)
			return false
		case *ast.RangeStmt:
			c.walk(n.X, loops)
			c.walk(n.Body, append(loops[:len(loops):len(loops)], n))
			return false
		case *ast.DeferStmt:
			if len(loops) > 0 {
				c.check(n, loops)
			}
			// The deferred call's arguments may contain function literals;
			// they are separate functions.
			return false
		}
		return true
	})
}

// check reports d if it can run again before the function returns.
func (c *checker) check(d *ast.DeferStmt, loops []ast.Stmt) {
	block := c.blockOf(d)
	if block == nil {
		return // unreachable code
	}
	// The innermost enclosing loop in which the defer lies on a cycle.
	var loop ast.Stmt
	for i := len(loops) - 1; i >= 0; i-- {
		if c.cycles(block, loops[i]) {
			loop = loops[i]
			break
		}
	}
	if loop == nil {
		return // the loop cannot run again after the defer
	}
	body := loopBody(loop)
	c.loop = loop
	f := c.classify(d, loop, body)
	if f == nil {
		return
	}
	advice := "; wrap the loop body in a function literal so the defer runs per iteration, or release explicitly"
	if c.test {
		advice = "; in tests use t.Cleanup or a subtest (t.Run) so it runs per iteration"
	}
	msg := fmt.Sprintf("defer of %s in loop runs at function exit, not at the end of the iteration", renderCall(d.Call))
	if f.why != "" {
		msg += ": " + f.why
	}
	msg += advice
	finding := lint.Finding{Pos: d.Pos(), End: d.End(), Rule: f.rule, Message: msg}
	if fix, ok := wrapFix(c.pass, loop, body); ok {
		finding.Fixes = []analysis.SuggestedFix{fix}
	}
	c.rep.Report(finding)
}

// blockOf returns the live CFG block holding stmt.
func (c *checker) blockOf(stmt ast.Stmt) *cfg.Block {
	for _, b := range c.graph.Blocks {
		if !b.Live {
			continue
		}
		for _, n := range b.Nodes {
			if n == stmt {
				return b
			}
		}
	}
	return nil
}

// cycles reports whether control can flow from block back to itself without
// leaving loop: whether the defer in block can run a second time in the same
// call because loop iterates.
func (c *checker) cycles(block *cfg.Block, loop ast.Stmt) bool {
	inside := func(b *cfg.Block) bool {
		var pos token.Pos
		switch {
		case len(b.Nodes) > 0:
			pos = b.Nodes[0].Pos()
		case b.Stmt != nil:
			pos = b.Stmt.Pos()
		default:
			return true
		}
		return loop.Pos() <= pos && pos < loop.End()
	}
	seen := make(map[*cfg.Block]bool)
	stack := append([]*cfg.Block(nil), block.Succs...)
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if b == block {
			return true
		}
		if seen[b] || !inside(b) {
			continue
		}
		seen[b] = true
		stack = append(stack, b.Succs...)
	}
	return false
}

func loopBody(loop ast.Stmt) *ast.BlockStmt {
	switch l := loop.(type) {
	case *ast.ForStmt:
		return l.Body
	case *ast.RangeStmt:
		return l.Body
	}
	return nil
}

// renderCall shows the deferred call compactly: mu.Unlock(), release(),
// func literal.
func renderCall(call *ast.CallExpr) string {
	if _, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		return "a function literal"
	}
	args := ""
	if len(call.Args) > 0 {
		args = "..."
	}
	return types.ExprString(call.Fun) + "(" + args + ")"
}

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

// finding is what classify concluded about a defer.
type finding struct {
	rule *lint.Rule
	why  string
}

// isLockMethod maps release method names to the acquiring method.
var unlockFor = map[string]string{"Unlock": "Lock", "RUnlock": "RLock"}

// releaseMethods are methods that end the life of something acquired.
var releaseMethods = map[string]string{
	"Close":    "stays open",
	"Stop":     "keeps running",
	"Release":  "is not released",
	"Rollback": "stays open",
	"Cancel":   "is not cancelled",
	"Shutdown": "keeps running",
	"Free":     "is not freed",
	"Unlock":   "",
	"RUnlock":  "",
}

// classify decides the grade of a defer in a loop that iterates, or nil to
// stay silent.
func (c *checker) classify(d *ast.DeferStmt, loop ast.Stmt, body *ast.BlockStmt) *finding {
	calls := []*ast.CallExpr{d.Call}
	var lit *ast.FuncLit
	if l, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit); ok {
		lit = l
		calls = nil
		ast.Inspect(l.Body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				calls = append(calls, call)
			}
			_, nested := n.(*ast.FuncLit)
			return !nested
		})
	}
	for _, call := range calls {
		f, silent := c.release(d, call, body, lit)
		if silent {
			return nil
		}
		if f != nil {
			return f
		}
	}
	if c.test || cleansUpRangeElement(c.pass.TypesInfo, d.Call, loop) {
		// Tests: only leaks of what the iteration acquired are worth a word.
		// Range elements: "for _, x := range xs { defer x.Close() }" defers
		// the cleanup of values that existed before the loop; running them
		// at function exit is what the author asked for.
		return nil
	}
	return &finding{rule: rulePileUp, why: "the deferred calls pile up until then"}
}

// freshEachIteration reports whether id is a variable declared in the loop
// body and set, before pos, to a new object: a composite literal, new(T),
// or a call of a constructor (a name that starts with new, make, create or
// build), possibly behind a type assertion.
func freshEachIteration(info *types.Info, body *ast.BlockStmt, id *ast.Ident, pos token.Pos) bool {
	if id == nil {
		return false
	}
	v, ok := info.ObjectOf(id).(*types.Var)
	if !ok || v.Pos() < body.Pos() || v.Pos() >= body.End() {
		return false
	}
	fresh := false
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil || n.Pos() >= pos {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, lhs := range as.Lhs {
			if l, ok := ast.Unparen(lhs).(*ast.Ident); ok && info.ObjectOf(l) == v {
				fresh = newObject(info, as.Rhs[i])
			}
		}
		return true
	})
	return fresh
}

// newObject reports whether e makes a new object (see freshEachIteration).
func newObject(info *types.Info, e ast.Expr) bool {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.TypeAssertExpr:
			e = x.X
			continue
		case *ast.UnaryExpr:
			if x.Op != token.AND {
				return false
			}
			_, ok := ast.Unparen(x.X).(*ast.CompositeLit)
			return ok
		case *ast.CompositeLit:
			return true
		case *ast.CallExpr:
			if id, ok := ast.Unparen(x.Fun).(*ast.Ident); ok {
				if b, ok := info.Uses[id].(*types.Builtin); ok {
					return b.Name() == "new"
				}
			}
			words := code.NameWords(calleeName(x))
			if len(words) == 0 {
				return false
			}
			switch words[0] {
			case "new", "make", "create", "build":
				return true
			}
		}
		return false
	}
}

// waitAfter returns a call wg.Wait() on the sync.WaitGroup wg, made by the
// function itself (not deferred, not in a function literal) after d, or nil.
func (c *checker) waitAfter(d *ast.DeferStmt, wg ast.Expr) *ast.CallExpr {
	info := c.pass.TypesInfo
	if !isWaitGroup(info.TypeOf(wg)) {
		return nil
	}
	want := types.ExprString(wg)
	var wait *ast.CallExpr
	ast.Inspect(c.fnBody, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.DeferStmt, *ast.GoStmt:
			return false
		case *ast.CallExpr:
			sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
			if ok && wait == nil && n.Pos() > d.End() && sel.Sel.Name == "Wait" && len(n.Args) == 0 &&
				isWaitGroup(info.TypeOf(sel.X)) && types.ExprString(sel.X) == want {
				wait = n
			}
		}
		return wait == nil
	})
	return wait
}

// isWaitGroup reports whether t is sync.WaitGroup or a pointer to one.
func isWaitGroup(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == "WaitGroup"
}

// cleansUpRangeElement reports whether call is a method call on, or a call
// whose first argument is, the key or value variable of the range loop.
func cleansUpRangeElement(info *types.Info, call *ast.CallExpr, loop ast.Stmt) bool {
	rng, ok := loop.(*ast.RangeStmt)
	if !ok {
		return false
	}
	var root *ast.Ident
	if fun, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if _, isLock := unlockFor[fun.Sel.Name]; isLock {
			return false
		}
		if _, isPkg := info.ObjectOf(code.RootIdent(fun.X)).(*types.PkgName); !isPkg {
			root = code.RootIdent(fun.X)
		}
	}
	if root == nil && len(call.Args) > 0 {
		root = code.RootIdent(call.Args[0])
	}
	if root == nil {
		return false
	}
	obj := info.ObjectOf(root)
	for _, e := range []ast.Expr{rng.Key, rng.Value} {
		if id, ok := e.(*ast.Ident); ok && obj != nil && info.ObjectOf(id) == obj {
			return true
		}
	}
	return false
}

// release examines one call made by the deferred code. It returns a finding
// when the call releases something acquired earlier in the same iteration,
// or silent when the release is deliberately deferred past the iteration.
func (c *checker) release(d *ast.DeferStmt, call *ast.CallExpr, body *ast.BlockStmt, lit *ast.FuncLit) (f *finding, silent bool) {
	info := c.pass.TypesInfo
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		method := fun.Sel.Name
		if method == "Done" && lit == nil {
			if wait := c.waitAfter(d, fun.X); wait != nil {
				wg := types.ExprString(fun.X)
				return &finding{ruleWaitGroup, fmt.Sprintf("%s.Wait() at line %d waits for Done calls that run only after the function returns: a certain deadlock", wg, code.Line(c.pass, wait.Pos()))}, false
			}
		}
		if _, ok := releaseMethods[method]; !ok {
			break
		}
		if _, isPkg := info.ObjectOf(code.RootIdent(fun.X)).(*types.PkgName); isPkg {
			break // a package function such as pkg.Close(x)
		}
		if lockMethod, ok := unlockFor[method]; ok {
			lock := findLock(info, body, fun.X, lockMethod, d.Pos())
			if lock == nil {
				return nil, false
			}
			if iterationVar(info, c.loop, code.RootIdent(fun.X)) {
				// for p := c.parent; p != nil; p = p.parent { p.mu.Lock(); defer p.mu.Unlock() }
				// locks a different mutex in every iteration.
				return nil, true
			}
			if lit != nil && guarded(info, lit, call, body) {
				return nil, true
			}
			mu := types.ExprString(fun.X)
			line := code.Line(c.pass, lock.Pos())
			if freshEachIteration(info, body, code.RootIdent(fun.X), d.Pos()) {
				// b := newBroadcaster(); b.mu.Lock(); defer b.mu.Unlock():
				// the next iteration locks another object's mutex. No
				// deadlock, but every iteration leaves one locked.
				root := code.RootIdent(fun.X).Name
				return &finding{ruleLockPerObject, fmt.Sprintf("the lock on %s taken at line %d stays held until then; %s is a new object each iteration, so nothing deadlocks, but every iteration leaves one more locked", mu, line, root)}, false
			}
			if method == "RUnlock" {
				return &finding{ruleLockHeld, fmt.Sprintf("the read lock on %s taken at line %d is held across iterations, so the next iteration's RLock is a recursive read lock that deadlocks as soon as a writer waits", mu, line)}, false
			}
			return &finding{ruleLockHeld, fmt.Sprintf("the lock on %s taken at line %d is still held when the next iteration locks it again: a self-deadlock", mu, line)}, false
		}
		root := code.RootIdent(fun.X)
		if root == nil {
			return nil, false
		}
		return c.acquired(d, call, body, lit, root, types.ExprString(fun.X), releaseMethods[method])
	case *ast.Ident:
		if _, ok := info.ObjectOf(fun).(*types.Var); ok {
			return c.acquired(d, call, body, lit, fun, fun.Name, "")
		}
	}
	// A release function applied to what the iteration acquired:
	// syscall.Close(fd), os.RemoveAll(dir), poll.CloseFunc(s).
	if name := calleeName(call); len(call.Args) > 0 && releaseName(name) {
		if root := code.RootIdent(call.Args[0]); root != nil {
			// Only values from a fallible acquisition (os.MkdirTemp,
			// socket, Open: the call also returns an error); a path built
			// with filepath.Join and removed at exit is deliberate.
			if v, ok := info.ObjectOf(root).(*types.Var); !ok || !fromFallibleCall(info, body, v, d.Pos()) {
				return nil, false
			}
			f, silent := c.acquired(d, call, body, lit, root, types.ExprString(call.Args[0]), "is not released")
			if f != nil {
				f.why = strings.Replace(f.why, "is not released", "is not passed to "+types.ExprString(call.Fun), 1)
			}
			return f, silent
		}
	}
	return nil, false
}

// fromFallibleCall reports whether v is assigned in body from a call whose
// last result is an error.
func fromFallibleCall(info *types.Info, body *ast.BlockStmt, v *types.Var, before token.Pos) bool {
	call, _ := assignedFromCall(info, body, v, before)
	if call == nil {
		return false
	}
	tuple, ok := info.TypeOf(call).(*types.Tuple)
	return ok && tuple.Len() > 1 && code.IsError(tuple.At(tuple.Len()-1).Type())
}

// calleeName is the name a call uses for its function: Close in f.Close(x)
// and in pkg.Close(x), release in release(x).
func calleeName(call *ast.CallExpr) string {
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		return fun.Sel.Name
	case *ast.Ident:
		return fun.Name
	}
	return ""
}

// releaseName reports whether a function name says it releases its argument.
func releaseName(name string) bool {
	name = strings.ToLower(name)
	for _, verb := range []string{"close", "remove", "release", "free", "unlock", "stop", "cancel", "destroy", "unmap"} {
		if strings.HasPrefix(name, verb) || strings.HasSuffix(name, verb) || strings.Contains(name, verb+"func") {
			return true
		}
	}
	return false
}

// iterationVar reports whether id is a variable the loop itself advances:
// a range key or value, or a variable its post statement assigns.
func iterationVar(info *types.Info, loop ast.Stmt, id *ast.Ident) bool {
	if id == nil {
		return false
	}
	obj := info.ObjectOf(id)
	var candidates []ast.Expr
	switch l := loop.(type) {
	case *ast.RangeStmt:
		candidates = []ast.Expr{l.Key, l.Value}
	case *ast.ForStmt:
		if as, ok := l.Post.(*ast.AssignStmt); ok {
			candidates = as.Lhs
		}
		if inc, ok := l.Post.(*ast.IncDecStmt); ok {
			candidates = []ast.Expr{inc.X}
		}
	}
	for _, e := range candidates {
		if v, ok := e.(*ast.Ident); ok && obj != nil && info.ObjectOf(v) == obj {
			return true
		}
	}
	return false
}

// acquired checks whether the variable root was assigned from a call earlier
// in the loop body; what is the released thing as rendered, effect how its
// life extends.
func (c *checker) acquired(d *ast.DeferStmt, call *ast.CallExpr, body *ast.BlockStmt, lit *ast.FuncLit, root *ast.Ident, what, effect string) (*finding, bool) {
	info := c.pass.TypesInfo
	obj, ok := info.ObjectOf(root).(*types.Var)
	if !ok {
		return nil, false
	}
	src, siblings := assignedFromCall(info, body, obj, d.Pos())
	if src == nil {
		return nil, false
	}
	for _, v := range siblings {
		// The resource, or what came with it (the context of a cancel
		// func), deliberately outlives the iteration: it is stored, handed
		// to a goroutine, or assigned to a variable declared outside.
		if v.Pos() < body.Pos() || v.Pos() >= body.End() || stored(info, body, v) {
			return nil, true
		}
	}
	if lit != nil && guarded(info, lit, call, body) {
		return nil, true
	}
	rule := ruleLeak
	if releasedExplicitly(info, body, call, d) {
		rule = ruleLateRelease
	}
	line := code.Line(c.pass, src.Pos())
	from := types.ExprString(src.Fun)
	switch fn := code.Callee(info, src); {
	case code.IsFunc(fn, "context", "WithCancel", "WithTimeout", "WithDeadline", "WithCancelCause", "WithTimeoutCause", "WithDeadlineCause"):
		return &finding{rule, fmt.Sprintf("the context from %s at line %d is not cancelled until then, so every iteration's context and timer pile up", from, line)}, false
	case code.IsFunc(fn, "time", "NewTicker", "NewTimer"):
		return &finding{rule, fmt.Sprintf("%s, made by %s at line %d, keeps running until then; every iteration adds one more", what, from, line)}, false
	}
	if effect == "" {
		return &finding{rule, fmt.Sprintf("%s, returned by %s at line %d, is not called until then, so what it releases is held across iterations", what, from, line)}, false
	}
	return &finding{rule, fmt.Sprintf("%s, from %s at line %d, %s until then; every iteration holds one more", what, from, line, effect)}, false
}

// findLock finds a call mu.<method>() on the same mutex before pos in body,
// outside function literals.
func findLock(info *types.Info, body *ast.BlockStmt, mu ast.Expr, method string, before token.Pos) *ast.CallExpr {
	var found *ast.CallExpr
	ast.Inspect(body, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if n.Pos() >= before {
				return false
			}
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == method && len(n.Args) == 0 && code.SameRef(info, sel.X, mu) {
				found = n
			}
		}
		return true
	})
	return found
}

// assignedFromCall returns the call whose result is assigned to v in body
// before pos (v, err := f(); v = f(); var v = f()), or nil, and the
// variables that assignment sets (v and its siblings, such as ctx in
// ctx, cancel := context.WithCancel(parent)), except error values.
func assignedFromCall(info *types.Info, body *ast.BlockStmt, v *types.Var, before token.Pos) (*ast.CallExpr, []*types.Var) {
	var found *ast.CallExpr
	var siblings []*types.Var
	collect := func(ids []ast.Expr) {
		siblings = siblings[:0]
		for _, e := range ids {
			if id, ok := ast.Unparen(e).(*ast.Ident); ok {
				if w, ok := info.ObjectOf(id).(*types.Var); ok && !code.IsError(w.Type()) {
					siblings = append(siblings, w)
				}
			}
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil || n.Pos() >= before {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				id, ok := ast.Unparen(lhs).(*ast.Ident)
				if !ok || info.ObjectOf(id) != v {
					continue
				}
				rhs := n.Rhs[0]
				if len(n.Rhs) == len(n.Lhs) {
					rhs = n.Rhs[i]
				}
				if call, ok := ast.Unparen(rhs).(*ast.CallExpr); ok && !isConversion(info, call) {
					found = call
					collect(n.Lhs)
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if info.ObjectOf(id) != v || len(n.Values) == 0 {
					continue
				}
				rhs := n.Values[0]
				if len(n.Values) == len(n.Names) {
					rhs = n.Values[i]
				}
				if call, ok := ast.Unparen(rhs).(*ast.CallExpr); ok && !isConversion(info, call) {
					found = call
					var ids []ast.Expr
					for _, id := range n.Names {
						ids = append(ids, id)
					}
					collect(ids)
				}
			}
		}
		return true
	})
	return found, siblings
}

func isConversion(info *types.Info, call *ast.CallExpr) bool {
	tv, ok := info.Types[call.Fun]
	return ok && tv.IsType()
}

// stored reports whether v is kept beyond the iteration: appended to a
// slice, stored in a map, field or outer variable, sent on a channel, or
// placed in a composite literal.
func stored(info *types.Info, body *ast.BlockStmt, v *types.Var) bool {
	uses := func(e ast.Expr) bool {
		id := code.RootIdent(e)
		return id != nil && info.ObjectOf(id) == v
	}
	mentions := func(n ast.Node) bool {
		hit := false
		ast.Inspect(n, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && info.ObjectOf(id) == v {
				hit = true
			}
			return !hit
		})
		return hit
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "append" {
				if _, builtin := info.ObjectOf(id).(*types.Builtin); builtin {
					for _, a := range n.Args[1:] {
						found = found || uses(a)
					}
				}
			}
		case *ast.SendStmt:
			found = uses(n.Value)
		case *ast.GoStmt:
			found = mentions(n.Call) // handed to another goroutine
		case *ast.CompositeLit:
			for _, e := range n.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					e = kv.Value
				}
				found = found || uses(e)
			}
		case *ast.AssignStmt:
			for i, rhs := range n.Rhs {
				if !uses(rhs) || len(n.Lhs) != len(n.Rhs) {
					continue
				}
				switch lhs := ast.Unparen(n.Lhs[i]).(type) {
				case *ast.IndexExpr, *ast.SelectorExpr, *ast.StarExpr:
					found = true
				case *ast.Ident:
					// An assignment to a variable declared outside the body.
					if o := info.ObjectOf(lhs); o != nil && (o.Pos() < body.Pos() || o.Pos() >= body.End()) && n.Tok == token.ASSIGN {
						found = true
					}
				}
			}
		}
		return true
	})
	return found
}

// guarded reports whether call inside the deferred literal only runs under
// a condition on a variable that the loop body sets outside the literal: the
// "closed" flag pattern, where the normal path releases explicitly and the
// defer only cleans up after an early exit.
func guarded(info *types.Info, lit *ast.FuncLit, call *ast.CallExpr, body *ast.BlockStmt) bool {
	var conds []ast.Expr
	var path []ast.Node
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if n == nil {
			path = path[:len(path)-1]
			return false
		}
		if n == call {
			for _, p := range path {
				if ifs, ok := p.(*ast.IfStmt); ok && ifs.Cond != nil && ifs.Body.Pos() <= call.Pos() && call.End() <= ifs.Body.End() {
					conds = append(conds, ifs.Cond)
				}
			}
		}
		path = append(path, n)
		return true
	})
	for _, cond := range conds {
		vars := map[types.Object]bool{}
		ast.Inspect(cond, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if v, ok := info.ObjectOf(id).(*types.Var); ok {
					vars[v] = true
				}
			}
			return true
		})
		setOutside := false
		ast.Inspect(body, func(n ast.Node) bool {
			if n == lit {
				return false
			}
			if as, ok := n.(*ast.AssignStmt); ok {
				for _, lhs := range as.Lhs {
					if id, ok := ast.Unparen(lhs).(*ast.Ident); ok && vars[info.ObjectOf(id)] {
						setOutside = true
					}
				}
			}
			return !setOutside
		})
		if setOutside {
			return true
		}
	}
	return false
}

// releasedExplicitly reports whether the loop body also makes the same
// release call after the defer, outside it: the resource then does not
// outlive the iteration and the defer only guards early exits.
func releasedExplicitly(info *types.Info, body *ast.BlockStmt, call *ast.CallExpr, d *ast.DeferStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found || n == d {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if other, ok := n.(*ast.CallExpr); ok && other.Pos() > d.End() && sameCall(info, other, call) {
			found = true
		}
		return true
	})
	return found
}

func sameCall(info *types.Info, a, b *ast.CallExpr) bool {
	fa, fb := ast.Unparen(a.Fun), ast.Unparen(b.Fun)
	if sa, ok := fa.(*ast.SelectorExpr); ok {
		sb, ok := fb.(*ast.SelectorExpr)
		return ok && sa.Sel.Name == sb.Sel.Name && code.SameRef(info, sa.X, sb.X)
	}
	return code.SameRef(info, fa, fb)
}
