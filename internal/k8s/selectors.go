package k8s

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/spell"
)

// crossCheck runs the checks that need the whole set.
func (c *checker) crossCheck() {
	ix := c.idx
	c.checkRefs()
	c.checkEnvCopies()
	c.checkEnvNearDuplicates()
	c.checkMisspellings()
	// Services: selector and named target ports.
	for _, s := range ix.services {
		if !s.hasSelect {
			continue
		}
		matched, candidates := ix.matching(s.ns, s.selector)
		if len(candidates) == 0 {
			continue // the set deploys no pods here; the workloads live elsewhere
		}
		if len(matched) == 0 {
			if hint := nearSelector(s.selector, candidates); hint != "" {
				c.reportAt(s.selAt, RuleMatchesNothing, "Service %s selector %s matches no pod template in the manifest set%s", s.name, renderLabels(s.selector), hint)
			}
			continue
		}
		for _, tp := range s.targets {
			// Ports of the selected workloads, including the ones that
			// patches of the same workload (Kustomize overlays) add.
			names := map[string]bool{}
			for _, m := range matched {
				for _, w := range ix.byID()[m.id()] {
					for _, ct := range w.containers {
						maps.Copy(names, ct.ports)
					}
				}
			}
			if names[tp.name] {
				continue
			}
			msg := fmt.Sprintf("targetPort %q is not a container port name of the pods Service %s selects (%s)", tp.name, s.name, workloadNames(matched))
			if sug, ok := spell.Nearest(tp.name, slices.Sorted(maps.Keys(names))); ok {
				msg += fmt.Sprintf("; did you mean %q?", sug)
			}
			c.reportAt(tp.at, RulePortName, "%s", msg)
		}
	}
	for _, p := range ix.selectors {
		matched, candidates := ix.matching(p.ns, p.selector)
		if len(candidates) > 0 && len(matched) == 0 {
			if hint := nearSelector(p.selector, candidates); hint != "" {
				c.reportAt(p.at, RuleMatchesNothing, "%s %s selector %s matches no pod template in the manifest set%s", p.kind, p.name, renderLabels(p.selector), hint)
			}
		}
	}
	for _, t := range ix.targets {
		var names []string
		found := false
		if t.kind == "Service" {
			var svcs []*service
			svcs, names = named(ix.services, t.ns, t.name, func(s *service) (string, string) { return s.ns, s.name })
			found = len(svcs) > 0
			if found && t.port != "" {
				ports := map[string]bool{}
				for _, s := range svcs {
					maps.Copy(ports, s.ports)
				}
				if !ports[t.port] {
					msg := fmt.Sprintf("%s uses port %q of Service %s, which has no port of that name", t.from, t.port, t.name)
					if sug, ok := spell.Nearest(t.port, slices.Sorted(maps.Keys(ports))); ok {
						msg += fmt.Sprintf("; did you mean %q?", sug)
					}
					c.reportAt(t.portAt, RulePortName, "%s", msg)
				}
			}
		} else {
			for _, w := range ix.workloads {
				if w.kind == t.kind && nsMatch(w.ns, t.ns) {
					names = append(names, w.name)
					found = found || w.name == t.name
				}
			}
		}
		if found || len(names) == 0 {
			continue
		}
		msg := fmt.Sprintf("%s targets %s %q, which the manifest set does not define", t.from, t.kind, t.name)
		sort.Strings(names)
		if sug, ok := nearName(t.name, names); ok {
			msg += fmt.Sprintf("; did you mean %q?", sug)
		} else {
			continue // probably defined elsewhere
		}
		c.reportAt(t.at, RuleMatchesNothing, "%s", msg)
	}
	if c.cfg.goStrings != nil {
		c.checkEnvUnread()
	}
}

// byID groups the workloads by identity (a base and its patches).
func (ix *index) byID() map[string][]*workload {
	if ix.ids == nil {
		ix.ids = map[string][]*workload{}
		for _, w := range ix.workloads {
			ix.ids[w.id()] = append(ix.ids[w.id()], w)
		}
	}
	return ix.ids
}

// matching returns the workloads whose pod labels the selector matches,
// and all workloads in the namespace with known labels. Workloads are
// indexed by label pair on first use.
func (ix *index) matching(ns string, sel map[string]string) (matched, candidates []*workload) {
	if ix.byLabel == nil {
		ix.byLabel = map[string][]*workload{}
		ix.byNS = map[string][]*workload{}
		for _, w := range ix.workloads {
			if w.labels == nil {
				continue
			}
			ix.byNS[w.ns] = append(ix.byNS[w.ns], w)
			for k, v := range w.labels {
				ix.byLabel[k+"="+v] = append(ix.byLabel[k+"="+v], w)
			}
		}
	}
	if ns == "" {
		for _, ws := range ix.byNS {
			candidates = append(candidates, ws...)
		}
	} else {
		candidates = append(append(candidates, ix.byNS[ns]...), ix.byNS[""]...)
	}
	if len(candidates) == 0 {
		return nil, nil
	}
	var pool []*workload
	first := true
	for k, v := range sel {
		l := ix.byLabel[k+"="+v]
		if first || len(l) < len(pool) {
			pool, first = l, false
		}
	}
	for _, w := range pool {
		if !nsMatch(w.ns, ns) {
			continue
		}
		ok := true
		for k, v := range sel {
			if w.labels[k] != v {
				ok = false
				break
			}
		}
		if ok {
			matched = append(matched, w)
		}
	}
	return matched, candidates
}

func renderLabels(m map[string]string) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, k+"="+m[k])
	}
	return strings.Join(parts, ",")
}

func workloadNames(ws []*workload) string {
	var names []string
	for _, w := range ws {
		names = append(names, w.String())
	}
	if len(names) > 3 {
		names = append(names[:3], "...")
	}
	return strings.Join(names, ", ")
}

// nearSelector explains why a selector that matches nothing is probably a
// typo, or returns "" when the pods it means may simply live elsewhere: a
// workload whose labels differ from the selector in one value by a small
// edit.
func nearSelector(sel map[string]string, candidates []*workload) string {
	for _, w := range candidates {
		var diffKey string
		diffs := 0
		for k, v := range sel {
			if w.labels[k] != v {
				diffs++
				diffKey = k
			}
		}
		if diffs != 1 {
			continue
		}
		have, ok := w.labels[diffKey]
		budget := min(spell.TypoBudget(len(have)), 2)
		if ok && have != "" && !onlyDigitsDiffer(have, sel[diffKey]) && spell.EditDistance(have, sel[diffKey], budget) <= budget {
			return fmt.Sprintf("; did you mean %s=%s (the labels of %s)?", diffKey, have, w)
		}
	}
	return ""
}
