package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Hostile and unusual Go input: each ends with a clear error or no finding,
// quickly, never a panic.
func TestHostileGo(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "hostile"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		pkg      string
		code     int
		contains string
	}{
		{"./typeerr", 1, "typeerr.go:10:9"}, // the type error, clearly
		{"./generated", 0, ""},              // generated files are skipped
		{"./empty", 0, ""},                  // nothing to say
		{"./testonly", 0, ""},               // tests only
		{"./deep", 0, ""},                   // 300 nested blocks, a 5000-term expression
		{"./cgo", 3, "cgo.go:18:3: error: defer of mu.Unlock() in loop"}, // cgo files are analysed, at the user's positions
		{"./nonexistent/...", 1, "nonexistent"},
	} {
		t.Run(strings.Trim(tc.pkg, "./"), func(t *testing.T) {
			if tc.pkg == "./cgo" {
				if _, err := os.Stat("/usr/bin/gcc"); err != nil {
					t.Skip("no C compiler")
				}
			}
			r := run(t, dir, binary, tc.pkg)
			out := r.stdout + r.stderr
			if strings.Contains(out, "panic:") || strings.Contains(out, "[running]") {
				t.Fatalf("panic:\n%s", out)
			}
			if r.code != tc.code || (tc.contains != "" && !strings.Contains(out, tc.contains)) {
				t.Errorf("exit %d, want %d containing %q:\n%s", r.code, tc.code, tc.contains, out)
			}
		})
	}
}
