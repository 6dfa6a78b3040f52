package fileclaim

import (
	"go/ast"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// computeLocks finds the package's functions that take an exclusive lock
// (directly or through others) without listing a directory themselves, and
// exports Locks facts for them.
func (c *checker) computeLocks() {
	direct := map[*types.Func]string{}
	calls := c.calls
	// In source order, so that a field learnt private in one function
	// is known to the functions after it the same way on every run.
	for _, fd := range c.sortedDecls() {
		fn, _ := c.info.Defs[fd.Name].(*types.Func)
		// The function's context (assignments, parents) is built only
		// when a statement needs it: most functions never do.
		mkdirs, identity := c.bodyTraits(fd.Body)
		identity = identity || identityRecvType(fn) != nil
		var fc *funcState
		ctx := func() *funcState {
			if fc == nil {
				fc = c.newFuncState(fd.Body, fd.Type)
				fc.fn = fn
				fc.makesDirs = -1 // already known: do not walk the body again
				if mkdirs {
					fc.makesDirs = 1
				}
				fc.identity = -1
				if identity {
					fc.identity = 1
				}
			}
			return fc
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if mkdirs || identity || len(c.privateFields) > 0 {
				c.notePrivateField(ctx, n)
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if _, _, ok := c.listCallNoHelpers(call); ok {
				c.listsDir[fn] = true
			}
			if what, ok := c.lockCallNoLocal(call, ctx); ok && direct[fn] == "" {
				direct[fn] = what
			} else if what, ok := c.lockLibraryCall(call); ok && direct[fn] == "" {
				direct[fn] = what
			}
			if g := c.callee(call); g != nil && g.Pkg() == c.pass.Pkg {
				g = g.Origin()
				if _, ok := c.decls[g]; ok {
					calls[fn] = append(calls[fn], g)
					c.callers[g] = append(c.callers[g], fn)
				}
			}
			return true
		})
	}
	for fn, what := range direct {
		if !c.listsDir[fn] && !releaseName(fn.Name()) {
			c.locks[fn] = what
		}
	}
	for changed := true; changed; {
		changed = false
		for fn, cs := range calls {
			if _, ok := c.locks[fn]; ok || c.listsDir[fn] || releaseName(fn.Name()) {
				continue
			}
			for _, g := range cs {
				if _, ok := c.locks[g]; ok {
					c.locks[fn] = g.Name()
					changed = true
					break
				}
			}
		}
	}
	for fn, via := range c.locks {
		c.pass.ExportObjectFact(fn, &Locks{Via: via})
	}
}

// computeOwner decides whether the package owns its directories: one of
// its lock-taking functions runs outside every directory scan (no listing
// function reaches it), or a package of the same module it imports does.
func (c *checker) computeOwner() {
	var names []string
	for fn := range c.locks {
		if c.reachedFromLister(fn) {
			continue
		}
		names = append(names, qualified(fn))
	}
	sort.Strings(names)
	if len(names) > 0 {
		c.ownerFunc = names[0]
	} else {
		mod := modulePath(c.pass)
		for _, imp := range c.pass.Pkg.Imports() {
			if !sameModule(mod, c.pass.Pkg.Path(), imp.Path()) {
				continue
			}
			var o Owner
			if c.pass.ImportPackageFact(imp, &o) {
				c.ownerFunc = o.Func
				break
			}
		}
	}
	if c.ownerFunc != "" {
		c.pass.ExportPackageFact(&Owner{Func: c.ownerFunc})
	}
}

// callsLister reports whether fn calls a package function that returns a
// listing.
func (c *checker) callsLister(fn *types.Func) bool {
	for _, g := range c.calls[fn] {
		if c.lister(g) != nil {
			return true
		}
	}
	return false
}

// reachedFromLister reports whether a function that lists a directory
// calls fn, directly or through other package functions.
func (c *checker) reachedFromLister(fn *types.Func) bool {
	seen := map[*types.Func]bool{fn: true}
	stack := []*types.Func{fn}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, caller := range c.callers[f] {
			if c.listsDir[caller] {
				return true
			}
			if !seen[caller] {
				seen[caller] = true
				stack = append(stack, caller)
			}
		}
	}
	return false
}

func modulePath(pass *analysis.Pass) string {
	if pass.Module != nil && pass.Module.Path != "" {
		return pass.Module.Path
	}
	return ""
}

// sameModule reports whether imp belongs to the module of pkg.
func sameModule(mod, pkg, imp string) bool {
	if mod != "" {
		return imp == mod || strings.HasPrefix(imp, mod+"/")
	}
	// No module information: compare the repository-like root.
	root := func(p string) string {
		parts := strings.Split(p, "/")
		n := 1
		switch parts[0] {
		case "github.com", "gitlab.com", "bitbucket.org", "golang.org", "go.googlesource.com":
			n = 3
		default:
			if strings.Contains(parts[0], ".") {
				n = 2
			}
		}
		n = min(n, len(parts))
		return strings.Join(parts[:n], "/")
	}
	return root(pkg) == root(imp)
}
