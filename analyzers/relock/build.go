package relock

import (
	"go/ast"
	"go/types"
	"slices"

	"github.com/hindsight-lint/hindsight/internal/code"
	"github.com/hindsight-lint/hindsight/internal/flow"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

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
// package-level functions or variables, or nil. Only those make the SSA
// builder look the package up: a constant becomes its value, a type needs
// no member, and methods are created on demand.
func importedName(pass *analysis.Pass, obj types.Object) *types.Package {
	switch obj.(type) {
	case *types.Func, *types.Var:
	default:
		return nil
	}
	if obj.Pkg() == nil || obj.Pkg() == pass.Pkg || obj.Parent() != obj.Pkg().Scope() {
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
	if cfgs, ok := pass.ResultOf[flow.Analyzer].(*flow.Result); ok {
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

// importsUsed returns the imported packages whose package-level functions
// and variables the SSA builder will look up: those named in the kept declarations (as
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
