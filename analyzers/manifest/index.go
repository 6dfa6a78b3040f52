package manifest

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// index holds the facts the set-wide checks need: names, keys, labels,
// ports and references, with positions. No node trees are kept.
type index struct {
	objects   map[string][]*object // by kind
	workloads []*workload
	refs      []*keyRef
	services  []*service
	selectors []*selectorUse  // PDBs
	targets   []*targetRef    // HPA scale targets, Ingress backends
	envFromX  bool            // some envFrom imports an object the set does not define
	imported  map[string]bool // env names that envFrom imports from objects in the set
	byLabel   map[string][]*workload
	ids       map[string][]*workload
	byNS      map[string][]*workload
}

func newIndex() *index { return &index{objects: map[string][]*object{}} }

type object struct {
	kind, ns, name string
	at             position
	keys           map[string]bool // ConfigMap/Secret data keys
	opaque         bool            // keys unknown
}

type workload struct {
	kind, ns, name string
	at             position
	labels         map[string]string
	containers     []*container
}

func (w *workload) String() string { return strings.ToLower(w.kind) + "/" + w.name }

// id identifies the workload across files: a Kustomize base and its
// overlays' patches define the same workload several times.
func (w *workload) id() string { return w.kind + "/" + w.ns + "/" + w.name }

type container struct {
	name  string
	image string // image repository, without tag or digest
	ports map[string]bool
	env   []*envVar
}

type envVar struct {
	name   string
	def    string // canonical definition
	refDef bool   // defined by secretKeyRef/configMapKeyRef
	plain  bool   // defined by a literal value
	at     position
	defAt  position
	w      *workload
	image  string
	ctName string // the container's name
	refKey string // the Secret/ConfigMap key of a reference ("" for others)
}

type keyRef struct {
	kind, ns, name, key string
	nameAt, keyAt       position
	hasKey              bool
	envFrom             bool   // imports every key as an env var
	prefix              string // envFrom prefix
}

type service struct {
	ns, name  string
	at        position
	selector  map[string]string
	selAt     position
	ports     map[string]bool // port names
	targets   []namedPort     // named targetPorts
	hasSelect bool
}

type namedPort struct {
	name string
	at   position
}

type selectorUse struct {
	kind, ns, name string
	selector       map[string]string
	at             position
}

type targetRef struct {
	kind, ns, name string // target's kind (Deployment..., or Service for Ingress)
	port           string // Ingress: the named service port
	portAt         position
	at             position
	from           string
}

func nsMatch(a, b string) bool { return a == "" || b == "" || a == b }

