package cgo

/*
#include <stdlib.h>
static int twice(int x) { return 2 * x; }
*/
import "C"

import "sync"

var mu sync.Mutex

// Twice calls into C under a lock taken per iteration.
func Twice(xs []int) int {
	sum := 0
	for _, x := range xs {
		mu.Lock()
		defer mu.Unlock()
		sum += int(C.twice(C.int(x)))
	}
	return sum
}
