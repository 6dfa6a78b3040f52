package manifest

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/scanner"
	"go/token"
	"go/types"
	"io/fs"
	"maps"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/hindsight-lint/hindsight/internal/code"
	"github.com/hindsight-lint/hindsight/internal/lint"
)

// EnvReaderFact marks a function that reads the environment variable named
// by one of its parameters (a wrapper such as getenv(name, def string)).
type EnvReaderFact struct {
	Param int // index of the parameter holding the variable's name
}

// AFact implements analysis.Fact.
func (*EnvReaderFact) AFact() {}

func (f *EnvReaderFact) String() string {
	return fmt.Sprintf("reads env var named by parameter %d", f.Param)
}

// envRead is a read of a constant-named environment variable.
type envRead struct {
	name string
	pos  token.Pos
	end  token.Pos
}

// envParam returns which argument of a call names an environment
// variable: os.Getenv/LookupEnv/Setenv's first, or a wrapper's.
func envParam(pass *analysis.Pass, wrappers map[*types.Func]int, call *ast.CallExpr) (int, bool) {
	fn := code.Callee(pass.TypesInfo, call)
	if fn == nil {
		return 0, false
	}
	if code.IsFunc(fn, "os", "Getenv", "LookupEnv") || code.IsFunc(fn, "syscall", "Getenv") {
		return 0, true
	}
	if i, ok := wrappers[fn]; ok {
		return i, true
	}
	var f EnvReaderFact
	if fn.Pkg() != nil && fn.Pkg() != pass.Pkg && pass.ImportObjectFact(fn.Origin(), &f) {
		return f.Param, true
	}
	return 0, false
}

// envReads finds the package's wrappers of os.Getenv (exporting facts for
// them) and its reads of constant-named variables outside tests.
func envReads(pass *analysis.Pass) []envRead {
	if pass.TypesInfo == nil || pass.Pkg == nil {
		return nil
	}
	wrappers := map[*types.Func]int{}
	type fnBody struct {
		fn   *types.Func
		decl *ast.FuncDecl
	}
	var funcs []fnBody
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
				funcs = append(funcs, fnBody{fn, fd})
			}
		}
	}
	// Wrappers of wrappers: iterate a few rounds.
	for range 3 {
		changed := false
		for _, fb := range funcs {
			if _, done := wrappers[fb.fn]; done {
				continue
			}
			sig := fb.fn.Type().(*types.Signature)
			ast.Inspect(fb.decl.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				i, ok := envParam(pass, wrappers, call)
				if !ok || i >= len(call.Args) {
					return true
				}
				id, ok := ast.Unparen(call.Args[i]).(*ast.Ident)
				if !ok {
					return true
				}
				obj := pass.TypesInfo.Uses[id]
				for p := 0; p < sig.Params().Len(); p++ {
					if sig.Params().At(p) == obj {
						if _, done := wrappers[fb.fn]; !done {
							wrappers[fb.fn] = p
							changed = true
						}
					}
				}
				return true
			})
		}
		if !changed {
			break
		}
	}
	for fn, p := range wrappers {
		pass.ExportObjectFact(fn, &EnvReaderFact{Param: p})
	}
	var reads []envRead
	for _, f := range pass.Files {
		if code.IsTestFile(pass, f.Pos()) || ast.IsGenerated(f) {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			i, ok := envParam(pass, wrappers, call)
			if !ok || i >= len(call.Args) {
				return true
			}
			tv := pass.TypesInfo.Types[call.Args[i]]
			if tv.Value == nil || tv.Value.Kind() != constant.String {
				return true
			}
			name := constant.StringVal(tv.Value)
			if name != "" {
				reads = append(reads, envRead{name, call.Args[i].Pos(), call.Args[i].End()})
			}
			return true
		})
	}
	return reads
}

// goStrings collects every string literal (and struct tag value) in the
// module's Go files, for the "set but never read" direction.
func goStrings(root string) map[string]bool {
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

// checkGoEnv compares the package's env reads with what the manifests set.
func checkGoEnv(rep *lint.Reporter, res *result, reads []envRead) {
	set := map[string]position{}
	for _, w := range res.idx.workloads {
		for _, ct := range w.containers {
			for _, ev := range ct.env {
				if _, ok := set[ev.name]; !ok {
					set[ev.name] = ev.at
				}
			}
		}
	}
	if len(set) == 0 {
		return // the manifests set no env vars: they do not deploy this code
	}
	// Do the manifests configure this package's code? Some variable it
	// reads must be one they set; otherwise it may belong to a tool that
	// is not deployed at all.
	deploys := false
	for _, r := range reads {
		if _, ok := set[r.name]; ok {
			deploys = true
			break
		}
	}
	names := slices.Sorted(maps.Keys(set))
	seen := map[string]bool{}
	for _, r := range reads {
		if _, ok := set[r.name]; ok || res.idx.imported[r.name] || wellKnownEnv[r.name] || seen[r.name+fmt.Sprint(r.pos)] {
			continue
		}
		seen[r.name+fmt.Sprint(r.pos)] = true
		var near string
		for _, n := range names {
			b := code.TypoBudget(len(r.name))
			if b > 2 {
				b = 2
			}
			if !onlyDigitsDiffer(n, r.name) && code.EditDistance(n, r.name, b) <= b {
				near = n
				break
			}
		}
		if near != "" {
			rep.Report(lint.Finding{Pos: r.pos, End: r.end, Rule: ruleOf(RuleGoEnvTypo),
				Message: fmt.Sprintf("env var %s is read here, but the manifests set %s (%s), not %s: a typo?", r.name, near, set[near], r.name)})
			continue
		}
		if deploys && !res.idx.envFromX {
			rep.Report(lint.Finding{Pos: r.pos, End: r.end, Rule: ruleOf(RuleGoEnvUnset),
				Message: fmt.Sprintf("env var %s is read here, but no manifest in the module sets it", r.name)})
		}
	}
}