// add records the facts of one object.
func (ix *index) add(c *checker, src *source, obj *yaml.Node, apiVersion, kind string) {
	ns := str(obj, "metadata", "namespace")
	name := str(obj, "metadata", "name")
	nameNode := scalarAt(obj, "metadata", "name")
	at := posOf(src, obj)
	if nameNode != nil {
		at = posOf(src, nameNode)
		if src.isMasked(nameNode) {
			name = ""
		}
	}
	switch kind {
	case "ConfigMap", "Secret":
		o := &object{kind: kind, ns: ns, name: name, at: at, keys: map[string]bool{}}
		fields := []string{"data", "binaryData"}
		if kind == "Secret" {
			fields = []string{"data", "stringData"}
		}
		seenData := false
		for _, f := range fields {
			m := get(obj, f)
			if m == nil {
				continue
			}
			seenData = true
			pairs(m, func(k, _ *yaml.Node) {
				if src.isMasked(k) {
					o.opaque = true
				}
				o.keys[k.Value] = true
			})
		}
		o.opaque = o.opaque || !seenData || name == ""
		ix.objects[kind] = append(ix.objects[kind], o)
		return
	case "Service":
		s := &service{ns: ns, name: name, at: at, ports: map[string]bool{}}
		if sel := get(obj, "spec", "selector"); sel != nil && sel.Kind == yaml.MappingNode && len(sel.Content) > 0 {
			s.selector = stringMap(obj, "spec", "selector")
			s.selAt = posOf(src, sel.Content[0])
			s.hasSelect = !anyMasked(src, sel)
		}
		for _, p := range items(obj, "spec", "ports") {
			if n := str(p, "name"); n != "" {
				s.ports[n] = true
			}
			if tp := scalarAt(p, "targetPort"); tp != nil && !src.isMasked(tp) {
				if k, _ := resolve11(tp.Value); (!isPlain(tp) || k == "str") && validPortName(tp.Value) {
					s.targets = append(s.targets, namedPort{tp.Value, posOf(src, tp)})
				}
			}
		}
		ix.services = append(ix.services, s)
		ix.objects[kind] = append(ix.objects[kind], &object{kind: kind, ns: ns, name: name, at: at})
		return
	case "PodDisruptionBudget":
		sel := get(obj, "spec", "selector")
		if ml := get(sel, "matchLabels"); ml != nil && ml.Kind == yaml.MappingNode && len(ml.Content) > 0 && get(sel, "matchExpressions") == nil && !anyMasked(src, ml) {
			ix.selectors = append(ix.selectors, &selectorUse{kind: kind, ns: ns, name: name, selector: stringMap(ml), at: posOf(src, ml.Content[0])})
		}
		return
	case "HorizontalPodAutoscaler":
		if ref := get(obj, "spec", "scaleTargetRef"); ref != nil {
			n := scalarAt(ref, "name")
			if n != nil && !src.isMasked(n) {
				ix.targets = append(ix.targets, &targetRef{kind: str(ref, "kind"), ns: ns, name: n.Value, at: posOf(src, n), from: "HorizontalPodAutoscaler " + name})
			}
		}
		return
	case "Ingress":
		var backends []*yaml.Node
		if b := get(obj, "spec", "defaultBackend", "service"); b != nil {
			backends = append(backends, b)
		}
		for _, r := range items(obj, "spec", "rules") {
			for _, p := range items(r, "http", "paths") {
				if b := get(p, "backend", "service"); b != nil {
					backends = append(backends, b)
				}
			}
		}
		for _, b := range backends {
			n := scalarAt(b, "name")
			if n == nil || src.isMasked(n) {
				continue
			}
			t := &targetRef{kind: "Service", ns: ns, name: n.Value, at: posOf(src, n), from: "Ingress " + name}
			if pn := scalarAt(b, "port", "name"); pn != nil && !src.isMasked(pn) {
				t.port, t.portAt = pn.Value, posOf(src, pn)
			}
			ix.targets = append(ix.targets, t)
		}
		return
	}
	spec, labels := podSpec(obj, kind)
	if spec == nil {
		return
	}
	w := &workload{kind: kind, ns: ns, name: name, at: at, labels: stringMap(labels)}
	if anyMasked(src, labels) {
		w.labels = nil
	}
	ix.workloads = append(ix.workloads, w)
	for _, list := range []string{"initContainers", "containers"} {
		for _, cn := range items(spec, list) {
			ct := &container{name: str(cn, "name"), ports: map[string]bool{}, image: imageRepo(src, scalarAt(cn, "image"))}
			w.containers = append(w.containers, ct)
			for _, p := range items(cn, "ports") {
				if n := str(p, "name"); n != "" {
					ct.ports[n] = true
				}
			}
			ix.probes(c, src, cn, ct)
			for _, e := range items(cn, "env") {
				ix.env(src, e, ct, w)
			}
			for _, ef := range items(cn, "envFrom") {
				for _, r := range []struct{ field, kind string }{{"configMapRef", "ConfigMap"}, {"secretRef", "Secret"}} {
					ref := get(ef, r.field)
					n := scalarAt(ref, "name")
					if n == nil || src.isMasked(n) || str(ref, "optional") == "true" {
						continue
					}
					ix.refs = append(ix.refs, &keyRef{kind: r.kind, ns: ns, name: n.Value, nameAt: posOf(src, n), envFrom: true, prefix: str(ef, "prefix")})
				}
			}
		}
	}
	for _, v := range items(spec, "volumes") {
		ix.volume(src, v, ns)
	}
}

