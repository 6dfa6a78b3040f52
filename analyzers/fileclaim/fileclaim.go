package fileclaim

import (
	_ "embed"
	"go/ast"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/hindsight-lint/hindsight/internal/code"
	"github.com/hindsight-lint/hindsight/internal/lint"
)

//go:embed doc.go
var doc string

// Config holds the analyzer's options; each is also an analyzer flag.
type Config struct {
	// Tests reports the shape in _test.go files too.
	Tests bool
	// Owners keeps packages silent whose module takes an exclusive lock
	// outside every directory scan (they own their directories).
	Owners bool
}

// Analyzer is the fileclaim check with its default configuration.
var Analyzer = New()

// New returns a fresh fileclaim analyzer whose flags fill its own Config.
func New() *analysis.Analyzer {
	cfg := &Config{Owners: true}
	a := &analysis.Analyzer{
		Name:      "fileclaim",
		Doc:       lint.DocFrom(doc),
		URL:       lint.DocURL("fileclaim"),
		FactTypes: []analysis.Fact{new(Locks), new(Owner)},
		Run:       func(pass *analysis.Pass) (any, error) { return run(pass, cfg) },
	}
	a.Flags.BoolVar(&cfg.Tests, "tests", cfg.Tests, "also report in _test.go files")
	a.Flags.BoolVar(&cfg.Owners, "owners", cfg.Owners, "stay silent in packages whose module takes an exclusive directory lock outside every scan")
	return a
}

// state is one run of the check over one package.
type state struct {
	pass *analysis.Pass
	conf *Config
	info *types.Info

	decls     map[*types.Func]*ast.FuncDecl
	files     map[*ast.FuncDecl]*ast.File
	summaries map[*types.Func]*summary
	busy      map[*types.Func]bool
	listers   map[*types.Func]*listKind
	listBusy  map[*types.Func]bool
	walkers   map[*types.Func]*ast.CallExpr // named walk callbacks → the Walk call
	walkFctx  map[*ast.CallExpr]*fnctx

	locks         map[*types.Func]string // local functions that take a lock (not listing ones)
	privateFields map[*types.Var]bool    // fields holding a directory from os.MkdirTemp
	listsDir      map[*types.Func]bool   // local functions that call a listing function directly
	callers       map[*types.Func][]*types.Func
	calls         map[*types.Func][]*types.Func
	ownerFunc     string
}

func run(pass *analysis.Pass, conf *Config) (any, error) {
	s := &state{
		pass: pass, conf: conf, info: pass.TypesInfo,
		decls:         map[*types.Func]*ast.FuncDecl{},
		files:         map[*ast.FuncDecl]*ast.File{},
		summaries:     map[*types.Func]*summary{},
		busy:          map[*types.Func]bool{},
		listers:       map[*types.Func]*listKind{},
		listBusy:      map[*types.Func]bool{},
		walkers:       map[*types.Func]*ast.CallExpr{},
		walkFctx:      map[*ast.CallExpr]*fnctx{},
		locks:         map[*types.Func]string{},
		privateFields: map[*types.Var]bool{},
		listsDir:      map[*types.Func]bool{},
		callers:       map[*types.Func][]*types.Func{},
		calls:         map[*types.Func][]*types.Func{},
	}
	if s.info == nil || pass.Pkg == nil {
		return nil, nil
	}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || fd.Name == nil {
				continue
			}
			if fn, ok := s.info.Defs[fd.Name].(*types.Func); ok {
				s.decls[fn] = fd
				s.files[fd] = f
			}
		}
	}
	s.computeLocks()
	s.computeOwner()

	rep := lint.NewReporter(pass)
	if s.ownerFunc == "" || !conf.Owners {
		skip := code.SkippedFiles(pass, conf.Tests)
		// Named functions passed to filepath.Walk(Dir) are entry callbacks.
		for _, fd := range s.sortedDecls() {
			file := s.files[fd]
			if skip[file] {
				continue
			}
			fn, _ := s.info.Defs[fd.Name].(*types.Func)
			if !s.listsDir[fn] {
				continue
			}
			fc := s.newFnctx(fd.Body, fd.Type)
			fc.findWalkers()
		}
		for _, fd := range s.sortedDecls() {
			file := s.files[fd]
			if skip[file] {
				continue
			}
			fn, _ := s.info.Defs[fd.Name].(*types.Func)
			if _, walker := s.walkers[fn]; !s.listsDir[fn] && !walker && !s.callsLister(fn) {
				continue // nothing listed here
			}
			fc := s.newFnctx(fd.Body, fd.Type)
			fc.fn = fn
			fc.findEntries()
			if call, ok := s.walkers[fn]; ok {
				fc.addCallbackEntry(fd.Type, fd.Body, call, s.walkFctx[call])
			}
			if len(fc.entries) == 0 {
				continue
			}
			fc.collectEvents()
			for _, f := range fc.check() {
				rep.Report(f)
			}
		}
	}
	rep.Finish()
	return nil, nil
}

