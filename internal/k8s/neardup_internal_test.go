package k8s

import (
	"fmt"
	"maps"
	"math/rand"
	"slices"
	"sort"
	"testing"

	"github.com/hindsight-lint/hindsight/internal/spell"
)

// referenceEnvNearDuplicates is the quadratic comparison that
// checkEnvNearDuplicates replaced: every name set once against every name
// of the image. The indexed version must report exactly the same.
func (c *checker) referenceEnvNearDuplicates() {
	groups, together := c.idx.envByImage()
	for _, image := range slices.Sorted(maps.Keys(groups)) {
		g := groups[image]
		names := g.names
		sort.Strings(names)
		for _, a := range names {
			if len(g.uses[a]) != 1 || len(a) < 6 {
				continue
			}
			for _, b := range names {
				if len(g.uses[b]) < 2 || a == b || onlyDigitsDiffer(a, b) {
					continue
				}
				budget := 1
				if len(a) > 10 {
					budget = 2
				}
				if spell.EditDistance(a, b, budget) > budget {
					continue
				}
				if together[[3]string{image, min(a, b), max(a, b)}] {
					continue
				}
				c.reportAt(g.first[a], RuleEnvNearDup, "env var %s is set only here, but %d other workloads running %s set %s: a typo?", a, len(g.uses[b]), image, b)
				break
			}
		}
	}
}

// Random sets of names drawn from a small alphabet (so that near misses
// abound, including transpositions, repeated runes and non-ASCII runes),
// with few and with many shared names: the indexed comparison reports the
// same findings as the quadratic one.
func TestEnvNearDuplicatesSameAsQuadratic(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	alphabet := []rune("AAB_CDé")
	word := func() string {
		n := 5 + rng.Intn(10)
		r := make([]rune, n)
		for i := range r {
			r[i] = alphabet[rng.Intn(len(alphabet))]
		}
		return string(r)
	}
	total := 0
	for round := 0; round < 60; round++ {
		pool := make([]string, 10+rng.Intn(150))
		for i := range pool {
			if i < 5 || rng.Intn(3) == 0 {
				pool[i] = word()
				continue
			}
			// A near miss of an earlier name: one or two edits.
			r := []rune(pool[rng.Intn(i)])
			for e := 0; e < 1+rng.Intn(2) && len(r) > 1; e++ {
				p := rng.Intn(len(r))
				switch rng.Intn(4) {
				case 0:
					r[p] = alphabet[rng.Intn(len(alphabet))]
				case 1:
					r = append(r[:p:p], r[p+1:]...)
				case 2:
					r = append(r[:p:p], append([]rune{alphabet[rng.Intn(len(alphabet))]}, r[p:]...)...)
				default:
					if p+1 < len(r) {
						r[p], r[p+1] = r[p+1], r[p]
					}
				}
			}
			pool[i] = string(r)
		}
		build := func() *checker {
			c, err := newChecker(&Config{})
			if err != nil {
				t.Fatal(err)
			}
			r := rand.New(rand.NewSource(int64(round)))
			src := newSource("r.yaml", nil)
			for i := 0; i < 40; i++ {
				w := &workload{kind: "Deployment", name: fmt.Sprint("w", i%35)}
				ct := &container{name: "app", image: fmt.Sprint("img", i%2)}
				for j := 0; j < 1+r.Intn(8); j++ {
					ct.env = append(ct.env, &envVar{name: pool[r.Intn(len(pool))], at: position{src, i*10 + j + 1, 1}, w: w})
				}
				w.containers = append(w.containers, ct)
				c.idx.workloads = append(c.idx.workloads, w)
			}
			return c
		}
		want, got := build(), build()
		want.referenceEnvNearDuplicates()
		got.checkImageEnvNearDuplicates()
		if len(want.findings) != len(got.findings) {
			t.Fatalf("round %d: %d findings, want %d", round, len(got.findings), len(want.findings))
		}
		for i := range want.findings {
			if w, g := want.findings[i], got.findings[i]; w.line != g.line || w.msg != g.msg {
				t.Fatalf("round %d: got %d %s, want %d %s", round, g.line, g.msg, w.line, w.msg)
			}
		}
		total += len(want.findings)
	}
	t.Logf("%d findings", total)
	if total < 20 {
		t.Errorf("only %d findings in all rounds: the test compares too little", total)
	}
}