func anyMasked(src *source, n *yaml.Node) bool {
	if n == nil {
		return false
	}
	if n.Kind == yaml.ScalarNode {
		return src.isMasked(n)
	}
	for _, c := range n.Content {
		if anyMasked(src, c) {
			return true
		}
	}
	return false
}

// imageRepo strips the tag and digest from an image reference.
func imageRepo(src *source, n *yaml.Node) string {
	if n == nil || src.isMasked(n) {
		return ""
	}
	s, _, _ := strings.Cut(n.Value, "@")
	if i := strings.LastIndexByte(s, ':'); i > strings.LastIndexByte(s, '/') {
		s = s[:i]
	}
	return s
}

// podSpec returns the pod spec of a workload and the labels its pods get.
func podSpec(obj *yaml.Node, kind string) (spec, labels *yaml.Node) {
	switch kind {
	case "Pod":
		return get(obj, "spec"), get(obj, "metadata", "labels")
	case "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "ReplicationController":
		return get(obj, "spec", "template", "spec"), get(obj, "spec", "template", "metadata", "labels")
	case "CronJob":
		return get(obj, "spec", "jobTemplate", "spec", "template", "spec"), get(obj, "spec", "jobTemplate", "spec", "template", "metadata", "labels")
	case "PodTemplate":
		return get(obj, "template", "spec"), get(obj, "template", "metadata", "labels")
	}
	return nil, nil
}

func (ix *index) env(src *source, e *yaml.Node, ct *container, w *workload) {
	n := scalarAt(e, "name")
	if n == nil || src.isMasked(n) {
		return
	}
	ev := &envVar{name: n.Value, at: posOf(src, n), defAt: posOf(src, n), w: w, image: ct.image, ctName: ct.name}
	ct.env = append(ct.env, ev)
	if v := get(e, "value"); v != nil {
		ev.def = "value " + v.Value
		if v.Kind == yaml.ScalarNode && !src.isMasked(v) {
			ev.defAt, ev.plain = posOf(src, v), true
		}
		return
	}
	vf := get(e, "valueFrom")
	if vf == nil {
		ev.def = "empty"
		return
	}
	for _, r := range []struct{ field, kind string }{{"secretKeyRef", "Secret"}, {"configMapKeyRef", "ConfigMap"}} {
		ref := get(vf, r.field)
		if ref == nil {
			continue
		}
		name, key := scalarAt(ref, "name"), scalarAt(ref, "key")
		ev.def = fmt.Sprintf("%s %s key %s", strings.ToLower(r.kind), str(ref, "name"), str(ref, "key"))
		ev.refDef = true
		if key != nil {
			ev.defAt, ev.refKey = posOf(src, key), key.Value
		}
		if name == nil || src.isMasked(name) || (key != nil && src.isMasked(key)) || str(ref, "optional") == "true" {
			return
		}
		kr := &keyRef{kind: r.kind, ns: w.ns, name: name.Value, nameAt: posOf(src, name)}
		if key != nil {
			kr.key, kr.keyAt, kr.hasKey = key.Value, posOf(src, key), true
		}
		ix.refs = append(ix.refs, kr)
		return
	}
	if f := get(vf, "fieldRef"); f != nil {
		ev.def = "field " + str(f, "fieldPath")
	} else if f := get(vf, "resourceFieldRef"); f != nil {
		ev.def = "resource " + str(f, "resource")
	} else {
		ev.def = "other"
	}
}

