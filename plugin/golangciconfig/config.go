// Package golangciconfig writes the golangci-lint v2 configuration that
// enables every hindsight check as a module plugin (golangci.hindsight.yml,
// `hindsight golangci-config`). It registers nothing: the plugins live in
// package plugin, whose init registers them with golangci-lint.
package golangciconfig

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/hindsight-lint/hindsight/analyzers"
)

// ConfigFile is the name of the golangci-lint configuration Write
// writes, shipped at the root of the repository.
const ConfigFile = "golangci.hindsight.yml"

// PluginDefaults are settings the golangci-lint plugins apply before the
// user's, so the configuration does not offer them: the manifest checker
// reports at Go positions, because golangci-lint drops diagnostics in
// non-Go files.
var PluginDefaults = map[string]map[string]string{
	"manifest": {"gopos": "true"},
}

// Write writes a golangci-lint v2 configuration that enables every
// hindsight check as a module plugin: linters.enable, a
// linters.settings.custom entry per check with its options at their
// defaults (each with its description), and the issues settings that keep
// golangci-lint from hiding repeated findings. It is generated from the
// registry (analyzers.Checks and each analyzer's flags), so it names every
// check and every option there is. Use the file as it is
// (golangci-lint run -c golangci.hindsight.yml) or merge its keys into an
// existing .golangci.yml.
func Write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }

	p("# hindsight's checks for golangci-lint v2, one module plugin per check, with\n")
	p("# every option at its default. Generated from hindsight's registry by\n")
	p("# golangciconfig.Write: do not edit (`go test ./plugin/golangciconfig -update`\n")
	p("# rewrites it). Needs a golangci-lint built with hindsight's plugins\n")
	p("# (`make golangci`; see docs/golangci-lint.md). Use it as it is\n")
	p("# (golangci-lint run -c %s ./...) or merge linters.enable,\n", ConfigFile)
	p("# linters.settings.custom and issues into your .golangci.yml.\n")
	p("version: \"2\"\n")
	p("linters:\n")
	p("  enable:\n")
	for _, c := range analyzers.Checks {
		p("    - %s\n", c.Analyzer.Name)
	}
	p("  settings:\n")
	p("    custom:\n")
	for _, c := range analyzers.Checks {
		a := c.New() // a fresh analyzer: its flags hold the defaults
		p("      %s:\n", a.Name)
		p("        type: module\n")
		p("        description: %s\n", scalar(summary(a.Doc)))
		p("        original-url: https://github.com/hindsight-lint/hindsight\n")
		var settings []string
		a.Flags.VisitAll(func(f *flag.Flag) {
			if _, fixed := PluginDefaults[a.Name][f.Name]; fixed {
				return // set by the plugin itself (manifest's gopos)
			}
			value := scalar(f.DefValue)
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
				value = f.DefValue
			}
			settings = append(settings,
				fmt.Sprintf("          # %s\n", oneLine(f.Usage)),
				fmt.Sprintf("          %s: %s\n", f.Name, value))
		})
		if len(settings) > 0 {
			p("        settings:\n")
			p("%s", strings.Join(settings, ""))
		}
	}
	p("issues:\n")
	p("  # golangci-lint's defaults hide repeated findings of one linter\n")
	p("  max-issues-per-linter: 0\n")
	p("  max-same-issues: 0\n")
	p("  uniq-by-line: false\n")
	return bw.Flush()
}

// summary is the first line of a check's Doc without its "report " verb:
// "defer in a loop body that runs at function exit, ...".
func summary(doc string) string {
	line, _, _ := strings.Cut(doc, "\n")
	return strings.TrimPrefix(line, "report ")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// scalar is s as a YAML string scalar, quoted when YAML would read it as
// something else.
func scalar(s string) string {
	out, err := yaml.Marshal(s)
	if err != nil {
		return fmt.Sprintf("%q", s)
	}
	return strings.TrimSuffix(string(out), "\n")
}
