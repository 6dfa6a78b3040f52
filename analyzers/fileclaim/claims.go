package fileclaim

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// lockPrimitive reports whether call takes an exclusive inter-process lock
// by itself: flock, fcntl locks, LockFileEx.
func (c *checker) lockPrimitive(call *ast.CallExpr) (string, bool) {
	fn := c.callee(call)
	switch {
	case code.IsFunc(fn, "syscall", "Flock"), code.IsFunc(fn, "golang.org/x/sys/unix", "Flock"):
		if len(call.Args) == 2 {
			f := flagNames(c.info, call.Args[1])
			if f["LOCK_UN"] || (f["LOCK_SH"] && !f["LOCK_EX"]) {
				return "", false
			}
		}
		return fn.Pkg().Name() + ".Flock", true
	case code.IsFunc(fn, "syscall", "FcntlFlock"), code.IsFunc(fn, "golang.org/x/sys/unix", "FcntlFlock"):
		return fn.Pkg().Name() + ".FcntlFlock", true
	case code.IsFunc(fn, "golang.org/x/sys/windows", "LockFileEx"), code.IsFunc(fn, "syscall", "LockFileEx"):
		return fn.Pkg().Name() + ".LockFileEx", true
	}
	return "", false
}

// lockCall reports whether call takes an exclusive lock: a primitive, an
// O_EXCL lock file, or a function known (by fact) to lock.
// ctx gives the calling function's context, built on demand.
func (c *checker) lockCall(call *ast.CallExpr, ctx func() *funcState) (string, bool) {
	if what, ok := c.lockPrimitive(call); ok {
		return what, true
	}
	if c.exclCreate(call) && ctx().lockish(call.Args[0], 0) {
		return "an O_EXCL lock file", true
	}
	fn := c.callee(call)
	if fn == nil {
		return "", false
	}
	if fn.Pkg() == c.pass.Pkg {
		if _, ok := c.locks[fn]; ok {
			return fn.Name(), true
		}
		return "", false
	}
	var fact Locks
	if fn.Pkg() != nil && c.pass.ImportObjectFact(fn.Origin(), &fact) {
		return qualified(fn), true
	}
	return "", false
}

// lockish reports whether a path expression names a lock, pid or claim
// file, following local variables to their values.
func (fc *funcState) lockish(e ast.Expr, depth int) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		var text string
		switch n := n.(type) {
		case *ast.BasicLit:
			text = n.Value
		case *ast.Ident:
			text = n.Name
			if obj := fc.c.info.ObjectOf(n); obj != nil && depth < 3 {
				for _, a := range fc.assigns[obj] {
					if !a.rng && !a.elem && fc.lockish(a.rhs, depth+1) {
						found = true
					}
				}
			}
		}
		t := strings.ToLower(text)
		if strings.Contains(t, "lock") || strings.Contains(t, "pid") || strings.Contains(t, "claim") {
			found = true
		}
		return !found
	})
	return found
}

func qualified(fn *types.Func) string {
	name := fn.Name()
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := t.(*types.Named); ok {
			name = n.Obj().Name() + "." + name
		}
	}
	if fn.Pkg() != nil {
		name = fn.Pkg().Name() + "." + name
	}
	return name
}

// namedClaim reports whether call goes to a function whose name or doc
// comment says it locks or claims: tryLock, claimJob, AcquireLease,
// locker.Lock. Methods of package sync lock within one process only and do
// not count.
func (c *checker) namedClaim(call *ast.CallExpr) (string, bool) {
	var name string
	var fn *types.Func
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		name = f.Name
	case *ast.SelectorExpr:
		name = f.Sel.Name
	case *ast.IndexExpr:
		if id, ok := ast.Unparen(f.X).(*ast.Ident); ok {
			name = id.Name
		}
	default:
		return "", false
	}
	fn = c.callee(call)
	if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "sync" {
		return "", false
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if t := c.info.TypeOf(sel.X); t != nil && code.IsSyncLocker(t) {
			return "", false
		}
	}
	if claimWords(name) {
		return name, true
	}
	if fn != nil && fn.Pkg() == c.pass.Pkg {
		if fd := c.decls[fn]; fd != nil && fd.Doc != nil {
			words := strings.Fields(strings.ToLower(fd.Doc.Text()))
			for _, w := range words {
				w = strings.Trim(w, ".,;:()\"'`")
				switch w {
				case "lock", "locks", "claim", "claims", "flock", "lease":
					return name, true
				}
			}
		}
	}
	return "", false
}

// claimWords splits a camelCase name into words and reports whether it
// says lock/claim/acquire/lease and not unlock/release.
func claimWords(name string) bool {
	yes := false
	for _, w := range code.NameWords(name) {
		switch w {
		case "unlock", "release", "unclaim", "islocked", "locked":
			return false
		case "lock", "flock", "trylock", "claim", "acquire", "lease", "lockfile":
			yes = true
		}
	}
	return yes
}

// releaseName reports whether a function's name says it unlocks.
func releaseName(name string) bool {
	for _, w := range code.NameWords(name) {
		switch w {
		case "unlock", "release", "close", "unclaim":
			return true
		}
	}
	return false
}

// lockLibraryCall reports a call to a lock-named function or method of a
// package whose path says it is about locks (github.com/gofrs/flock,
// nightlyone/lockfile, lockedfile, a vendored filelock): such a library
// is trusted even when its body is not visible or does not show a
// primitive.
func (c *checker) lockLibraryCall(call *ast.CallExpr) (string, bool) {
	fn := c.callee(call)
	if fn == nil || fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg || fn.Pkg().Path() == "sync" {
		return "", false
	}
	path := strings.ToLower(fn.Pkg().Path())
	last := path[strings.LastIndex(path, "/")+1:]
	if !strings.Contains(last, "lock") {
		return "", false
	}
	if !claimWords(fn.Name()) {
		return "", false
	}
	return qualified(fn), true
}

// lockCallNoLocal is lockCall before local lock functions are known.
func (c *checker) lockCallNoLocal(call *ast.CallExpr, ctx func() *funcState) (string, bool) {
	fn := c.callee(call)
	if fn != nil && fn.Pkg() == c.pass.Pkg {
		if what, ok := c.lockPrimitive(call); ok {
			return what, true
		}
		if c.exclCreate(call) && ctx().lockish(call.Args[0], 0) {
			return "an O_EXCL lock file", true
		}
		return "", false
	}
	return c.lockCall(call, ctx)
}
