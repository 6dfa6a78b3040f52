package deferloop

import "github.com/hindsight-lint/hindsight/internal/lint"

// The rules of deferloop: one per kind of finding, each with its severity.
var (
	ruleLockHeld = &lint.Rule{ID: "lock-held", Severity: lint.Error,
		Summary: "the same mutex every iteration (its path is loop-invariant: declared outside the loop and not assigned in it, package-level, or a local alias of such a path) is locked in the iteration (directly or by a call that returns its unlock) and unlocked by a defer, so it is still locked when the next iteration locks it again: a self-deadlock (a recursive RLock deadlocks once a writer waits); also in tests"}
	ruleLockElementsDeadlock = &lint.Rule{ID: "lock-elements-deadlock", Severity: lint.Error,
		Summary: "each element of a ranged collection (or a field of it, also through a local alias) is locked and unlocked by a defer, so all stay locked until the function returns, and an element can come twice (pointers in a slice, map value or channel; not a literal list of different variables) or, read-locked, is write-locked elsewhere in the package: a deadlock"}
	ruleLockElements = &lint.Rule{ID: "lock-elements", Severity: lint.Warning, InTests: lint.Info,
		Summary: "each element of a ranged collection, or an object computed from the iteration (a lookup by the range variable, an index by the loop counter, a value received), is locked and unlocked by a defer, so all stay locked until the function returns: writers of every one block meanwhile, goroutines locking them in another order deadlock, and two iterations that reach the same one self-deadlock (in tests the test's end releases them, as for lock-per-object: info; the deadlock shapes stay errors)"}
	ruleWaitGroup = &lint.Rule{ID: "waitgroup-deadlock", Severity: lint.Error,
		Summary: "a deferred wg.Done() in a loop followed by wg.Wait() in the same function: Wait waits for Done calls that run only after it returns"}
	ruleLockPerObject = &lint.Rule{ID: "lock-per-object", Severity: lint.Warning, InTests: lint.Info,
		Summary: "a lock on an object made anew each iteration stays held until the function returns: nothing deadlocks, but every iteration leaves one more locked"}
	ruleLeak = &lint.Rule{ID: "leak", Severity: lint.Error, InTests: lint.Info,
		Summary: "a resource acquired in the iteration (file, context, ticker, returned release func) is released only at function exit: one more held per iteration (in tests the test's end releases them: info)"}
	ruleLeakBounded = &lint.Rule{ID: "leak-bounded", Severity: lint.Info,
		Summary: "as leak, but the loop runs a fixed, small number of times (a composite literal, an array, a constant count, a count that every call of an unexported function passes as a small constant), once per command-line argument, or returns at its first success (return v, nil or return true: a dial, a lookup or a pick over candidates, where only failed attempts come round again): what stays held until function exit is bounded"}
	ruleLateRelease = &lint.Rule{ID: "late-release", Severity: lint.Info,
		Summary: "the iteration also releases the resource explicitly on its normal path, so nothing is held across iterations; the defer only covers early exits and adds a second release at function exit"}
	rulePileUp = &lint.Rule{ID: "pile-up", Severity: lint.Info,
		Summary: "deferred calls that release nothing the iteration acquired pile up until function exit"}
)

// Rules lists deferloop's rules, in the order its docs show them.
var Rules = lint.Rules{ruleLockHeld, ruleLockElementsDeadlock, ruleLockElements, ruleWaitGroup, ruleLockPerObject, ruleLeak, ruleLeakBounded, ruleLateRelease, rulePileUp}
