package idprefix

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/hindsight-lint/hindsight/internal/code"
	"github.com/hindsight-lint/hindsight/internal/lint"
)

//go:embed doc.go
var doc string

// Config holds the analyzer's options; each is also an analyzer flag.
type Config struct {
	// Tests also checks _test.go files.
	Tests bool
}

// Analyzer is the idprefix check with its default configuration.
var Analyzer = New()

// New returns a fresh idprefix analyzer whose flags fill its own Config.
func New() *analysis.Analyzer {
	cfg := &Config{}
	a := &analysis.Analyzer{
		Name:     "idprefix",
		Doc:      lint.DocFrom(doc),
		URL:      lint.DocURL("idprefix"),
		Requires: []*analysis.Analyzer{inspect.Analyzer},
		Run:      func(pass *analysis.Pass) (any, error) { return run(pass, cfg) },
	}
	a.Flags.BoolVar(&cfg.Tests, "tests", cfg.Tests, "also check _test.go files")
	return a
}

// kind is what an operand names.
type kind int

const (
	none kind = iota
	ident
	path
)

// idWords name identifiers; pathWords name paths; freeWords say that a
// prefix match is intended (completion, search, prefixes).
var (
	idWords = set("id", "uid", "uuid", "guid", "key", "name", "session", "sessionid", "token", "namespace",
		"tenant", "tenantid", "ns", "user", "username", "userid", "owner", "account", "repo", "nsname",
		"filename", "fname", "basename", "podname", "resource", "bucket", "project", "org", "team", "group",
		"customer", "principal", "workspace", "pod", "container", "instance", "volume", "job", "lab")
	pathWords = set("path", "dir", "dirname", "dirpath", "folder", "root", "pathname", "fullpath", "abspath",
		"filepath", "fpath", "rootdir", "basedir", "basepath", "scope", "mountpoint", "workdir")
	freeWords = set("prefix", "prefixes", "pfx", "suffix", "suffixes", "stem", "pattern", "glob", "partial",
		"short", "abbrev", "abbreviated", "query", "search", "filter", "needle", "complete", "completion",
		"typed", "word", "input", "text", "prompt", "hint", "start", "begin", "head", "tail", "like", "wildcard",
		"base", "parent", "ancestor", "scheme", "url", "uri", "host", "hostname", "domain", "env", "version",
		"ver", "tag", "label", "msg", "line", "header", "mime", "type", "kind", "content", "method", "cmd",
		"command", "flag", "arg", "args", "option", "opt", "import", "module", "mod", "pkg", "package",
		"importpath", "modpath", "pkgpath", "vendor", "goroot", "gopath", "tmp", "temp", "cache")
)

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// operandKind classifies an operand by its name and its type's name.
func operandKind(info *types.Info, e ast.Expr) kind {
	e = unwrap(info, e)
	words := code.NameWords(code.ExprName(e))
	if len(words) == 0 {
		return none
	}
	words = append(words, code.NameWords(code.NamedTypeName(info.TypeOf(e)))...)
	k := none
	for _, w := range words {
		switch {
		case freeWords[w]:
			return none
		case pathWords[w]:
			k = path
		case idWords[w] && k == none:
			k = ident
		}
	}
	return k
}

