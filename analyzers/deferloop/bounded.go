package deferloop

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// maxBounded is the largest iteration count of a loop over a fixed set
// that counts as bounded: what it holds until the function returns is a
// small constant, not a leak that grows with the input.
const maxBounded = 16

// Why a loop's count is bounded, as the message says it.
const (
	boundFixed   = "the loop runs a fixed, small number of times, so the cost is bounded"
	boundCmdLine = "the loop runs once per command-line argument, a count fixed when the program starts, so the cost is bounded"
)

// boundReason returns why loop runs a small, bounded number of times, or ""
// when its count can grow with the input: over a composite literal, an
// array, a variable initialised with a composite literal and never grown
// (reslicing it is fine), the command-line arguments, an integer range or a
// counter up to a bound whose largest value is small. That bound is a
// constant, or built with constants from a parameter that every call of an
// unexported function passes a small value (a count the callers fix).
func (fs *funcState) boundReason(loop ast.Stmt) string {
	info := fs.pass.TypesInfo
	switch l := loop.(type) {
	case *ast.RangeStmt:
		x := ast.Unparen(l.X)
		if t, ok := typeUnder(info, x).(*types.Basic); ok && t.Info()&types.IsInteger != 0 {
			return fs.countReason(x, 0) // for range n
		}
		if t := info.TypeOf(x); t != nil {
			if p, ok := t.Underlying().(*types.Pointer); ok {
				t = p.Elem()
			}
			if a, ok := t.Underlying().(*types.Array); ok && a.Len() <= maxBounded {
				return boundFixed
			}
		}
		if lit, ok := x.(*ast.CompositeLit); ok && len(lit.Elts) <= maxBounded {
			return boundFixed
		}
		if id, ok := x.(*ast.Ident); ok {
			if v, ok := info.ObjectOf(id).(*types.Var); ok && fs.fixedLiteral(v) {
				return boundFixed
			}
		}
		if fs.commandLine(x, map[*types.Var]bool{}) {
			return boundCmdLine
		}
	case *ast.ForStmt:
		// for i := c; i < n; i++ (or i <= n, i += k): at most n-c runs.
		cond, ok := ast.Unparen(l.Cond).(*ast.BinaryExpr)
		if !ok || (cond.Op != token.LSS && cond.Op != token.LEQ) {
			return ""
		}
		init, ok := l.Init.(*ast.AssignStmt)
		if !ok || len(init.Lhs) != 1 || len(init.Rhs) != 1 {
			return ""
		}
		start, ok := intConst(info, init.Rhs[0])
		if !ok || !counts(info, l, init.Lhs[0], cond.X) {
			return ""
		}
		n, src, ok := fs.upperBound(cond.Y, 0)
		if !ok {
			return ""
		}
		if cond.Op == token.LEQ {
			n++
		}
		if n-start > maxBounded {
			return ""
		}
		if src == nil {
			return boundFixed
		}
		return fs.paramReason(cond.Y, n-start, src)
	}
	return ""
}

// countReason is boundReason for a loop that runs n times.
func (fs *funcState) countReason(n ast.Expr, depth int) string {
	hi, src, ok := fs.upperBound(n, depth)
	if !ok || hi > maxBounded {
		return ""
	}
	if src == nil {
		return boundFixed
	}
	return fs.paramReason(n, hi, src)
}

// paramReason says that a loop runs at most n times because its bound e
// is at most that for every call of fn, the function whose parameter it
// comes from.
func (fs *funcState) paramReason(e ast.Expr, n int64, fn *types.Func) string {
	return fmt.Sprintf("the loop runs at most %d times: its bound %s is at most that for every call of %s in the package, so the cost is bounded",
		n, types.ExprString(e), fn.Name())
}

// typeUnder returns the underlying type of e, or nil.
func typeUnder(info *types.Info, e ast.Expr) types.Type {
	if t := info.TypeOf(e); t != nil {
		return t.Underlying()
	}
	return nil
}

