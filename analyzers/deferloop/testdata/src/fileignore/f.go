// Package fileignore checks the file-level directive.

//hindsight:file-ignore deferloop this file's loops run once per process and close at exit

package fileignore

import "os"

func openAll(names []string) {
	for _, n := range names {
		f, _ := os.Open(n)
		defer f.Close()
	}
}
