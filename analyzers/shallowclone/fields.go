package shallowclone

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// leaf is one shared-mutable part of the cloned struct: a map, slice or
// pointer to mutable data reachable from the struct value without going
// through a pointer (so a struct copy copies the reference, not the data).
type leaf struct {
	path  string     // field path from the struct, "Check" or "Meta.Labels"
	typ   types.Type // the field's type
	fld   *types.Var // the field (generic origin)
	elems bool       // the elements themselves hold references (element aliasing matters)
	// scalar marks a pointer to a basic value (*int, *string, *time.Duration):
	// the optional-value idiom, replaced rather than written through.
	scalar bool
}

// leaves lists the shared-mutable parts of struct type t, skipping what
// the user or the package says may be shared.
func (a *checker) leaves(t types.Type) []leaf {
	var out []leaf
	a.collectLeaves(t, "", 0, &out)
	return out
}

func (a *checker) collectLeaves(t types.Type, prefix string, depth int, out *[]leaf) {
	if depth > 4 {
		return
	}
	st, ok := types.Unalias(t).Underlying().(*types.Struct)
	if !ok {
		return
	}
	foreign := !a.samePkg(t)
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if f.Name() == "_" || (foreign && !f.Exported()) {
			continue
		}
		orig := f.Origin()
		if a.sharedByDecl(orig) {
			continue
		}
		ft := types.Unalias(f.Type())
		path := prefix + f.Name()
		switch u := ft.Underlying().(type) {
		case *types.Map:
			*out = append(*out, leaf{path: path, typ: ft, fld: orig, elems: a.refs(u.Key()) || a.refs(u.Elem())})
		case *types.Slice:
			*out = append(*out, leaf{path: path, typ: ft, fld: orig, elems: a.refs(u.Elem())})
		case *types.Pointer:
			if a.mutablePointee(u.Elem()) {
				_, basic := u.Elem().Underlying().(*types.Basic)
				*out = append(*out, leaf{path: path, typ: ft, fld: orig, scalar: basic})
			}
		case *types.Array:
			if a.refs(u.Elem()) && !code.IsLockValue(u.Elem()) {
				*out = append(*out, leaf{path: path, typ: ft, fld: orig, elems: true})
			}
		case *types.Struct:
			if code.IsLockValue(ft) || code.ContainsLock(ft) {
				continue
			}
			a.collectLeaves(ft, path+".", depth+1, out)
		}
	}
}

// samePkg reports whether named type t is declared in the package under analysis.
func (a *checker) samePkg(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return true // a struct literal type written here
	}
	return n.Obj().Pkg() == a.pass.Pkg
}

// refs reports whether values of t hold references to mutable memory
// (pointers, maps, slices), so that copying a t element shares data.
func (a *checker) refs(t types.Type) bool { return a.refsDepth(t, 0) }

func (a *checker) refsDepth(t types.Type, depth int) bool {
	if depth > 6 {
		return false
	}
	switch u := types.Unalias(t).Underlying().(type) {
	case *types.Pointer:
		return pointeeMayMutate(u.Elem())
	case *types.Map, *types.Slice:
		return true
	case *types.Array:
		return a.refsDepth(u.Elem(), depth+1)
	case *types.Struct:
		// Another package's value type is looked into only through its
		// exported fields: time.Time and netip.Addr hold internal pointers
		// to immutable data.
		n, named := types.Unalias(t).(*types.Named)
		foreign := named && n.Obj().Pkg() != nil && n.Obj().Pkg() != a.pass.Pkg
		for i := 0; i < u.NumFields(); i++ {
			if foreign && !u.Field(i).Exported() {
				continue
			}
			if a.refsDepth(u.Field(i).Type(), depth+1) {
				return true
			}
		}
	}
	return false
}

// pointeeMayMutate is the package-independent part of mutablePointee.
func pointeeMayMutate(elem types.Type) bool {
	elem = types.Unalias(elem)
	switch elem.Underlying().(type) {
	case *types.Interface, *types.Signature, *types.Chan:
		return false
	}
	if _, ok := elem.(*types.TypeParam); ok {
		return false
	}
	if n, ok := elem.(*types.Named); ok {
		if sharedType(n) {
			return false
		}
	}
	if st, ok := elem.Underlying().(*types.Struct); ok && (st.NumFields() == 0 || code.ContainsLock(elem)) {
		// No state, or state guarded by its own lock: a synchronised
		// object is meant to be shared, writes through it do not race.
		return false
	}
	if b, ok := elem.Underlying().(*types.Basic); ok && b.Kind() == types.Invalid {
		return false
	}
	return true
}

