package spell

import "testing"

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		max  int
		want int
	}{
		{"", "", -1, 0},
		{"timeout", "timeout", -1, 0},
		{"timeout", "timout", -1, 1},    // deletion
		{"forward", "foward", -1, 1},    // deletion
		{"retry", "retyr", -1, 1},       // adjacent transposition
		{"replicas", "replcias", -1, 1}, // adjacent transposition
		{"kind", "mind", -1, 1},         // substitution
		{"héllo", "hello", -1, 1},       // runes, not bytes
		{"abcdef", "uvwxyz", 2, 3},      // gives up past max
		{"abc", "xyz", -1, 3},
	} {
		if got := EditDistance(tc.a, tc.b, tc.max); got != tc.want {
			t.Errorf("EditDistance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.max, got, tc.want)
		}
	}
}

func TestNearest(t *testing.T) {
	fields := []string{"containers", "volumes", "nodeSelector", "serviceAccountName"}
	for _, tc := range []struct {
		name, want string
		ok         bool
	}{
		{"container", "containers", true},
		{"nodeselector", "nodeSelector", true}, // case first
		{"volumse", "volumes", true},
		{"affinity", "", false},
		{"volumes", "", false}, // never itself
	} {
		got, ok := Nearest(tc.name, fields)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Nearest(%q) = %q, %v; want %q, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
	if TypoBudget(4) != 1 || TypoBudget(5) != 2 || TypoBudget(12) != 3 {
		t.Error("TypoBudget")
	}
}
