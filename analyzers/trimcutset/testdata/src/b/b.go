package b

import "strings"

func f(ns, tag string) {
	_ = strings.TrimRight(ns, "-ns") // want `TrimRight treats "-ns"`
	_ = strings.TrimRight(ns, ":"+tag)
	_ = strings.TrimRight(ns, tag)
}
