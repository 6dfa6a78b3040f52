// Package flock stands in for github.com/gofrs/flock; its body shows no
// primitive, so the check trusts its name.
package flock

type Flock struct{ path string }

func New(path string) *Flock { return &Flock{path: path} }

func (f *Flock) TryLock() (bool, error) { return true, nil }

func (f *Flock) Unlock() error { return nil }
