package k8s

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/hindsight-lint/hindsight/internal/spell"
)

// appKey names an application in a namespace, as a workload's labels or
// name say it: the value of a label (app.kubernetes.io/part-of,
// app.kubernetes.io/name, app), or the first segment of the workload's
// name (payments of payments-api and payments-migrate).
type appKey struct {
	ns    string
	label string // the label, or "" for a name prefix
	value string
}

func (k appKey) String() string {
	what := k.label + "=" + k.value
	if k.label == "" {
		what = "names starting " + k.value + "-"
	}
	if k.ns == "" {
		return what + ", no namespace"
	}
	return what + " in namespace " + k.ns
}

// appLabels are the labels that name a workload's application.
var appLabels = []string{"app.kubernetes.io/part-of", "app.kubernetes.io/name", "app"}

// workloadApps returns the applications a workload belongs to, from the
// labels of the object (meta) and of its pod template, and its name.
func workloadApps(w *workload, meta map[string]string) []appKey {
	var keys []appKey
	for _, l := range appLabels {
		for _, m := range []map[string]string{meta, w.labels} {
			if v := m[l]; v != "" {
				keys = append(keys, appKey{w.ns, l, v})
			}
		}
	}
	if prefix, _, ok := strings.Cut(w.name, "-"); ok && len(prefix) >= 3 {
		keys = append(keys, appKey{w.ns, "", prefix})
	}
	slices.SortFunc(keys, compareAppKeys)
	return slices.Compact(keys)
}

// compareAppKeys orders applications by namespace, then the labels in the
// order of appLabels before name prefixes (a pair found in two groups is
// reported with the most explicit), then value.
func compareAppKeys(a, b appKey) int {
	rank := func(k appKey) int {
		if i := slices.Index(appLabels, k.label); i >= 0 {
			return i
		}
		return len(appLabels)
	}
	return cmp.Or(strings.Compare(a.ns, b.ns), cmp.Compare(rank(a), rank(b)), strings.Compare(a.value, b.value))
}

