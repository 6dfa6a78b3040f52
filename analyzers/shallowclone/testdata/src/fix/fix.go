package fix

import (
	"fmt"
)

type Record struct {
	Status string
}

func (r *Record) Clone() *Record {
	c := *r
	return &c
}

func (r *Record) SetStatus(s string) { r.Status = s }

type State struct {
	Check *Record
	Name  string
}

func (s *State) Clone() *State {
	c := *s // want `Clone shares field Check \(\*Record\)`
	return &c
}

type Labels struct {
	Name   string
	Labels map[string]string
}

func (l *Labels) Clone() *Labels {
	n := new(Labels)
	*n = *l // want `Clone shares field Labels`
	fmt.Println("cloned", n.Name)
	return n
}

type Ports struct {
	Ports []int
}

func (p Ports) Copy() Ports {
	c := p // want `Copy shares field Ports`
	return c
}

type Refs struct {
	Items []*Record
}

// No fix: the elements hold pointers.
func (r *Refs) Clone() *Refs {
	c := *r // want `Clone shares field Items`
	return &c
}
