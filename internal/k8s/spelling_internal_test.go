package k8s

import (
	"strings"
	"testing"
)

func TestSpellWords(t *testing.T) {
	for name, want := range map[string]string{
		"FLUENT_FOWARD_HOST":   "FLUENT FOWARD HOST",
		"fluentFowardHost":     "fluent Foward Host",
		"fluent.foward-host":   "fluent foward host",
		"HTTPServer2Reciever":  "HTTP Server Reciever",
		"example.com/retreive": "example com retreive",
		"x":                    "x",
		"__":                   "",
		"caféOwner":            "café Owner",
		"ÉCOLEName":            "ÉCOLE Name",
	} {
		var got []string
		spellWords(name, func(w string) { got = append(got, w) })
		if g := strings.Join(got, " "); g != want {
			t.Errorf("spellWords(%q) = %q, want %q", name, g, want)
		}
	}
}

func TestCorrection(t *testing.T) {
	vocab := map[string]bool{"promethius": true}
	for word, want := range map[string]string{
		"FOWARD":     "FORWARD",
		"foward":     "forward",
		"Foward":     "Forward",
		"colour":     "", // British, not in the main list
		"behaviour":  "",
		"teh":        "", // too short
		"daed":       "", // hex digits only
		"strat":      "", // short for strategy
		"clas":       "", // a truncation of class
		"promethius": "", // the set's own word
		"forward":    "", // correct
	} {
		got, _ := correction(word, vocab)
		if got != want {
			t.Errorf("correction(%q) = %q, want %q", word, got, want)
		}
	}
}

func TestRandomToken(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"TZmHxxUfuJqPXSOm7tDyas0OSIQ", true},
		{"sha-qLYJI0YElr8DcENEyARsFQeESqW", true}, // after a separator
		{"applicationProperties", false},          // camelCase words
		{"FLUENT_FOWARD_HOST", false},
		{"http2ServerFowardHeaders", false}, // one digit: words
		{"x9Y8z7W6v5U4t3S2r1", true},
	} {
		if got := randomToken(tc.name); got != tc.want {
			t.Errorf("randomToken(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}
