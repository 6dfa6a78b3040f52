package k8s

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/spell"
	yaml "go.yaml.in/yaml/v3"
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
	names     []spelledName   // names whose spelling is checked
	vocab     map[string]bool // lower-case words of the names of what the set defines
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
	apps           []appKey // the applications it belongs to
	ident          string   // id(), once computed
}

func (w *workload) String() string { return strings.ToLower(w.kind) + "/" + w.name }

// id identifies the workload across files: a Kustomize base and its
// overlays' patches define the same workload several times.
func (w *workload) id() string {
	if w.ident == "" {
		w.ident = w.kind + "/" + w.ns + "/" + w.name
	}
	return w.ident
}

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
	ix.known(name)
	ix.known(ns)
	meta := stringMap(obj, "metadata", "labels")
	for _, v := range meta {
		ix.known(v)
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
				ix.spelled(src, kind+" key", k)
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
	for _, v := range w.labels {
		ix.known(v)
	}
	w.apps = workloadApps(w, meta)
	for _, list := range []string{"initContainers", "containers"} {
		for _, cn := range items(spec, list) {
			ct := &container{name: str(cn, "name"), ports: map[string]bool{}, image: imageRepo(src, scalarAt(cn, "image"))}
			w.containers = append(w.containers, ct)
			ix.known(ct.name)
			ix.known(ct.image)
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
			if s, ok := spell.Nearest(p.Value, slices.Sorted(maps.Keys(ct.ports))); ok {
				msg += fmt.Sprintf("; did you mean %q?", s)
			} else if len(ct.ports) == 0 {
				msg += " (it declares no named ports)"
			}
			c.reportAt(posOf(src, p), RulePortName, "%s", msg)
		}
	}
}