// freeName reports whether e is named as something matched by prefix on
// purpose, or is not named at all.
func freeName(info *types.Info, e ast.Expr) bool {
	words := code.NameWords(code.ExprName(unwrap(info, e)))
	for _, w := range words {
		if freeWords[w] {
			return true
		}
	}
	return len(words) == 0
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

type checker struct {
	pass *analysis.Pass
	rep  *lint.Reporter
	defs *code.Defs
}

func run(pass *analysis.Pass, conf *Config) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &checker{pass: pass, rep: lint.NewReporter(pass), defs: code.CollectDefs(pass)}
	skip := code.SkippedFiles(pass, conf.Tests)
	for cur := range ins.Root().Preorder((*ast.File)(nil)) {
		file := cur.Node().(*ast.File)
		if skip[file] {
			continue
		}
		for fc := range cur.Preorder((*ast.FuncDecl)(nil)) {
			fd := fc.Node().(*ast.FuncDecl)
			if fd.Body == nil {
				continue
			}
			for n := range fc.Preorder((*ast.CallExpr)(nil), (*ast.BinaryExpr)(nil)) {
				c.check(fd, n.Node().(ast.Expr), n)
			}
		}
	}
	c.rep.Finish()
	return nil, nil
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

func (c *checker) check(fd *ast.FuncDecl, e ast.Expr, cur inspector.Cursor) {
	m, ok := c.matchOf(e)
	if !ok || c.isConst(m.a) || c.isConst(m.b) {
		return
	}
	info := c.pass.TypesInfo
	ka, kb := operandKind(info, m.a), operandKind(info, m.b)
	// Both must name identifiers or paths; against a path-named prefix
	// (root, dir) any operand not named as a prefix-matching input will do.
	// Against an ID-named prefix (sessionID) an operand with a plain name
	// (n, k, s) will do too, but only when the match decides what to
	// delete: the incident's shape, where the cost of a bare prefix is
	// someone else's data.
	if kb == none || ka == none && freeName(info, m.a) {
		return
	}
	deleteOnly := ka == none && kb == ident
	k := ident
	if ka == path || kb == path {
		k = path
	}
	use := c.context(fd, m, cur, k)
	if use == "" || deleteOnly && use != "delete" {
		return
	}
	if c.bounded(fd.Body, m) {
		return
	}
	c.report(m, k, use)
}

// context reports how the match is used: to select one element of a loop
// ("select"), to delete ("delete"), to authorise ("authorise") or as the
// answer of a match test ("match"); "" when the use is none of these (a
// filter that collects, a count, a flag).
func (c *checker) context(fd *ast.FuncDecl, m match, cur inspector.Cursor, k kind) string {
	info := c.pass.TypesInfo
	negated := m.negated
	var child ast.Node = m.node
	var stmt ast.Stmt       // the if statement or case clause the match decides
	var body *ast.BlockStmt // what runs when the condition holds
	var ret *ast.ReturnStmt // or: the match is the function's result
	var p inspector.Cursor
walk:
	for p = cur.Parent(); ; p = p.Parent() {
		n := p.Node()
		if n == nil {
			return ""
		}
		switch n := n.(type) {
		case *ast.ParenExpr:
		case *ast.UnaryExpr:
			if n.Op != token.NOT {
				return ""
			}
			negated = !negated
		case *ast.BinaryExpr:
			if n.Op != token.LAND {
				return ""
			}
		case *ast.IfStmt:
			if child != n.Cond {
				return ""
			}
			stmt, body = n, n.Body
			break walk
		case *ast.CaseClause:
			// A case of a tagless switch: switch { case HasPrefix(a, b): ... }
			sw, ok := p.Parent().Parent().Node().(*ast.SwitchStmt)
			if !ok || sw.Tag != nil {
				return ""
			}
			stmt, body = n, &ast.BlockStmt{List: n.Body}
			break walk
		case *ast.ReturnStmt:
			if len(n.Results) != 1 {
				return ""
			}
			ret = n
			break walk
		default:
			return ""
		}
		child = n
	}
	// The enclosing loop and function literal, within this function.
	var loop ast.Node
	var lit *ast.FuncLit
	var litCur inspector.Cursor
	for q := p.Parent(); q.Node() != nil && q.Node() != fd; q = q.Parent() {
		switch n := q.Node().(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if loop == nil && lit == nil {
				loop = n
			}
		case *ast.FuncLit:
			if lit == nil {
				lit, litCur = n, q
			}
		}
	}

	if ret != nil {
		if negated {
			return ""
		}
		if lit != nil {
			return closureUse(info, lit, litCur)
		}
		if !returnsBool(info, fd.Type) {
			return ""
		}
		switch {
		case hasWord(fd.Name.Name, freeWords):
			return "" // HasPathPrefix, matchPrefix: a prefix test by name
		case accessName(fd.Name.Name):
			return "authorise"
		case matchName(fd.Name.Name):
			return "match"
		}
		return ""
	}
	if !negated {
		if loop == nil || collects(body) {
			return ""
		}
		if deletes(info, body) {
			return "delete"
		}
		if exits(body) {
			return "select"
		}
		return ""
	}
	// Negated: a guard.
	if len(body.List) == 1 {
		if br, ok := body.List[0].(*ast.BranchStmt); ok && br.Tok == token.CONTINUE && br.Label == nil && loop != nil {
			rest := afterStmt(loop, stmt)
			if rest == nil || collects(rest) {
				return ""
			}
			if deletes(info, rest) {
				return "delete"
			}
			if exits(rest) {
				return "select"
			}
			return ""
		}
	}
	if ifs, ok := stmt.(*ast.IfStmt); ok && ifs.Else == nil {
		switch returnsFailure(info, body) {
		case "error":
			return "authorise"
		case "false":
			if accessName(fd.Name.Name) {
				return "authorise"
			}
			if !hasWord(fd.Name.Name, freeWords) {
				return "match"
			}
		}
	}
	return ""
}

// closureUse reports how a predicate closure that returns the match is
// used: passed to slices.DeleteFunc or another deleting function, it
// decides what to delete; to IndexFunc, ContainsFunc or a Find function, it
// selects.
func closureUse(info *types.Info, lit *ast.FuncLit, cur inspector.Cursor) string {
	if !returnsBool(info, lit.Type) {
		return ""
	}
	call, ok := cur.Parent().Node().(*ast.CallExpr)
	if !ok {
		return ""
	}
	name := code.ExprName(call.Fun)
	if ix, ok := ast.Unparen(call.Fun).(*ast.IndexExpr); ok { // explicit instantiation
		name = code.ExprName(ix.X)
	}
	ws := code.NameWords(name)
	if len(ws) == 0 {
		return ""
	}
	switch {
	case deleteWords[ws[0]]:
		return "delete"
	case ws[0] == "find" || name == "IndexFunc" || name == "ContainsFunc":
		return "select"
	}
	return ""
}

// afterStmt returns the statements of loop's body that follow the one
// containing s, as a block.
func afterStmt(loop ast.Node, s ast.Stmt) *ast.BlockStmt {
	var body *ast.BlockStmt
	switch l := loop.(type) {
	case *ast.ForStmt:
		body = l.Body
	case *ast.RangeStmt:
		body = l.Body
	}
	if body == nil {
		return nil
	}
	for i, st := range body.List {
		if st.Pos() <= s.Pos() && s.End() <= st.End() {
			return &ast.BlockStmt{List: body.List[i+1:]}
		}
	}
	return nil
}

var (
	matchWords = set("match", "matches", "matching", "belongs", "within", "inside", "under", "covers",
		"subdir", "subpath", "child", "descendant", "contains", "same", "equal", "equals")
	accessWords = set("allow", "allowed", "allows", "owns", "owner", "owned", "permit", "permits", "permitted",
		"access", "authorized", "authorised", "authorize", "authorise", "can", "may", "deny", "denied", "forbidden")
)

func hasWord(name string, words map[string]bool) bool {
	for _, w := range code.NameWords(name) {
		if words[w] {
			return true
		}
	}
	return false
}

func matchName(name string) bool  { return hasWord(name, matchWords) }
func accessName(name string) bool { return hasWord(name, accessWords) }

func returnsBool(info *types.Info, ft *ast.FuncType) bool {
	if ft == nil || ft.Results == nil || len(ft.Results.List) != 1 || len(ft.Results.List[0].Names) > 1 {
		return false
	}
	t := info.TypeOf(ft.Results.List[0].Type)
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Bool
}

// inspectShallow visits n without entering function literals.
func inspectShallow(n ast.Node, f func(ast.Node) bool) {
	ast.Inspect(n, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		return f(n)
	})
}