func (ix *index) volume(src *source, v *yaml.Node, ns string) {
	add := func(kind string, name *yaml.Node, src2 *yaml.Node) {
		if name == nil || src.isMasked(name) || str(src2, "optional") == "true" {
			return
		}
		its := items(src2, "items")
		if len(its) == 0 {
			ix.refs = append(ix.refs, &keyRef{kind: kind, ns: ns, name: name.Value, nameAt: posOf(src, name)})
		}
		for _, it := range its {
			k := scalarAt(it, "key")
			if k == nil || src.isMasked(k) {
				continue
			}
			ix.refs = append(ix.refs, &keyRef{kind: kind, ns: ns, name: name.Value, nameAt: posOf(src, name), key: k.Value, keyAt: posOf(src, k), hasKey: true})
		}
	}
	if s := get(v, "secret"); s != nil {
		add("Secret", scalarAt(s, "secretName"), s)
	}
	if cm := get(v, "configMap"); cm != nil {
		add("ConfigMap", scalarAt(cm, "name"), cm)
	}
	for _, ps := range items(v, "projected", "sources") {
		if s := get(ps, "secret"); s != nil {
			add("Secret", scalarAt(s, "name"), s)
		}
		if cm := get(ps, "configMap"); cm != nil {
			add("ConfigMap", scalarAt(cm, "name"), cm)
		}
	}
}

// probes checks that named probe ports are ports the container declares.
func (ix *index) probes(c *checker, src *source, cn *yaml.Node, ct *container) {
	for _, probe := range []string{"livenessProbe", "readinessProbe", "startupProbe"} {
		for _, action := range []string{"httpGet", "tcpSocket"} {
			p := scalarAt(cn, probe, action, "port")
			if p == nil || src.isMasked(p) || isPlaceholder(p) {
				continue
			}
			if k, _ := resolve11(p.Value); isPlain(p) && k == "int" {
				continue
			}
			if ct.ports[p.Value] {
				continue
			}
			msg := fmt.Sprintf("%s port %q is not a port name that container %q declares", probe, p.Value, ct.name)
			if s, ok := code.Nearest(p.Value, slices.Sorted(maps.Keys(ct.ports))); ok {
				msg += fmt.Sprintf("; did you mean %q?", s)
			} else if len(ct.ports) == 0 {
				msg += " (it declares no named ports)"
			}
			c.reportAt(posOf(src, p), RulePortName, "%s", msg)
		}
	}
}

