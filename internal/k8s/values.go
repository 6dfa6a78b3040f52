package k8s

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/spell"
	yaml "go.yaml.in/yaml/v3"
)

func (w *walker) enum(n *yaml.Node, enum, field string) {
	if n.Value == "" {
		return // the zero value: the API server fills in the default
	}
	vals := w.c.schema.Enums[enum]
	if vals == nil {
		vals = w.c.crdEnums[enum]
	}
	if len(vals) == 0 || slices.Contains(vals, n.Value) {
		return
	}
	if override, ok := enumOverrides[enum]; ok && slices.Contains(override, n.Value) {
		return
	}
	msg := fmt.Sprintf("%s: unsupported value %q; allowed: %s", field, n.Value, strings.Join(vals, ", "))
	if s, ok := spell.Nearest(n.Value, vals); ok {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	w.c.report(w.src, n, RuleEnum, "%s", msg)
}

// enumOverrides lists values the API server accepts beyond an enum type's
// constants.
var enumOverrides = map[string][]string{
	"core/v1.Protocol": {"TCP", "UDP", "SCTP"},
}

var quantityRE = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$`)

func validQuantity(s string) bool { return quantityRE.MatchString(strings.TrimSpace(s)) }

func quantityHint(s string) string {
	l := strings.ToLower(s)
	for _, suf := range []string{"mb", "gb", "kb", "tb", "mib", "gib", "kib"} {
		if strings.HasSuffix(l, suf) {
			return "; Kubernetes spells units Mi/Gi (binary) or M/G (decimal)"
		}
	}
	return ""
}

// listKeys reports entries of a list-map (env, ports, volumes, containers,
// mounts...) that repeat a key.
func (w *walker) listKeys(seq *yaml.Node, keys []string, field string) {
	if seq == nil || seq.Kind != yaml.SequenceNode {
		return
	}
	seen := map[string]*yaml.Node{}
	for _, e := range seq.Content {
		e = deref(e)
		if e == nil || e.Kind != yaml.MappingNode {
			continue
		}
		parts := make([]string, len(keys))
		var at *yaml.Node
		skip, any := false, false
		for i, k := range keys {
			v := scalarAt(e, k)
			if v == nil {
				if k == "protocol" {
					parts[i] = "TCP"
				}
				continue
			}
			if w.src.isMasked(v) {
				skip = true
			}
			if at == nil {
				at = v
			}
			parts[i] = v.Value
			any = true
		}
		if skip || !any {
			continue
		}
		id := strings.Join(parts, "\x00")
		if first, dup := seen[id]; dup {
			if w.src.template && w.src.controlBetween(first.Line, at.Line) {
				continue // set once in each branch of a template conditional
			}
			desc := make([]string, 0, len(keys))
			for i, k := range keys {
				if parts[i] != "" {
					desc = append(desc, k+"="+parts[i])
				}
			}
			// The API server rejects duplicate container, volume and mount
			// names; duplicate env names and ports it only warns about, and
			// apply later drops one of them.
			rule := RuleDuplicateItem
			if field == "ports" {
				rule = RuleDuplicatePort
			}
			w.c.report(w.src, at, rule, "duplicate %s entry %s: first at line %d; entries are merged by %s, so apply drops or rejects one of them",
				field, strings.Join(desc, ","), first.Line, strings.Join(keys, "+"))
			continue
		}
		seen[id] = at
	}
}

// special runs the API server's field-level rules that need no cluster.
func (w *walker) special(typ string, k, v *yaml.Node) {
	if v == nil {
		return
	}
	short := shortType(typ)
	if short == "ObjectMeta" && (k.Value == "labels" || k.Value == "annotations") {
		w.c.idx.spelledKeys(w.src, strings.TrimSuffix(k.Value, "s")+" key", v)
	}
	switch {
	case (short == "ResourceRequirements" || short == "VolumeResourceRequirements") && (k.Value == "limits" || k.Value == "requests"):
		w.resourceNames(v, short == "VolumeResourceRequirements")
	case short == "ObjectMeta" && k.Value == "labels", short == "LabelSelector" && k.Value == "matchLabels",
		short == "ServiceSpec" && k.Value == "selector", short == "ReplicationControllerSpec" && k.Value == "selector":
		w.labels(v, true)
	case short == "ObjectMeta" && k.Value == "annotations":
		w.labels(v, false)
	case (short == "Container" || short == "EphemeralContainer") && k.Value == "name":
		if v.Kind == yaml.ScalarNode && !w.src.isMasked(v) && v.Value != "" {
			if msg := dnsLabel(v.Value); msg != "" {
				w.c.report(w.src, v, RuleObjectName, "container name %q %s", v.Value, msg)
			}
		}
	case short == "ContainerPort" && k.Value == "containerPort", short == "ServicePort" && k.Value == "port":
		w.portRange(v, k.Value, 1)
	case short == "ContainerPort" && k.Value == "hostPort", short == "ServicePort" && k.Value == "nodePort":
		w.portRange(v, k.Value, 0)
	case short == "ContainerPort" && k.Value == "name":
		w.portName(v, k.Value)
	case (k.Value == "maxSurge" || k.Value == "maxUnavailable" || k.Value == "minAvailable") && strings.HasPrefix(short, "RollingUpdate"),
		(k.Value == "maxUnavailable" || k.Value == "minAvailable") && short == "PodDisruptionBudgetSpec":
		if v.Kind == yaml.ScalarNode && !w.src.isMasked(v) && !isPlaceholder(v) {
			if kind, _ := resolve11(v.Value); (!isPlain(v) || kind == "str") && !percentRE.MatchString(v.Value) {
				w.c.report(w.src, v, RuleFormat, "%s: %q must be an integer or a percentage such as 25%%", k.Value, v.Value)
			}
		}
	case short == "ServicePort" && k.Value == "targetPort", (short == "HTTPGetAction" || short == "TCPSocketAction") && k.Value == "port":
		if v.Kind == yaml.ScalarNode && isPlain(v) {
			if kind, _ := resolve11(v.Value); kind == "int" {
				w.portRange(v, k.Value, 1)
				return
			}
		}
		w.portName(v, k.Value)
	}
}

func (w *walker) portRange(v *yaml.Node, field string, min int64) {
	if v.Kind != yaml.ScalarNode || !isPlain(v) {
		return
	}
	kind, json := resolve11(v.Value)
	if kind != "int" {
		return
	}
	if p, err := strconv.ParseInt(json, 10, 64); err == nil && (p < min || p > 65535) {
		w.c.report(w.src, v, RulePortRange, "%s %d is outside the valid port range %d-65535", field, p, min)
	}
}

var percentRE = regexp.MustCompile(`^[0-9]+%$`)

var svcNameRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)

// portName checks an IANA service name as ports use it: at most 15
// lower-case letters, digits and hyphens, with at least one letter.
func (w *walker) portName(v *yaml.Node, field string) {
	if v.Kind != yaml.ScalarNode || w.src.isMasked(v) || v.Value == "" || isPlaceholder(v) {
		return
	}
	if why := portNameProblem(v.Value); why != "" {
		w.c.report(w.src, v, RulePortName, "%s: port name %q %s", field, v.Value, why)
	}
}

func validPortName(s string) bool { return portNameProblem(s) == "" }

// portNameProblem says what is wrong with an IANA service name, or "".
func portNameProblem(s string) string {
	var why string
	switch {
	case len(s) > 15:
		why = "is longer than 15 characters"
	case !svcNameRE.MatchString(s) || strings.Contains(s, "--"):
		why = "must consist of lower-case letters, digits and single hyphens, starting and ending with a letter or digit"
	case !strings.ContainsAny(s, "abcdefghijklmnopqrstuvwxyz"):
		why = "must contain a letter (a number must not be quoted)"
	}
	return why
}

var standardResources = []string{"cpu", "memory", "ephemeral-storage"}

func (w *walker) resourceNames(m *yaml.Node, volume bool) {
	if m.Kind != yaml.MappingNode {
		return
	}
	pairs(m, func(k, _ *yaml.Node) {
		name := k.Value
		if k.Kind != yaml.ScalarNode || w.src.isMasked(k) {
			return
		}
		if volume {
			if name == "storage" || strings.Contains(name, "/") {
				return
			}
			w.c.report(w.src, k, RuleResourceName, "resource %q is not valid for a volume claim; only storage (or a domain-qualified name) is", name)
			return
		}
		if slices.Contains(standardResources, name) || strings.HasPrefix(name, "hugepages-") {
			return
		}
		if strings.Contains(name, "/") {
			if msg := qualifiedName(name); msg != "" {
				w.c.report(w.src, k, RuleResourceName, "resource name %q %s", name, msg)
			}
			return
		}
		msg := fmt.Sprintf("resource %q is neither a standard resource (cpu, memory, ephemeral-storage, hugepages-<size>) nor domain-qualified (example.com/gpu); the API server rejects it", name)
		if s, ok := spell.Nearest(name, standardResources); ok {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		w.c.report(w.src, k, RuleResourceName, "%s", msg)
	})
}

// labels checks label (or annotation, when isLabel is false) keys and
// label values.
func (w *walker) labels(m *yaml.Node, isLabel bool) {
	if m.Kind != yaml.MappingNode {
		return
	}
	what := "label"
	if !isLabel {
		what = "annotation"
	}
	pairs(m, func(k, v *yaml.Node) {
		if k.Kind != yaml.ScalarNode || w.src.isMasked(k) {
			return
		}
		if msg := qualifiedName(k.Value); msg != "" {
			w.c.report(w.src, k, RuleLabelSyntax, "%s key %q %s", what, k.Value, msg)
		}
		v = deref(v)
		if isLabel && v != nil && v.Kind == yaml.ScalarNode && v.Tag != "!!null" && !w.src.isMasked(v) {
			if msg := labelValue(v.Value); msg != "" {
				w.c.report(w.src, v, RuleLabelSyntax, "label value %q %s", v.Value, msg)
			}
		}
	})
}

var (
	nameRE      = regexp.MustCompile(`^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$`)
	dns1123Lbl  = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)
	dns1123Sub  = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
	dns1035Lbl  = regexp.MustCompile(`^[a-z]([-a-z0-9]*[a-z0-9])?$`)
	nameCharMsg = "must be at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit"
)

// qualifiedName checks a label or annotation key: an optional DNS
// subdomain prefix and '/', then a name. It returns what is wrong or "".
func qualifiedName(s string) string {
	prefix, name, hasPrefix := strings.Cut(s, "/")
	if !hasPrefix {
		name = prefix
	} else {
		if prefix == "" {
			return "has an empty prefix before '/'"
		}
		if len(prefix) > 253 || !dns1123Sub.MatchString(prefix) {
			return fmt.Sprintf("has an invalid prefix %q: it must be a lower-case DNS subdomain such as example.com", prefix)
		}
		if strings.Contains(name, "/") {
			return "may contain at most one '/'"
		}
	}
	if name == "" {
		return "has an empty name"
	}
	if len(name) > 63 || !nameRE.MatchString(name) {
		return "has an invalid name part: it " + nameCharMsg
	}
	return ""
}

func labelValue(s string) string {
	if s == "" {
		return ""
	}
	if len(s) > 63 || !nameRE.MatchString(s) {
		return nameCharMsg
	}
	return ""
}

func dnsLabel(s string) string {
	if len(s) > 63 || !dns1123Lbl.MatchString(s) {
		return "must be a DNS-1123 label: at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit"
	}
	return ""
}

// placeholder reports whether a value is documentation filler such as
// "<your key here>" or "...base64 data...", not a real value.
func placeholder(s string) bool {
	s = strings.TrimSpace(s)
	return strings.Contains(s, "...") || strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">") || strings.Contains(s, "REPLACE") || strings.Contains(s, "CHANGEME")
}
