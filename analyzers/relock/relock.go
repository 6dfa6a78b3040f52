package relock

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/ssa"

	"github.com/hindsight-lint/hindsight/internal/code"
	"github.com/hindsight-lint/hindsight/internal/lint"
)

//go:embed doc.go
var doc string

// Config holds the analyzer's options; each is also an analyzer flag.
type Config struct {
	// Tests reports re-acquisitions in _test.go files too.
	Tests bool
	// Loops reports locks still held from the previous iteration of a loop
	// (a deferred release inside the loop) when the next iteration takes
	// them again.
	Loops bool
}

// Analyzer is the relock check with its default configuration.
var Analyzer = New()

// New returns a fresh relock analyzer whose flags fill its own Config.
func New() *analysis.Analyzer {
	conf := &Config{Tests: true, Loops: true}
	a := &analysis.Analyzer{
		Name:      "relock",
		Doc:       lint.DocFrom(doc),
		URL:       lint.DocURL("relock"),
		Requires:  []*analysis.Analyzer{ctrlflow.Analyzer},
		FactTypes: []analysis.Fact{new(Summary)},
		Run:       func(pass *analysis.Pass) (any, error) { return run(pass, conf) },
	}
	a.Flags.BoolVar(&conf.Tests, "tests", conf.Tests, "report re-acquisitions in _test.go files")
	a.Flags.BoolVar(&conf.Loops, "loops", conf.Loops, "report locks held from the previous loop iteration (deferred release in a loop) that the next iteration takes again")
	return a
}

// maxIters bounds how often one function's summary is recomputed.
const maxIters = 6

// checker holds the state of one pass.
type checker struct {
	pass     *analysis.Pass
	conf     *Config
	rep      *lint.Reporter
	funcs    map[*ssa.Function]*fnInfo
	byObj    map[*types.Func]*fnInfo
	imported map[*types.Func]*Summary
	reported map[token.Pos]bool
	skip     map[*token.File]bool
	calls    map[token.Pos]*ast.CallExpr // by Lparen
}

func run(pass *analysis.Pass, conf *Config) (any, error) {
	c := &checker{
		pass:     pass,
		conf:     conf,
		rep:      lint.NewReporter(pass),
		funcs:    make(map[*ssa.Function]*fnInfo),
		byObj:    make(map[*types.Func]*fnInfo),
		imported: make(map[*types.Func]*Summary),
		reported: make(map[token.Pos]bool),
		skip:     make(map[*token.File]bool),
	}
	for f := range code.SkippedFiles(pass, conf.Tests) {
		c.skip[pass.Fset.File(f.Pos())] = true
	}
	keep, imports := c.lockingDecls()
	if len(keep) == 0 {
		c.rep.Finish()
		return nil, nil
	}
	var order []*fnInfo
	for _, fn := range buildSSA(pass, keep, imports) {
		if fn == nil || len(fn.Blocks) == 0 {
			continue
		}
		fi := &fnInfo{c: c, fn: fn}
		c.funcs[fn] = fi
		order = append(order, fi)
		if obj, ok := fn.Object().(*types.Func); ok && fn.Synthetic == "" {
			c.byObj[obj] = fi
		}
	}

	// Callers within the package, for the fixpoint.
	callers := make(map[*fnInfo][]*fnInfo)
	for _, fi := range order {
		seen := map[*fnInfo]bool{}
		for _, b := range fi.fn.Blocks {
			for _, instr := range b.Instrs {
				var callee *ssa.Function
				switch x := instr.(type) {
				case ssa.CallInstruction:
					callee = x.Common().StaticCallee()
					if callee != nil && strings.HasPrefix(callee.Synthetic, "bound method wrapper") {
						if obj, ok := callee.Object().(*types.Func); ok {
							if g := c.byObj[obj.Origin()]; g != nil && !seen[g] {
								seen[g] = true
								callers[g] = append(callers[g], fi)
							}
						}
						continue
					}
				case *ssa.MakeClosure:
					callee, _ = x.Fn.(*ssa.Function)
				}
				if callee == nil {
					continue
				}
				if callee.Origin() != nil {
					callee = callee.Origin()
				}
				if g := c.funcs[callee]; g != nil && !seen[g] {
					seen[g] = true
					callers[g] = append(callers[g], fi)
				}
			}
		}
	}

	// Fixpoint over the package call graph: recompute a function's summary
	// and requeue its callers whenever it changes.
	queue := make([]*fnInfo, len(order))
	queued := make(map[*fnInfo]bool)
	for i, fi := range order {
		queue[len(order)-1-i] = fi // callees tend to come later in source
		queued[fi] = true
	}
	for len(queue) > 0 {
		fi := queue[0]
		queue = queue[1:]
		queued[fi] = false
		if fi.iters >= maxIters {
			continue
		}
		fi.iters++
		old := fi.sum.key()
		fi.analyze(false)
		if fi.sum.key() == old {
			continue
		}
		for _, caller := range callers[fi] {
			if !queued[caller] {
				queued[caller] = true
				queue = append(queue, caller)
			}
		}
	}

	// Report, with the final summaries.
	for _, fi := range order {
		if c.skip[pass.Fset.File(fi.fn.Pos())] {
			continue
		}
		fi.analyze(true)
	}

	// Export the summaries of functions other packages can call (exported
	// names; methods of unexported types can be promoted into exported ones).
	for _, fi := range order {
		obj, ok := fi.fn.Object().(*types.Func)
		if !ok || fi.fn.Synthetic != "" || fi.sum.empty() || obj.Pkg() != pass.Pkg || !obj.Exported() {
			continue
		}
		pass.ExportObjectFact(obj, fi.sum)
	}
	c.rep.Finish()
	return nil, nil
}

