package trimcutset

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/hindsight-lint/hindsight/internal/code"
	"github.com/hindsight-lint/hindsight/internal/flow"
	"github.com/hindsight-lint/hindsight/internal/lint"
	"github.com/hindsight-lint/hindsight/internal/report"
)

//go:embed doc.go
var doc string

// config holds the analyzer's options; each is also an analyzer flag.
type config struct {
	// NonConst reports cutsets that are not constants (a variable, a field,
	// ":"+tag) unless their name says they are a set of characters.
	NonConst bool
	// Tests reports in _test.go files too.
	Tests bool
}

// Analyzer is the trimcutset check with its default configuration.
var Analyzer = New()

// New returns a fresh trimcutset analyzer whose flags fill its own config.
func New() *analysis.Analyzer {
	cfg := &config{NonConst: true, Tests: true}
	a := &analysis.Analyzer{
		Name:     "trimcutset",
		Doc:      lint.DocFrom(doc),
		URL:      lint.DocURL("trimcutset"),
		Requires: []*analysis.Analyzer{flow.Analyzer},
		Run:      func(pass *analysis.Pass) (any, error) { return run(pass, cfg) },
	}
	a.Flags.BoolVar(&cfg.NonConst, "nonconst", cfg.NonConst,
		"report non-constant cutsets whose name does not say they are a set of characters")
	a.Flags.BoolVar(&cfg.Tests, "tests", cfg.Tests, "report in _test.go files too")
	return a
}

// use is a place where a string is used as an affix: an argument of
// HasSuffix, TrimPrefix, CutSuffix and friends, or concatenated onto a value.
type use struct {
	pos token.Pos
	how string // "a suffix", "a prefix"
}

type checker struct {
	pass    *analysis.Pass
	rep     *report.Reporter
	defs    *code.Defs
	consts  map[string][]use // constant affix → its uses
	exprs   map[string][]use // rendered non-constant affix → its uses
	formats []use            // constant format strings of fmt calls (how holds the format)
	funcs   map[types.Object]*types.Func
}

var trimFuncs = map[string]Func{"Trim": Trim, "TrimLeft": TrimLeft, "TrimRight": TrimRight}

func run(pass *analysis.Pass, conf *config) (any, error) {
	idx := pass.ResultOf[flow.Analyzer].(*flow.Result)
	ins := idx.Inspector()
	c := &checker{
		pass:   pass,
		rep:    report.New(pass),
		defs:   idx.Defs(),
		consts: map[string][]use{},
		exprs:  map[string][]use{},
		funcs:  map[types.Object]*types.Func{},
	}
	c.index(ins)
	skip := code.SkippedFiles(pass, conf.Tests)
	for cur := range ins.Root().Preorder((*ast.File)(nil)) {
		if skip[cur.Node().(*ast.File)] {
			continue
		}
		for cc := range cur.Preorder((*ast.CallExpr)(nil)) {
			c.check(cc.Node().(*ast.CallExpr), conf)
		}
	}
	c.rep.Finish()
	return nil, nil
}

// trimFunc returns the cutset function call invokes, directly or through a
// variable that only ever holds that function.
func (c *checker) trimFunc(call *ast.CallExpr) (Func, string, bool) {
	fn := code.Callee(c.pass.TypesInfo, call)
	if fn == nil {
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
			fn = c.funcs[c.pass.TypesInfo.ObjectOf(id)]
		}
	}
	for _, pkg := range []string{"strings", "bytes"} {
		if code.IsFunc(fn, pkg, "Trim", "TrimLeft", "TrimRight") {
			return trimFuncs[fn.Name()], pkg, true
		}
	}
	return 0, "", false
}

