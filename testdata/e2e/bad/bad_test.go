package bad

import (
	"os"
	"testing"
)

func TestOpen(t *testing.T) {
	for _, n := range []string{"a", "b"} {
		f, err := os.Open(n)
		if err != nil {
			continue
		}
		defer f.Close()
	}
}