func (s *state) sortedDecls() []*ast.FuncDecl {
	out := make([]*ast.FuncDecl, 0, len(s.decls))
	for _, fd := range s.decls {
		out = append(out, fd)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pos() < out[j].Pos() })
	return out
}

// ---------------------------------------------------------------------------
// Recognising calls.

// callee returns the statically called function, or nil.
func (s *state) callee(call *ast.CallExpr) *types.Func {
	return code.Callee(s.info, call)
}

// isMethod reports whether fn is the method pkg.Type.name.
func isMethod(fn *types.Func, pkg, typ string, names ...string) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != pkg {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Name() != typ {
		return false
	}
	for _, name := range names {
		if fn.Name() == name {
			return true
		}
	}
	return false
}

// listKind describes what a listing yields.
type listKind struct {
	strs bool   // elements are strings (paths or names), else DirEntry/FileInfo
	what string // how it was listed, for messages
}

// listing is one directory listing in a function.
type listing struct {
	call *ast.CallExpr
	dir  ast.Expr // the listed directory or pattern, when known
	kind listKind
	fc   *fnctx
}

// listCall classifies call as a directory listing.
func (s *state) listCall(call *ast.CallExpr) (listKind, ast.Expr, bool) {
	fn := s.callee(call)
	if fn == nil {
		return listKind{}, nil, false
	}
	switch {
	case code.IsFunc(fn, "os", "ReadDir"), code.IsFunc(fn, "io/ioutil", "ReadDir"):
		return listKind{what: fn.Pkg().Name() + ".ReadDir"}, arg(call, 0), true
	case code.IsFunc(fn, "path/filepath", "Glob"):
		return listKind{strs: true, what: "filepath.Glob"}, arg(call, 0), true
	case isMethod(fn, "os", "File", "ReadDir", "Readdir"):
		return listKind{what: "(*os.File)." + fn.Name()}, recvOf(call), true
	case isMethod(fn, "os", "File", "Readdirnames"):
		return listKind{strs: true, what: "(*os.File).Readdirnames"}, recvOf(call), true
	}
	if k := s.lister(fn); k != nil {
		var dir ast.Expr
		if len(call.Args) > 0 {
			dir = call.Args[0]
		}
		return *k, dir, true
	}
	return listKind{}, nil, false
}

func arg(call *ast.CallExpr, i int) ast.Expr {
	if i < len(call.Args) {
		return call.Args[i]
	}
	return nil
}

func recvOf(call *ast.CallExpr) ast.Expr {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		return sel.X
	}
	return nil
}

// isWalk reports whether call is filepath.Walk or filepath.WalkDir and
// returns its callback argument.
func (s *state) isWalk(call *ast.CallExpr) (ast.Expr, bool) {
	fn := s.callee(call)
	if code.IsFunc(fn, "path/filepath", "Walk", "WalkDir") && len(call.Args) == 2 {
		return call.Args[1], true
	}
	return nil, false
}

