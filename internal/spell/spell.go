// Package spell finds near-misses: edit distance, the typo budget for a
// name of a given length and the nearest candidate. It imports nothing of
// go/analysis, so the manifest engine and the checks share it.
package spell

import "strings"

// EditDistance returns the optimal-string-alignment distance between a and
// b (insertions, deletions, substitutions and adjacent transpositions each
// cost 1), compared rune by rune. It gives up early and returns max+1 once
// the distance must exceed max (max < 0 means no limit).
func EditDistance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if max >= 0 {
		d := len(ra) - len(rb)
		if d < 0 {
			d = -d
		}
		if d > max {
			return max + 1
		}
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if max >= 0 && rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// TypoBudget is how many edits still make a plausible typo of a name of n
// runes: 1 up to 4, 2 up to 11, 3 from 12.
func TypoBudget(n int) int {
	switch {
	case n <= 4:
		return 1
	case n < 12:
		return 2
	}
	return 3
}

// Nearest returns the candidate that name is most plausibly a typo of: an
// exact case-insensitive match first, then the smallest edit distance within
// TypoBudget (ties go to the earlier candidate). It never returns name itself.
func Nearest(name string, candidates []string) (string, bool) {
	for _, c := range candidates {
		if c != name && strings.EqualFold(c, name) {
			return c, true
		}
	}
	best, bestD := "", TypoBudget(len([]rune(name)))+1
	for _, c := range candidates {
		if c == name {
			continue
		}
		if d := EditDistance(strings.ToLower(name), strings.ToLower(c), bestD-1); d < bestD {
			best, bestD = c, d
		}
	}
	return best, best != ""
}
