package runner

import (
	"go/types"
	"reflect"
	"unsafe"
)

// A type-checked package keeps every local variable and block scope of
// every function body alive: a function's scope (its parameters, its
// locals, and its nested blocks) hangs off its file scope and off its
// *types.Signature. Importers never look there: they see package-level
// objects and the parameters and results in signatures, which live in the
// signature's tuples, not in the scope; and (*types.Func).Scope is
// documented to be nil for imported functions anyway. So once a package
// is analysed the driver cuts the function scopes off. On std that is
// two thirds of the live heap.
//
// go/types has no API for it: pruneBodies clears the unexported
// Scope.children, Scope.elems and Signature.scope through their field
// offsets, checked once against the fields' names and types; if a future
// go/types changes them, pruning is skipped and only memory use suffers.
var (
	scopeChildren, canPruneScopes = fieldOffset[types.Scope, []*types.Scope]("children")
	scopeElems, canPruneElems     = fieldOffset[types.Scope, map[string]types.Object]("elems")
	sigScope, canPruneSigs        = fieldOffset[types.Signature, *types.Scope]("scope")
)

func fieldOffset[S, F any](name string) (uintptr, bool) {
	f, ok := reflect.TypeFor[S]().FieldByName(name)
	if !ok || f.Type != reflect.TypeFor[F]() {
		return 0, false
	}
	return f.Offset, true
}

// pruneBodies drops the function scopes of pkg (package scope > file
// scopes > function scopes > blocks): each function scope is emptied and
// unlinked from its file scope and from its signature.
func pruneBodies(pkg *types.Package) {
	if !canPruneScopes || !canPruneElems || !canPruneSigs || pkg == nil || pkg == types.Unsafe {
		return
	}
	dropScope := func(fn *types.Func) {
		if sig, ok := fn.Type().(*types.Signature); ok && sig != nil {
			*(**types.Scope)(unsafe.Add(unsafe.Pointer(sig), sigScope)) = nil
		}
	}
	top := pkg.Scope()
	for _, name := range top.Names() {
		switch obj := top.Lookup(name).(type) {
		case *types.Func:
			dropScope(obj)
		case *types.TypeName:
			if named, ok := obj.Type().(*types.Named); ok && !obj.IsAlias() {
				for i := range named.NumMethods() {
					if m := named.Method(i); m.Pkg() == pkg {
						dropScope(m)
					}
				}
			}
		}
	}
	// Parameters keep a pointer to their function scope (Var.Parent), so
	// the function scopes themselves are emptied too.
	for i := range top.NumChildren() {
		file := top.Child(i)
		for j := range file.NumChildren() {
			fn := file.Child(j)
			*(*[]*types.Scope)(unsafe.Add(unsafe.Pointer(fn), scopeChildren)) = nil
			*(*map[string]types.Object)(unsafe.Add(unsafe.Pointer(fn), scopeElems)) = nil
		}
		*(*[]*types.Scope)(unsafe.Add(unsafe.Pointer(file), scopeChildren)) = nil
	}
}