// lister reports whether the package function fn returns a listing as its
// first result: the result of a listing call, or paths collected from one.
func (s *state) lister(fn *types.Func) *listKind {
	if k, ok := s.listers[fn]; ok {
		return k
	}
	fd := s.decls[fn]
	if fd == nil || s.listBusy[fn] {
		return nil
	}
	if !sliceResult(fn) { // a listing is a slice: most functions cannot return one
		s.listers[fn] = nil
		return nil
	}
	s.listBusy[fn] = true
	defer delete(s.listBusy, fn)
	fc := s.newFnctx(fd.Body, fd.Type)
	fc.fn = fn
	fc.findEntries()
	var k *listKind
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if k != nil {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		ret, ok := n.(*ast.ReturnStmt)
		if !ok || len(ret.Results) == 0 {
			return true
		}
		id, ok := ast.Unparen(ret.Results[0]).(*ast.Ident)
		if !ok {
			return true
		}
		if l := fc.listingOf(s.info.ObjectOf(id)); l != nil {
			kk := l.kind
			k = &kk
		}
		return true
	})
	// A named result filled by the body.
	if k == nil && fd.Type.Results != nil && len(fd.Type.Results.List) > 0 && len(fd.Type.Results.List[0].Names) > 0 {
		if l := fc.listingOf(s.info.ObjectOf(fd.Type.Results.List[0].Names[0])); l != nil {
			kk := l.kind
			k = &kk
		}
	}
	s.listers[fn] = k
	return k
}

// sliceResult reports whether fn's first result is a slice.
func sliceResult(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Results().Len() == 0 {
		return false
	}
	_, ok = sig.Results().At(0).Type().Underlying().(*types.Slice)
	return ok
}

// readCall classifies call as a read of its first argument.
func (s *state) readCall(call *ast.CallExpr) (string, bool) {
	fn := s.callee(call)
	switch {
	case code.IsFunc(fn, "os", "Open", "ReadFile"), code.IsFunc(fn, "io/ioutil", "ReadFile"):
		return fn.Pkg().Name() + "." + fn.Name(), true
	case code.IsFunc(fn, "os", "OpenFile"):
		if len(call.Args) < 2 {
			return "", false
		}
		flags := flagNames(s.info, call.Args[1])
		if flags["O_EXCL"] || flags["O_WRONLY"] {
			return "", false
		}
		return "os.OpenFile", true
	}
	return "", false
}

// flagNames collects the os/syscall identifiers in a flag expression.
func flagNames(info *types.Info, e ast.Expr) map[string]bool {
	names := map[string]bool{}
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			names[n.Sel.Name] = true
		case *ast.Ident:
			names[n.Name] = true
		}
		return true
	})
	return names
}

// exclCreate reports whether call is os.OpenFile with O_CREATE|O_EXCL.
func (s *state) exclCreate(call *ast.CallExpr) bool {
	fn := s.callee(call)
	if !code.IsFunc(fn, "os", "OpenFile") && !code.IsFunc(fn, "syscall", "Open") && !code.IsFunc(fn, "golang.org/x/sys/unix", "Open") {
		return false
	}
	if len(call.Args) < 2 {
		return false
	}
	f := flagNames(s.info, call.Args[1])
	return f["O_EXCL"] && (f["O_CREATE"] || f["O_CREAT"])
}

// lockPrimitive reports whether call takes an exclusive inter-process lock
// by itself: flock, fcntl locks, LockFileEx.
func (s *state) lockPrimitive(call *ast.CallExpr) (string, bool) {
	fn := s.callee(call)
	switch {
	case code.IsFunc(fn, "syscall", "Flock"), code.IsFunc(fn, "golang.org/x/sys/unix", "Flock"):
		if len(call.Args) == 2 {
			f := flagNames(s.info, call.Args[1])
			if f["LOCK_UN"] || (f["LOCK_SH"] && !f["LOCK_EX"]) {
				return "", false
			}
		}
		return fn.Pkg().Name() + ".Flock", true
	case code.IsFunc(fn, "syscall", "FcntlFlock"), code.IsFunc(fn, "golang.org/x/sys/unix", "FcntlFlock"):
		return fn.Pkg().Name() + ".FcntlFlock", true
	case code.IsFunc(fn, "golang.org/x/sys/windows", "LockFileEx"), code.IsFunc(fn, "syscall", "LockFileEx"):
		return fn.Pkg().Name() + ".LockFileEx", true
	}
	return "", false
}

