package runner

// Export data in the cache: a package whose entry hits is not
// type-checked from source even when a re-analysed package imports it.
// Its types come from the export data the run that analysed it stored
// (gcexportdata, as go vet's units read the compiler's), read in
// dependency order into the node's *types.Package, so that objects stay
// shared across the graph. Only the packages that are analysed again are
// parsed and type-checked.
//
// Export data has what importers can see of a package: every exported
// object and everything they reach (unexported types, fields, methods),
// with file and line positions (the column is lost, as in go vet).
// Unexported package-level objects nothing exported reaches are left out;
// facts on them are dropped when the package is read, as no importer can
// name them (no analyzer here uses AllObjectFacts).

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"go/token"
	"go/types"
	"io"
	"sort"

	"golang.org/x/tools/go/gcexportdata"

	"github.com/hindsight-lint/hindsight/internal/cache"
)

// exportData returns n's export data, positions included.
func (d *driver) exportData(n *node) ([]byte, error) {
	var buf bytes.Buffer
	if err := gcexportdata.Write(&buf, d.fset, n.types); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// apiHash hashes what n's importers can see of it: the objects its
// export data holds (exported package-level objects and the types they
// reach), each as go/types prints it with its position, the methods,
// fields and parameters of those types with theirs. It is canonical: it
// does not depend on how n's imports were loaded (source or export data:
// the export data bytes do, as the writer shares identical types only
// when they are one object). The imports' own APIs are not in it: they
// are in the dependency hash (setDepHash).
func (d *driver) apiHash(n *node) (cache.Key, error) {
	if n.types == types.Unsafe {
		return cache.Hash([]byte("unsafe")), nil
	}
	h := sha256.New()
	aw := &apiWriter{w: h, fset: d.fset, pkg: n.types, seen: map[types.Type]bool{}, named: map[*types.TypeName]bool{}}
	scope := n.types.Scope()
	var objs []types.Object
	for _, name := range scope.Names() {
		if obj := scope.Lookup(name); obj.Exported() {
			objs = append(objs, obj)
			aw.typ(obj.Type())
		}
	}
	// The unexported types the exported API reaches (their types were
	// walked by aw.typ already).
	var reached []types.Object
	for tn := range aw.named {
		if !tn.Exported() || scope.Lookup(tn.Name()) != tn {
			reached = append(reached, tn)
		}
	}
	sort.Slice(reached, func(i, j int) bool { return aw.key(reached[i]) < aw.key(reached[j]) })
	for _, obj := range append(objs, reached...) {
		aw.decl(obj)
	}
	var k cache.Key
	copy(k[:], h.Sum(nil))
	return k, nil
}

// apiWriter writes a package's API for apiHash.
type apiWriter struct {
	w     io.Writer
	fset  *token.FileSet
	pkg   *types.Package
	seen  map[types.Type]bool
	named map[*types.TypeName]bool // the package's named types reached
}

func qualifier(p *types.Package) string { return p.Path() }

func (aw *apiWriter) key(obj types.Object) string {
	p := aw.fset.Position(obj.Pos())
	return fmt.Sprintf("%s %s:%d:%d", types.ObjectString(obj, qualifier), p.Filename, p.Line, p.Column)
}

// decl writes one object: how go/types prints it, where it is, a
// constant's value, and the members of a named type.
func (aw *apiWriter) decl(obj types.Object) {
	fmt.Fprintln(aw.w, aw.key(obj))
	switch obj := obj.(type) {
	case *types.Const:
		fmt.Fprintln(aw.w, "=", obj.Val().ExactString())
	case *types.Func:
		aw.members(obj.Type())
	case *types.Var:
		aw.members(obj.Type())
	case *types.TypeName:
		if named, ok := obj.Type().(*types.Named); ok && !obj.IsAlias() {
			fmt.Fprintln(aw.w, "underlying", types.TypeString(named.Underlying(), qualifier))
			for i := range named.NumMethods() {
				m := named.Method(i)
				fmt.Fprintln(aw.w, "method", aw.key(m))
				aw.members(m.Type())
			}
			aw.members(named.Underlying())
		}
	}
}

// members writes the positions of the parameters, fields and interface
// methods in t (not through named types: they are declarations of their
// own).
func (aw *apiWriter) members(t types.Type) {
	switch t := t.(type) {
	case *types.Signature:
		if r := t.Recv(); r != nil {
			fmt.Fprintln(aw.w, "recv", aw.key(r))
		}
		for _, tuple := range []*types.Tuple{t.Params(), t.Results()} {
			for i := range tuple.Len() {
				fmt.Fprintln(aw.w, "param", aw.key(tuple.At(i)))
				aw.members(tuple.At(i).Type())
			}
		}
	case *types.Struct:
		for i := range t.NumFields() {
			fmt.Fprintln(aw.w, "field", aw.key(t.Field(i)))
			aw.members(t.Field(i).Type())
		}
	case *types.Interface:
		for i := range t.NumExplicitMethods() {
			fmt.Fprintln(aw.w, "imethod", aw.key(t.ExplicitMethod(i)))
			aw.members(t.ExplicitMethod(i).Type())
		}
	default:
		for _, e := range elems(t) {
			aw.members(e)
		}
	}
}

// elems returns the element types of a pointer, slice, array, channel or
// map type.
func elems(t types.Type) []types.Type {
	switch t := t.(type) {
	case *types.Pointer:
		return []types.Type{t.Elem()}
	case *types.Slice:
		return []types.Type{t.Elem()}
	case *types.Array:
		return []types.Type{t.Elem()}
	case *types.Chan:
		return []types.Type{t.Elem()}
	case *types.Map:
		return []types.Type{t.Key(), t.Elem()}
	}
	return nil
}

// typ records the package's named types t reaches.
func (aw *apiWriter) typ(t types.Type) {
	if t == nil || aw.seen[t] {
		return
	}
	aw.seen[t] = true
	switch t := t.(type) {
	case *types.Named:
		for i := range t.TypeArgs().Len() {
			aw.typ(t.TypeArgs().At(i))
		}
		t = t.Origin()
		if t.Obj().Pkg() != aw.pkg || aw.named[t.Obj()] {
			return
		}
		aw.named[t.Obj()] = true
		aw.tparams(t.TypeParams())
		for i := range t.NumMethods() {
			aw.typ(t.Method(i).Type())
		}
		aw.typ(t.Underlying())
	case *types.Alias:
		if t.Obj().Pkg() == aw.pkg {
			aw.named[t.Obj()] = true
		}
		aw.tparams(t.TypeParams())
		aw.typ(t.Rhs())
	case *types.TypeParam:
		aw.typ(t.Constraint())
	case *types.Signature:
		aw.tparams(t.TypeParams())
		for _, tuple := range []*types.Tuple{t.Params(), t.Results()} {
			for i := range tuple.Len() {
				aw.typ(tuple.At(i).Type())
			}
		}
	case *types.Struct:
		for i := range t.NumFields() {
			aw.typ(t.Field(i).Type())
		}
	case *types.Interface:
		for i := range t.NumExplicitMethods() {
			aw.typ(t.ExplicitMethod(i).Type())
		}
		for i := range t.NumEmbeddeds() {
			aw.typ(t.EmbeddedType(i))
		}
	case *types.Union:
		for i := range t.Len() {
			aw.typ(t.Term(i).Type())
		}
	default:
		for _, e := range elems(t) {
			aw.typ(e)
		}
	}
}

func (aw *apiWriter) tparams(list *types.TypeParamList) {
	for i := range list.Len() {
		aw.typ(list.At(i))
	}
}

// loadExport fills n's types from the export data entry its meta entry
// names. Its imports are loaded already (dependency order). On failure n
// gets a fresh, empty package, to be type-checked from source.
func (d *driver) loadExport(n *node) bool {
	if n.meta == nil || n.meta.Export == (cache.Key{}) {
		return false
	}
	data, ok := d.cache.c.Get(n.meta.Export)
	if ok && cache.Hash(data) == n.meta.Export {
		// Within one package's closure a path names one package (a
		// test variant replaces the package in its whole test build).
		imports := map[string]*types.Package{"unsafe": types.Unsafe}
		for _, dep := range n.closure() {
			imports[dep.pkg.PkgPath] = dep.types
		}
		pkg, err := gcexportdata.Read(bytes.NewReader(data), d.fset, imports, n.pkg.PkgPath)
		if err == nil && pkg == n.types {
			return true
		}
	}
	if n.types.Scope().Len() > 0 {
		d.replaceTypes(n)
	}
	return false
}

// replaceTypes gives n a fresh *types.Package (after a failed read left
// the old one half filled).
func (d *driver) replaceTypes(n *node) {
	d.typesMu.Lock()
	defer d.typesMu.Unlock()
	n.types = types.NewPackage(n.pkg.PkgPath, n.pkg.Name)
	d.byTypes[n.types] = n
}

// owner returns the node whose types pkg is.
func (d *driver) owner(pkg *types.Package) *node {
	d.typesMu.RLock()
	defer d.typesMu.RUnlock()
	return d.byTypes[pkg]
}
