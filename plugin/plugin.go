// Package plugin registers every hindsight check as a golangci-lint v2
// module plugin, one linter per check, so that //nolint:<check>, per-check
// enable/disable, severity rules and SARIF rule ids work in golangci-lint.
//
// Settings are the check's analyzer flags, in kebab-case:
//
//	linters:
//	  settings:
//	    custom:
//	      deferloop:
//	        type: module
//	        settings:
//	          tests: false
//
// An unknown setting is an error.
package plugin

import (
	"flag"
	"fmt"
	"sort"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/hindsight-lint/hindsight/analyzers"
	"github.com/hindsight-lint/hindsight/internal/lint"
	"github.com/hindsight-lint/hindsight/plugin/golangciconfig"
)

func init() {
	for _, c := range analyzers.Checks {
		register.Plugin(c.Analyzer.Name, newPlugin(c))
	}
}

type linter struct {
	analyzer *analysis.Analyzer
}

func newPlugin(c analyzers.Check) register.NewPlugin {
	return func(conf any) (register.LinterPlugin, error) {
		settings, err := register.DecodeSettings[map[string]any](conf)
		if err != nil {
			return nil, err
		}
		a := c.New()
		if err := Configure(a, golangciconfig.PluginDefaults[a.Name], settings); err != nil {
			return nil, err
		}
		return &linter{analyzer: forGolangci(c, a)}, nil
	}
}

// Configure sets an analyzer's flags from golangci-lint settings (after
// defaults). Keys are flag names; an unknown key is an error naming the
// valid ones.
func Configure(a *analysis.Analyzer, defaults map[string]string, settings map[string]any) error {
	for name, value := range defaults {
		if a.Flags.Lookup(name) != nil {
			if err := a.Flags.Set(name, value); err != nil {
				return err
			}
		}
	}
	keys := make([]string, 0, len(settings))
	for k := range settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		name := strings.ToLower(key)
		if a.Flags.Lookup(name) == nil {
			var valid []string
			a.Flags.VisitAll(func(f *flag.Flag) { valid = append(valid, f.Name) })
			return fmt.Errorf("%s: unknown setting %q (valid: %s)", a.Name, key, strings.Join(valid, ", "))
		}
		if err := a.Flags.Set(name, settingString(settings[key])); err != nil {
			return fmt.Errorf("%s: setting %q: %v", a.Name, key, err)
		}
	}
	return nil
}

func settingString(v any) string {
	switch v := v.(type) {
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = fmt.Sprint(e)
		}
		return strings.Join(parts, ",")
	case float64:
		if v == float64(int64(v)) {
			return fmt.Sprint(int64(v))
		}
	}
	return fmt.Sprint(v)
}

// defaultSeverity is the lowest severity the plugin reports, as the
// command's default: info findings are for a deliberate -severity=info run.
var defaultSeverity = lint.Warning

// forGolangci wraps a so its messages read "severity: message
// (check/rule)", as hindsight's own output shows them, and drops related
// information: golangci-lint turns it into issues of their own, and the
// message already names the related places.
func forGolangci(c analyzers.Check, a *analysis.Analyzer) *analysis.Analyzer {
	decorated := analyzers.Decorated(c, a, &defaultSeverity)
	wrapped := *decorated
	wrapped.Run = func(pass *analysis.Pass) (any, error) {
		p := *pass
		p.Report = func(d analysis.Diagnostic) {
			d.Related = nil
			pass.Report(d)
		}
		return decorated.Run(&p)
	}
	return &wrapped
}

func (l *linter) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{l.analyzer}, nil
}

// GetLoadMode: every check uses types (and some use facts).
func (l *linter) GetLoadMode() string { return register.LoadModeTypesInfo }