// lockCall reports whether call takes an exclusive lock: a primitive, an
// O_EXCL lock file, or a function known (by fact) to lock.
// ctx gives the calling function's context, built on demand.
func (s *state) lockCall(call *ast.CallExpr, ctx func() *fnctx) (string, bool) {
	if what, ok := s.lockPrimitive(call); ok {
		return what, true
	}
	if s.exclCreate(call) && ctx().lockish(call.Args[0], 0) {
		return "an O_EXCL lock file", true
	}
	fn := s.callee(call)
	if fn == nil {
		return "", false
	}
	if fn.Pkg() == s.pass.Pkg {
		if _, ok := s.locks[fn]; ok {
			return fn.Name(), true
		}
		return "", false
	}
	var fact Locks
	if fn.Pkg() != nil && s.pass.ImportObjectFact(fn.Origin(), &fact) {
		return qualified(fn), true
	}
	return "", false
}

// lockish reports whether a path expression names a lock, pid or claim
// file, following local variables to their values.
func (fc *fnctx) lockish(e ast.Expr, depth int) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		var text string
		switch n := n.(type) {
		case *ast.BasicLit:
			text = n.Value
		case *ast.Ident:
			text = n.Name
			if obj := fc.s.info.ObjectOf(n); obj != nil && depth < 3 {
				for _, a := range fc.assigns[obj] {
					if !a.rng && !a.elem && fc.lockish(a.rhs, depth+1) {
						found = true
					}
				}
			}
		}
		t := strings.ToLower(text)
		if strings.Contains(t, "lock") || strings.Contains(t, "pid") || strings.Contains(t, "claim") {
			found = true
		}
		return !found
	})
	return found
}

func qualified(fn *types.Func) string {
	name := fn.Name()
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := t.(*types.Named); ok {
			name = n.Obj().Name() + "." + name
		}
	}
	if fn.Pkg() != nil {
		name = fn.Pkg().Name() + "." + name
	}
	return name
}

// namedClaim reports whether call goes to a function whose name or doc
// comment says it locks or claims: tryLock, claimJob, AcquireLease,
// locker.Lock. Methods of package sync lock within one process only and do
// not count.
func (s *state) namedClaim(call *ast.CallExpr) (string, bool) {
	var name string
	var fn *types.Func
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		name = f.Name
	case *ast.SelectorExpr:
		name = f.Sel.Name
	case *ast.IndexExpr:
		if id, ok := ast.Unparen(f.X).(*ast.Ident); ok {
			name = id.Name
		}
	default:
		return "", false
	}
	fn = s.callee(call)
	if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "sync" {
		return "", false
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if t := s.info.TypeOf(sel.X); t != nil && code.IsSyncLocker(t) {
			return "", false
		}
	}
	if claimWords(name) {
		return name, true
	}
	if fn != nil && fn.Pkg() == s.pass.Pkg {
		if fd := s.decls[fn]; fd != nil && fd.Doc != nil {
			words := strings.Fields(strings.ToLower(fd.Doc.Text()))
			for _, w := range words {
				w = strings.Trim(w, ".,;:()\"'`")
				switch w {
				case "lock", "locks", "claim", "claims", "flock", "lease":
					return name, true
				}
			}
		}
	}
	return "", false
}

// claimWords splits a camelCase name into words and reports whether it
// says lock/claim/acquire/lease and not unlock/release.
func claimWords(name string) bool {
	yes := false
	for _, w := range code.NameWords(name) {
		switch w {
		case "unlock", "release", "unclaim", "islocked", "locked":
			return false
		case "lock", "flock", "trylock", "claim", "acquire", "lease", "lockfile":
			yes = true
		}
	}
	return yes
}

