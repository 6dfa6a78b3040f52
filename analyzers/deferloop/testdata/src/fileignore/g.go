package fileignore

import "os"

// Another file of the package is not covered by f.go's directive.
func openMore(names []string) {
	for _, n := range names {
		f, _ := os.Open(n)
		defer f.Close() // want `stays open`
	}
}
