package render

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	yaml "go.yaml.in/yaml/v3"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/resource"
	"sigs.k8s.io/kustomize/kyaml/filesys"

	"github.com/hindsight-lint/hindsight/internal/k8s"
	"github.com/hindsight-lint/hindsight/internal/lint"
	"github.com/hindsight-lint/hindsight/internal/spell"
)

// kustomization is the part of a kustomization file that says where
// resources and patches come from.
type kustomization struct {
	Kind                  string   `yaml:"kind"`
	Resources             []string `yaml:"resources"`
	Bases                 []string `yaml:"bases"`
	Components            []string `yaml:"components"`
	PatchesStrategicMerge []string `yaml:"patchesStrategicMerge"`
	Patches               []struct {
		Path   string `yaml:"path"`
		Patch  string `yaml:"patch"`
		Target *struct {
			Kind               string `yaml:"kind"`
			Name               string `yaml:"name"`
			LabelSelector      string `yaml:"labelSelector"`
			AnnotationSelector string `yaml:"annotationSelector"`
		} `yaml:"target"`
	} `yaml:"patches"`
}

func readKustomization(dir string) (*kustomization, string, error) {
	file := kustomizationFile(dir)
	if file == "" {
		return nil, "", fmt.Errorf("no kustomization file in %s", dir)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, file, err
	}
	var k kustomization
	if err := yaml.Unmarshal(data, &k); err != nil {
		return nil, file, err
	}
	return &k, file, nil
}

// isRemote reports whether a resource, base or component entry names
// something kustomize would fetch.
func isRemote(entry string) bool {
	return strings.Contains(entry, "://") || strings.HasPrefix(entry, "git@") || strings.HasPrefix(entry, "github.com/") ||
		strings.HasPrefix(entry, "gitlab.com/") || strings.HasPrefix(entry, "bitbucket.org/") || strings.Contains(entry, "?ref=") || strings.Contains(entry, ".git//")
}

// kustState collects what one build reads: kustomization files, patch
// files, remote entries.
type kustState struct {
	seen    map[string]bool
	patches []string
	remote  []lint.Result
	bad     []lint.Result
}

// scan reads the kustomization in dir and the local directories it names,
// recursively.
func (st *kustState) scan(dir string) {
	dir = filepath.Clean(dir)
	if st.seen[dir] {
		return
	}
	st.seen[dir] = true
	k, file, err := readKustomization(dir)
	if err != nil {
		if file != "" {
			st.bad = append(st.bad, newResult(ruleUnreadable, file, 1, 1, "cannot read the kustomization: %v", err))
		}
		return
	}
	data, _ := os.ReadFile(file)
	for _, list := range [][]string{k.Resources, k.Bases, k.Components} {
		for _, e := range list {
			if isRemote(e) {
				line, col := lineOfEntry(data, e)
				st.remote = append(st.remote, newResult(ruleRemoteBase, file, line, col,
					"remote %s is not fetched, so this kustomization is not built nor checked", e))
				continue
			}
			if p := filepath.Join(dir, e); isDir(p) && kustomizationFile(p) != "" {
				st.scan(p)
			}
		}
	}
	for _, p := range k.PatchesStrategicMerge {
		if !strings.Contains(p, "\n") {
			st.patches = append(st.patches, filepath.Join(dir, p))
		}
	}
	for _, p := range k.Patches {
		if p.Path != "" {
			st.patches = append(st.patches, filepath.Join(dir, p.Path))
		}
	}
}

// lineOfEntry finds a list entry or value in YAML text.
func lineOfEntry(data []byte, entry string) (int, int) {
	re := regexp.MustCompile(`(?m)^(\s*(?:-\s+|[A-Za-z]+:\s+)?["']?)` + regexp.QuoteMeta(entry) + `["']?\s*$`)
	loc := re.FindSubmatchIndex(data)
	if loc == nil {
		return 1, 1
	}
	line := 1 + strings.Count(string(data[:loc[0]]), "\n")
	col := loc[3] - strings.LastIndex(string(data[:loc[3]]), "\n")
	return line, col
}

// originFS is the disk with every kustomization asking for origin
// annotations, so each built object says which file it came from.
type originFS struct{ filesys.FileSystem }

func (o originFS) ReadFile(path string) ([]byte, error) {
	data, err := o.FileSystem.ReadFile(path)
	if err != nil {
		return data, err
	}
	switch filepath.Base(path) {
	case "kustomization.yaml", "kustomization.yml", "Kustomization":
		if !regexp.MustCompile(`(?m)^buildMetadata:`).Match(data) {
			data = append(append(data[:len(data):len(data)], '\n'), "buildMetadata: [originAnnotations]\n"...)
		}
	}
	return data, nil
}