// index records affix uses, fmt format strings, and variables that hold a
// cutset function.
func (c *checker) index(ins *inspector.Inspector) {
	info := c.pass.TypesInfo
	for n := range ins.PreorderSeq((*ast.CallExpr)(nil), (*ast.BinaryExpr)(nil), (*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil)) {
		switch n := n.(type) {
		case *ast.CallExpr:
			fn := code.Callee(info, n)
			switch {
			case code.IsFunc(fn, "strings", "HasSuffix", "TrimSuffix", "CutSuffix") ||
				code.IsFunc(fn, "bytes", "HasSuffix", "TrimSuffix", "CutSuffix"):
				if len(n.Args) == 2 {
					c.addUse(n.Args[1], "a suffix")
				}
			case code.IsFunc(fn, "strings", "HasPrefix", "TrimPrefix", "CutPrefix") ||
				code.IsFunc(fn, "bytes", "HasPrefix", "TrimPrefix", "CutPrefix"):
				if len(n.Args) == 2 {
					c.addUse(n.Args[1], "a prefix")
				}
			case code.IsFunc(fn, "strings", "Cut") || code.IsFunc(fn, "bytes", "Cut"):
				if len(n.Args) == 2 {
					c.addUse(n.Args[1], "a separator")
				}
			case fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "fmt":
				for _, a := range n.Args {
					if s, ok := c.constString(a); ok && strings.Contains(s, "%") {
						c.formats = append(c.formats, use{a.Pos(), s})
						break
					}
				}
			}
		case *ast.BinaryExpr:
			if n.Op != token.ADD {
				continue
			}
			xs, xok := c.constString(n.X)
			ys, yok := c.constString(n.Y)
			if xok == yok || !code.IsString(info.TypeOf(n)) {
				continue
			}
			if yok {
				c.consts[ys] = append(c.consts[ys], use{n.Y.Pos(), "a suffix"})
			} else {
				c.consts[xs] = append(c.consts[xs], use{n.X.Pos(), "a prefix"})
			}
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i := range n.Lhs {
					c.noteFuncVar(n.Lhs[i], n.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i := range n.Names {
					c.noteFuncVar(n.Names[i], n.Values[i])
				}
			}
		}
	}
}

// noteFuncVar records lhs as holding a cutset function if rhs is one and
// the variable is never assigned anything else.
func (c *checker) noteFuncVar(lhs, rhs ast.Expr) {
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	if !ok {
		return
	}
	obj := c.pass.TypesInfo.ObjectOf(id)
	if obj == nil || c.defs.Single(obj) != rhs {
		return
	}
	var fid *ast.Ident
	switch r := ast.Unparen(rhs).(type) {
	case *ast.SelectorExpr:
		fid = r.Sel
	case *ast.Ident:
		fid = r
	default:
		return
	}
	if fn, ok := c.pass.TypesInfo.ObjectOf(fid).(*types.Func); ok {
		c.funcs[obj] = fn
	}
}

func (c *checker) addUse(e ast.Expr, how string) {
	e = unwrapBytes(c.pass.TypesInfo, e)
	if s, ok := c.constString(e); ok {
		c.consts[s] = append(c.consts[s], use{e.Pos(), how})
		return
	}
	k := code.Render(e)
	c.exprs[k] = append(c.exprs[k], use{e.Pos(), how})
}

// unwrapBytes strips a []byte(...) conversion.
func unwrapBytes(info *types.Info, e ast.Expr) ast.Expr {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return e
	}
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		if s, ok := tv.Type.Underlying().(*types.Slice); ok {
			if b, ok := s.Elem().Underlying().(*types.Basic); ok && b.Kind() == types.Byte {
				return call.Args[0]
			}
		}
	}
	return e
}

