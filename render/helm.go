package render

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"helm.sh/helm/v4/pkg/chart/common"
	commonutil "helm.sh/helm/v4/pkg/chart/common/util"
	chart "helm.sh/helm/v4/pkg/chart/v2"
	"helm.sh/helm/v4/pkg/chart/v2/loader"
	chartutil "helm.sh/helm/v4/pkg/chart/v2/util"
	"helm.sh/helm/v4/pkg/engine"

	"github.com/hindsight-lint/hindsight/internal/k8s"
	"github.com/hindsight-lint/hindsight/internal/lint"
)

// releaseName is the release name charts are rendered with, as helm
// template names it by default.
const releaseName = "release-name"

// template is one template file of a chart tree, under the name the Helm
// engine gives it ("mychart/templates/deploy.yaml",
// "mychart/charts/sub/templates/x.yaml").
type template struct {
	key  string
	file string // the file on disk ("" when the chart came from an archive)
	data []byte
}

// chartRun is one chart being checked.
type chartRun struct {
	dir       string
	chart     *chart.Chart
	templates map[string]*template // by engine key
	results   []lint.Result
}

// checkChart renders the chart in dir with its values.yaml and the extra
// values, checks the rendered objects and the chart's use of values.
func checkChart(dir string, extra []map[string]any, cfg *Config) []lint.Result {
	chartYAML := filepath.Join(dir, "Chart.yaml")
	c, err := loader.LoadDir(dir)
	if err != nil {
		return []lint.Result{newResult(ruleUnreadable, chartYAML, 1, 1, "cannot load the chart: %v", err)}
	}
	r := &chartRun{dir: dir, chart: c, templates: map[string]*template{}}
	r.collectTemplates(c, dir)
	r.checkDependencies(chartYAML)

	vals := map[string]any{}
	for _, m := range extra {
		vals = loader.MergeMaps(vals, m)
	}
	if err := chartutil.ProcessDependencies(c, vals); err != nil {
		r.results = append(r.results, newResult(ruleRenderFailed, chartYAML, 1, 1, "cannot resolve the chart's dependencies: %v", err))
		return r.results
	}
	opts := common.ReleaseOptions{Name: releaseName, Namespace: "default", IsInstall: true, Revision: 1}
	// Schema validation is skipped: values.schema.json may $ref remote
	// schemas, and the run stays offline.
	rvals, err := commonutil.ToRenderValuesWithSchemaValidation(c, vals, opts, common.DefaultCapabilities, true)
	if err != nil {
		r.results = append(r.results, newResult(ruleRenderFailed, filepath.Join(dir, "values.yaml"), 1, 1, "cannot compute the chart's values: %v", err))
		return r.results
	}
	rendered := r.render(rvals)
	r.checkValues()
	r.checkRendered(rendered, cfg)
	return r.results
}

