package fileclaim

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// Ops is an object fact on an exported function: what it does to its
// path parameters, in order (reads, deletes, moves, claims). Callers in
// other packages see through such helpers (format.ReadMessageFile(path),
// store.Move(src, dst)) as they do through helpers of their own package.
type Ops struct {
	Events []Op
}

// Op is one operation of a helper on one of its parameters (Param -1: a
// claim not tied to a parameter).
type Op struct {
	Kind       string // read, delete, move, claim
	Param      int
	Base       string // the directory the parameter is placed in, "" for the parameter itself
	BaseParam  int    // the parameter that Base names, or -1
	What       string // the call that does it: os.ReadFile, os.Rename, ...
	Consumed   bool   // the data read is used inside the helper
	Returned   bool   // the data read is returned
	Checked    bool
	Exits      bool
	Tolerates  bool
	ReturnsErr bool
	RemoveAll  bool
	Deferred   bool
}

// AFact marks Ops as an analysis fact.
func (*Ops) AFact() {}

func (o *Ops) String() string {
	var parts []string
	for _, e := range o.Events {
		s := fmt.Sprintf("%s %d by %s", e.Kind, e.Param, e.What)
		if e.Param < 0 {
			s = fmt.Sprintf("%s by %s", e.Kind, e.What)
		}
		if e.Tolerates {
			s += " (not-exist ignored)"
		}
		parts = append(parts, s)
	}
	return "file ops: " + strings.Join(parts, "; ")
}

var kindNames = map[evKind]string{evRead: "read", evDelete: "delete", evRename: "move", evClaim: "claim"}

func opsFact(sum *summary) *Ops {
	o := &Ops{}
	for _, e := range sum.events {
		o.Events = append(o.Events, Op{Kind: kindNames[e.kind], Param: e.param, Base: e.base, BaseParam: e.baseParam,
			What: e.what, Consumed: e.consumed, Returned: e.returned, Checked: e.checked, Exits: e.exits,
			Tolerates: e.tolerates, ReturnsErr: e.returnsErr, RemoveAll: e.removeAll, Deferred: e.deferred})
	}
	return o
}

func (o *Ops) summary() *summary {
	sum := &summary{}
	for _, e := range o.Events {
		var kind evKind
		for k, n := range kindNames {
			if n == e.Kind {
				kind = k
			}
		}
		sum.events = append(sum.events, sumEvent{kind: kind, param: e.Param, base: e.Base, baseParam: e.BaseParam,
			what: e.What, consumed: e.Consumed, returned: e.Returned, checked: e.Checked, exits: e.Exits,
			tolerates: e.Tolerates, returnsErr: e.ReturnsErr, removeAll: e.RemoveAll, deferred: e.Deferred})
	}
	return sum
}

// importedSummary returns the summary of a function of another package,
// from its Ops fact.
func (c *checker) importedSummary(fn *types.Func) *summary {
	if fn == nil || fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg {
		return nil
	}
	var o Ops
	if !c.pass.ImportObjectFact(fn.Origin(), &o) {
		return nil
	}
	return o.summary()
}

// exportOps exports Ops facts for the package's exported functions that
// read, delete, move or claim a path parameter.
func (c *checker) exportOps() {
	for _, fd := range c.sortedDecls() {
		fn, _ := c.info.Defs[fd.Name].(*types.Func)
		if fn == nil || !fn.Exported() || !pathParams(fn) || !c.mayTouchFiles(fd) {
			continue
		}
		if sum := c.summary(fn); sum != nil && sum.onParams() {
			c.pass.ExportObjectFact(fn, opsFact(sum))
		}
	}
}

// pathParams reports whether fn has a string, DirEntry or FileInfo
// parameter.
func pathParams(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return false
	}
	for i := 0; i < sig.Params().Len(); i++ {
		t := sig.Params().At(i).Type()
		if code.IsString(t) || isDirEntry(t) {
			return true
		}
	}
	return false
}

// mayTouchFiles is a cheap test before a summary: the body calls an os
// file operation, a function of this package, or a function with Ops.
func (c *checker) mayTouchFiles(fd *ast.FuncDecl) bool {
	found := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		fn := c.callee(call)
		switch {
		case fn == nil || fn.Pkg() == nil:
		case fn.Pkg() == c.pass.Pkg:
			_, found = c.decls[fn.Origin()]
		case fn.Pkg().Path() == "os" || fn.Pkg().Path() == "io/ioutil":
			switch fn.Name() {
			case "Open", "OpenFile", "ReadFile", "Remove", "RemoveAll", "Rename", "Link":
				found = true
			}
		default:
			var o Ops
			found = c.pass.ImportObjectFact(fn.Origin(), &o)
		}
		return !found
	})
	return found
}

// onParams reports whether the summary says something about a parameter
// (a lock alone is the Locks fact).
func (sum *summary) onParams() bool {
	for _, e := range sum.events {
		if e.param >= 0 {
			return true
		}
	}
	return false
}
