package plugin

import (
	"bytes"
	"flag"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/golangci/plugin-module-register/register"

	"github.com/hindsight-lint/hindsight/analyzers"
	"github.com/hindsight-lint/hindsight/plugin/golangciconfig"
)

// golangciconfig.Write's output enables every check as a module plugin, and every
// check's plugin accepts its settings and ends up with its defaults.
func TestConfigEnablesEveryCheck(t *testing.T) {
	var buf bytes.Buffer
	if err := golangciconfig.Write(&buf); err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Version string
		Linters struct {
			Enable   []string
			Settings struct {
				Custom map[string]struct {
					Type        string
					Description string
					Settings    map[string]any
				}
			}
		}
		Issues map[string]any
	}
	if err := yaml.Unmarshal(buf.Bytes(), &cfg); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if cfg.Version != "2" {
		t.Errorf("version %q", cfg.Version)
	}
	var names []string
	for _, c := range analyzers.Checks {
		name := c.Analyzer.Name
		names = append(names, name)
		custom, ok := cfg.Linters.Settings.Custom[name]
		if !slices.Contains(cfg.Linters.Enable, name) || !ok || custom.Type != "module" || custom.Description == "" {
			t.Errorf("%s is not enabled as a module plugin with a description: %+v", name, custom)
			continue
		}
		newPlugin, err := register.GetPlugin(name)
		if err != nil {
			t.Fatal(err)
		}
		// golangci-lint hands the plugin the settings map as decoded YAML.
		settings := map[string]any{}
		for k, v := range custom.Settings {
			settings[k] = v
		}
		p, err := newPlugin(settings)
		if err != nil {
			t.Errorf("%s: its settings are rejected: %v", name, err)
			continue
		}
		as, _ := p.BuildAnalyzers()
		def := c.New()
		def.Flags.VisitAll(func(f *flag.Flag) {
			want := f.DefValue
			if v, ok := golangciconfig.PluginDefaults[name][f.Name]; ok {
				want = v
			} else if _, listed := custom.Settings[f.Name]; !listed {
				t.Errorf("%s: option %s is missing from the settings", name, f.Name)
			}
			if got := as[0].Flags.Lookup(f.Name).Value.String(); got != want {
				t.Errorf("%s: option %s = %q with the shipped settings, want the default %q", name, f.Name, got, want)
			}
		})
	}
	if len(cfg.Linters.Enable) != len(names) || len(cfg.Linters.Settings.Custom) != len(names) {
		t.Errorf("enable %v, custom %d entries; want exactly the checks %v", cfg.Linters.Enable, len(cfg.Linters.Settings.Custom), names)
	}
	for _, k := range []string{"max-issues-per-linter", "max-same-issues"} {
		if cfg.Issues[k] != 0 {
			t.Errorf("issues.%s = %v, want 0", k, cfg.Issues[k])
		}
	}
}
