// Package deferloop defines an Analyzer that reports defer statements in
// loop bodies that can run again before the function returns.
//
// # Analyzer deferloop
//
// deferloop: report defer in a loop body that runs at function exit, not at the end of the iteration
//
// A deferred call runs when the enclosing function returns, not when the
// loop iteration ends. When a loop body acquires something and defers its
// release, every iteration keeps what it acquired until the function
// returns: files and connections pile up, and a mutex locked in the loop is
// still held when the next iteration locks it again. With a sync.RWMutex a
// second RLock by the same goroutine deadlocks as soon as a writer is
// waiting (incident 1: a handler took a read lock through holder.Obtain in
// every iteration and deferred the release; a config watcher's Lock then
// froze every handler).
//
//	for _, item := range items {
//		c, release := holder.Obtain(ctx) // RLocks h.mu
//		defer release()                  // reported: runs at function exit
//		use(c, item)
//	}
//
// Fix it by giving the iteration its own function, so the defer runs at the
// end of each iteration:
//
//	for _, item := range items {
//		func() {
//			c, release := holder.Obtain(ctx)
//			defer release()
//			use(c, item)
//		}()
//	}
//
// or by releasing explicitly before the next iteration. The check offers
// that rewrite as a suggested fix when it keeps the meaning (the body has no
// return, goto, break or labelled continue; a plain continue becomes return).
//
// The check follows control flow, so a defer after which the loop cannot
// run again (the body returns, breaks out of the loop, panics or calls a
// function that never returns, such as log.Fatal, os.Exit or t.Fatal) is not
// reported, and neither is a defer inside a function literal called by the
// loop. It grades what it finds:
//
//   - error: the deferred call releases something acquired in the same
//     iteration: Unlock or RUnlock of a mutex locked in the loop (also by a
//     call that returns the unlock, such as a generic Guard[T].Read), Close
//     of a value opened in it, Stop of a ticker or timer made in it, the
//     cancel function of a context created in it, or a release function
//     returned by a call in it, also when a deferred closure calls it; Done
//     of a sync.WaitGroup whose Wait the function calls after the loop (a
//     certain deadlock: the defer was meant for a goroutine); and every
//     element of a ranged collection locked with a deferred unlock when an
//     element can come twice or the package write-locks it elsewhere. A
//     lock is "the same mutex every iteration" only when its path is
//     loop-invariant (declared outside the loop and not assigned in it,
//     package-level, or a local alias of such a path);
//   - warning: the same element locking over distinct elements, a lock on
//     an object computed from the iteration (a lookup by the range
//     variable, an index by the loop counter), and a lock on a new object
//     each iteration;
//   - info: leaks in _test.go files, and there also the two warnings above
//     (the test's end releases them; a lock held across iterations and the
//     element deadlocks stay errors), leaks in loops over a fixed
//     small set (a literal, an array, a constant count, or a count every
//     call of an unexported function passes as a small constant:
//     for i := 0; i < n+2; i++ where every caller passes 3), leaks in loops
//     over the command-line arguments (os.Args, flag.Args(), a CLI
//     framework's Args(), their glob expansions: the user fixes the count
//     when starting the program, and it does not grow while it runs; a
//     server's accept loop in package main stays an error), leaks in loops
//     that return at their first success (return c, nil; return true), a
//     defer that only covers early exits because the iteration releases
//     explicitly, and any other defer in a loop (deferred calls pile up);
//   - silent: the acquired value is stored in a slice, map, field or channel
//     so that it deliberately outlives the iteration (also through a call or
//     a type assertion), the deferred closure releases only when a flag set
//     on the normal path says it has not, or only on failure (a rollback).
//
// Suppress a finding with a reason: //hindsight:ignore deferloop <reason>
// on the line of the defer or the line above.
package deferloop
