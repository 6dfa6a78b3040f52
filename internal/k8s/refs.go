package k8s

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/spell"
)

func (c *checker) checkRefs() {
	ix := c.idx
	for _, r := range ix.refs {
		objs, names := named(ix.objects[r.kind], r.ns, r.name, func(o *object) (string, string) { return o.ns, o.name })
		if r.envFrom {
			for _, o := range objs {
				if o.opaque {
					ix.envFromX = true
				}
				if ix.imported == nil {
					ix.imported = map[string]bool{}
				}
				for k := range o.keys {
					ix.imported[r.prefix+k] = true
				}
			}
			if len(objs) == 0 {
				ix.envFromX = true
			}
		}
		if len(objs) == 0 {
			sort.Strings(names)
			if sug, ok := nearName(r.name, names); ok {
				c.reportAt(r.nameAt, RuleRefTypo, "no %s named %q in the manifest set; did you mean %q?", r.kind, r.name, sug)
			}
			continue
		}
		if !r.hasKey {
			continue
		}
		keys := map[string]bool{}
		found := false
		for _, o := range objs {
			found = found || o.opaque || o.keys[r.key]
			maps.Copy(keys, o.keys)
		}
		if found {
			continue
		}
		msg := fmt.Sprintf("%s %q (%s) has no key %q", r.kind, r.name, objs[0].at, r.key)
		if sug, ok := spell.Nearest(r.key, slices.Sorted(maps.Keys(keys))); ok {
			msg += fmt.Sprintf("; did you mean %q?", sug)
		} else {
			msg += fmt.Sprintf("; it has %s", strings.Join(slices.Sorted(maps.Keys(keys)), ", "))
		}
		c.reportAt(r.keyAt, RuleMissingRef, "%s", msg)
	}
}

// named returns the items named name in namespace ns (those in exactly ns
// when there are any, else those without a namespace, which match any),
// and the names of every item in that namespace, for suggestions. Items
// without a name are left out.
func named[T any](all []T, ns, name string, key func(T) (ns, name string)) (found []T, names []string) {
	var exact []T
	for _, it := range all {
		ins, iname := key(it)
		if !nsMatch(ins, ns) || iname == "" {
			continue
		}
		names = append(names, iname)
		if iname == name {
			found = append(found, it)
			if ins == ns {
				exact = append(exact, it)
			}
		}
	}
	if len(exact) > 0 {
		return exact, names // prefer the items in the same namespace
	}
	return found, names
}

// nearName returns the candidate that name is plausibly a typo of, when the
// finding depends on it: at most two edits, and not a sibling that differs
// only in digits (whoami and whoami2 are two objects, not a typo).
func nearName(name string, candidates []string) (string, bool) {
	budget := min(spell.TypoBudget(len(name)), 2)
	best, bestD := "", budget+1
	for _, c := range candidates {
		if c == name || onlyDigitsDiffer(c, name) {
			continue
		}
		if d := spell.EditDistance(c, name, bestD-1); d < bestD {
			best, bestD = c, d
		}
	}
	return best, best != ""
}
