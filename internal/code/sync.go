package code

import "go/types"

// IsSyncMutex reports whether t is (a pointer to) sync.Mutex or
// sync.RWMutex.
func IsSyncMutex(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "sync" {
		return false
	}
	return n.Obj().Name() == "Mutex" || n.Obj().Name() == "RWMutex"
}

// IsSyncLocker reports whether t is (a pointer to) a type of package sync
// (a mutex or sync.Locker), or a named type whose Lock method is sync's
// (one embedding a mutex).
func IsSyncLocker(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	if n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" {
		return true
	}
	obj, _, _ := types.LookupFieldOrMethod(n, true, nil, "Lock")
	f, ok := obj.(*types.Func)
	return ok && f.Pkg() != nil && f.Pkg().Path() == "sync"
}

// IsLockerInterface reports whether t is an interface with a Lock (or
// RLock) and an Unlock (or RUnlock) method taking and returning nothing:
// sync.Locker or a look-alike.
func IsLockerInterface(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	var lock, unlock bool
	for i := 0; i < it.NumMethods(); i++ {
		m := it.Method(i)
		sig, ok := m.Type().(*types.Signature)
		if !ok || sig.Params().Len() != 0 || sig.Results().Len() != 0 {
			continue
		}
		switch m.Name() {
		case "Lock", "RLock":
			lock = true
		case "Unlock", "RUnlock":
			unlock = true
		}
	}
	return lock && unlock
}

// IsLockValue reports whether t is a lock held by value: not a pointer or
// interface, and its pointer has Lock and Unlock methods (as go vet's
// copylocks sees it).
func IsLockValue(t types.Type) bool {
	t = types.Unalias(t)
	if _, ok := t.Underlying().(*types.Interface); ok {
		return false
	}
	if _, ok := t.(*types.Pointer); ok {
		return false
	}
	ms := types.NewMethodSet(types.NewPointer(t))
	hasLock, hasUnlock := false, false
	for i := 0; i < ms.Len(); i++ {
		switch ms.At(i).Obj().Name() {
		case "Lock":
			hasLock = true
		case "Unlock":
			hasUnlock = true
		}
	}
	return hasLock && hasUnlock
}

// ContainsLock reports whether a value of t holds a lock in a value field
// or array element (at any depth up to 8), so copying it is copylocks'
// business.
func ContainsLock(t types.Type) bool { return containsLock(t, 0) }

func containsLock(t types.Type, depth int) bool {
	if depth > 8 {
		return false
	}
	if depth > 0 && IsLockValue(t) {
		return true
	}
	switch u := types.Unalias(t).Underlying().(type) {
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			ft := u.Field(i).Type()
			if IsLockValue(ft) || containsLock(ft, depth+1) {
				return true
			}
		}
	case *types.Array:
		return IsLockValue(u.Elem()) || containsLock(u.Elem(), depth+1)
	}
	return false
}
