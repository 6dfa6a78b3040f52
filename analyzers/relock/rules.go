package relock

import "github.com/hindsight-lint/hindsight/internal/lint"

// The rules of relock, one per pair of held and requested lock; every one
// is a deadlock (certain, or as soon as a writer waits).
var (
	ruleRecursiveRLock = &lint.Rule{ID: "recursive-rlock", Severity: lint.Error,
		Summary: "RLock of an RWMutex this goroutine already read-locks: it deadlocks as soon as a writer waits (sync.RWMutex forbids recursive read locking)"}
	ruleUpgrade = &lint.Rule{ID: "upgrade", Severity: lint.Error,
		Summary: "Lock of an RWMutex this goroutine read-locks: a certain self-deadlock"}
	ruleReadWhileWriting = &lint.Rule{ID: "rlock-while-locked", Severity: lint.Error,
		Summary: "RLock of an RWMutex this goroutine write-locks: a certain self-deadlock"}
	ruleDoubleLock = &lint.Rule{ID: "double-lock", Severity: lint.Error,
		Summary: "Lock of a mutex this goroutine already holds: a certain self-deadlock"}
	ruleDeferredLock = &lint.Rule{ID: "deferred-lock", Severity: lint.Error,
		Summary: "defer mu.Lock() (meant: Unlock) while the mutex is held at return: a self-deadlock when the function returns"}
)

// Rules lists relock's rules, in the order its docs show them.
var Rules = lint.Rules{ruleRecursiveRLock, ruleUpgrade, ruleReadWhileWriting, ruleDoubleLock, ruleDeferredLock}
