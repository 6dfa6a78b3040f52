package a

import "slices"

// Box is generic.
type Box[T any] struct {
	items []T
	Tags  map[string]T
	val   T
}

func (b *Box[T]) Set(i int, v T) { b.items[i] = v }

func (b *Box[T]) Clone() *Box[T] {
	c := *b // want `Clone shares field items \(\[\]T\)` `Clone shares field Tags \(map\[string\]T\)`
	return &c
}

// Pair is generic and copied properly.
type Pair[K comparable, V any] struct {
	Keys []K
	Vals map[K]V
}

func (p *Pair[K, V]) Clone() *Pair[K, V] {
	c := *p
	c.Keys = slices.Clone(p.Keys)
	c.Vals = make(map[K]V, len(p.Vals))
	for k, v := range p.Vals {
		c.Vals[k] = v
	}
	return &c
}

// clonePair is a generic package function that forgets the containers.
func clonePair[K comparable, V any](p *Pair[K, V]) *Pair[K, V] {
	c := *p // want `clonePair shares field Keys` `clonePair shares field Vals`
	return &c
}

// Alias types of the struct are the same type.
type BoxAlias = Box[int]