// envWords splits an env name into upper-case words at every character
// that is neither a letter nor a digit.
func envWords(name string) []string {
	return strings.FieldsFunc(strings.ToUpper(name), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// differingWord returns the one word in which two env names of the same
// number of words differ, or false when they differ in more than one
// word or in their number of words.
func differingWord(a, b string) (wa, wb string, ok bool) {
	as, bs := envWords(a), envWords(b)
	if len(as) != len(bs) {
		return "", "", false
	}
	for i := range as {
		if as[i] == bs[i] {
			continue
		}
		if ok {
			return "", "", false
		}
		wa, wb, ok = as[i], bs[i], true
	}
	return wa, wb, ok
}

// appEnv is what the application pass knows of the set's env names.
type appEnv struct {
	wordUser   map[string]string    // word -> id of the one workload setting a name with it, or manyUsers
	containers map[string][]int     // name -> indices of the containers setting it, ascending
	workloads  map[string]*workload // by id (the first definition)
}

func (ix *index) appEnv() *appEnv {
	e := &appEnv{wordUser: map[string]string{}, containers: map[string][]int{}, workloads: map[string]*workload{}}
	n := 0
	for _, w := range ix.workloads {
		if e.workloads[w.id()] == nil {
			e.workloads[w.id()] = w
		}
		for _, ct := range w.containers {
			for _, ev := range ct.env {
				if l := e.containers[ev.name]; len(l) == 0 || l[len(l)-1] != n {
					e.containers[ev.name] = append(l, n)
				}
				for _, word := range envWords(ev.name) {
					if id, ok := e.wordUser[word]; !ok {
						e.wordUser[word] = w.id()
					} else if id != w.id() {
						e.wordUser[word] = manyUsers
					}
				}
			}
			n++
		}
	}
	return e
}

// together reports whether one container sets both names.
func (e *appEnv) together(a, b string) bool {
	ca, cb := e.containers[a], e.containers[b]
	for i, j := 0, 0; i < len(ca) && j < len(cb); {
		switch {
		case ca[i] == cb[j]:
			return true
		case ca[i] < cb[j]:
			i++
		default:
			j++
		}
	}
	return false
}

// onlyWith reports whether no workload but id sets a name with word: a
// word nothing else in the set uses, as a typo makes.
func (e *appEnv) onlyWith(word, id string) bool {
	return e.wordUser[word] == id
}

// manyUsers marks a word that several workloads use (no workload id is
// empty: it names at least the kind).
const manyUsers = ""

// ownWord reports whether word (upper case) is a word of the workload's
// name or of one of its containers' names, or one of those words with an
// ending (FILE of geo-files): TILE_CACHE_DIR in geo-tiles and
// FILE_CACHE_DIR in geo-files name their own components, on purpose.
func (e *appEnv) ownWord(word, id string) bool {
	w := e.workloads[id]
	if w == nil {
		return false
	}
	names := []string{w.name}
	for _, ct := range w.containers {
		names = append(names, ct.name)
	}
	for _, n := range names {
		for _, nw := range envWords(n) {
			if strings.HasPrefix(nw, word) {
				return true
			}
		}
	}
	return false
}

// keyboardRows are the rows of a QWERTY keyboard, each shifted half a key
// from the one above.
var keyboardRows = [...]string{"1234567890", "QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM"}

// neighbourKeys reports whether two keys touch on a QWERTY keyboard.
func neighbourKeys(a, b byte) bool {
	row := func(c byte) (int, int) {
		for r, keys := range keyboardRows {
			if i := strings.IndexByte(keys, c); i >= 0 {
				return r, i
			}
		}
		return -1, -1
	}
	ra, ia := row(a)
	rb, ib := row(b)
	if ra < 0 || rb < 0 {
		return false
	}
	switch rb - ra {
	case 0:
		return ib-ia == 1 || ia-ib == 1
	case 1: // b is on the row below: its keys sit half a key to the right
		return ib == ia || ib == ia-1
	case -1:
		return ia == ib || ia == ib-1
	}
	return false
}

// typo reports whether two upper-case words differ by one slip of the
// fingers: a letter left out or added, two neighbouring letters swapped,
// or a letter replaced by its neighbour on the keyboard (TIMEOUT, TIMOUT;
// RETRY, RETYR; MODE, NODE). Two words that differ otherwise (INPUT and
// OUTPUT, HOST and POST) are two words.
func typo(a, b string) bool {
	if len(a) != len(b) {
		if len(a) < len(b) {
			a, b = b, a
		}
		return len(a) == len(b)+1 && spell.EditDistance(a, b, 1) == 1
	}
	var diff []int
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] {
			diff = append(diff, i)
		}
	}
	switch len(diff) {
	case 1:
		return neighbourKeys(a[diff[0]], b[diff[0]])
	case 2:
		i, j := diff[0], diff[1]
		return j == i+1 && a[i] == b[j] && a[j] == b[i]
	}
	return false
}

// minNearWord is the shortest differing word that is compared: shorter
// words are abbreviations that differ by one letter for good reasons
// (API_URL, APP_URL).
const minNearWord = 4