// collects reports whether body gathers or counts matches (append, x++,
// a send): a filter over many elements, not the choice of one.
func collects(body ast.Node) bool {
	found := false
	inspectShallow(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IncDecStmt, *ast.SendStmt:
			found = true
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "append" {
				found = true
			}
		case *ast.AssignStmt:
			if n.Tok == token.ADD_ASSIGN {
				found = true
			}
		}
		return !found
	})
	return found
}

// exits reports whether body leaves the loop: a return or a break that
// is not inside a nested loop, switch or select.
func exits(body ast.Node) bool {
	found := false
	var walk func(n ast.Node, nested bool)
	walk = func(n ast.Node, nested bool) {
		inspectShallow(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ReturnStmt:
				found = true
			case *ast.BranchStmt:
				if n.Tok == token.BREAK && (!nested || n.Label != nil) || n.Tok == token.GOTO {
					found = true
				}
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				if n != body {
					for _, ch := range children(n) {
						walk(ch, true)
					}
					return false
				}
			}
			return !found
		})
	}
	walk(body, false)
	return found
}

func children(n ast.Node) []ast.Node {
	switch n := n.(type) {
	case *ast.ForStmt:
		return []ast.Node{n.Body}
	case *ast.RangeStmt:
		return []ast.Node{n.Body}
	case *ast.SwitchStmt:
		return []ast.Node{n.Body}
	case *ast.TypeSwitchStmt:
		return []ast.Node{n.Body}
	case *ast.SelectStmt:
		return []ast.Node{n.Body}
	}
	return nil
}

