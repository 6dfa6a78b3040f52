package good

import "sync"

var mu sync.Mutex

// Each has a finding: a package next to a broken one is still reported.
func Each(xs []int) {
	for range xs {
		mu.Lock()
		defer mu.Unlock()
	}
}
