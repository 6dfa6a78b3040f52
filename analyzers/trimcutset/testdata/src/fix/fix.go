package fix

import (
	"bytes"
	"strings"
)

func f(ns, v string, b []byte) {
	_ = strings.TrimRight(ns, "-ns") // want `use TrimSuffix`
	_ = strings.TrimLeft(v, "dev-")  // want `use TrimPrefix`
	_ = bytes.TrimRight(b, " kB")    // want `use TrimSuffix`
	_ = strings.Trim(v, ".git")      // want `use TrimPrefix and/or TrimSuffix`
}

func g(b []byte, sep string) {
	_ = bytes.TrimLeft(b, sep+"v1") // want `use TrimPrefix`
}

// No fix: TrimPrefix with the scheme's letters would match nothing.
func host(u string) string {
	return strings.TrimLeft(u, "htps:/") // want `"https://test.example" becomes "est.example", not "test.example"; to drop a URL scheme use TrimPrefix with "https://" and "http://", or url.Parse`
}