var deleteWords = set("delete", "remove", "kill", "destroy", "evict", "purge", "drop", "unlink", "terminate",
	"erase", "wipe", "revoke", "removeall", "gc")

// deletes reports whether body deletes something: the delete builtin, or a
// call of a function or method whose name starts with a deleting verb.
func deletes(info *types.Info, body ast.Node) bool {
	found := false
	inspectShallow(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return !found
		}
		var name string
		switch f := ast.Unparen(call.Fun).(type) {
		case *ast.Ident:
			if b, ok := info.Uses[f].(*types.Builtin); ok && b.Name() == "delete" {
				found = true
			}
			name = f.Name
		case *ast.SelectorExpr:
			name = f.Sel.Name
		}
		if ws := code.NameWords(name); len(ws) > 0 && deleteWords[ws[0]] {
			found = true
		}
		return !found
	})
	return found
}

// returnsFailure reports how body refuses: "error" when it ends by
// returning a non-nil error, "false" when it returns false, "" otherwise.
func returnsFailure(info *types.Info, body *ast.BlockStmt) string {
	if len(body.List) == 0 {
		return ""
	}
	ret, ok := body.List[len(body.List)-1].(*ast.ReturnStmt)
	if !ok {
		return ""
	}
	errType := types.Universe.Lookup("error").Type()
	for _, r := range ret.Results {
		if id, ok := ast.Unparen(r).(*ast.Ident); ok && id.Name == "false" {
			return "false"
		}
	}
	for _, r := range ret.Results {
		t := info.TypeOf(r)
		if t == nil || !types.Implements(t, errType.Underlying().(*types.Interface)) {
			continue
		}
		if id, ok := ast.Unparen(r).(*ast.Ident); ok && id.Name == "nil" {
			continue
		}
		return "error"
	}
	return ""
}

// boundaryFuncs split or relate values at a separator.
var boundaryFuncs = map[string][]string{
	"strings":       {"Cut", "CutPrefix", "CutSuffix", "Split", "SplitN", "SplitAfter", "SplitAfterN", "Fields", "FieldsFunc", "TrimPrefix", "TrimSuffix", "Count", "LastIndex", "IndexByte", "EqualFold"},
	"bytes":         {"Cut", "CutPrefix", "CutSuffix", "Split", "SplitN", "SplitAfter", "SplitAfterN", "Fields", "FieldsFunc", "TrimPrefix", "TrimSuffix", "Count", "LastIndex", "IndexByte", "Equal", "EqualFold"},
	"path/filepath": {"Rel", "IsLocal", "Dir", "Split", "Base", "SplitList", "Match"},
	"path":          {"Dir", "Split", "Base", "Match"},
}

// bounded reports whether the function already handles the boundary or
// ambiguity: it compares a and b exactly, uses len(b) (an index check, a
// minimum length, a longest match), splits a or b at a separator, or
// speaks of ambiguity; or b is built with a trailing separator.
func (c *checker) bounded(body *ast.BlockStmt, m match) bool {
	info := c.pass.TypesInfo
	a, b := unwrap(info, m.a), unwrap(info, m.b)
	same := func(e, x ast.Expr) bool {
		e = unwrap(info, e)
		return code.SameRef(info, e, x) || code.Render(e) == code.Render(x)
	}
	mentions := func(args []ast.Expr) bool {
		for _, arg := range args {
			if same(arg, a) || same(arg, b) {
				return true
			}
		}
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if n.Op == token.EQL || n.Op == token.NEQ {
				if same(n.X, a) && same(n.Y, b) || same(n.X, b) && same(n.Y, a) {
					found = true
				}
			}
		case *ast.CallExpr:
			if n == m.call {
				return true
			}
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "len" && len(n.Args) == 1 && same(n.Args[0], b) {
				if _, isBuiltin := info.Uses[id].(*types.Builtin); isBuiltin {
					found = true
				}
			}
			fn := code.Callee(info, n)
			if fn != nil && fn.Pkg() != nil {
				for _, name := range boundaryFuncs[fn.Pkg().Path()] {
					if code.IsFunc(fn, fn.Pkg().Path(), name) && mentions(n.Args) {
						found = true
					}
				}
			}
		case *ast.BasicLit:
			if n.Kind == token.STRING {
				if s, err := strconv.Unquote(n.Value); err == nil {
					s = strings.ToLower(s)
					if strings.Contains(s, "ambiguous") || strings.Contains(s, "ambiguity") || strings.Contains(s, "multiple") || strings.Contains(s, "more than one") {
						found = true
					}
				}
			}
		}
		return !found
	})
	if found {
		return true
	}
	return c.builtWithSep(b, m.suffix)
}

