package grades

type Fixture struct {
	Vals []int
}

func (f *Fixture) Copy() *Fixture {
	n := new(Fixture)
	*n = *f // want `Copy shares field Vals`
	return n
}
