// Package bad holds code every hindsight driver must report.
package bad

import "sync"

var mu sync.Mutex

// Each locks once per item and defers the unlock: a self-deadlock on the
// second item.
func Each(items []string) {
	for _, it := range items {
		mu.Lock()
		defer mu.Unlock()
		if it == "" {
			continue
		}
		println(it)
	}
}