// releaseName reports whether a function's name says it unlocks.
func releaseName(name string) bool {
	for _, w := range code.NameWords(name) {
		switch w {
		case "unlock", "release", "close", "unclaim":
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------------------
// Locks and ownership.

// computeLocks finds the package's functions that take an exclusive lock
// (directly or through others) without listing a directory themselves, and
// exports Locks facts for them.
func (s *state) computeLocks() {
	direct := map[*types.Func]string{}
	calls := s.calls
	// In source order, so that a field learnt private in one function
	// is known to the functions after it the same way on every run.
	for _, fd := range s.sortedDecls() {
		fn, _ := s.info.Defs[fd.Name].(*types.Func)
		// The function's context (assignments, parents) is built only
		// when a statement needs it: most functions never do.
		mkdirs := makesDirs(fd.Body)
		var fc *fnctx
		ctx := func() *fnctx {
			if fc == nil {
				fc = s.newFnctx(fd.Body, fd.Type)
				fc.makesDirs = -1 // already known: do not walk the body again
				if mkdirs {
					fc.makesDirs = 1
				}
			}
			return fc
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if mkdirs || len(s.privateFields) > 0 {
				s.notePrivateField(ctx, n)
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if _, _, ok := s.listCallNoHelpers(call); ok {
				s.listsDir[fn] = true
			}
			if what, ok := s.lockCallNoLocal(call, ctx); ok && direct[fn] == "" {
				direct[fn] = what
			} else if what, ok := s.lockLibraryCall(call); ok && direct[fn] == "" {
				direct[fn] = what
			}
			if g := s.callee(call); g != nil && g.Pkg() == s.pass.Pkg {
				g = g.Origin()
				if _, ok := s.decls[g]; ok {
					calls[fn] = append(calls[fn], g)
					s.callers[g] = append(s.callers[g], fn)
				}
			}
			return true
		})
	}
	for fn, what := range direct {
		if !s.listsDir[fn] && !releaseName(fn.Name()) {
			s.locks[fn] = what
		}
	}
	for changed := true; changed; {
		changed = false
		for fn, cs := range calls {
			if _, ok := s.locks[fn]; ok || s.listsDir[fn] || releaseName(fn.Name()) {
				continue
			}
			for _, g := range cs {
				if _, ok := s.locks[g]; ok {
					s.locks[fn] = g.Name()
					changed = true
					break
				}
			}
		}
	}
	for fn, via := range s.locks {
		s.pass.ExportObjectFact(fn, &Locks{Via: via})
	}
}

// lockLibraryCall reports a call to a lock-named function or method of a
// package whose path says it is about locks (github.com/gofrs/flock,
// nightlyone/lockfile, lockedfile, a vendored filelock): such a library
// is trusted even when its body is not visible or does not show a
// primitive.
func (s *state) lockLibraryCall(call *ast.CallExpr) (string, bool) {
	fn := s.callee(call)
	if fn == nil || fn.Pkg() == nil || fn.Pkg() == s.pass.Pkg || fn.Pkg().Path() == "sync" {
		return "", false
	}
	path := strings.ToLower(fn.Pkg().Path())
	last := path[strings.LastIndex(path, "/")+1:]
	if !strings.Contains(last, "lock") {
		return "", false
	}
	if !claimWords(fn.Name()) {
		return "", false
	}
	return qualified(fn), true
}

// notePrivateField records struct fields that hold a directory made by
// os.MkdirTemp (s.scratch = dir, &worker{scratch: dir}).
func (s *state) notePrivateField(ctx func() *fnctx, n ast.Node) {
	mark := func(key ast.Expr, val ast.Expr) {
		var id *ast.Ident
		switch k := ast.Unparen(key).(type) {
		case *ast.SelectorExpr:
			id = k.Sel
		case *ast.Ident:
			id = k
		default:
			return
		}
		v, ok := s.info.ObjectOf(id).(*types.Var)
		if !ok || !v.IsField() {
			return
		}
		if ctx().privateExpr(val, 0) {
			s.privateFields[v] = true
		}
	}
	switch n := n.(type) {
	case *ast.AssignStmt:
		if len(n.Lhs) == len(n.Rhs) {
			for i := range n.Lhs {
				if _, ok := ast.Unparen(n.Lhs[i]).(*ast.SelectorExpr); ok {
					mark(n.Lhs[i], n.Rhs[i])
				}
			}
		}
	case *ast.CompositeLit:
		for _, e := range n.Elts {
			if kv, ok := e.(*ast.KeyValueExpr); ok {
				mark(kv.Key, kv.Value)
			}
		}
	}
}

// listCallNoHelpers is listCall without in-package lister helpers.
func (s *state) listCallNoHelpers(call *ast.CallExpr) (listKind, ast.Expr, bool) {
	fn := s.callee(call)
	if fn == nil {
		return listKind{}, nil, false
	}
	if _, ok := s.isWalk(call); ok {
		return listKind{strs: true}, nil, true
	}
	if fn.Pkg() == s.pass.Pkg {
		return listKind{}, nil, false
	}
	return s.listCall(call)
}

// lockCallNoLocal is lockCall before local lock functions are known.
func (s *state) lockCallNoLocal(call *ast.CallExpr, ctx func() *fnctx) (string, bool) {
	fn := s.callee(call)
	if fn != nil && fn.Pkg() == s.pass.Pkg {
		if what, ok := s.lockPrimitive(call); ok {
			return what, true
		}
		if s.exclCreate(call) && ctx().lockish(call.Args[0], 0) {
			return "an O_EXCL lock file", true
		}
		return "", false
	}
	return s.lockCall(call, ctx)
}

// computeOwner decides whether the package owns its directories: one of
// its lock-taking functions runs outside every directory scan (no listing
// function reaches it), or a package of the same module it imports does.
func (s *state) computeOwner() {
	var names []string
	for fn := range s.locks {
		if s.reachedFromLister(fn) {
			continue
		}
		names = append(names, qualified(fn))
	}
	sort.Strings(names)
	if len(names) > 0 {
		s.ownerFunc = names[0]
	} else {
		mod := modulePath(s.pass)
		for _, imp := range s.pass.Pkg.Imports() {
			if !sameModule(mod, s.pass.Pkg.Path(), imp.Path()) {
				continue
			}
			var o Owner
			if s.pass.ImportPackageFact(imp, &o) {
				s.ownerFunc = o.Func
				break
			}
		}
	}
	if s.ownerFunc != "" {
		s.pass.ExportPackageFact(&Owner{Func: s.ownerFunc})
	}
}

// callsLister reports whether fn calls a package function that returns a
// listing.
func (s *state) callsLister(fn *types.Func) bool {
	for _, g := range s.calls[fn] {
		if s.lister(g) != nil {
			return true
		}
	}
	return false
}

// reachedFromLister reports whether a function that lists a directory
// calls fn, directly or through other package functions.
func (s *state) reachedFromLister(fn *types.Func) bool {
	seen := map[*types.Func]bool{fn: true}
	stack := []*types.Func{fn}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, c := range s.callers[f] {
			if s.listsDir[c] {
				return true
			}
			if !seen[c] {
				seen[c] = true
				stack = append(stack, c)
			}
		}
	}
	return false
}

func modulePath(pass *analysis.Pass) string {
	if pass.Module != nil && pass.Module.Path != "" {
		return pass.Module.Path
	}
	return ""
}

// sameModule reports whether imp belongs to the module of pkg.
func sameModule(mod, pkg, imp string) bool {
	if mod != "" {
		return imp == mod || strings.HasPrefix(imp, mod+"/")
	}
	// No module information: compare the repository-like root.
	root := func(p string) string {
		parts := strings.Split(p, "/")
		n := 1
		switch parts[0] {
		case "github.com", "gitlab.com", "bitbucket.org", "golang.org", "go.googlesource.com":
			n = 3
		default:
			if strings.Contains(parts[0], ".") {
				n = 2
			}
		}
		n = min(n, len(parts))
		return strings.Join(parts[:n], "/")
	}
	return root(pkg) == root(imp)
}