// lockRelated reports whether fn takes or releases a lock: a sync.Mutex
// or RWMutex method, a Locker method, or an imported function whose
// summary is not empty.
func (c *checker) lockRelated(fn *types.Func) bool {
	if syncMethod(fn) != "" {
		return true
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig != nil && sig.Recv() != nil && code.IsLockerInterface(sig.Recv().Type()) {
		return true
	}
	return fn.Pkg() != nil && fn.Pkg() != c.pass.Pkg && c.summaryOf(fn) != nil
}

// lockingDecls returns the function declarations whose summaries can be
// non-empty or that can report: those that refer to a lock-related
// function, and those that refer to one of them, transitively. The others
// (most of a dependency graph) are left out of SSA construction. It also
// returns, from the same walk, the imported packages whose package-level
// names each declaration uses (see importsUsed).
func (c *checker) lockingDecls() (keep map[*ast.FuncDecl]bool, imports map[*ast.FuncDecl][]*types.Package) {
	info := c.pass.TypesInfo
	keep = map[*ast.FuncDecl]bool{}
	imports = map[*ast.FuncDecl][]*types.Package{}
	declOf := map[*types.Func]*ast.FuncDecl{}
	refs := map[*ast.FuncDecl][]*types.Func{} // in-package functions each declaration refers to
	var queue []*ast.FuncDecl
	for _, file := range c.pass.Files {
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			if obj, ok := info.Defs[fd.Name].(*types.Func); ok {
				declOf[obj] = fd
			}
			ast.Inspect(fd, func(n ast.Node) bool {
				id, ok := n.(*ast.Ident)
				if !ok {
					return true
				}
				obj := info.Uses[id]
				if p := importedName(c.pass, obj); p != nil && !slices.Contains(imports[fd], p) {
					imports[fd] = append(imports[fd], p)
				}
				fn, ok := obj.(*types.Func)
				if !ok {
					return true
				}
				if fn.Pkg() == c.pass.Pkg {
					refs[fd] = append(refs[fd], fn.Origin())
				} else if !keep[fd] && c.lockRelated(fn) {
					keep[fd] = true
					queue = append(queue, fd)
				}
				return true
			})
		}
	}
	referrers := map[*ast.FuncDecl][]*ast.FuncDecl{}
	for fd, fns := range refs {
		for _, fn := range fns {
			if callee := declOf[fn]; callee != nil {
				referrers[callee] = append(referrers[callee], fd)
			}
		}
	}
	for len(queue) > 0 {
		fd := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, r := range referrers[fd] {
			if !keep[r] {
				keep[r] = true
				queue = append(queue, r)
			}
		}
	}
	return keep, imports
}

// importedName returns the imported package of obj when obj is one of its
// package-level names, or nil.
func importedName(pass *analysis.Pass, obj types.Object) *types.Package {
	if obj == nil || obj.Pkg() == nil || obj.Pkg() == pass.Pkg || obj.Parent() != obj.Pkg().Scope() {
		return nil
	}
	return obj.Pkg()
}

