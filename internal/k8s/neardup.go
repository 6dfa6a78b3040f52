package k8s

import (
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/hindsight-lint/hindsight/internal/spell"
)

// envGroup holds the env names that a group of workloads set: the
// workloads running one image repository, or those of one application.
type envGroup struct {
	uses  map[string]map[string]bool // name -> ids of the workloads setting it
	first map[string]position        // where the group first sets each name
	names []string                   // in the order first set
}

func (g *envGroup) add(ev *envVar, w *workload) {
	if g.uses == nil {
		g.uses, g.first = map[string]map[string]bool{}, map[string]position{}
	}
	if g.uses[ev.name] == nil {
		g.uses[ev.name] = map[string]bool{}
		g.first[ev.name] = ev.at
		g.names = append(g.names, ev.name)
	}
	g.uses[ev.name][w.id()] = true
}

// envByImage groups the env names by the image repository of the
// containers setting them, and returns the pairs of names that one
// container of an image sets together (for containers of fewer than 200
// names), keyed by image and the two names in order.
func (ix *index) envByImage() (map[string]*envGroup, map[[3]string]bool) {
	groups := map[string]*envGroup{}
	together := map[[3]string]bool{}
	for _, w := range ix.workloads {
		for _, ct := range w.containers {
			if ct.image == "" {
				continue
			}
			g := groups[ct.image]
			if g == nil {
				g = &envGroup{}
				groups[ct.image] = g
			}
			names := map[string]bool{}
			for _, ev := range ct.env {
				g.add(ev, w)
				names[ev.name] = true
			}
			if len(names) < 200 {
				for a := range names {
					for b := range names {
						if a < b {
							together[[3]string{ct.image, a, b}] = true
						}
					}
				}
			}
		}
	}
	return groups, together
}

// nearBudget is how many edits make a plausible typo of an env name.
func nearBudget(name string) int {
	if len(name) > 10 {
		return 2
	}
	return 1
}

// minNearName is the shortest env name compared with others: shorter
// names differ by one edit for good reasons (DB_URL, DB_URI).
const minNearName = 6

// checkEnvNearDuplicates reports env names that are a small edit away from
// a name other workloads set: among workloads running one image, then
// among the workloads of one application.
func (c *checker) checkEnvNearDuplicates() {
	c.checkAppEnvNearDuplicates(c.checkImageEnvNearDuplicates())
}

// loneName is an env name and the one workload that sets it.
type loneName struct{ name, workload string }

// checkImageEnvNearDuplicates reports env names set by one workload that
// are a small edit away from a name several other workloads running the
// same image set (copies of the same program). It returns the names it
// reported, with the workload that sets each.
func (c *checker) checkImageEnvNearDuplicates() map[loneName]bool {
	groups, together := c.idx.envByImage()
	reported := map[loneName]bool{}
	for _, image := range slices.Sorted(maps.Keys(groups)) {
		g := groups[image]
		names := g.names
		sort.Strings(names)
		// A name set by one workload is compared with the names several
		// workloads set.
		var shared []string
		lone := 0
		minLong := math.MaxInt
		for _, n := range names {
			switch len(g.uses[n]) {
			case 1:
				if len(n) >= minNearName {
					lone++
				}
				if nearBudget(n) == 2 {
					minLong = min(minLong, utf8.RuneCountInString(n))
				}
			default:
				shared = append(shared, n)
			}
		}
		if lone == 0 || len(shared) == 0 {
			continue
		}
		near := newNearIndex(shared, minLong)
		var cands []int32
		for _, a := range names {
			if len(g.uses[a]) != 1 || len(a) < minNearName {
				continue
			}
			budget := nearBudget(a)
			cands = near.candidates(a, budget, cands[:0])
			for _, i := range cands {
				b := shared[i]
				if a == b || onlyDigitsDiffer(a, b) {
					continue
				}
				if spell.EditDistance(a, b, budget) > budget {
					continue
				}
				if together[[3]string{image, min(a, b), max(a, b)}] {
					continue
				}
				c.reportAt(g.first[a], RuleEnvNearDup, "env var %s is set only here, but %d other workloads running %s set %s: a typo?", a, len(g.uses[b]), image, b)
				for id := range g.uses[a] {
					reported[loneName{a, id}] = true
				}
				break
			}
		}
	}
	return reported
}

// nearIndex finds the names of a sorted list that may be within a small
// edit distance of another name. Few names (the usual case) are compared
// by length only. Many are indexed by their deletion neighbourhood (every
// string left after deleting up to two runes): two names within k edits
// (insertions, deletions, substitutions, transpositions) share a string
// reachable by at most k deletions from each, so a name looks up its own
// neighbourhood instead of being compared with every name.
type nearIndex struct {
	names []string
	// near maps a hash to the head of a chain in links: (index of a
	// name, next link), 0 ending the chain.
	near  map[uint64]int32
	links [][2]int32
}

// newNearIndex indexes names for lookups with a budget of 1, and of 2 for
// names of at least minLong runes.
func newNearIndex(names []string, minLong int) *nearIndex {
	x := &nearIndex{names: names}
	if len(names) <= 32 {
		return x
	}
	x.near = make(map[uint64]int32, 64*len(names))
	x.links = append(x.links, [2]int32{})
	for i, b := range names {
		// Two deletions are needed only for names that a name with a
		// budget of 2 can be 2 edits from.
		depth := 1
		if utf8.RuneCountInString(b) >= minLong-2 {
			depth = 2
		}
		deletionHashes(b, depth, func(h uint64) {
			x.links = append(x.links, [2]int32{int32(i), x.near[h]})
			x.near[h] = int32(len(x.links) - 1)
		})
	}
	return x
}

// candidates appends to cands, in order and once each, the indices of the
// names that may be within budget edits of a; the caller measures.
func (x *nearIndex) candidates(a string, budget int, cands []int32) []int32 {
	if x.near == nil {
		la := utf8.RuneCountInString(a)
		for i, b := range x.names {
			if d := la - utf8.RuneCountInString(b); d <= budget && d >= -budget {
				cands = append(cands, int32(i))
			}
		}
		return cands
	}
	deletionHashes(a, budget, func(h uint64) {
		for l := x.near[h]; l != 0; l = x.links[l][1] {
			cands = append(cands, x.links[l][0])
		}
	})
	slices.Sort(cands) // names are sorted: the first match by name
	return slices.Compact(cands)
}

// deletionHashes calls f with a hash of s and of every string obtained by
// deleting up to k (at most 2) runes of s. Equal strings have equal
// hashes; a collision only adds a candidate that the caller rejects.
func deletionHashes(s string, k int, f func(uint64)) {
	r := []rune(s)
	hash := func(skip1, skip2 int) uint64 {
		h := uint64(14695981039346656037)
		for i, c := range r {
			if i != skip1 && i != skip2 {
				h = (h ^ uint64(c)) * 1099511628211
			}
		}
		return h
	}
	f(hash(-1, -1))
	for i := range r {
		if k >= 1 && (i == 0 || r[i] != r[i-1]) { // deleting either of two equal runes gives the same string
			f(hash(i, -1))
		}
		if k >= 2 {
			for j := i + 1; j < len(r); j++ {
				f(hash(i, j))
			}
		}
	}
}

// onlyDigitsDiffer reports whether a and b are equal once digits are
// removed (and differ at all).
func onlyDigitsDiffer(a, b string) bool {
	drop := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return -1
			}
			return r
		}, s)
	}
	return a != b && drop(a) == drop(b)
}
