package manifest

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/hindsight-lint/hindsight/internal/code"
	"github.com/hindsight-lint/hindsight/internal/k8s"
	"github.com/hindsight-lint/hindsight/internal/report"
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

// envArgs calls f with the argument naming the variable of every call in
// n that reads an environment variable.
func envArgs(pass *analysis.Pass, wrappers map[*types.Func]int, n ast.Node, f func(arg ast.Expr)) {
	ast.Inspect(n, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if i, ok := envParam(pass, wrappers, call); ok && i < len(call.Args) {
				f(call.Args[i])
			}
		}
		return true
	})
}

// envWrappers finds the package's wrappers of os.Getenv (and of wrappers
// from other packages), exports a fact for each, and returns them with the
// index of the parameter that names the variable.
func envWrappers(pass *analysis.Pass) map[*types.Func]int {
	wrappers := map[*types.Func]int{}
	if pass.TypesInfo == nil || pass.Pkg == nil {
		return wrappers
	}
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
			envArgs(pass, wrappers, fb.decl.Body, func(arg ast.Expr) {
				id, ok := ast.Unparen(arg).(*ast.Ident)
				if !ok {
					return
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
			})
		}
		if !changed {
			break
		}
	}
	for fn, p := range wrappers {
		pass.ExportObjectFact(fn, &EnvReaderFact{Param: p})
	}
	return wrappers
}

// envReads returns the package's reads of constant-named variables outside
// tests, through os.Getenv or one of wrappers.
func envReads(pass *analysis.Pass, wrappers map[*types.Func]int) []envRead {
	if pass.TypesInfo == nil || pass.Pkg == nil {
		return nil
	}
	var reads []envRead
	for _, f := range pass.Files {
		if code.IsTestFile(pass, f.Pos()) || ast.IsGenerated(f) {
			continue
		}
		envArgs(pass, wrappers, f, func(arg ast.Expr) {
			tv := pass.TypesInfo.Types[arg]
			if tv.Value == nil || tv.Value.Kind() != constant.String {
				return
			}
			if name := constant.StringVal(tv.Value); name != "" {
				reads = append(reads, envRead{name, arg.Pos(), arg.End()})
			}
		})
	}
	return reads
}

// checkGoEnv compares the package's env reads with what the manifests set.
func checkGoEnv(rep *report.Reporter, set *k8s.Set, reads []envRead) {
	var names []string
	var at []envRead
	seen := map[envRead]bool{}
	for _, r := range reads {
		if !seen[r] {
			seen[r] = true
			names = append(names, r.name)
			at = append(at, r)
		}
	}
	for _, p := range set.CheckEnvReads(names) {
		r := at[p.Read]
		rep.Report(report.Finding{Pos: r.pos, End: r.end, Rule: ruleOf(p.Rule), Message: p.Message})
	}
}