func (c *checker) constString(e ast.Expr) (string, bool) {
	tv, ok := c.pass.TypesInfo.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// charsetWords are name parts that say a string is a set of characters.
var charsetWords = map[string]bool{
	"cutset": true, "cutsets": true, "chars": true, "char": true, "charset": true, "charsets": true,
	"set": true, "runes": true, "rune": true, "whitespace": true, "whitespaces": true, "ws": true,
	"space": true, "spaces": true, "digits": true, "letters": true, "alphabet": true, "punct": true,
	"punctuation": true, "delims": true, "delimiters": true, "separators": true, "seps": true,
	"symbols": true, "blanks": true, "blank": true, "class": true, "cut": true, "characters": true,
	"bytes": true, "quotes": true, "brackets": true, "trimchars": true, "trimset": true, "cs": true,
	"indent": true, "indentation": true, "padding": true, "pad": true, "fill": true, "filler": true,
}

func saysCharset(name string) bool {
	for _, w := range code.NameWords(name) {
		if charsetWords[w] {
			return true
		}
	}
	return false
}

// cutset describes the cutset argument of one call.
type cutset struct {
	value   string // the constant value, or a sample value for a non-constant
	konst   bool   // value is the cutset's real value
	subject string // how the message names the cutset
	sample  string // "if tag is \"v1\", " for non-constant cutsets
	key     string // key into checker.exprs for non-constant cutsets
}

// describe evaluates the cutset argument e of fn. ok is false when e is a
// character set by its name or construction and must not be reported.
func (c *checker) describe(fn Func, e ast.Expr) (cs cutset, ok bool) {
	info := c.pass.TypesInfo
	if s, isConst := c.constString(e); isConst {
		return cutset{value: s, konst: true, subject: strconv.Quote(s)}, true
	}
	e = ast.Unparen(e)
	// A slice of a character set is a character set.
	if sl, isSlice := e.(*ast.SliceExpr); isSlice {
		inner := ast.Unparen(sl.X)
		if s, isConst := c.constString(inner); isConst && Classify(fn, s).Reason == None {
			return cutset{}, false
		}
		if id, isID := inner.(*ast.Ident); isID {
			if def := c.defs.Single(info.ObjectOf(id)); def != nil {
				if s, isConst := c.constString(def); isConst && Classify(fn, s).Reason == None {
					return cutset{}, false
				}
			}
		}
	}
	// A variable assigned once, from a constant.
	if id, isID := e.(*ast.Ident); isID {
		if obj := info.ObjectOf(id); obj != nil {
			if def := c.defs.Single(obj); def != nil {
				if s, isConst := c.constString(def); isConst {
					return cutset{value: s, konst: true, subject: id.Name + " (" + strconv.Quote(s) + ")"}, true
				}
			}
		}
	}
	if n := code.ExprName(e); n != "" && saysCharset(n) {
		return cutset{}, false
	}
	if runeConversion(info, e) {
		return cutset{}, false
	}
	cs = cutset{subject: code.Render(e), key: code.Render(e)}
	if b, isBin := e.(*ast.BinaryExpr); isBin && b.Op == token.ADD {
		parts := code.FlattenAdd(b)
		var vars []string
		for _, p := range parts {
			if s, isConst := c.constString(p); isConst {
				cs.value += s
				continue
			}
			if n := code.ExprName(p); n != "" && saysCharset(n) || runeConversion(info, p) {
				return cutset{}, false
			}
			cs.value += "v1"
			vars = append(vars, code.Render(p))
		}
		if len(vars) == 1 {
			cs.sample = fmt.Sprintf("if %s is %q, ", vars[0], "v1")
		} else {
			cs.sample = "for example, "
		}
		return cs, true
	}
	cs.value = "-v1"
	if fn == TrimLeft {
		cs.value = "v1-"
	}
	cs.sample = fmt.Sprintf("if %s is %q, ", cs.subject, cs.value)
	return cs, true
}

// runeConversion reports whether e is string(r) for a rune, byte or
// []rune r: one character, or a set built from runes.
func runeConversion(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	tv, ok := info.Types[call.Fun]
	if !ok || !tv.IsType() || !code.IsString(tv.Type) {
		return false
	}
	at := info.TypeOf(call.Args[0])
	if at == nil {
		return false
	}
	switch u := at.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsInteger != 0
	case *types.Slice:
		b, ok := u.Elem().Underlying().(*types.Basic)
		return ok && b.Kind() == types.Rune
	}
	return false
}