// crossCheck runs the checks that need the whole set.
func (c *checker) crossCheck() {
	ix := c.idx
	c.checkRefs()
	c.checkEnvCopies()
	c.checkEnvNearDuplicates()
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
			if sug, ok := code.Nearest(tp.name, slices.Sorted(maps.Keys(names))); ok {
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
			var svcs, exact []*service
			for _, s := range ix.services {
				if nsMatch(s.ns, t.ns) {
					names = append(names, s.name)
					if s.name == t.name {
						svcs = append(svcs, s)
						if s.ns == t.ns {
							exact = append(exact, s)
						}
					}
				}
			}
			if len(exact) > 0 {
				svcs = exact
			}
			found = len(svcs) > 0
			if found && t.port != "" {
				ports := map[string]bool{}
				for _, s := range svcs {
					maps.Copy(ports, s.ports)
				}
				if !ports[t.port] {
					msg := fmt.Sprintf("%s uses port %q of Service %s, which has no port of that name", t.from, t.port, t.name)
					if sug, ok := code.Nearest(t.port, slices.Sorted(maps.Keys(ports))); ok {
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
	if c.cfg.GoStrings != nil {
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
		budget := min(code.TypoBudget(len(have)), 2)
		if ok && have != "" && !onlyDigitsDiffer(have, sel[diffKey]) && code.EditDistance(have, sel[diffKey], budget) <= budget {
			return fmt.Sprintf("; did you mean %s=%s (the labels of %s)?", diffKey, have, w)
		}
	}
	return ""
}

func (c *checker) checkRefs() {
	ix := c.idx
	for _, r := range ix.refs {
		var objs, exact []*object
		var names []string
		for _, o := range ix.objects[r.kind] {
			if !nsMatch(o.ns, r.ns) || o.name == "" {
				continue
			}
			names = append(names, o.name)
			if o.name == r.name {
				objs = append(objs, o)
				if o.ns == r.ns {
					exact = append(exact, o)
				}
			}
		}
		if len(exact) > 0 {
			objs = exact // prefer the object in the same namespace
		}
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
		if sug, ok := code.Nearest(r.key, slices.Sorted(maps.Keys(keys))); ok {
			msg += fmt.Sprintf("; did you mean %q?", sug)
		} else {
			msg += fmt.Sprintf("; it has %s", strings.Join(slices.Sorted(maps.Keys(keys)), ", "))
		}
		c.reportAt(r.keyAt, RuleMissingRef, "%s", msg)
	}
}

// checkEnvCopies reports an env var that most workloads take from one
// Secret/ConfigMap key and one workload takes from another: the copies of a
// block that were meant to agree.
func (c *checker) checkEnvCopies() {
	byName := map[string]map[string][]*envVar{} // image+name -> def -> vars
	for _, w := range c.idx.workloads {
		for _, ct := range w.containers {
			for _, ev := range ct.env {
				if !ev.refDef && !ev.plain {
					continue
				}
				key := ev.image + "\x00" + ev.name
				if byName[key] == nil {
					byName[key] = map[string][]*envVar{}
				}
				byName[key][ev.def] = append(byName[key][ev.def], ev)
			}
		}
	}
	for _, key := range slices.Sorted(maps.Keys(byName)) {
		defs := byName[key]
		_, name, _ := strings.Cut(key, "\x00")
		if len(defs) < 2 {
			continue
		}
		count := func(vs []*envVar) int {
			ws := map[string]bool{}
			for _, v := range vs {
				ws[v.w.id()] = true
			}
			return len(ws)
		}
		// The same workload defined differently in two files is a base and
		// an overlay, not a copy gone wrong.
		owner := map[string]string{}
		overlay := false
		for d, vs := range defs {
			for _, v := range vs {
				if o, ok := owner[v.w.id()]; ok && o != d {
					overlay = true
				}
				owner[v.w.id()] = d
			}
		}
		if overlay {
			continue
		}
		best, bestN := "", 0
		for _, d := range slices.Sorted(maps.Keys(defs)) {
			if n := count(defs[d]); n > bestN {
				best, bestN = d, n
			}
		}
		if bestN < 2 {
			continue
		}
		for _, d := range slices.Sorted(maps.Keys(defs)) {
			if d == best || count(defs[d]) != 1 {
				continue
			}
			if defs[d][0].plain != defs[best][0].plain {
				continue // a literal here, a reference there: a deliberate choice
			}
			if perComponent(defs[d], defs[best]) {
				continue // each program reads its own key of a shared ConfigMap
			}
			if defs[d][0].plain {
				// Literal values differ for good reasons (a role, a port);
				// only a near-identical spelling is a slip in a copy.
				a, b := strings.TrimPrefix(d, "value "), strings.TrimPrefix(best, "value ")
				if len(b) < 4 || onlyDigitsDiffer(a, b) || code.EditDistance(a, b, 2) > 2 || strings.EqualFold(a, b) && len(a) < 6 {
					continue
				}
			}
			var others []string
			for _, v := range defs[best] {
				others = append(others, v.w.String())
			}
			slices.Sort(others)
			others = slices.Compact(others)
			if len(others) > 3 {
				others = append(others[:3], "...")
			}
			ev := defs[d][0]
			c.reportAt(ev.defAt, RuleEnvInconsistent, "env var %s comes from %s here, but from %s in %d other workload(s) (%s): copies that should agree differ",
				name, d, best, bestN, strings.Join(others, ", "))
		}
	}
}

// perComponent reports whether two groups of references to one
// Secret/ConfigMap differ only in a leading key segment that names each
// reader itself: one image running several programs (Argo CD's server,
// controller and repo-server) that each read "<component>.k8s.client.qps"
// from a shared ConfigMap, on purpose.
func perComponent(a, b []*envVar) bool {
	rest := ""
	for _, vs := range [][]*envVar{a, b} {
		for _, v := range vs {
			if !v.refDef || v.refKey == "" {
				return false
			}
			r, ok := componentRest(v)
			if !ok || (rest != "" && r != rest) {
				return false
			}
			rest = r
		}
	}
	return sameRefObject(a[0], b[0])
}

// componentRest splits the key a variable reads into a first segment that
// names its workload or container ("server" of argocd-server,
// "reposerver" of argocd-repo-server) and the rest.
func componentRest(v *envVar) (string, bool) {
	i := strings.IndexAny(v.refKey, "._-/")
	if i < 3 || i == len(v.refKey)-1 {
		return "", false
	}
	norm := func(s string) string {
		return strings.Map(func(r rune) rune {
			switch {
			case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
				return r
			case r >= 'A' && r <= 'Z':
				return r + 'a' - 'A'
			}
			return -1
		}, s)
	}
	p := norm(v.refKey[:i])
	if len(p) < 3 || !strings.Contains(norm(v.w.name), p) && !strings.Contains(norm(v.ctName), p) {
		return "", false
	}
	return v.refKey[i:], true
}

// sameRefObject reports whether two references read the same object (their
// definitions agree up to the key).
func sameRefObject(a, b *envVar) bool {
	oa, _, _ := strings.Cut(a.def, " key ")
	ob, _, _ := strings.Cut(b.def, " key ")
	return oa == ob
}

// checkEnvNearDuplicates reports env names set by one workload that are a
// small edit away from a name several other workloads set.
func (c *checker) checkEnvNearDuplicates() {
	// Only copies of the same program are compared: workloads whose
	// containers run the same image repository.
	type key struct{ image, name string }
	uses := map[key]map[string]bool{}
	first := map[key]position{}
	together := map[[3]string]bool{}
	byImage := map[string][]string{}
	for _, w := range c.idx.workloads {
		for _, ct := range w.containers {
			if ct.image == "" {
				continue
			}
			names := map[string]bool{}
			for _, ev := range ct.env {
				k := key{ct.image, ev.name}
				if uses[k] == nil {
					uses[k] = map[string]bool{}
					first[k] = ev.at
					byImage[ct.image] = append(byImage[ct.image], ev.name)
				}
				uses[k][w.id()] = true
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
	for _, image := range slices.Sorted(maps.Keys(byImage)) {
		names := byImage[image]
		sort.Strings(names)
		// A name set by one workload is compared with the names several
		// workloads set. The latter are indexed by their deletion
		// neighbourhood (every string left after deleting up to two
		// runes): two names within k edits (insertions, deletions,
		// substitutions, transpositions) share a string reachable by at
		// most k deletions from each, so each lone name looks up its own
		// neighbourhood instead of being compared with every name.
		var shared []string
		lone := 0
		for _, n := range names {
			switch len(uses[key{image, n}]) {
			case 1:
				if len(n) >= 6 {
					lone++
				}
			default:
				shared = append(shared, n)
			}
		}
		if lone == 0 || len(shared) == 0 {
			continue
		}
		// Few shared names (the usual case): compare directly. Many: index
		// them by the hashes of their deletion neighbourhoods.
		// near maps a hash to the head of a chain in links: (shared
		// name, next link), 0 ending the chain.
		var near map[uint64]int32
		var links [][2]int32
		if len(shared) > 32 {
			// Two deletions are needed only for names that a lone name
			// with a budget of 2 (longer than 10) can be 2 edits from.
			minLong := math.MaxInt
			for _, a := range names {
				if len(a) > 10 && len(uses[key{image, a}]) == 1 {
					minLong = min(minLong, utf8.RuneCountInString(a))
				}
			}
			near = make(map[uint64]int32, 64*len(shared))
			links = append(links, [2]int32{})
			for i, b := range shared {
				depth := 1
				if utf8.RuneCountInString(b) >= minLong-2 {
					depth = 2
				}
				deletionHashes(b, depth, func(h uint64) {
					links = append(links, [2]int32{int32(i), near[h]})
					near[h] = int32(len(links) - 1)
				})
			}
		}
		var cands []int32
		for _, a := range names {
			ka := key{image, a}
			if len(uses[ka]) != 1 || len(a) < 6 {
				continue
			}
			budget := 1
			if len(a) > 10 {
				budget = 2
			}
			cands = cands[:0]
			if near == nil {
				la := utf8.RuneCountInString(a)
				for i, b := range shared {
					if d := la - utf8.RuneCountInString(b); d <= budget && d >= -budget {
						cands = append(cands, int32(i))
					}
				}
			} else {
				deletionHashes(a, budget, func(h uint64) {
					for l := near[h]; l != 0; l = links[l][1] {
						cands = append(cands, links[l][0])
					}
				})
				slices.Sort(cands) // shared is sorted: the first match by name, as before
				cands = slices.Compact(cands)
			}
			for _, i := range cands {
				b := shared[i]
				kb := key{image, b}
				if a == b || onlyDigitsDiffer(a, b) {
					continue
				}
				if code.EditDistance(a, b, budget) > budget {
					continue
				}
				if together[[3]string{image, min(a, b), max(a, b)}] {
					continue
				}
				c.reportAt(first[ka], RuleEnvNearDup, "env var %s is set only here, but %d other workloads running %s set %s: a typo?", a, len(uses[kb]), image, b)
				break
			}
		}
	}
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

// nearName returns the candidate that name is plausibly a typo of, when the
// finding depends on it: at most two edits, and not a sibling that differs
// only in digits (whoami and whoami2 are two objects, not a typo).
func nearName(name string, candidates []string) (string, bool) {
	budget := min(code.TypoBudget(len(name)), 2)
	best, bestD := "", budget+1
	for _, c := range candidates {
		if c == name || onlyDigitsDiffer(c, name) {
			continue
		}
		if d := code.EditDistance(c, name, bestD-1); d < bestD {
			best, bestD = c, d
		}
	}
	return best, best != ""
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

// wellKnownEnv are variables that runtimes and libraries read themselves.
var wellKnownEnv = map[string]bool{
	"GOMAXPROCS": true, "GOGC": true, "GOMEMLIMIT": true, "GODEBUG": true, "GOTRACEBACK": true, "TZ": true,
	"HTTP_PROXY": true, "HTTPS_PROXY": true, "NO_PROXY": true, "http_proxy": true, "https_proxy": true, "no_proxy": true,
	"SSL_CERT_FILE": true, "SSL_CERT_DIR": true, "HOME": true, "PATH": true, "USER": true, "LANG": true, "TMPDIR": true,
}

// downwardEnv are the names manifests give the downward API's pod and node
// fields. Nearly every workload sets some of them for whatever image it
// runs, and libraries read them (controller-runtime reads POD_NAMESPACE),
// so they neither show that a container runs this module's code nor are
// worth a note when nothing in the module names them.
var downwardEnv = map[string]bool{
	"POD_NAME": true, "POD_NAMESPACE": true, "POD_IP": true, "POD_IPS": true, "POD_UID": true,
	"NODE_NAME": true, "NODE_IP": true, "HOST_IP": true, "HOSTNAME": true, "NAMESPACE": true,
	"MY_POD_NAME": true, "MY_POD_NAMESPACE": true, "MY_POD_IP": true, "MY_NODE_NAME": true,
	"KUBERNETES_NAMESPACE": true, "SERVICE_ACCOUNT": true, "POD_SERVICE_ACCOUNT": true,
}

func (c *checker) checkEnvUnread() {
	gs := c.cfg.GoStrings
	for _, w := range c.idx.workloads {
		for _, ct := range w.containers {
			var read []string
			for _, ev := range ct.env {
				if gs[ev.name] && !downwardEnv[ev.name] && !wellKnownEnv[ev.name] {
					read = append(read, ev.name)
				}
			}
			if len(read) == 0 {
				continue // nothing says this container runs the module's code
			}
			for _, ev := range ct.env {
				if gs[ev.name] || wellKnownEnv[ev.name] || downwardEnv[ev.name] {
					continue
				}
				c.reportAt(ev.at, RuleEnvUnread, "env var %s is set for container %q, which runs this module's code (it reads %s), but no Go code in the module names %s", ev.name, ct.name, read[0], ev.name)
			}
		}
	}
}