// buildSSA builds the package's SSA form and returns the functions of the
// kept declarations, function literals included. The other declarations
// are given to the builder without bodies, as if external, so references
// to them still resolve. It builds its own program rather than
// requiring buildssa so that the SSA becomes garbage when the pass ends:
// drivers keep every analyzer result until they exit, and relock runs on
// every dependency for its facts.
func buildSSA(pass *analysis.Pass, keep map[*ast.FuncDecl]bool, imports map[*ast.FuncDecl][]*types.Package) (funcs []*ssa.Function) {
	// BareInits: the package initialiser (never analysed) then needs no
	// SSA package for imports it would only call init of.
	prog := ssa.NewProgram(pass.Fset, ssa.BareInits)
	if cfgs, ok := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs); ok {
		prog.SetNoReturn(cfgs.NoReturn)
	}
	for _, p := range importsUsed(pass, keep, imports) {
		prog.CreatePackage(p, nil, nil, true)
	}
	files := make([]*ast.File, len(pass.Files))
	for i, f := range pass.Files {
		copied := *f
		copied.Decls = make([]ast.Decl, len(f.Decls))
		for j, decl := range f.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok && fd.Body != nil && !keep[fd] {
				bodiless := *fd
				bodiless.Body = nil
				decl = &bodiless
			}
			copied.Decls[j] = decl
		}
		files[i] = &copied
	}
	pkg := prog.CreatePackage(pass.Pkg, files, pass.TypesInfo, false)
	pkg.Build()
	var add func(f *ssa.Function)
	add = func(f *ssa.Function) {
		funcs = append(funcs, f)
		for _, anon := range f.AnonFuncs {
			add(anon)
		}
	}
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || !keep[fd] {
				continue
			}
			obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			if f := prog.FuncValue(obj); f != nil {
				add(f)
			}
		}
	}
	return funcs
}

// importsUsed returns the imported packages whose package-level names
// the SSA builder will look up: those named in the kept declarations (as
// found by lockingDecls) and in the other package-level declarations (the
// variable initialisers). The builder needs an SSA package only for such
// references; methods of other packages' types are created on demand.
// Creating every import would cost more than building the package itself
// when the imports are large.
func importsUsed(pass *analysis.Pass, keep map[*ast.FuncDecl]bool, imports map[*ast.FuncDecl][]*types.Package) []*types.Package {
	used := map[*types.Package]bool{}
	for fd := range keep {
		for _, p := range imports[fd] {
			used[p] = true
		}
	}
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			if _, ok := decl.(*ast.FuncDecl); ok {
				continue
			}
			ast.Inspect(decl, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					if p := importedName(pass, pass.TypesInfo.Uses[id]); p != nil {
						used[p] = true
					}
				}
				return true
			})
		}
	}
	var out []*types.Package
	for _, p := range pass.Pkg.Imports() {
		if used[p] {
			out = append(out, p)
		}
	}
	return out
}

// summaryOf returns the summary of a function object: computed in this
// package, or imported as a fact.
func (c *checker) summaryOf(obj *types.Func) *Summary {
	if obj == nil {
		return nil
	}
	obj = obj.Origin()
	if fi := c.byObj[obj]; fi != nil {
		return fi.sum
	}
	if obj.Pkg() == nil || obj.Pkg() == c.pass.Pkg {
		return nil
	}
	if s, ok := c.imported[obj]; ok {
		return s
	}
	var s *Summary
	fact := new(Summary)
	if c.pass.ImportObjectFact(obj, fact) {
		s = fact
	}
	c.imported[obj] = s
	return s
}

// callExpr returns the call expression whose Lparen is at pos.
func (c *checker) callExpr(pos token.Pos) *ast.CallExpr {
	if c.calls == nil {
		c.calls = make(map[token.Pos]*ast.CallExpr)
		for _, f := range c.pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					c.calls[call.Lparen] = call
				}
				return true
			})
		}
	}
	return c.calls[pos]
}

// syncMethod classifies a method of sync.Mutex or sync.RWMutex.
func syncMethod(obj *types.Func) string {
	if obj == nil || obj.Pkg() == nil || obj.Pkg().Path() != "sync" {
		return ""
	}
	sig, ok := obj.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return ""
	}
	if !code.IsSyncMutex(sig.Recv().Type()) {
		return ""
	}
	switch obj.Name() {
	case "Lock", "RLock", "Unlock", "RUnlock", "RLocker":
		return obj.Name()
	}
	return ""
}

// requiresLockDoc matches doc comments that say the caller holds a lock.
var requiresLockDoc = regexp.MustCompile(`(?i)(must be held|must hold|must already hold|must be locked|is held by the caller|caller (must )?holds?|called with [^.]*(held|locked)|requires? [^.]*(lock|mutex|mu)\b[^.]*held|assumes [^.]*(held|locked)|while holding|with [^.]*(lock|mutex|mu) held|under [^.]*(lock|mutex|mu)\b)`)

// requiresLock reports whether fn's name or documentation says it is
// called with its receiver's lock held (fooLocked, foo_locked, "mu must be
// held").
func requiresLock(fn *ssa.Function) bool {
	name := fn.Name()
	if strings.HasSuffix(name, "Locked") || strings.HasSuffix(name, "_locked") || strings.HasSuffix(name, "NoLock") || strings.HasSuffix(name, "Unlocked") {
		return true
	}
	if decl, ok := fn.Syntax().(*ast.FuncDecl); ok && decl.Doc != nil {
		return requiresLockDoc.MatchString(decl.Doc.Text())
	}
	return false
}
