package shallowclone

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// cloneFn describes a function that promises a copy.
type cloneFn struct {
	decl           *ast.FuncDecl
	sig            *types.Signature
	name           string
	typ            types.Type // the struct type T (named, possibly instantiated)
	src            *types.Var // the value copied from: receiver or parameter
	srcPtr         bool
	out            *types.Var      // DeepCopyInto's target, or nil
	results        []int           // results that carry the copy
	whom           string          // "receiver" or "original"
	sharedInDoc    map[string]bool // fields the doc comment says are shared
	dropsOnPurpose bool            // the doc comment says some state is not copied
	srcAssigned    bool            // the function assigns to the receiver variable
	// unnamed marks a function not named like a copy that copies *src
	// wholesale and returns it (v := *m; return &v): reported only when a
	// caller writes through a field the copy shares.
	unnamed bool
	fn      *types.Func
}

// cloneFunc returns the description of fd if it is a clone function.
func (a *checker) cloneFunc(fd *ast.FuncDecl) *cloneFn {
	fn, ok := a.pass.TypesInfo.Defs[fd.Name].(*types.Func)
	if !ok {
		return nil
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return nil
	}
	cl := &cloneFn{decl: fd, sig: sig, name: fd.Name.Name, fn: fn}
	if recv := sig.Recv(); recv != nil {
		if recv.Name() == "" || recv.Name() == "_" {
			return nil
		}
		cl.unnamed = !a.cloneNames[fn.Name()]
		cl.typ, cl.srcPtr = structOf(recv.Type())
		cl.src, cl.whom = recv, "receiver"
	} else {
		lname := strings.ToLower(fn.Name())
		rest, found := "", false
		for _, p := range []string{"deepcopy", "clone", "copy", "dup"} {
			if r, ok := strings.CutPrefix(lname, p); ok {
				rest, found = r, true
				break
			}
		}
		cl.unnamed = !found
		for i := 0; i < sig.Params().Len(); i++ {
			p := sig.Params().At(i)
			t, ptr := structOf(p.Type())
			n, ok := types.Unalias(t).(*types.Named)
			if t == nil || !ok || p.Name() == "" || p.Name() == "_" {
				continue
			}
			if n.Obj().Pkg() != a.pass.Pkg {
				continue // cloning another package's type: its fields are not ours to know
			}
			if rest == "" || rest == strings.ToLower(n.Obj().Name()) {
				cl.typ, cl.srcPtr, cl.src, cl.whom = t, ptr, p, "original"
				break
			}
		}
	}
	if cl.typ == nil {
		return nil
	}
	if fd.Doc != nil && saysShallow(fd.Doc.Text()) {
		return nil
	}
	for i := 0; i < sig.Results().Len(); i++ {
		rt := types.Unalias(sig.Results().At(i).Type())
		if t, _ := structOf(rt); t != nil && types.Identical(t, cl.typ) {
			cl.results = append(cl.results, i)
			continue
		}
		if iface, ok := rt.Underlying().(*types.Interface); ok && !code.IsError(rt) && iface.NumMethods() > 0 &&
			(types.Implements(cl.typ, iface) || types.Implements(types.NewPointer(cl.typ), iface)) {
			cl.results = append(cl.results, i)
		}
	}
	if cl.unnamed && (len(cl.results) == 0 || !cl.srcPtr || !copiesWhole(a.pass.TypesInfo, fd.Body, cl.src)) {
		return nil
	}
	if sig.Recv() != nil && len(cl.results) == 0 {
		// DeepCopyInto(out *T) style: the copy is written into a parameter.
		for i := 0; i < sig.Params().Len(); i++ {
			p := sig.Params().At(i)
			named := fn.Name() == "DeepCopyInto" || p.Name() == "out" || p.Name() == "dst"
			if t, ptr := structOf(p.Type()); named && ptr && t != nil && types.Identical(t, cl.typ) {
				cl.out = p
				break
			}
		}
	}
	if len(cl.results) == 0 && cl.out == nil {
		return nil
	}
	if sig.Recv() != nil && cl.out == nil {
		// z.Copy(x) sets z from x (math/big style): not a clone of z.
		for i := 0; i < sig.Params().Len(); i++ {
			if t, _ := structOf(sig.Params().At(i).Type()); t != nil && types.Identical(t, cl.typ) {
				return nil
			}
		}
	}
	if fd.Doc != nil {
		cl.sharedInDoc = fieldsSaidShared(fd.Doc.Text())
		d := strings.ToLower(fd.Doc.Text())
		for _, w := range []string{"discard", "reset", "omit", "not copied", "except", "zero", "fresh", "clear"} {
			if strings.Contains(d, w) {
				cl.dropsOnPurpose = true
			}
		}
	}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			for _, l := range as.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && a.pass.TypesInfo.ObjectOf(id) == cl.src {
					cl.srcAssigned = true
				}
			}
		}
		return true
	})
	return cl
}

// fieldsSaidShared returns the words of sentences in a method doc comment
// that say something is shared; a field named in such a sentence is
// documented as shared on purpose.
func fieldsSaidShared(doc string) map[string]bool {
	m := map[string]bool{}
	for _, sentence := range strings.Split(doc, ".") {
		l := strings.ToLower(sentence)
		if !mentionsUnnegated(l, "shar") && !mentionsUnnegated(l, "shallow") && !saysNotCopied(l) {
			continue
		}
		for _, w := range strings.FieldsFunc(sentence, func(r rune) bool {
			return r != '_' && (r < '0' || r > '9') && (r < 'a' || r > 'z') && (r < 'A' || r > 'Z')
		}) {
			m[strings.ToLower(w)] = true
		}
	}
	return m
}

// structOf returns the struct type named by t or *t, and whether t is a pointer.
func structOf(t types.Type) (types.Type, bool) {
	t = types.Unalias(t)
	ptr := false
	if p, ok := t.(*types.Pointer); ok {
		t, ptr = types.Unalias(p.Elem()), true
	}
	if _, ok := t.(*types.Named); !ok {
		return nil, false
	}
	if _, ok := t.Underlying().(*types.Struct); !ok {
		return nil, false
	}
	return t, ptr
}

// notCopiedPhrases are the words of a Clone's doc comment that say some
// field is left as the original's on purpose.
var notCopiedPhrases = []string{"must not be modified", "points to the original", "point to the original",
	"will not set", "won't set", "does not set", "doesn't set", "does not copy", "doesn't copy", "do not copy",
	"not copied", "not cloned", "not deep", "except", "without", "by reference", "reuses", "same underlying"}

// saysNotCopied reports whether a lower-cased sentence of a Clone's doc says
// something is not copied.
func saysNotCopied(sentence string) bool {
	for _, p := range notCopiedPhrases {
		if strings.Contains(sentence, p) {
			return true
		}
	}
	return false
}

// copiesWhole reports whether body copies the value src points to as a
// whole (v := *src, var v = *src, *out = *src).
func copiesWhole(info *types.Info, body *ast.BlockStmt, src *types.Var) bool {
	isStarSrc := func(e ast.Expr) bool {
		s, ok := ast.Unparen(e).(*ast.StarExpr)
		if !ok {
			return false
		}
		id, ok := ast.Unparen(s.X).(*ast.Ident)
		return ok && info.Uses[id] == src
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			for _, r := range n.Rhs {
				found = found || isStarSrc(r)
			}
		case *ast.ValueSpec:
			for _, r := range n.Values {
				found = found || isStarSrc(r)
			}
		}
		return !found
	})
	return found
}
