package k8s

import (
	"fmt"
	"testing"
)

func TestTypo(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"TIMEOUT", "TIMOUT", true},  // a letter left out
		{"TIMOUT", "TIMEOUT", true},  // either order
		{"RETRY", "RETYR", true},     // neighbours swapped
		{"MODE", "NODE", true},       // M and N touch
		{"REGION", "REGOIN", true},   // swapped
		{"TILE", "FILE", true},       // T and F touch (F is below, half a key left)
		{"HOST", "POST", false},      // H and P are far apart
		{"INPUT", "OUTPUT", false},   // two edits
		{"DATA", "DATE", false},      // A and E do not touch
		{"HOST", "HOSTS", true},      // a letter added (the caller treats endings apart)
		{"ABCD", "ABCD", false},      // the same word
		{"SHARD", "SHRAD", true},     // swapped
		{"LIMIT", "LIMTI", true},     // swapped at the end
		{"LIMIT", "LMIIT", true},     // swapped at the start
		{"SECRET", "SECURE", false},  // two edits
		{"READER", "HEADER", false},  // R and H do not touch
		{"FORWARD", "FOWARD", true},  // a letter left out
		{"PAYMENT", "PAYMNET", true}, // swapped
	} {
		if got := typo(tc.a, tc.b); got != tc.want {
			t.Errorf("typo(%s, %s) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestDifferingWord(t *testing.T) {
	for _, tc := range []struct{ a, b, want string }{
		{"PAYMENTS_TIMOUT", "PAYMENTS_TIMEOUT", "TIMOUT TIMEOUT true"},
		{"payments.timout", "PAYMENTS_TIMEOUT", "TIMOUT TIMEOUT true"},
		{"PAYMENTS_TIMEOUT", "PAYMENTSTIMEOUT", "  false"}, // not the same number of words
		{"A_TIMOUT_X", "B_TIMEOUT_X", "  false"},           // two words differ
		{"SAME_NAME", "SAME_NAME", "  false"},
	} {
		wa, wb, ok := differingWord(tc.a, tc.b)
		if got := fmt.Sprintf("%s %s %v", wa, wb, ok); got != tc.want {
			t.Errorf("differingWord(%s, %s) = %s, want %s", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestWorkloadApps(t *testing.T) {
	w := &workload{kind: "Job", ns: "pay", name: "payments-migrate", labels: map[string]string{"app": "payments-migrate"}}
	got := fmt.Sprint(workloadApps(w, map[string]string{"app.kubernetes.io/part-of": "payments", "app": "payments-migrate"}))
	want := "[app.kubernetes.io/part-of=payments in namespace pay app=payments-migrate in namespace pay names starting payments- in namespace pay]"
	if got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	// No prefix from a short first segment, nor from a name without one.
	for _, name := range []string{"db-backup", "payments"} {
		w := &workload{name: name}
		if apps := workloadApps(w, nil); len(apps) != 0 {
			t.Errorf("%s: got %v", name, apps)
		}
	}
}
