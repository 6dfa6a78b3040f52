package deferloop

import (
	"go/ast"
	"go/constant"
	"go/types"
	"path"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// A loop over the program's command-line arguments runs once per argument
// the user typed: its count is fixed when the process starts, and does not
// grow while it runs, however long that is. A resource held per argument
// until the function returns is bounded by that count; when the function
// is the command's action, its return is the end of the command. Lists
// built only from the arguments (their elements, their glob expansions,
// literals) are bounded the same way: a glob is the expansion the shell
// would have made. A list read from anywhere else (a directory, a file, the
// network) is not, also in package main.

// commandLine reports whether e is the command-line arguments or a list
// built only from them: os.Args, flag.Args(), a flag set's or a CLI
// framework's Args() (flag, pflag, urfave/cli and its forks, with .Slice()
// or .Tail()), the args parameter of a cobra command function, a slice of
// one of these, or a local variable set only to such lists, small literals,
// and appends of their elements or glob expansions.
func (fs *funcState) commandLine(e ast.Expr, seen map[*types.Var]bool) bool {
	info := fs.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.SliceExpr:
		return fs.commandLine(e.X, seen)
	case *ast.SelectorExpr:
		if v, ok := info.Uses[e.Sel].(*types.Var); ok && v.Pkg() != nil && v.Pkg().Path() == "os" && v.Name() == "Args" {
			return true
		}
	case *ast.CallExpr:
		fn := code.Callee(info, e)
		if fn == nil || len(e.Args) != 0 {
			return false
		}
		switch fn.Name() {
		case "Args":
			return fn.Pkg() != nil && cliPackage(fn.Pkg().Path())
		case "Slice", "Tail":
			// urfave/cli v2 and v3: c.Args().Slice()
			sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
			return ok && fn.Pkg() != nil && cliPackage(fn.Pkg().Path()) && fs.commandLine(sel.X, seen)
		}
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		if !ok || seen[v] {
			return false
		}
		seen[v] = true // v = append(v, ...) refers to itself
		defer delete(seen, v)
		if fs.cobraArgs(v) {
			return true
		}
		return fs.commandLineVar(v, seen)
	}
	return false
}

// cliPackage reports whether a package path is a flag or command-line
// framework whose Args method returns the command's arguments.
func cliPackage(p string) bool {
	if p == "flag" {
		return true
	}
	base := path.Base(p)
	if len(base) > 1 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" {
		base = path.Base(path.Dir(p)) // github.com/urfave/cli/v2
	}
	return base == "cli" || base == "pflag"
}

// cobraArgs reports whether v is the []string parameter of a function that
// also takes a *cobra.Command: the positional arguments of a cobra command
// (Run, RunE, PreRun ...), never reassigned.
func (fs *funcState) cobraArgs(v *types.Var) bool {
	x := fs.vars()
	if v.Kind() != types.ParamVar || !x.setOnlyBy(v) || len(x.defs.Values[v]) > 0 {
		return false
	}
	if s, ok := v.Type().Underlying().(*types.Slice); !ok || !code.IsString(s.Elem()) {
		return false
	}
	return x.cobraArgs[v]
}

// commandLineVar reports whether the local variable v only ever holds the
// command-line arguments: every value assigned to it is such a list, a
// small literal (a default when none are given), a slice of v, or v with
// elements derived from the arguments appended; at least one assignment is
// the arguments themselves or adds to v.
func (fs *funcState) commandLineVar(v *types.Var, seen map[*types.Var]bool) bool {
	x := fs.vars()
	if v.Kind() != types.LocalVar || !x.setOnlyBy(v) {
		return false
	}
	info := fs.pass.TypesInfo
	fromArgs := false
	for _, rhs := range x.defs.Values[v] {
		rhs = ast.Unparen(rhs)
		switch r := rhs.(type) {
		case *ast.CompositeLit:
			if len(r.Elts) > maxBounded {
				return false
			}
			continue
		case *ast.SliceExpr:
			if id, ok := ast.Unparen(r.X).(*ast.Ident); ok && info.Uses[id] == v {
				continue
			}
		case *ast.CallExpr:
			if code.IsBuiltinCall(info, r, "append") && len(r.Args) > 0 {
				if id, ok := ast.Unparen(r.Args[0]).(*ast.Ident); ok && info.Uses[id] == v {
					for _, a := range r.Args[1:] {
						if !fs.fromCommandLine(a, seen) {
							return false
						}
					}
					fromArgs = true
					continue
				}
			}
		case *ast.Ident:
			if r.Name == "nil" && info.Types[r].IsNil() {
				continue
			}
		}
		if !fs.commandLine(rhs, seen) {
			return false
		}
		fromArgs = true
	}
	return fromArgs
}

// fromCommandLine reports whether e, appended to a list of arguments, comes
// from the command line: a string constant, the arguments themselves, the
// element of a range over them, or the result of expanding such an element
// as a glob pattern (found, err := filepath.Glob(pattern)).
func (fs *funcState) fromCommandLine(e ast.Expr, seen map[*types.Var]bool) bool {
	info := fs.pass.TypesInfo
	if tv, ok := info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return true
	}
	if fs.commandLine(e, seen) {
		return true
	}
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok {
		return false
	}
	x := fs.vars()
	if !x.setOnlyFrom(v) {
		return false
	}
	if rng := x.rangeOf[v]; rng != nil {
		return rng.Value != nil && info.Defs[rng.Value.(*ast.Ident)] == v && fs.commandLine(rng.X, seen)
	}
	calls := x.tupleFrom[v]
	if len(calls) != 1 {
		return false
	}
	fn := code.Callee(info, calls[0])
	if fn == nil || fn.Name() != "Glob" || len(calls[0].Args) == 0 {
		return false
	}
	return fs.fromCommandLine(calls[0].Args[0], seen)
}
