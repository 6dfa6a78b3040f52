package runner

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

func TestPruneBodies(t *testing.T) {
	if !canPruneScopes || !canPruneElems || !canPruneSigs {
		t.Fatal("go/types changed: pruneBodies cannot find Scope.children, Scope.elems or Signature.scope")
	}
	const p = `package p
type T[E any] struct{ e E }
func (t T[E]) M(a int) E { x := a; if x > 0 { y := 2; _ = y }; f := func() { z := 3; _ = z }; f(); return t.e }
func F[P any](p P) P { var q P; _ = q; return p }
func G(n int) (r int) { for i := range n { r += i }; return }
`
	const q = `package q
import "p"
var _ = p.F(1) + p.G(2)
var _ string = p.T[string]{}.M(3)
func H() int { return p.F[int](4) }
`
	fset := token.NewFileSet()
	check := func(path, src string, imp types.Importer) *types.Package {
		f, err := parser.ParseFile(fset, path+".go", src, 0)
		if err != nil {
			t.Fatal(err)
		}
		pkg, err := (&types.Config{Importer: imp}).Check(path, fset, []*ast.File{f}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return pkg
	}
	pp := check("p", p, nil)
	pruneBodies(pp)
	if n := pp.Scope().Child(0).NumChildren(); n != 0 {
		t.Errorf("file scope keeps %d children", n)
	}
	for _, name := range []string{"F", "G"} {
		if s := pp.Scope().Lookup(name).(*types.Func).Scope(); s != nil {
			t.Errorf("%s keeps its scope %v", name, s)
		}
	}
	m := pp.Scope().Lookup("T").Type().(*types.Named).Method(0)
	if m.Scope() != nil {
		t.Errorf("method keeps its scope")
	}
	// The pruned package still serves importers: signatures, generics,
	// methods.
	check("q", q, importerFunc(func(string) (*types.Package, error) { return pp, nil }))
	if sig := pp.Scope().Lookup("G").Type().(*types.Signature); sig.Params().At(0).Name() != "n" || sig.Results().At(0).Name() != "r" {
		t.Errorf("G's signature lost its names: %v", sig)
	}
}
