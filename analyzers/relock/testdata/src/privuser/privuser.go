package privuser

import (
	"privdep"
	"privmid"
)

func counter(c *privdep.Counter) {
	privmid.Report(c)
	privmid.Report(c) // silent: nothing here can hold c's mutex
}

func table(t *privdep.Table) int {
	t.Lock()
	defer t.Unlock()
	return privmid.Lookup(t, "k") // want `t.mu is locked again through privmid.Lookup \(privmid.Lookup → t.Get → t.mu.Lock\) while this goroutine holds it, first taken by t.Lock at line 14: a certain self-deadlock`
}

func view(v *privdep.View) {
	release := v.Open()
	defer release()
	privmid.Read(v) // want `recursive read lock of v.mu through privmid.Read \(privmid.Read → v.Read → v.mu.RLock\), first taken by v.Open at line 20; it deadlocks as soon as a writer waits`
}

func global() {
	privdep.LockAll()
	defer privdep.UnlockAll()
	privmid.Flush() // want `privdep.gmu is locked again through privmid.Flush \(privmid.Flush → privdep.Flush → gmu.Lock\) while this goroutine holds it, first taken by privdep.LockAll at line 26: a certain self-deadlock`
}

func embedded(e *privdep.Embeds) {
	e.Mu.Lock()
	defer e.Mu.Unlock()
	privmid.Touch(e) // want `e.inner.Mu is locked again through privmid.Touch`
}

func both(b *privdep.Both) {
	b.Pub.Lock()
	defer b.Pub.Unlock()
	privmid.Step(b) // want `b.Pub is locked again through privmid.Step`
}
