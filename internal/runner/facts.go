package runner

// Facts: kept in memory on the package that exported them, visible to its
// importers with the x/tools checker's rules; -debug=s round-trips them
// through gob.

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
)

// factSet holds the facts one analyzer exported on one package.
type factSet struct {
	obj map[objectFactKey]analysis.Fact
	pkg map[reflect.Type]analysis.Fact
}

type objectFactKey struct {
	obj types.Object
	typ reflect.Type
}

// factScope implements the fact functions of one pass (analyzer a on
// package n).
type factScope struct {
	d    *driver
	n    *node
	a    *analysis.Analyzer
	pass *analysis.Pass
}

func factType(fact analysis.Fact) reflect.Type {
	t := reflect.TypeOf(fact)
	if t == nil || t.Kind() != reflect.Pointer {
		panic(fmt.Sprintf("invalid Fact type: got %T, want pointer", fact))
	}
	return t
}

func (fs *factScope) importObjectFact(obj types.Object, ptr analysis.Fact) bool {
	if obj == nil {
		panic("nil object")
	}
	t := factType(ptr)
	if !fs.d.factTypes[fs.a][t] {
		return false // another analyzer's fact type: not visible to this one
	}
	owner := fs.d.owner(obj.Pkg())
	if owner == nil {
		return false
	}
	set := owner.facts[fs.a]
	if set == nil {
		return false
	}
	v, ok := set.obj[objectFactKey{obj, t}]
	if !ok || !visible(obj, owner, fs.n) {
		return false
	}
	reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(v).Elem())
	return true
}

// visible reports whether a fact about obj, exported by package owner, is
// visible to package n. It mirrors the x/tools checker, which passes facts
// from a package to its importers only for objects that may be visible to
// them: methods, fields, types and constants travel the whole import
// graph; package-level functions (exported ones) and variables reach only
// direct importers.
func visible(obj types.Object, owner, n *node) bool {
	if owner == n {
		return true
	}
	switch obj := obj.(type) {
	case *types.Func:
		if obj.Signature().Recv() != nil {
			return true
		}
		return obj.Exported() && n.direct[owner]
	case *types.Var:
		return obj.IsField() || n.direct[owner]
	case *types.TypeName, *types.Const:
		return true
	}
	return false
}

func (fs *factScope) exportObjectFact(obj types.Object, fact analysis.Fact) {
	if fs.pass.ExportObjectFact == nil {
		panic(fmt.Sprintf("%s@%s: Pass.ExportObjectFact(%s, %T) called after Run", fs.a.Name, fs.n.pkg.PkgPath, obj, fact))
	}
	if obj == nil || obj.Pkg() != fs.n.types {
		panic(fmt.Sprintf("internal error: in analysis %s of package %s: Fact.Set(%s, %T): can't set facts on objects belonging another package", fs.a.Name, fs.n.pkg.PkgPath, obj, fact))
	}
	t := factType(fact)
	if !fs.d.factTypes[fs.a][t] {
		panic(fmt.Sprintf("analyzer %s exported a fact of type %v it does not declare in FactTypes", fs.a.Name, t))
	}
	fs.n.facts[fs.a].obj[objectFactKey{obj, t}] = fs.d.sanity(fact)
}

func (fs *factScope) importPackageFact(pkg *types.Package, ptr analysis.Fact) bool {
	if pkg == nil {
		panic("nil package")
	}
	t := factType(ptr)
	if !fs.d.factTypes[fs.a][t] {
		return false
	}
	owner := fs.d.owner(pkg)
	if owner == nil {
		return false
	}
	set := owner.facts[fs.a]
	if set == nil {
		return false
	}
	v, ok := set.pkg[t]
	if !ok {
		return false
	}
	reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(v).Elem())
	return true
}

func (fs *factScope) exportPackageFact(fact analysis.Fact) {
	if fs.pass.ExportPackageFact == nil {
		panic(fmt.Sprintf("%s@%s: Pass.ExportPackageFact(%T) called after Run", fs.a.Name, fs.n.pkg.PkgPath, fact))
	}
	t := factType(fact)
	if !fs.d.factTypes[fs.a][t] {
		panic(fmt.Sprintf("analyzer %s exported a fact of type %v it does not declare in FactTypes", fs.a.Name, t))
	}
	fs.n.facts[fs.a].pkg[t] = fs.d.sanity(fact)
}

// closure returns n and every package it imports, directly or not.
func (n *node) closure() []*node {
	seen := map[*node]bool{n: true}
	out := []*node{n}
	for i := 0; i < len(out); i++ {
		for _, dep := range out[i].imports {
			if !seen[dep] {
				seen[dep] = true
				out = append(out, dep)
			}
		}
	}
	return out
}

func (fs *factScope) allObjectFacts() []analysis.ObjectFact {
	var facts []analysis.ObjectFact
	for _, owner := range fs.n.closure() {
		set := owner.facts[fs.a]
		if set == nil {
			continue
		}
		for k, fact := range set.obj {
			if visible(k.obj, owner, fs.n) {
				facts = append(facts, analysis.ObjectFact{Object: k.obj, Fact: fact})
			}
		}
	}
	return facts
}

func (fs *factScope) allPackageFacts() []analysis.PackageFact {
	var facts []analysis.PackageFact
	for _, owner := range fs.n.closure() {
		if set := owner.facts[fs.a]; set != nil {
			for _, fact := range set.pkg {
				facts = append(facts, analysis.PackageFact{Package: owner.types, Fact: fact})
			}
		}
	}
	return facts
}

// sanity, in sanity mode, returns a gob round-tripped copy of fact,
// panicking (an analyzer error) if the fact does not encode or encodes
// nondeterministically.
func (d *driver) sanity(fact analysis.Fact) analysis.Fact {
	if !d.opts.Sanity {
		return fact
	}
	var buf, buf2 bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(fact); err != nil {
		panic(fmt.Sprintf("encoding of %T fact failed: %v", fact, err))
	}
	if err := gob.NewEncoder(&buf2).Encode(fact); err != nil {
		panic(fmt.Sprintf("encoding of %T fact failed: %v", fact, err))
	}
	if !bytes.Equal(buf.Bytes(), buf2.Bytes()) {
		panic(fmt.Sprintf("encoding of %T fact is nondeterministic", fact))
	}
	copy := reflect.New(reflect.TypeOf(fact).Elem()).Interface().(analysis.Fact)
	if err := gob.NewDecoder(&buf).Decode(copy); err != nil {
		panic(fmt.Sprintf("decoding of %T fact failed: %v", fact, err))
	}
	return copy
}