// sepOf returns the separator a constant string starts (or, for a
// suffix match, ends) with, or 0.
func sepOf(s string, end bool) byte {
	if s == "" {
		return 0
	}
	ch := s[0]
	if end {
		ch = s[len(s)-1]
	}
	if strings.IndexByte("/-_.:@|# \\", ch) >= 0 {
		return ch
	}
	return 0
}

// builtWithSep reports whether b (a variable or field) is assigned a value
// ending in a separator anywhere in the package (b = dir + "/",
// b += "/"), so that the prefix carries its own boundary.
func (c *checker) builtWithSep(b ast.Expr, suffix bool) bool {
	obj := objOf(c.pass.TypesInfo, b)
	if obj == nil {
		return false
	}
	endsWithSep := func(e ast.Expr) bool {
		e = ast.Unparen(e)
		if be, ok := e.(*ast.BinaryExpr); ok && be.Op == token.ADD {
			side := be.Y
			if suffix {
				side = code.FlattenAdd(be)[0]
			}
			if tv := c.pass.TypesInfo.Types[side]; tv.Value != nil && tv.Value.Kind() == constant.String {
				return sepOf(constant.StringVal(tv.Value), !suffix) != 0
			}
		}
		return false
	}
	for _, v := range c.defs.Values[obj] {
		if endsWithSep(v) {
			return true
		}
	}
	for _, as := range c.defs.OpAssigns[obj] {
		if as.Tok == token.ADD_ASSIGN && len(as.Rhs) == 1 {
			if tv := c.pass.TypesInfo.Types[as.Rhs[0]]; tv.Value != nil && tv.Value.Kind() == constant.String &&
				sepOf(constant.StringVal(tv.Value), true) != 0 {
				return true
			}
		}
	}
	return false
}

// objOf returns the variable or field an expression names.
func objOf(info *types.Info, e ast.Expr) types.Object {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		if v, ok := info.ObjectOf(x).(*types.Var); ok {
			return v
		}
	case *ast.SelectorExpr:
		if v, ok := info.ObjectOf(x.Sel).(*types.Var); ok {
			return v
		}
	}
	return nil
}

// inferSep finds how values of b are joined to what follows them (what
// precedes them, for a suffix match) where IDs are built in the package:
// b + "-" + x, or fmt.Sprintf("%s-%s", b, x). It returns the separator if
// exactly one is used.
func (c *checker) inferSep(b ast.Expr, suffix bool) (string, bool) {
	info := c.pass.TypesInfo
	obj := objOf(info, b)
	if obj == nil {
		return "", false
	}
	seps := map[byte]bool{}
	// The same variable or field, or a variable of the same name (the ID
	// passed around as sessionID).
	name := ""
	if id, ok := ast.Unparen(b).(*ast.Ident); ok {
		name = id.Name
	}
	refers := func(e ast.Expr) bool {
		e = unwrap(info, e)
		if o := objOf(info, e); o == obj {
			return true
		}
		id, ok := e.(*ast.Ident)
		return ok && name != "" && id.Name == name
	}
	for _, f := range c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BinaryExpr:
				if n.Op != token.ADD || info.Types[n].Value != nil {
					return true
				}
				parts := code.FlattenAdd(n)
				for i, p := range parts {
					if !refers(p) {
						continue
					}
					j := i + 1
					if suffix {
						j = i - 1
					}
					if j < 0 || j >= len(parts) {
						continue
					}
					if tv := info.Types[parts[j]]; tv.Value != nil && tv.Value.Kind() == constant.String {
						if s := sepOf(constant.StringVal(tv.Value), suffix); s != 0 {
							seps[s] = true
						}
					}
				}
				return false
			case *ast.CallExpr:
				fn := code.Callee(info, n)
				if !code.IsFunc(fn, "fmt", "Sprintf") || len(n.Args) < 2 {
					return true
				}
				tv := info.Types[n.Args[0]]
				if tv.Value == nil || tv.Value.Kind() != constant.String {
					return true
				}
				format := constant.StringVal(tv.Value)
				for i, arg := range n.Args[1:] {
					if !refers(arg) {
						continue
					}
					before, after, ok := verbAt(format, i)
					if !ok {
						continue
					}
					if suffix {
						if s := sepOf(before, true); s != 0 {
							seps[s] = true
						}
					} else if s := sepOf(after, false); s != 0 {
						seps[s] = true
					}
				}
			}
			return true
		})
	}
	if len(seps) != 1 {
		return "", false
	}
	for s := range seps {
		return string(s), true
	}
	return "", false
}

