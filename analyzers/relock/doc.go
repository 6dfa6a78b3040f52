// Package relock defines an Analyzer that reports a goroutine taking a
// mutex it already holds: a recursive read lock, a lock upgrade or a
// double lock, directly or through calls, across packages.
//
// # Analyzer relock
//
// relock: report a lock taken again by the goroutine that already holds it (recursive RLock, upgrade, double Lock)
//
// sync.RWMutex is writer-preferring: once a writer waits in Lock, new RLock
// calls block. A goroutine that already holds a read lock and calls RLock
// again therefore deadlocks as soon as a writer arrives: the writer waits
// for the first read lock, the second RLock waits for the writer. The
// sync documentation prohibits recursive read locking for this reason.
// Lock while holding RLock (an upgrade), and RLock or Lock while holding
// Lock, deadlock every time.
//
// Incident 1: a queue handler obtained a client from a shared holder in a
// loop; Obtain read-locked the holder and returned the unlock as a release
// function, which the loop deferred. The second iteration read-locked the
// holder again while the first read lock was still held, and a config
// watcher's Lock froze every handler:
//
//	func (h *Holder) Obtain(ctx context.Context) (*Client, func()) {
//		h.mu.RLock()
//		return h.client, h.mu.RUnlock
//	}
//
//	for _, item := range items {
//		c, release := h.Obtain(ctx) // reported: h.mu still read-locked by the previous iteration
//		defer release()
//		send(c, item)
//	}
//
// Almost every real instance is interprocedural: the second RLock is in a
// called method.
//
//	func (s *Store) Get(k string) *Item {
//		s.mu.RLock()
//		defer s.mu.RUnlock()
//		return s.lookup(k)
//	}
//
//	func (s *Store) Refresh(k string) {
//		s.mu.RLock()
//		defer s.mu.RUnlock()
//		s.Get(k) // reported: recursive read lock of s.mu through s.Get (s.Get → s.mu.RLock)
//	}
//
// Fix it by calling an unexported variant that expects the lock to be held
// (getLocked), by releasing before the call, or, in a loop, by giving each
// iteration its own function so the deferred release runs per iteration.
//
// The check builds SSA and follows each function's control flow with the
// set of locks it must hold, keyed by instance (the access path from a
// receiver, parameter, captured variable or package-level variable through
// fields), never by type: n.mu and n.parent.mu are different locks. A
// deferred unlock releases at return. Each function gets a summary
// relative to its parameters (which locks it acquires, which it still
// holds when it returns, which it releases, and which results are release
// functions), computed to a fixpoint over the package and exported as an
// analysis fact for callers in other packages. It sees through calls at any
// depth, returned release functions and method values, sync.Locker and
// RLocker(), embedded mutexes, pointer fields and package-level mutexes.
//
// It stays silent when a lock is only possibly held (released on some
// path), when the lock was released before the call, for different
// instances of the same type, for function literals that are started with
// go, stored or passed rather than called, for TryLock and TryRLock, for
// interface calls whose target is unknown, for functions named or
// documented as requiring the lock (fooLocked, "mu must be held"), for
// functions that release the caller's lock before taking it again
// (sync.Cond.Wait), and for locks taken only when a boolean parameter says
// so, or a boolean a function literal captures (fsLock := func() { if
// needLock { mu.Lock() } }). A release wrapped in sync.OnceFunc releases
// where the wrapper is called. It reports each bug once, at the second acquisition, with the call
// chain and where the first acquisition happened.
//
// Every finding is an error. Flags: -relock.loops=false stops reporting
// locks carried into the next loop iteration by a deferred release;
// -relock.tests=false skips _test.go files.
//
// Suppress a finding with a reason: //hindsight:ignore relock <reason>
// on the line of the second acquisition or the line above.
package relock
