// Package privmid wraps privdep: its summaries keep only the locks an
// importer can hold.
package privmid

import "privdep"

// Only private locks below: no summary, no fact.
func Report(c *privdep.Counter) {
	privdep.Log("inc")
	c.Inc()
}

func Lookup(t *privdep.Table, k string) int { // want Lookup:`acquires W\(p0.mu\)`
	return t.Get(k)
}

func Read(v *privdep.View) { // want Read:`acquires R\(p0.mu\)`
	v.Read()
}

func Set(f *privdep.Flag) { // want Set:`acquires W\(p0.mu\)`
	f.Set()
}

func Flush() { // want Flush:`acquires W\(g\{privdep.gmu\}\)`
	privdep.Flush()
}

func Touch(e *privdep.Embeds) { // want Touch:`acquires W\(p0.inner.Mu\)`
	e.Touch()
}

func Step(b *privdep.Both) { // want Step:`acquires W\(p0.Pub\)`
	b.Step()
}
