// Package render finds Helm charts and Kustomize overlays, renders them
// offline with the Helm and Kustomize Go libraries, checks the rendered
// objects with every rule of the manifest check, and reports each finding
// at the template, resource or patch line it came from. It lives in its own
// module so that the hindsight binary does not link the Kubernetes client
// libraries that Helm and Kustomize bring.
package render

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/k8s"
	"github.com/hindsight-lint/hindsight/internal/lint"
	"github.com/hindsight-lint/hindsight/internal/output"
)

// Config holds the options of a render run.
type Config struct {
	// ValuesFiles are extra Helm values files, merged over each chart's
	// values.yaml in order (helm template -f).
	ValuesFiles []string
	// Manifest is passed to the manifest check of each rendered set.
	Manifest k8s.Config
}

// Run finds the charts and kustomizations in paths (files or
// directories, walked recursively), renders each offline and returns
// every finding, sorted. Each chart and each kustomization is one
// manifest set. The error is for paths that cannot be read at all.
func Run(paths []string, cfg Config) ([]lint.Result, error) {
	charts, kusts, err := discover(paths)
	if err != nil {
		return nil, err
	}
	var extra []map[string]any
	var out []lint.Result
	for _, vf := range cfg.ValuesFiles {
		m, err := readValuesFile(vf)
		if err != nil {
			return nil, err
		}
		extra = append(extra, m)
	}
	for _, dir := range charts {
		out = append(out, checkChart(dir, extra, &cfg)...)
	}
	for _, dir := range kusts {
		out = append(out, checkKustomization(dir, &cfg)...)
	}
	return dedup(out), nil
}

// discover lists chart directories (holding Chart.yaml) and kustomization
// directories. A chart's own subdirectories (its charts/ dependencies,
// templates) are not searched again; hidden, vendor and testdata
// directories are skipped unless named.
func discover(paths []string) (charts, kusts []string, err error) {
	seen := map[string]bool{}
	add := func(list *[]string, dir string) {
		if !seen[dir] {
			seen[dir] = true
			*list = append(*list, dir)
		}
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, nil, err
		}
		if !fi.IsDir() {
			p = filepath.Dir(p)
		}
		root := p
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // an unreadable subdirectory: the rest is still checked
			}
			if !d.IsDir() {
				return nil
			}
			name := d.Name()
			if path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "vendor" || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			if isFile(filepath.Join(path, "Chart.yaml")) {
				add(&charts, path)
				return filepath.SkipDir
			}
			if kustomizationFile(path) != "" {
				add(&kusts, path)
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	sort.Strings(charts)
	sort.Strings(kusts)
	return charts, kusts, nil
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

// kustomizationFile is the kustomization file of dir, or "".
func kustomizationFile(dir string) string {
	for _, n := range []string{"kustomization.yaml", "kustomization.yml", "Kustomization"} {
		if p := filepath.Join(dir, n); isFile(p) {
			return p
		}
	}
	return ""
}

// newResult is a finding of one of the render rules.
func newResult(r *lint.Rule, file string, line, col int, format string, args ...any) lint.Result {
	if line < 1 {
		line = 1
	}
	if col < 1 {
		col = 1
	}
	return lint.Result{Check: Check, Rule: r.ID, Severity: r.Severity,
		File: file, Line: line, Col: col, Message: fmt.Sprintf(format, args...)}
}

// dedup drops repeated findings: a base rendered by several overlays, a
// helper included by several templates.
func dedup(rs []lint.Result) []lint.Result {
	sort.SliceStable(rs, func(i, j int) bool { return output.Less(rs[i], rs[j]) })
	out := rs[:0]
	for i, r := range rs {
		if i > 0 {
			p := rs[i-1]
			if p.File == r.File && p.Line == r.Line && p.Col == r.Col && p.Rule == r.Rule && p.Message == r.Message {
				continue
			}
		}
		out = append(out, r)
	}
	return out
}
