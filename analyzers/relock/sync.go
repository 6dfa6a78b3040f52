package relock

import (
	"go/ast"
	"go/types"
	"regexp"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/code"
	"golang.org/x/tools/go/ssa"
)

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
