package a

// T is test data with a shallow Copy (reported one grade lower).
type T struct {
	SI []int
}

func (t *T) Copy() *T {
	n := new(T)
	*n = *t // want `Copy shares field SI`
	return n
}
