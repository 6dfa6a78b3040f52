package plugin

import (
	"os"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/golangci/plugin-module-register/register"

	"github.com/hindsight-lint/hindsight/analyzers"
)

func TestEveryCheckIsRegistered(t *testing.T) {
	for _, c := range analyzers.Checks {
		newPlugin, err := register.GetPlugin(c.Analyzer.Name)
		if err != nil {
			t.Fatalf("%s: %v", c.Analyzer.Name, err)
		}
		p, err := newPlugin(map[string]any{})
		if err != nil {
			t.Fatalf("%s: %v", c.Analyzer.Name, err)
		}
		as, err := p.BuildAnalyzers()
		if err != nil || len(as) != 1 || as[0].Name != c.Analyzer.Name {
			t.Fatalf("%s: BuildAnalyzers = %v, %v", c.Analyzer.Name, as, err)
		}
		if as[0] == c.Analyzer {
			t.Errorf("%s: the plugin must configure a fresh analyzer, not the shared default", c.Analyzer.Name)
		}
		if p.GetLoadMode() != register.LoadModeTypesInfo {
			t.Errorf("%s: load mode %q", c.Analyzer.Name, p.GetLoadMode())
		}
	}
}

func TestSettings(t *testing.T) {
	newPlugin, err := register.GetPlugin("deferloop")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(map[string]any{"tests": false})
	if err != nil {
		t.Fatal(err)
	}
	as, _ := p.BuildAnalyzers()
	if got := as[0].Flags.Lookup("tests").Value.String(); got != "false" {
		t.Errorf("tests = %s after setting it to false", got)
	}
	// The shared default analyzer is untouched.
	if got := analyzers.All()[0].Flags.Lookup("tests").Value.String(); got != "true" {
		t.Errorf("default analyzer changed: tests = %s", got)
	}
	_, err = newPlugin(map[string]any{"bogus": 1})
	if err == nil || !strings.Contains(err.Error(), `unknown setting "bogus"`) {
		t.Errorf("unknown key: err = %v", err)
	}
}

// The repo's own .golangci.yml dogfoods every check.
func TestRepoConfigEnablesEveryCheck(t *testing.T) {
	data, err := os.ReadFile("../.golangci.yml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Linters struct {
			Enable   []string
			Settings struct {
				Custom map[string]struct{ Type string }
			}
		}
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	for _, c := range analyzers.Checks {
		name := c.Analyzer.Name
		if !slices.Contains(cfg.Linters.Enable, name) || cfg.Linters.Settings.Custom[name].Type != "module" {
			t.Errorf(".golangci.yml does not enable the %s module plugin", name)
		}
	}
}