// verbAt returns the text before and after the i'th verb of a simple
// format (no explicit argument indexes or '*').
func verbAt(format string, i int) (before, after string, ok bool) {
	n := 0
	for j := 0; j < len(format); j++ {
		if format[j] != '%' {
			continue
		}
		if j+1 < len(format) && format[j+1] == '%' {
			j++
			continue
		}
		k := j + 1
		for k < len(format) && strings.IndexByte("+-# 0123456789.", format[k]) >= 0 {
			k++
		}
		if k >= len(format) || format[k] == '[' || format[k] == '*' {
			return "", "", false
		}
		if n == i {
			return format[:j], format[k+1:], true
		}
		n++
		j = k
	}
	return "", "", false
}

func (c *checker) report(m match, k kind, use string) {
	a, b := code.Render(m.a), code.Render(m.b)
	var call string
	if m.fn == "Index" {
		op := "=="
		if m.negated {
			op = "!="
		}
		call = fmt.Sprintf("%s.Index(%s, %s) %s 0", m.pkg, a, b, op)
	} else {
		call = fmt.Sprintf("%s.%s(%s, %s)", m.pkg, m.fn, a, b)
	}
	var example, advice string
	switch {
	case k == path && m.suffix:
		example = `"uploads/a" also matches "old_uploads/a"`
		advice = fmt.Sprintf("compare whole path elements (%s == %s, or a separator before %s)", a, b, b)
	case k == path:
		example = `"/uploads" also matches "/uploads_backup"`
		advice = fmt.Sprintf("compare whole path elements (%s == %s || strings.HasPrefix(%s, %s+\"/\"), or filepath.Rel)", a, b, a, b)
	case m.suffix:
		example = `"abcdef" also matches "2abcdef"`
		advice = fmt.Sprintf("compare with == or require a separator before %s", b)
	default:
		example = `"abcdef" also matches "abcdef2"`
		advice = fmt.Sprintf("compare with == or require a separator after %s", b)
	}
	purpose := map[string]string{
		"select":    "to select one element",
		"delete":    "to decide what to delete",
		"authorise": "to decide access",
		"match":     "to decide a match",
	}[use]
	side := "prefix"
	if m.suffix {
		side = "suffix"
	}
	msg := fmt.Sprintf("%s matches %s as a bare %s %s: %s; %s", call, b, side, purpose, example, advice)
	f := lint.Finding{Pos: m.node.Pos(), End: m.node.End(), Rule: ruleByUse[use], Message: msg}
	if k == ident && m.fn != "Index" && m.pkg == "strings" {
		if sep, ok := c.inferSep(unwrap(c.pass.TypesInfo, m.b), m.suffix); ok {
			var nb string
			if m.suffix {
				nb = strconv.Quote(sep) + "+" + b
			} else {
				nb = b + "+" + strconv.Quote(sep)
			}
			f.Message += fmt.Sprintf(" (IDs are built with %q after %s)", sep, b)
			if m.suffix {
				f.Message = strings.Replace(f.Message, fmt.Sprintf("%q after", sep), fmt.Sprintf("%q before", sep), 1)
			}
			f.Fixes = []analysis.SuggestedFix{{
				Message:   fmt.Sprintf("match %s", nb),
				TextEdits: []analysis.TextEdit{{Pos: m.b.Pos(), End: m.b.End(), NewText: []byte(nb)}},
			}}
		}
	}
	c.rep.Report(f)
}
