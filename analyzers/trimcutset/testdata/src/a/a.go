package a

import (
	"bytes"
	"fmt"
	"strings"
	str "strings"
)

// The incident: a session namespace "<lesson>-<session>-ns".
func nsName(lesson int, session string) string { return fmt.Sprintf("%d-%s-ns", lesson, session) }

func sessionOf(ns string) string {
	return strings.TrimRight(ns, "-ns") // want `TrimRight treats "-ns" as a set of characters: "abcdefn-ns" becomes "abcdef", not "abcdefn"; use TrimSuffix; "-ns" is also used as a suffix in a format at line 11`
}

func suffixes(name, path, size, v string, b []byte) {
	_ = strings.TrimRight(name, ".pem")     // want `TrimRight treats ".pem" as a set of characters: "abcdfgp.pem" becomes "abcdfg", not "abcdfgp"; use TrimSuffix`
	_ = strings.TrimRight(path, "/v1")      // want `TrimRight treats "/v1" as a set of characters: "abcdefv/v1" becomes "abcdef", not "abcdefv"; use TrimSuffix`
	_ = strings.TrimRight(size, " kB")      // want `TrimRight treats " kB" as a set of characters: "abcdefk kB" becomes "abcdef", not "abcdefk"`
	_ = bytes.TrimRight(b, " kB")           // want `TrimRight treats " kB" as a set of characters`
	_ = bytes.Trim(b, " kB")                // want `Trim treats " kB" as a set of characters: "abcdefk kB" becomes "abcdef", not "abcdefk"; use TrimPrefix and/or TrimSuffix`
	_ = strings.Trim(path, ".git")          // want `Trim treats ".git" as a set of characters: "abcdefg.git" becomes "abcdef", not "abcdefg"; use TrimPrefix and/or TrimSuffix`
	_ = strings.TrimRight(name, ".html")    // want `".html"`
	_ = strings.TrimRight(path, "/graphql") // want `"/graphql"`
	_ = strings.TrimLeft(path, "/graphql")  // want `TrimLeft treats "/graphql" as a set of characters: "/graphqllbcdefi" becomes "bcdefi", not "lbcdefi"; use TrimPrefix`
	_ = str.TrimRight(name, ".go")          // want `".go"`
	_ = strings.TrimRight(size, "MB")       // want `TrimRight treats "MB" as a set of characters: "abcdefMMB" becomes "abcdef", not "abcdefM"; use TrimSuffix`
}

func prefixes(v, key string) {
	_ = strings.TrimLeft(v, "dev-")     // want `TrimLeft treats "dev-" as a set of characters: "dev-vabcfgh" becomes "abcfgh", not "vabcfgh"; use TrimPrefix`
	_ = strings.Trim(v, "dev-")         // want `Trim treats "dev-" as a set of characters`
	_ = strings.TrimLeft(key, "v1:")    // want `"v1:"`
	_ = strings.TrimLeft(v, "http://")  // want `TrimLeft treats "http://" as a set of characters: "http://pabcdef" becomes "abcdef", not "pabcdef"; use TrimPrefix`
	_ = strings.TrimLeft(v, "--")       // want `TrimLeft treats "--" as a set of characters \(it lists '-' twice\): "---abcdef" becomes "abcdef", not "-abcdef"; use TrimPrefix`
	_ = strings.TrimLeft(v, "tmp_at_")  // want `"tmp_at_"`
	_ = strings.TrimLeft(v, "v1:ts:")   // want `"v1:ts:"`
	_ = strings.TrimLeft(v, "mysql://") // want `"mysql://"`
}

// Corroborated: the same suffix is tested with HasSuffix.
func stripPem(name string) string {
	if strings.HasSuffix(name, ".crt") {
		return strings.TrimRight(name, ".crt") // want `TrimRight treats ".crt" as a set of characters: .*; ".crt" is also used as a suffix at line 44`
	}
	return name
}

// Corroborated by concatenation.
func withExt(name string) string { return name + ".yaml" }

func stripYAML(name string) string {
	return strings.TrimRight(name, ".yaml") // want `".yaml" is also used as a suffix at line 51`
}

const tagSep = ":"

// Non-constant cutsets.
func image(ref, tag string, suffix string, c config) {
	_ = strings.TrimRight(ref, ":"+tag)    // want `TrimRight treats ":" \+ tag as a set of characters: if tag is "v1", "abcdefv:v1" becomes "abcdef", not "abcdefv"; use TrimSuffix`
	_ = strings.TrimRight(ref, suffix)     // want `TrimRight treats suffix as a set of characters: if suffix is "-v1", "abcdefv-v1" becomes "abcdef", not "abcdefv"; use TrimSuffix`
	_ = strings.TrimLeft(ref, c.prefix)    // want `TrimLeft treats c.prefix as a set of characters: if c.prefix is "v1-", "v1-1abcdef" becomes "abcdef", not "1abcdef"; use TrimPrefix`
	_ = strings.TrimRight(ref, tagSep+tag) // want `TrimRight treats tagSep \+ tag as a set of characters: if tag is "v1", "abcdefv:v1"`
	if strings.HasSuffix(ref, c.ext) {
		_ = strings.TrimRight(ref, c.ext) // want `TrimRight treats c.ext as a set of characters: .*; c.ext is also used as a suffix at line 65`
	}
	ns := "-ns"
	_ = strings.TrimRight(ref, ns) // want `TrimRight treats ns \("-ns"\) as a set of characters: "abcdefn-ns" becomes "abcdef", not "abcdefn"`
}

type config struct{ prefix, ext, cutset string }

// A function value.
func viaValue(ns string) string {
	trim := strings.TrimRight
	return trim(ns, "-ns") // want `TrimRight treats "-ns" as a set of characters`
}

var trimBytes = bytes.TrimLeft

func viaPackageValue(b []byte) []byte {
	return trimBytes(b, "dev-") // want `TrimLeft treats "dev-"`
}

// Generic code.
func trimT[S ~string](s S) S {
	return S(strings.TrimRight(string(s), ".pem")) // want `".pem"`
}

// A number's base prefix: TrimLeft also eats the number's leading zeros
// (a key fingerprint "0x00ab..." loses its first byte).
func basePrefixes(fp, bits, mode string) {
	_ = strings.TrimLeft(fp, "0x")   // want `TrimLeft treats "0x" as a set of characters: "0x00ff" becomes "ff", not "00ff"; use TrimPrefix`
	_ = strings.Trim(fp, "0X")       // want `Trim treats "0X" as a set of characters: "0X00ff" becomes "ff", not "00ff"`
	_ = strings.TrimLeft(bits, "0b") // want `"0b0101" becomes "101", not "0101"`
	_ = strings.TrimLeft(mode, "0o") // want `"0o017" becomes "17", not "017"`
}

// The letters of "https://" written once each, to strip a scheme.
func hosts(u string) {
	_ = strings.TrimLeft(u, "htps:/") // want `TrimLeft treats "htps:/" as a set of characters: "https://test.example" becomes "est.example", not "test.example"; to drop a URL scheme use TrimPrefix with "https://" and "http://", or url.Parse`
	_ = strings.Trim(u, "/:shtp")     // want `Trim treats "/:shtp" as a set of characters`
}
