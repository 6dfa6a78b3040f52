package deferloop

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/code"
)

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

// release examines one call made by the deferred code. It returns a finding
// when the call releases something acquired earlier in the same iteration,
// or silent when the release is deliberately deferred past the iteration.
func (fs *funcState) release(d *ast.DeferStmt, call *ast.CallExpr, body *ast.BlockStmt, lit *ast.FuncLit) (f *finding, silent bool) {
	info := fs.pass.TypesInfo
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		method := fun.Sel.Name
		if method == "Done" && lit == nil {
			if wait := fs.waitAfter(d, fun.X); wait != nil {
				wg := types.ExprString(fun.X)
				return &finding{ruleWaitGroup, fmt.Sprintf("%s.Wait() at line %d waits for Done calls that run only after the function returns: a certain deadlock", wg, code.Line(fs.pass, wait.Pos()))}, false
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
			if lit != nil && guarded(info, lit, call, body) {
				return nil, true
			}
			if rng, ok := fs.loop.(*ast.RangeStmt); ok && rangeElement(info, rng, fun.X) {
				// for _, n := range nodes { n.mu.RLock(); defer n.mu.RUnlock() }
				return fs.lockElements(d, rng, body, fun.X, method, lock, origin{})
			}
			if iterationVar(info, fs.loop, code.RootIdent(fun.X)) {
				// for p := c.parent; p != nil; p = p.parent { p.mu.Lock(); defer p.mu.Unlock() }
				// walks up a chain, locking a different mutex in every
				// iteration in a fixed order (ancestor locking).
				return nil, true
			}
			mu := types.ExprString(fun.X)
			line := code.Line(fs.pass, lock.Pos())
			if freshEachIteration(info, body, code.RootIdent(fun.X), d.Pos()) {
				// b := newBroadcaster(); b.mu.Lock(); defer b.mu.Unlock():
				// the next iteration locks another object's mutex. No
				// deadlock, but every iteration leaves one locked.
				root := code.RootIdent(fun.X).Name
				return &finding{ruleLockPerObject, fmt.Sprintf("the lock on %s taken at line %d stays held until then; %s is a new object each iteration, so nothing deadlocks, but every iteration leaves one more locked", mu, line, root)}, false
			}
			o := fs.originOf(fun.X)
			switch o.kind {
			case ofWalk:
				// for cur != nil { cur.mu.Lock(); defer cur.mu.Unlock(); cur = cur.parent }:
				// a chain walk as above.
				return nil, true
			case ofElement:
				if rng, ok := fs.loop.(*ast.RangeStmt); ok {
					// recvq := s.sys.recvq; recvq.Lock(); defer recvq.Unlock()
					return fs.lockElements(d, rng, body, fun.X, method, lock, o)
				}
			case perIteration:
				// o := mset.lookupConsumer("d"); o.mu.RLock(); defer o.mu.RUnlock()
				return fs.lockPerIteration(body, fun.X, method, lock, o)
			}
			// The same mutex every iteration: declared outside the loop and
			// not assigned in it, a package-level variable, or a local set
			// from such a path (mu := &shared.mu).
			same := ""
			if o.def != nil {
				same = fmt.Sprintf("; %s at line %d reaches the same mutex in every iteration", renderDef(o.def), code.Line(fs.pass, o.def.Pos()))
			}
			if method == "RUnlock" {
				return &finding{ruleLockHeld, fmt.Sprintf("the read lock on %s taken at line %d is held across iterations, so the next iteration's RLock is a recursive read lock that deadlocks as soon as a writer waits%s", mu, line, same)}, false
			}
			return &finding{ruleLockHeld, fmt.Sprintf("the lock on %s taken at line %d is still held when the next iteration locks it again: a self-deadlock%s", mu, line, same)}, false
		}
		root := code.RootIdent(fun.X)
		if root == nil {
			return nil, false
		}
		return fs.acquired(d, call, body, lit, root, types.ExprString(fun.X), releaseMethods[method])
	case *ast.Ident:
		if _, ok := info.ObjectOf(fun).(*types.Var); ok {
			return fs.acquired(d, call, body, lit, fun, fun.Name, "")
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
			f, silent := fs.acquired(d, call, body, lit, root, types.ExprString(call.Args[0]), "is not released")
			if f != nil {
				f.why = strings.Replace(f.why, "is not released", "is not passed to "+types.ExprString(call.Fun), 1)
			}
			return f, silent
		}
	}
	return nil, false
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
