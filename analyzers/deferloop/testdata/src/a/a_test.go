package a

import (
	"os"
	"testing"
)

// In tests the error cases drop to a lower grade and suggest t.Cleanup.
func TestFiles(t *testing.T) {
	for _, n := range []string{"a", "b"} {
		f, err := os.Open(n)
		if err != nil {
			t.Skip(err)
		}
		defer f.Close() // want `in tests use t.Cleanup or a subtest \(t.Run\) so it runs per iteration`
	}
}

// Plain defers in test loops are not worth a word.
func TestPlain(t *testing.T) {
	for i := 0; i < 3; i++ {
		x := i
		defer println(x)
	}
}
