package idprefix

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// operandKind classifies an operand by its name and its type's name.
func operandKind(info *types.Info, e ast.Expr) kind {
	e = unwrap(info, e)
	k := kindOf(code.ExprName(e), code.NamedTypeName(info.TypeOf(e)))
	if k == path && !code.IsString(info.TypeOf(e)) {
		// A []byte "path" is a key or trie path (nibbles), matched by
		// prefix on purpose; file paths are strings.
		return none
	}
	return k
}

// freeName reports whether e is named as something matched by prefix on
// purpose, or is not named at all.
func freeName(info *types.Info, e ast.Expr) bool {
	return isFree(code.ExprName(unwrap(info, e)))
}

// unwrap looks through conversions and through the one-argument helpers
// of strings, path and filepath that keep a value's identity (Clean,
// ToLower, ToSlash).
func unwrap(info *types.Info, e ast.Expr) ast.Expr {
	for {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return ast.Unparen(e)
		}
		if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
			e = call.Args[0]
			continue
		}
		fn := code.Callee(info, call)
		if code.IsFunc(fn, "path/filepath", "Clean", "ToSlash", "FromSlash") || code.IsFunc(fn, "path", "Clean") ||
			code.IsFunc(fn, "strings", "ToLower", "ToUpper", "TrimSpace") {
			e = call.Args[0]
			continue
		}
		return ast.Unparen(e)
	}
}

// match is one prefix or suffix test of a against b.
type match struct {
	node    ast.Expr // the call, or the Index(a, b) == 0 comparison
	call    *ast.CallExpr
	fn      string // "HasPrefix", "HasSuffix", "Index"
	pkg     string
	a, b    ast.Expr
	suffix  bool
	negated bool // Index(a, b) != 0
}

func (c *checker) matchOf(e ast.Expr) (match, bool) {
	info := c.pass.TypesInfo
	switch e := e.(type) {
	case *ast.CallExpr:
		fn := code.Callee(info, e)
		for _, pkg := range []string{"strings", "bytes"} {
			if code.IsFunc(fn, pkg, "HasPrefix", "HasSuffix") && len(e.Args) == 2 {
				return match{node: e, call: e, fn: fn.Name(), pkg: pkg, a: e.Args[0], b: e.Args[1], suffix: fn.Name() == "HasSuffix"}, true
			}
		}
	case *ast.BinaryExpr:
		if e.Op != token.EQL && e.Op != token.NEQ {
			return match{}, false
		}
		call, ok := ast.Unparen(e.X).(*ast.CallExpr)
		zero := e.Y
		if !ok {
			call, ok = ast.Unparen(e.Y).(*ast.CallExpr)
			zero = e.X
		}
		if !ok || len(call.Args) != 2 {
			return match{}, false
		}
		tv := info.Types[zero]
		if tv.Value == nil || tv.Value.Kind() != constant.Int || tv.Value.ExactString() != "0" {
			return match{}, false
		}
		fn := code.Callee(info, call)
		for _, pkg := range []string{"strings", "bytes"} {
			if code.IsFunc(fn, pkg, "Index") {
				return match{node: e, call: call, fn: "Index", pkg: pkg, a: call.Args[0], b: call.Args[1], negated: e.Op == token.NEQ}, true
			}
		}
	}
	return match{}, false
}

func (c *checker) isConst(e ast.Expr) bool {
	return c.pass.TypesInfo.Types[e].Value != nil
}