func (c *checker) check(call *ast.CallExpr, conf *config) {
	fn, pkg, ok := c.trimFunc(call)
	if !ok || len(call.Args) != 2 || call.Ellipsis.IsValid() {
		return
	}
	arg := call.Args[1]
	cs, ok := c.describe(fn, arg)
	if !ok || (!cs.konst && !conf.NonConst) {
		return
	}
	v := Classify(fn, cs.value)
	if cs.konst && v.Reason == None {
		return
	}
	if !cs.konst && v.Reason == None {
		// The sample value does not show damage; describe it without one.
		v = Verdict{Suffix: fn != TrimLeft}
	}

	var msg strings.Builder
	fmt.Fprintf(&msg, "%s treats %s as a set of characters", fn, cs.subject)
	if v.Reason == Duplicate {
		fmt.Fprintf(&msg, " (it lists %q twice)", v.Dup)
	}
	if v.Example != "" {
		fmt.Fprintf(&msg, ": %s%q becomes %q, not %q", cs.sample, v.Example, v.Got, v.Want)
	} else {
		fmt.Fprintf(&msg, ", not as a %s", map[bool]string{true: "suffix", false: "prefix"}[v.Suffix])
	}
	switch {
	case v.Scheme:
		// "htps:/": the letters of "https://", written once each to strip
		// a scheme. TrimPrefix with this string would match nothing.
		msg.WriteString(`; to drop a URL scheme use TrimPrefix with "https://" and "http://", or url.Parse`)
	case fn == Trim:
		msg.WriteString("; use TrimPrefix and/or TrimSuffix")
	default:
		fmt.Fprintf(&msg, "; use %s", fn.Affix(v.Suffix))
	}

	rule := ruleAffixLike
	var uses []use
	if cs.konst {
		uses = slices.Clone(c.consts[cs.value])
		for _, f := range c.formats {
			if how := formatUse(f.how, cs.value); how != "" {
				uses = append(uses, use{f.pos, how})
			}
		}
	} else {
		uses = slices.Clone(c.exprs[cs.key])
	}
	// Mention a use in the same file first, the earliest one.
	file := c.pass.Fset.File(call.Pos())
	sort.SliceStable(uses, func(i, j int) bool {
		fi, fj := c.pass.Fset.File(uses[i].pos) == file, c.pass.Fset.File(uses[j].pos) == file
		if fi != fj {
			return fi
		}
		return uses[i].pos < uses[j].pos
	})
	var related []analysis.RelatedInformation
	if len(uses) > 0 {
		rule = ruleAffix
		u := uses[0]
		what := strconv.Quote(cs.value)
		if !cs.konst {
			what = cs.subject
		}
		fmt.Fprintf(&msg, "; %s is also used as %s at line %d", what, u.how, code.Line(c.pass, u.pos))
		for _, u := range uses {
			related = append(related, analysis.RelatedInformation{Pos: u.pos, Message: "also used as " + u.how + " here"})
		}
	}
	f := report.Finding{Pos: call.Pos(), End: call.End(), Rule: rule, Message: msg.String(), Related: related}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && fn != Trim && !v.Scheme {
		repl := fn.Affix(fn == TrimRight)
		edits := []analysis.TextEdit{{Pos: sel.Sel.Pos(), End: sel.Sel.End(), NewText: []byte(repl)}}
		if pkg == "bytes" {
			// bytes.TrimSuffix and TrimPrefix take the affix as []byte.
			edits = append(edits,
				analysis.TextEdit{Pos: arg.Pos(), End: arg.Pos(), NewText: []byte("[]byte(")},
				analysis.TextEdit{Pos: arg.End(), End: arg.End(), NewText: []byte(")")})
		}
		f.Fixes = []analysis.SuggestedFix{{Message: fmt.Sprintf("use %s", repl), TextEdits: edits}}
	}
	c.rep.Report(f)
}

// formatUse reports how a fmt format string uses affix: right after a verb
// ("%s-ns") it is a suffix, right before one ("dev-%s") a prefix.
func formatUse(format, affix string) string {
	for i := 0; ; {
		j := strings.Index(format[i:], affix)
		if j < 0 {
			return ""
		}
		j += i
		if j >= 2 && format[j-2] == '%' && format[j-1] != '%' {
			return "a suffix in a format"
		}
		if rest := format[j+len(affix):]; strings.HasPrefix(rest, "%") && !strings.HasPrefix(rest, "%%") {
			return "a prefix in a format"
		}
		i = j + 1
		if i >= len(format) {
			return ""
		}
	}
}