// checkKustomization builds the kustomization in dir offline and checks
// the result, mapping findings to resource and patch files.
func checkKustomization(dir string, cfg *Config) []lint.Result {
	k, file, err := readKustomization(dir)
	if err != nil {
		return []lint.Result{newResult(ruleUnreadable, file, 1, 1, "cannot read the kustomization: %v", err)}
	}
	if k.Kind == "Component" {
		return nil // built only as part of an overlay
	}
	st := &kustState{seen: map[string]bool{}}
	st.scan(dir)
	if len(st.remote) > 0 || len(st.bad) > 0 {
		return append(st.remote, st.bad...)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil
	}
	opts := krusty.MakeDefaultOptions()
	kz := krusty.MakeKustomizer(opts)
	m, err := kz.Run(originFS{filesys.MakeFsOnDisk()}, abs)
	if err != nil {
		return []lint.Result{buildFailure(file, st, err)}
	}
	out := unmatchedTargets(k, file, m.Resources())
	var docs []k8s.Document
	files := map[string]*renderedFile{}
	for i, res := range m.Resources() {
		origin, _ := res.GetOrigin()
		src := file
		if origin != nil && origin.Path != "" && origin.Repo == "" {
			src = filepath.Join(abs, filepath.FromSlash(origin.Path))
		}
		_ = res.SetOrigin(nil)
		data, err := res.AsYAML()
		if err != nil {
			continue
		}
		id := res.OrgId()
		virt := fmt.Sprintf("%s%s#%d-%s-%s.yaml", renderedPrefix, dir, i, strings.ToLower(id.Kind), id.Name)
		docs = append(docs, k8s.Document{Path: virt, Data: data})
		files[virt] = kustFile(relShown(dir, src), src, id.Kind, id.Name, res.GetName(), string(data), st.patches)
	}
	if len(docs) == 0 {
		return out
	}
	rs, err := k8s.CheckDocuments(docs, cfg.Manifest)
	if err != nil {
		return append(out, newResult(ruleUnreadable, file, 1, 1, "cannot check the built objects: %v", err))
	}
	return append(out, mapResults(rs, files)...)
}

func relShown(dir, src string) string {
	return "kustomize build " + dir + " (" + filepath.Base(src) + ")"
}

// buildFailure is the finding of a kustomization that does not build, at
// the kustomization or patch line that names what the message names.
func buildFailure(file string, st *kustState, err error) lint.Result {
	msg := err.Error()
	candidates := append([]string{file}, st.patches...)
	for dir := range st.seen {
		if f := kustomizationFile(dir); f != "" && f != file {
			candidates = append(candidates, f)
		}
	}
	bestFile, bestLine, bestCol, bestLen := file, 1, 1, 0
	for _, f := range candidates {
		data, rerr := os.ReadFile(f)
		if rerr != nil {
			continue
		}
		for i, line := range strings.Split(string(data), "\n") {
			v := strings.TrimSpace(line)
			v = strings.TrimPrefix(v, "- ")
			if _, after, ok := strings.Cut(v, ": "); ok {
				v = after
			}
			if key, _, ok := strings.Cut(strings.TrimPrefix(strings.TrimSpace(line), "- "), ":"); ok && (key == "kind" || key == "apiVersion" || key == "op" || key == "version" || key == "group") {
				continue
			}
			v = strings.Trim(v, `"'`)
			if len(v) >= 3 && v != "true" && v != "false" && strings.Contains(msg, v) && !strings.HasPrefix(v, "apiVersion") {
				if len(v) > bestLen {
					bestFile, bestLine, bestCol, bestLen = f, i+1, strings.Index(line, v)+1, len(v)
				}
			}
		}
	}
	return newResult(ruleKustomizeFailed, bestFile, bestLine, bestCol, "kustomize build fails: %s", msg)
}

// unmatchedTargets reports patches whose target selector names an object
// the build does not have: kustomize applies such a patch to nothing,
// silently.
func unmatchedTargets(k *kustomization, file string, built []*resource.Resource) []lint.Result {
	var out []lint.Result
	data, _ := os.ReadFile(file)
	for _, p := range k.Patches {
		t := p.Target
		if t == nil || t.Name == "" || t.LabelSelector != "" || t.AnnotationSelector != "" {
			continue
		}
		re, err := regexp.Compile("^(?:" + t.Name + ")$")
		if err != nil {
			continue
		}
		var names []string
		matched := false
		for _, r := range built {
			if t.Kind != "" && r.GetKind() != t.Kind {
				continue
			}
			n := r.GetName()
			names = append(names, n)
			if re.MatchString(n) || strings.Contains(n, t.Name) {
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		line, col := lineOfValue(data, "name", t.Name)
		msg := fmt.Sprintf("patch target %s %q matches no object of the build: kustomize applies the patch to nothing, silently", cmpOr(t.Kind, "object"), t.Name)
		if near, ok := spell.Nearest(t.Name, names); ok {
			msg += fmt.Sprintf("; did you mean %q?", near)
		}
		out = append(out, newResult(rulePatchUnmatched, file, line, col, "%s", msg))
	}
	return out
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