// mutablePointee reports whether a pointer to elem, left shared between a
// value and its clone, lets a write through one show in the other.
func (a *checker) mutablePointee(elem types.Type) bool {
	if !pointeeMayMutate(elem) {
		return false
	}
	n, ok := types.Unalias(elem).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg() == a.pass.Pkg {
		return true
	}
	// A struct from another package with no exported fields is an opaque
	// handle (a client, a registry, a connection): it is changed only
	// through its methods and is normally meant to be shared. Report it
	// only when it offers a clone of its own.
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return true
	}
	for i := 0; i < st.NumFields(); i++ {
		if f := st.Field(i); f.Exported() && !f.Embedded() {
			return true
		}
	}
	return cloneMethod(types.NewPointer(n)) != ""
}

// sharedTypes are pointee types that are immutable or meant to be shared
// (synchronisation, loggers, compiled programs, configuration that its
// package says must not change once in use).
var sharedTypes = map[string]bool{
	"regexp.Regexp":                     true,
	"regexp/syntax.Regexp":              true,
	"regexp/syntax.Prog":                true,
	"time.Location":                     true,
	"time.Timer":                        true,
	"time.Ticker":                       true,
	"text/template.Template":            true,
	"html/template.Template":            true,
	"crypto/tls.Config":                 true,
	"crypto/x509.Certificate":           true,
	"crypto/x509.CertPool":              true,
	"net/http.Client":                   true,
	"net/http.Transport":                true,
	"net/http.Server":                   true,
	"database/sql.DB":                   true,
	"os.File":                           true,
	"reflect.rtype":                     true,
	"go/token.FileSet":                  true,
	"go/token.File":                     true,
	"go/types.Package":                  true,
	"math/rand.Rand":                    true,
	"math/rand/v2.Rand":                 true,
	"context.Context":                   true,
	"unique.Handle":                     true,
	"net/netip.Addr":                    true,
	"runtime.Func":                      true,
	"expvar.Map":                        true,
	"golang.org/x/sync.Group":           true,
	"google.golang.org/grpc.ClientConn": true,
}

// loggerPkgs are packages whose types are loggers, shared by design.
var loggerPkgs = map[string]bool{
	"log": true, "slog": true, "zap": true, "zapcore": true, "logrus": true, "zerolog": true,
	"klog": true, "hclog": true, "logr": true, "glog": true, "level": true,
}

// sharedType reports whether a pointer to n is meant to be shared.
func sharedType(n *types.Named) bool {
	obj := n.Obj()
	if obj.Pkg() == nil {
		return false
	}
	path := obj.Pkg().Path()
	if path == "sync" || path == "sync/atomic" || strings.HasSuffix(path, "/atomic") {
		return true
	}
	if sharedTypes[path+"."+obj.Name()] {
		return true
	}
	if loggerPkgs[obj.Pkg().Name()] || strings.HasSuffix(obj.Name(), "Logger") {
		return true
	}
	return false
}

// cloneMethod returns the name of t's own Clone/Copy/DeepCopy method that
// takes no arguments and returns a t, or "".
func cloneMethod(t types.Type) string {
	ms := types.NewMethodSet(t)
	for _, name := range []string{"Clone", "DeepCopy", "Copy"} {
		sel := ms.Lookup(nil, name)
		if sel == nil {
			// Methods of other packages' types are found without a package.
			for i := 0; i < ms.Len(); i++ {
				if ms.At(i).Obj().Name() == name {
					sel = ms.At(i)
				}
			}
		}
		if sel == nil {
			continue
		}
		sig, ok := sel.Type().(*types.Signature)
		if !ok || sig.Params().Len() != 0 || sig.Results().Len() != 1 {
			continue
		}
		if types.Identical(sig.Results().At(0).Type(), t) {
			return name
		}
	}
	return ""
}

