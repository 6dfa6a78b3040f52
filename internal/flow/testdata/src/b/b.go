package b

import "a"

func Wrap() { // want Wrap:"noReturn"
	a.Die("wrapped")
}

func Guard(ok bool) {
	if !ok {
		a.Die("not ok")
	}
}
