package deferloop

import "github.com/hindsight-lint/hindsight/internal/lint"

// The rules of deferloop: one per kind of finding, each with its severity.
var (
	ruleLockHeld = &lint.Rule{ID: "lock-held", Severity: lint.Error,
		Summary: "a mutex locked in the iteration and unlocked by a defer stays locked when the next iteration locks it again: a self-deadlock (a recursive RLock deadlocks once a writer waits)"}
	ruleWaitGroup = &lint.Rule{ID: "waitgroup-deadlock", Severity: lint.Error,
		Summary: "a deferred wg.Done() in a loop followed by wg.Wait() in the same function: Wait waits for Done calls that run only after it returns"}
	ruleLockPerObject = &lint.Rule{ID: "lock-per-object", Severity: lint.Warning, InTests: lint.Info,
		Summary: "a lock on an object made anew each iteration stays held until the function returns: nothing deadlocks, but every iteration leaves one more locked"}
	ruleLeak = &lint.Rule{ID: "leak", Severity: lint.Error, InTests: lint.Warning,
		Summary: "a resource acquired in the iteration (file, context, ticker, returned release func) is released only at function exit: one more held per iteration"}
	ruleLateRelease = &lint.Rule{ID: "late-release", Severity: lint.Warning, InTests: lint.Info,
		Summary: "as leak, but the iteration also releases the resource explicitly on its normal path; the defer covers only early exits"}
	rulePileUp = &lint.Rule{ID: "pile-up", Severity: lint.Warning,
		Summary: "deferred calls that release nothing the iteration acquired pile up until function exit"}
)

// Rules lists deferloop's rules, in the order its docs show them.
var Rules = lint.Rules{ruleLockHeld, ruleWaitGroup, ruleLockPerObject, ruleLeak, ruleLateRelease, rulePileUp}