// counts reports whether the loop's variable is the one compared in its
// condition and its post statement only moves it up (i++, i += 2).
func counts(info *types.Info, l *ast.ForStmt, v, compared ast.Expr) bool {
	id, ok := ast.Unparen(v).(*ast.Ident)
	if !ok || !code.SameRef(info, id, compared) {
		return false
	}
	switch p := l.Post.(type) {
	case *ast.IncDecStmt:
		return p.Tok == token.INC && code.SameRef(info, p.X, id)
	case *ast.AssignStmt:
		step, ok := intConst(info, p.Rhs[0])
		return p.Tok == token.ADD_ASSIGN && len(p.Lhs) == 1 && code.SameRef(info, p.Lhs[0], id) && ok && step > 0
	}
	return false
}

// intConst returns the value of an integer constant expression.
func intConst(info *types.Info, e ast.Expr) (int64, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(tv.Value)
}

// boundDepth limits how many callers deep upperBound follows a parameter.
const boundDepth = 3

// largeBound caps the bounds computed, so that arithmetic on them cannot
// overflow; anything that large is unbounded for this check anyway.
const largeBound = 1 << 30

// upperBound returns the largest value the integer expression e can have,
// when the code shows one: a constant; a local variable set once from such
// an expression; a parameter of an unexported function whose callers all
// pass such an expression; and +, -, *, /, >> with constants, min. fn is
// the function whose parameter the bound came from (nil for constants).
func (fs *funcState) upperBound(e ast.Expr, depth int) (hi int64, fn *types.Func, ok bool) {
	info := fs.pass.TypesInfo
	if n, ok := intConst(info, e); ok {
		return max(min(n, largeBound), -largeBound), nil, true
	}
	if depth > boundDepth {
		return 0, nil, false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		if !ok {
			return 0, nil, false
		}
		return fs.varBound(v, depth)
	case *ast.BinaryExpr:
		if e.Op == token.MUL {
			// k * n or n * k with a constant k >= 0.
			x, y := e.X, e.Y
			if _, isConst := intConst(info, x); !isConst {
				x, y = y, x
			}
			k, isConst := intConst(info, x)
			n, f, ok := fs.upperBound(y, depth)
			if !isConst || !ok || k < 0 || k > largeBound {
				return 0, nil, false
			}
			return min(k*n, largeBound), f, true
		}
		x, fx, ok := fs.upperBound(e.X, depth)
		if !ok {
			return 0, nil, false
		}
		c, isConst := intConst(info, e.Y)
		switch e.Op {
		case token.ADD:
			y, fy, ok := fs.upperBound(e.Y, depth)
			if !ok {
				return 0, nil, false
			}
			return min(x+y, largeBound), cmp.Or(fx, fy), true
		case token.SUB:
			if isConst && -largeBound <= c && c <= largeBound {
				return x - c, fx, true
			}
		case token.QUO, token.SHR:
			if isConst && c > 0 && x >= 0 {
				if e.Op == token.SHR {
					return x >> min(c, 62), fx, true
				}
				return x / c, fx, true
			}
		}
	case *ast.CallExpr:
		// min(n, 8): bounded by any bounded argument.
		if code.IsBuiltinCall(info, e, "min") {
			found := false
			for _, a := range e.Args {
				if n, f, ok := fs.upperBound(a, depth); ok && (!found || n < hi) {
					hi, fn, found = n, f, true
				}
			}
			return hi, fn, found
		}
	}
	return 0, nil, false
}

