package k8s

import (
	"fmt"
	"go/scanner"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/spell"
)

// EnvProblem is what is wrong with one of the env var reads given to
// CheckEnvReads: Read is its index.
type EnvProblem struct {
	Read    int
	Rule    string // RuleGoEnvTypo or RuleGoEnvUnset
	Message string
}

// CheckEnvReads compares the names of environment variables that Go code
// reads (constant names, one per read, duplicates removed by the caller)
// with what the set's workloads set: a read of a near-miss of a set name is
// a typo; a read of a name nothing sets is reported when the manifests
// configure this code at all (some other read is set) and no envFrom
// imports an object the set does not define.
func (s *Set) CheckEnvReads(reads []string) []EnvProblem {
	set := map[string]position{}
	for _, w := range s.idx.workloads {
		for _, ct := range w.containers {
			for _, ev := range ct.env {
				if _, ok := set[ev.name]; !ok {
					set[ev.name] = ev.at
				}
			}
		}
	}
	if len(set) == 0 {
		return nil // the manifests set no env vars: they do not deploy this code
	}
	// Do the manifests configure this package's code? Some variable it
	// reads must be one they set; otherwise it may belong to a tool that
	// is not deployed at all.
	deploys := false
	for _, r := range reads {
		if _, ok := set[r]; ok {
			deploys = true
			break
		}
	}
	names := slices.Sorted(maps.Keys(set))
	var out []EnvProblem
	for i, r := range reads {
		if _, ok := set[r]; ok || s.idx.imported[r] || wellKnownEnv[r] {
			continue
		}
		var near string
		for _, n := range names {
			b := spell.TypoBudget(len(r))
			if b > 2 {
				b = 2
			}
			if !onlyDigitsDiffer(n, r) && spell.EditDistance(n, r, b) <= b {
				near = n
				break
			}
		}
		if near != "" {
			out = append(out, EnvProblem{i, RuleGoEnvTypo, fmt.Sprintf("env var %s is read here, but the manifests set %s (%s), not %s: a typo?", r, near, set[near], r)})
			continue
		}
		if deploys && !s.idx.envFromX {
			out = append(out, EnvProblem{i, RuleGoEnvUnset, fmt.Sprintf("env var %s is read here, but no manifest in the module sets it", r)})
		}
	}
	return out
}

// scanGoStrings collects every string literal (and struct tag value) in
// the Go files of the module at root, for the "set but never read"
// direction. It reads the files itself, outside any go/analysis pass.
func scanGoStrings(root string) map[string]bool {
	out := map[string]bool{}
	walkModule(root, nil, func(p string, _ fs.DirEntry) {
		if !strings.HasSuffix(p, ".go") {
			return
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return
		}
		var s scanner.Scanner
		s.Init(token.NewFileSet().AddFile(p, -1, len(src)), src, nil, 0)
		for {
			_, tok, lit := s.Scan()
			if tok == token.EOF {
				break
			}
			if tok != token.STRING {
				continue
			}
			v, err := strconv.Unquote(lit)
			if err != nil {
				continue
			}
			out[v] = true
			if strings.HasPrefix(lit, "`") && strings.Contains(v, `:"`) {
				for _, key := range []string{"env", "envconfig", "split_words", "default"} {
					if tv, ok := reflect.StructTag(v).Lookup(key); ok {
						name, _, _ := strings.Cut(tv, ",")
						out[name] = true
					}
				}
			}
		}
	}, nil)
	return out
}
