package trimcutset

import (
	"bytes"
	"strings"
	"testing"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		fn     Func
		cutset string
		want   Reason
	}{
		// Real-world affixes (research note, section 4).
		{TrimRight, "-ns", SuffixShape},
		{TrimRight, ".pem", SuffixShape},
		{TrimRight, "/v1", SuffixShape},
		{TrimRight, " kB", SuffixShape},
		{Trim, " kB", SuffixShape},
		{TrimRight, ".html", SuffixShape},
		{TrimRight, ".go", SuffixShape},
		{Trim, ".git", SuffixShape},
		{TrimRight, ".git", SuffixShape},
		{TrimRight, "/graphql", SuffixShape},
		{TrimLeft, "/graphql", Word},
		{TrimLeft, "dev-", PrefixShape},
		{Trim, "dev-", PrefixShape},
		{TrimLeft, "v1:", PrefixShape},
		{TrimLeft, "v1:ts:", PrefixShape},
		{TrimLeft, "tmp_at_", PrefixShape},
		{TrimLeft, "mysql://", PrefixShape},
		{TrimLeft, "http://", PrefixShape},
		{TrimRight, "/v1beta1", SuffixShape},
		{TrimRight, "graphql", Word},
		{TrimRight, "MB", Word},
		{TrimLeft, "MB", Word},
		{TrimRight, "--", Duplicate},
		{TrimLeft, "//", Duplicate},
		{TrimRight, "00", Duplicate},
		{TrimLeft, "-ns", None}, // a suffix shape, trimmed from the left: ascending, no word order
		{TrimRight, "dev-", None},
		// Legitimate character sets.
		{TrimRight, ".0", None},
		{TrimLeft, "0_", None},
		{TrimRight, "./", None},
		{TrimRight, " \x00", None},
		{TrimRight, "\r\n", None},
		{TrimRight, "! ", None},
		{TrimRight, "!¡", None},
		{Trim, "vV", None},
		{Trim, "eE", None},
		{TrimLeft, "0xX", None},
		// A number's base prefix (fluidkeys#63: TrimLeft(fp, "0x") broke
		// fingerprints starting with 0; golang/go#62139).
		{TrimLeft, "0x", PrefixShape},
		{Trim, "0x", PrefixShape},
		{TrimLeft, "0X", PrefixShape},
		{TrimLeft, "0b", PrefixShape},
		{TrimLeft, "0o", PrefixShape},
		{TrimRight, "0x", None},
		{TrimLeft, "htps:/", PrefixShape}, // the letters of "https://": a scheme set, example on a URL
		{TrimLeft, "0a", None},
		{TrimRight, " \t\r\n", None},
		{Trim, " \t\n\r\v\f", None},
		{TrimRight, "/", None},
		{Trim, "\"'", None},
		{Trim, "[]", None},
		{TrimLeft, "0", None},
		{TrimRight, "=", None},
		{TrimLeft, "0123456789", None},
		{TrimRight, "abcdef", None},
		{TrimRight, "0123456789abcdef", None},
		{TrimRight, "0123456789abcdefABCDEF", None},
		{TrimRight, "-0123456789", None},
		{TrimRight, "0123456789.", None},
		{Trim, "aeiouAEIOU", None},
		{TrimRight, "\r\n\r\n", None}, // repeated, but only whitespace
		{TrimRight, "", None},
		{TrimRight, "x", None},
		{TrimRight, "\xff\xfe", None}, // not UTF-8
		{TrimRight, "+-", None},
		{Trim, "<>", None},
		{Trim, " \t\"`", None},
	}
	for _, tt := range tests {
		got := Classify(tt.fn, tt.cutset)
		if got.Reason != tt.want {
			t.Errorf("Classify(%v, %q) = %v, want %v", tt.fn, tt.cutset, got.Reason, tt.want)
			continue
		}
		if got.Reason != None {
			checkExample(t, tt.fn, tt.cutset, got)
		}
	}
}

func TestClassifyIncidentMessage(t *testing.T) {
	v := Classify(TrimRight, "-ns")
	if v.Example != "abcdefn-ns" || v.Got != "abcdef" || v.Want != "abcdefn" || !v.Suffix {
		t.Errorf("Classify(TrimRight, \"-ns\") = %+v, want the incident example", v)
	}
	v = Classify(TrimLeft, "dev-")
	if v.Example != "dev-vabcfgh" || v.Got != "abcfgh" || v.Want != "vabcfgh" || v.Suffix {
		t.Errorf("Classify(TrimLeft, \"dev-\") = %+v", v)
	}
	v = Classify(TrimRight, "abc--")
	if v.Reason != Duplicate || v.Dup != '-' || strings.ContainsAny(v.Got, "abc-") {
		t.Errorf("Classify(TrimRight, \"abc--\") = %+v", v)
	}
}

// checkExample verifies that the verdict's damage example is true for both
// the strings and the bytes functions.
func checkExample(t *testing.T, fn Func, cutset string, v Verdict) {
	t.Helper()
	if v.Example == "" {
		t.Errorf("Classify(%v, %q): no example", fn, cutset)
		return
	}
	var got, want string
	switch fn {
	case Trim:
		got = strings.Trim(v.Example, cutset)
	case TrimLeft:
		got = strings.TrimLeft(v.Example, cutset)
	default:
		got = strings.TrimRight(v.Example, cutset)
	}
	switch {
	case v.Scheme:
		want = strings.TrimPrefix(strings.TrimPrefix(v.Example, "https://"), "http://")
	case v.Suffix:
		want = strings.TrimSuffix(v.Example, cutset)
	default:
		want = strings.TrimPrefix(v.Example, cutset)
	}
	var bgot []byte
	switch fn {
	case Trim:
		bgot = bytes.Trim([]byte(v.Example), cutset)
	case TrimLeft:
		bgot = bytes.TrimLeft([]byte(v.Example), cutset)
	default:
		bgot = bytes.TrimRight([]byte(v.Example), cutset)
	}
	if got != v.Got || string(bgot) != v.Got {
		t.Errorf("%v(%q, %q) = %q (bytes %q), verdict claims %q", fn, v.Example, cutset, got, bgot, v.Got)
	}
	if want != v.Want {
		t.Errorf("%s(%q, %q) = %q, verdict claims %q", fn.Affix(v.Suffix), v.Example, cutset, want, v.Want)
	}
	if got == want {
		t.Errorf("%v(%q, %q): example shows no damage (%q)", fn, v.Example, cutset, got)
	}
}

// FuzzCutset checks that Classify never panics and that every damage
// example it gives is true.
func FuzzCutset(f *testing.F) {
	for _, s := range []string{"-ns", ".pem", "/v1", " kB", "dev-", "v1:", ".git", "graphql", "MB",
		"http://", "--", ".0", "0_", "./", " \x00", "\r\n", "! ", "vV", "eE", "abcdef", "\xff-ns",
		"abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-", "é-ñs", "\uFFFD-ab", "htps:/", "0x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cutset string) {
		for _, fn := range []Func{Trim, TrimLeft, TrimRight} {
			v := Classify(fn, cutset)
			if v.Reason == None {
				if v.Example != "" {
					t.Errorf("Classify(%v, %q): example without a reason", fn, cutset)
				}
				continue
			}
			if v.Example == "" {
				continue // no base word could be built; the message says so
			}
			checkExample(t, fn, cutset, v)
		}
	})
}