// varBound is upperBound for a variable: a local set exactly once (n :=
// m+2), or a parameter of a function whose every call passes a bounded
// argument. Only functions whose callers are all in view count: unexported
// ones (and anything in package main), never used as a value, and for
// methods, not named like a method of one of the package's interfaces.
func (fs *funcState) varBound(v *types.Var, depth int) (int64, *types.Func, bool) {
	x := fs.vars()
	if !x.setOnlyBy(v) {
		return 0, nil, false
	}
	if p, isParam := x.params[v]; isParam {
		if len(x.defs.Values[v]) > 0 || !fs.callersInView(p.fn) {
			return 0, nil, false
		}
		sig := p.fn.Type().(*types.Signature)
		if sig.Variadic() && p.index == sig.Params().Len()-1 {
			return 0, nil, false
		}
		var hi int64
		for _, site := range x.calls.Of[p.fn] {
			call := site.Call
			if len(call.Args) != sig.Params().Len() || call.Ellipsis.IsValid() {
				return 0, nil, false
			}
			n, _, ok := fs.upperBound(call.Args[p.index], depth+1)
			if !ok {
				return 0, nil, false
			}
			hi = max(hi, n)
		}
		return hi, p.fn, true
	}
	if v.Kind() != types.LocalVar || len(x.defs.Values[v]) != 1 {
		return 0, nil, false
	}
	return fs.upperBound(x.defs.Values[v][0], depth+1)
}

// callersInView reports whether every use of fn is a call the package
// shows, and there is at least one.
func (fs *funcState) callersInView(fn *types.Func) bool {
	calls := fs.vars().calls
	if calls.Escapes[fn] || len(calls.Of[fn]) == 0 || fn.Pkg() != fs.pass.Pkg {
		return false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Recv() != nil {
		// Importers and other packages' interfaces can call an exported
		// method; an interface of the package, any method of its name.
		return !fn.Exported() && !calls.IfaceMethods[fn.Name()]
	}
	return !fn.Exported() || fs.pass.Pkg.Name() == "main"
}

// fixedLiteral reports whether v is initialised with a composite literal of
// at most maxBounded elements and otherwise only resliced (v = v[:1]),
// never appended to or replaced, anywhere in the package.
func (fs *funcState) fixedLiteral(v *types.Var) bool {
	info := fs.pass.TypesInfo
	fixed, assigned := false, false
	pkgLevel := v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
	for _, f := range fs.pass.Files {
		if !pkgLevel && (v.Pos() < f.Pos() || v.Pos() >= f.End()) {
			continue // a local variable lives in one file
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if info.Defs[id] == v && i < len(n.Values) {
						lit, ok := ast.Unparen(n.Values[i]).(*ast.CompositeLit)
						fixed = ok && len(lit.Elts) <= maxBounded
					}
				}
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					id, ok := ast.Unparen(lhs).(*ast.Ident)
					if !ok || info.ObjectOf(id) != v {
						continue
					}
					var rhs ast.Expr
					if len(n.Rhs) == len(n.Lhs) {
						rhs = ast.Unparen(n.Rhs[i])
					}
					if lit, ok := rhs.(*ast.CompositeLit); ok {
						// networks := []string{"udp", "tcp"}, or set so in
						// each branch.
						if len(lit.Elts) <= maxBounded {
							fixed = true
						} else {
							assigned = true
						}
						continue
					}
					if s, ok := rhs.(*ast.SliceExpr); ok {
						if base, ok := ast.Unparen(s.X).(*ast.Ident); ok && info.ObjectOf(base) == v {
							continue // probes = probes[:1]
						}
					}
					assigned = true
				}
			case *ast.UnaryExpr:
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && info.ObjectOf(id) == v {
					assigned = true // its address escapes
				}
			}
			return !assigned
		})
	}
	return fixed && !assigned
}

// returnsOnSuccess reports whether the loop body, after pos, returns with a
// nil error (return c, nil) or, from a function whose one result is a bool,
// true (return true): a loop that tries one candidate after another and
// stops at the first that works, so only failed attempts stay held.
func returnsOnSuccess(info *types.Info, body *ast.BlockStmt, pos token.Pos) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if n.Pos() < pos || len(n.Results) == 0 {
				return true
			}
			last := ast.Unparen(n.Results[len(n.Results)-1])
			if len(n.Results) == 1 {
				tv := info.Types[last]
				found = tv.Value != nil && tv.Value.Kind() == constant.Bool && constant.BoolVal(tv.Value)
				return !found
			}
			if id, ok := last.(*ast.Ident); ok && id.Name == "nil" && info.Types[last].IsNil() {
				found = true
			}
		}
		return true
	})
	return found
}
