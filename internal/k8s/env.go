package k8s

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/spell"
	yaml "go.yaml.in/yaml/v3"
)

func (ix *index) env(src *source, e *yaml.Node, ct *container, w *workload) {
	n := scalarAt(e, "name")
	if n == nil || src.isMasked(n) {
		return
	}
	ev := &envVar{name: n.Value, at: posOf(src, n), defAt: posOf(src, n), w: w, image: ct.image, ctName: ct.name}
	ct.env = append(ct.env, ev)
	ix.spelled(src, "env var", n)
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
				if len(b) < 4 || onlyDigitsDiffer(a, b) || spell.EditDistance(a, b, 2) > 2 || strings.EqualFold(a, b) && len(a) < 6 {
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
	gs := c.cfg.goStrings
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