// checkAppEnvNearDuplicates reports an env name that one workload of an
// application sets while another workload of the same application sets a
// name a typo away, when nothing else in the set uses the differing word
// of the first: PAYMENTS_TIMOUT in the payments-migrate Job where the
// payments-api Deployment sets PAYMENTS_TIMEOUT. Names that the image pass
// reported (reported) are skipped.
func (c *checker) checkAppEnvNearDuplicates(reported map[loneName]bool) {
	ix := c.idx
	// Only applications of two workloads or more are compared.
	first := map[appKey]string{} // the first workload's id
	several := map[appKey]bool{}
	for _, w := range ix.workloads {
		for _, k := range w.apps {
			if id, ok := first[k]; !ok {
				first[k] = w.id()
			} else if id != w.id() {
				several[k] = true
			}
		}
	}
	if len(several) == 0 {
		return
	}
	groups := map[appKey]*envGroup{}
	for _, w := range ix.workloads {
		for _, k := range w.apps {
			if !several[k] {
				continue
			}
			g := groups[k]
			if g == nil {
				g = &envGroup{}
				groups[k] = g
			}
			for _, ct := range w.containers {
				for _, ev := range ct.env {
					g.add(ev, w)
				}
			}
		}
	}
	env := ix.appEnv()
	for _, k := range slices.SortedFunc(maps.Keys(groups), compareAppKeys) {
		g := groups[k]
		names := g.names
		slices.Sort(names)
		near := newNearIndex(names, math.MaxInt) // one slip: one edit

		var cands []int32
		for _, a := range names {
			if len(g.uses[a]) != 1 || len(a) < minNearName {
				continue
			}
			ida := onlyKey(g.uses[a])
			if reported[loneName{a, ida}] {
				continue
			}
			cands = near.candidates(a, 1, cands[:0])
			for _, i := range cands {
				b := names[i]
				if m := c.appNearMatch(env, g, k, a, b, ida); m != "" {
					c.reportAt(g.first[a], RuleEnvNearDup, "%s", m)
					reported[loneName{a, ida}] = true
					break
				}
			}
		}
	}
}

// appNearMatch returns the message when a, set by the workload ida only,
// is a typo of b in the application k, or "".
func (c *checker) appNearMatch(env *appEnv, g *envGroup, k appKey, a, b, ida string) string {
	if a == b || onlyDigitsDiffer(a, b) || g.uses[b][ida] || env.together(a, b) {
		return "" // the same workload sets both: two variables
	}
	wa, wb, ok := differingWord(a, b)
	if !ok || len(wa) < minNearWord || len(wb) < minNearWord || strings.HasPrefix(wa, wb) || strings.HasPrefix(wb, wa) {
		return "" // an abbreviation or an inflection (HOST, HOSTS): another variable
	}
	if !typo(wa, wb) {
		return ""
	}
	if !env.onlyWith(wa, ida) || env.ownWord(wa, ida) {
		return "" // other names use the word: it is a word of the set
	}
	var usersB []string
	for id := range g.uses[b] {
		if env.ownWord(wb, id) {
			return ""
		}
		usersB = append(usersB, env.workloads[id].String())
	}
	slices.Sort(usersB)
	wla := env.workloads[ida].String()
	if len(usersB) == 1 && env.onlyWith(wb, onlyKey(g.uses[b])) {
		// Each name set by one workload, each word used by one: which is
		// the typo? The dictionary may say; if not, report the pair once.
		switch {
		case strings.EqualFold(misspellings()[strings.ToLower(wa)], wb):
		case strings.EqualFold(misspellings()[strings.ToLower(wb)], wa):
			return "" // b is reported in its turn
		default:
			if comparePositions(g.first[a], g.first[b]) < 0 {
				return "" // reported at the later of the two
			}
			return fmt.Sprintf("env var %s (%s) is one slip from %s, which %s of the same application (%s) sets at %s; each is set by one workload and no other name uses %s or %s: one of them is probably a typo",
				a, wla, b, usersB[0], k, g.first[b], wa, wb)
		}
	}
	if len(usersB) > 3 {
		usersB = append(usersB[:3], "...")
	}
	return fmt.Sprintf("env var %s is set only by %s, one slip from %s, which %s of the same application (%s) set%s (first at %s); no other name in the set uses %s: a typo?",
		a, wla, b, strings.Join(usersB, ", "), k, plural(len(g.uses[b])), g.first[b], wa)
}

// plural returns the verb ending for n subjects: "s" for one.
func plural(n int) string {
	if n == 1 {
		return "s"
	}
	return ""
}

// onlyKey returns the key of a set of one.
func onlyKey(m map[string]bool) string {
	for k := range m {
		return k
	}
	return ""
}
