//go:build integration

package bad

import "os"

// OpenAll is built only with -tags=integration.
func OpenAll(names []string) {
	for _, n := range names {
		f, err := os.Open(n)
		if err != nil {
			continue
		}
		defer f.Close()
	}
}