// sharedByDecl reports whether field f's declaration says it may be shared:
// a //hindsight:shared directive or a doc comment saying so.
func (a *checker) sharedByDecl(f *types.Var) bool {
	fd := a.fieldDecls()[f]
	if fd == nil {
		return false
	}
	for _, cg := range []*ast.CommentGroup{fd.Doc, fd.Comment} {
		if cg == nil {
			continue
		}
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//hindsight:shared") {
				return true
			}
		}
		if saysShared(cg.Text()) {
			return true
		}
	}
	return false
}

// fieldDecls maps the struct fields declared in this package to their syntax.
func (a *checker) fieldDecls() map[*types.Var]*ast.Field {
	if a.fields != nil {
		return a.fields
	}
	a.fields = make(map[*types.Var]*ast.Field)
	for _, file := range a.pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			st, ok := n.(*ast.StructType)
			if !ok || st.Fields == nil {
				return true
			}
			for _, fld := range st.Fields.List {
				for _, name := range fld.Names {
					if v, ok := a.pass.TypesInfo.Defs[name].(*types.Var); ok {
						a.fields[v] = fld
					}
				}
				if len(fld.Names) == 0 { // embedded
					if v, ok := a.pass.TypesInfo.Implicits[fld].(*types.Var); ok {
						a.fields[v] = fld
					} else if v := embeddedVar(a.pass.TypesInfo, st, fld); v != nil {
						a.fields[v] = fld
					}
				}
			}
			return true
		})
	}
	return a.fields
}

// embeddedVar finds the field object of an embedded field declaration.
func embeddedVar(info *types.Info, st *ast.StructType, fld *ast.Field) *types.Var {
	tv, ok := info.Types[st]
	if !ok {
		return nil
	}
	s, ok := tv.Type.(*types.Struct)
	if !ok {
		return nil
	}
	for i := 0; i < s.NumFields(); i++ {
		if f := s.Field(i); f.Embedded() && f.Pos() == fld.Type.Pos() {
			return f
		}
	}
	for i := 0; i < s.NumFields(); i++ {
		if f := s.Field(i); f.Embedded() && fld.Type.Pos() <= f.Pos() && f.Pos() < fld.Type.End() {
			return f
		}
	}
	return nil
}

// saysShared reports whether a field comment documents sharing as intended.
func saysShared(text string) bool {
	t := strings.ToLower(text)
	for _, w := range []string{"immutable", "read-only", "readonly", "must not be modified",
		"never modified", "not be modified", "do not modify", "must not be mutated", "never mutated",
		"never changes", "not be changed", "must not change"} {
		if strings.Contains(t, w) {
			return true
		}
	}
	return mentionsUnnegated(t, "shar") || mentionsUnnegated(t, "shallow")
}

// saysShallow reports whether a clone method's doc comment says the copy is
// shallow on purpose, or that the type is immutable.
func saysShallow(text string) bool {
	t := strings.ToLower(text)
	if strings.Contains(t, "immutable") {
		return true
	}
	if mentionsUnnegated(t, "shallow") {
		return true
	}
	// "This is not a full deep copy", "not deeply copied".
	for _, neg := range []string{"not a deep copy", "not a full deep copy", "not a deep clone", "isn't a deep copy", "is not a complete copy"} {
		if strings.Contains(t, neg) {
			return true
		}
	}
	return false
}

// mentionsUnnegated reports whether t contains word not preceded closely
// by a negation ("not shallow", "shares nothing", "no shared state").
func mentionsUnnegated(t, word string) bool {
	for i := 0; ; {
		j := strings.Index(t[i:], word)
		if j < 0 {
			return false
		}
		j += i
		before := t[max(0, j-24):j]
		after := t[j:min(len(t), j+len(word)+16)]
		negated := false
		for _, neg := range []string{"not ", "no ", "never ", "without ", "n't ", "nor ", "deep"} {
			if strings.Contains(before, neg) {
				negated = true
			}
		}
		for _, neg := range []string{"nothing", " no ", "not "} {
			if strings.Contains(after, neg) {
				negated = true
			}
		}
		if !negated {
			return true
		}
		i = j + len(word)
	}
}