// collectTemplates records every template of the chart tree with its file
// on disk, keyed as the engine keys them.
func (r *chartRun) collectTemplates(c *chart.Chart, dir string) {
	for _, t := range c.Templates {
		key := path.Join(c.ChartFullPath(), t.Name)
		file := ""
		if dir != "" {
			file = filepath.Join(dir, filepath.FromSlash(t.Name))
		}
		r.templates[key] = &template{key: key, file: file, data: t.Data}
	}
	for _, d := range c.Dependencies() {
		sub := ""
		if dir != "" {
			if p := filepath.Join(dir, "charts", d.Name()); isDir(p) {
				sub = p
			}
		}
		r.collectTemplates(d, sub)
	}
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// fileOf is the file a template key stands for: the template on disk, or
// for a template of a packaged dependency the archive's directory entry.
func (r *chartRun) fileOf(key string) string {
	if t, ok := r.templates[key]; ok && t.file != "" {
		return t.file
	}
	_, rest, _ := strings.Cut(key, "/")
	return filepath.Join(r.dir, filepath.FromSlash(rest))
}

// checkDependencies reports the dependencies Chart.yaml declares that are
// not in charts/.
func (r *chartRun) checkDependencies(chartYAML string) {
	have := map[string]bool{}
	for _, d := range r.chart.Dependencies() {
		have[d.Name()] = true
	}
	data, _ := os.ReadFile(chartYAML)
	for _, dep := range r.chart.Metadata.Dependencies {
		if dep == nil || have[dep.Name] {
			continue
		}
		line, col := lineOfValue(data, "name", dep.Name)
		repo := ""
		if dep.Repository != "" {
			repo = " from " + dep.Repository
		}
		r.results = append(r.results, newResult(ruleDependencyMissing, chartYAML, line, col,
			"dependency %q%s is not vendored in charts/: its templates are not rendered nor checked (helm dependency build vendors it)", dep.Name, repo))
	}
}

// lineOfValue finds "key: value" in YAML text, for positions in files the
// Helm loader has already parsed.
func lineOfValue(data []byte, key, value string) (int, int) {
	re := regexp.MustCompile(`(?m)^(\s*(?:-\s+)?)` + regexp.QuoteMeta(key) + `:\s*["']?` + regexp.QuoteMeta(value) + `["']?\s*$`)
	loc := re.FindSubmatchIndex(data)
	if loc == nil {
		return 1, 1
	}
	line := 1 + strings.Count(string(data[:loc[0]]), "\n")
	return line, loc[3] - loc[2] + 1
}

// render renders every template. When the chart as a whole fails, each
// template is rendered on its own (with the chart's partials) so one
// failing template is one finding and the others are still checked.
func (r *chartRun) render(vals common.Values) map[string]string {
	out, err := engine.Render(r.chart, vals)
	if err == nil {
		return out
	}
	all := map[string]string{}
	failed := map[string]bool{}
	for _, key := range r.renderableKeys() {
		keep := func(k string) bool { return k == key || strings.HasPrefix(path.Base(k), "_") }
		restore := filterTemplates(r.chart, keep)
		out, err := engine.Render(r.chart, vals)
		restore()
		if err != nil {
			msg := err.Error()
			if !failed[msg] {
				failed[msg] = true
				r.results = append(r.results, r.renderFailure(key, msg))
			}
			continue
		}
		for k, v := range out {
			all[k] = v
		}
	}
	return all
}

// renderableKeys are the keys of the templates that produce output.
func (r *chartRun) renderableKeys() []string {
	var keys []string
	for k := range r.templates {
		if !strings.HasPrefix(path.Base(k), "_") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// filterTemplates keeps only the templates keep accepts in the chart
// tree, and returns a function that puts them all back.
func filterTemplates(c *chart.Chart, keep func(key string) bool) (restore func()) {
	var undo []func()
	var walk func(c *chart.Chart)
	walk = func(c *chart.Chart) {
		orig := c.Templates
		var kept []*common.File
		for _, t := range orig {
			if keep(path.Join(c.ChartFullPath(), t.Name)) {
				kept = append(kept, t)
			}
		}
		c.Templates = kept
		undo = append(undo, func() { c.Templates = orig })
		for _, d := range c.Dependencies() {
			walk(d)
		}
	}
	walk(c)
	return func() {
		for _, u := range undo {
			u()
		}
	}
}

// errPos finds "name:line" or "name:line:col" of a template in a Helm
// error message.
var errPos = regexp.MustCompile(`([^\s():"]+\.(?:yaml|yml|tpl|txt|json|gotmpl)):(\d+)(?::(\d+))?`)

// renderFailure is the finding of a template that does not render, at the
// position Helm's message names (the template itself, or a helper it
// includes).
func (r *chartRun) renderFailure(key, msg string) lint.Result {
	file, line, col := r.fileOf(key), 1, 1
	if m := errPos.FindStringSubmatch(msg); m != nil {
		if _, ok := r.templates[m[1]]; ok {
			file = r.fileOf(m[1])
			line, _ = strconv.Atoi(m[2])
			if m[3] != "" {
				col, _ = strconv.Atoi(m[3])
			}
		}
	}
	msg = strings.TrimSpace(msg)
	return newResult(ruleRenderFailed, file, line, col, "%s does not render with the default values: %s", path.Base(key), msg)
}

// checkRendered checks the rendered objects as one manifest set and maps
// each finding back to its template line.
func (r *chartRun) checkRendered(rendered map[string]string, cfg *Config) {
	var docs []k8s.Document
	maps := map[string]*renderedFile{}
	keys := make([]string, 0, len(rendered))
	for k := range rendered {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		text := rendered[k]
		if strings.HasSuffix(k, "NOTES.txt") || strings.HasPrefix(path.Base(k), "_") || strings.TrimSpace(text) == "" {
			continue
		}
		t := r.templates[k]
		if t == nil {
			continue
		}
		virt := renderedPrefix + k
		docs = append(docs, k8s.Document{Path: virt, Data: []byte(text)})
		maps[virt] = helmFile(r.fileOf(k), k, string(t.data), text)
	}
	if len(docs) == 0 {
		return
	}
	res, err := k8s.CheckDocuments(docs, cfg.Manifest)
	if err != nil {
		r.results = append(r.results, newResult(ruleRenderFailed, filepath.Join(r.dir, "Chart.yaml"), 1, 1, "cannot check the rendered chart: %v", err))
		return
	}
	r.results = append(r.results, mapResults(res, maps)...)
}

// readValuesFile reads a -values file.
func readValuesFile(name string) (map[string]any, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	m, err := loader.LoadValues(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return m, nil
}
