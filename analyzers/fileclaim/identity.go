package fileclaim

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// A directory whose path is built from this instance's own identity (its
// worker or instance ID, its host name, its pod name from the downward
// API) belongs to the instance: no other consumer lists it, so listing,
// reading and deleting there races with nobody.

// identityNouns name what an instance is.
var identityNouns = map[string]bool{
	"instance": true, "worker": true, "pod": true, "host": true, "node": true, "replica": true, "machine": true,
}

// identityName reports whether a parameter, field or environment variable
// name says it holds an instance's identity: workerID, instance_id,
// podName, hostname, NODE_NAME, selfID.
func identityName(name string) bool {
	words := code.NameWords(name)
	for i, w := range words {
		switch w {
		case "hostname", "nodename", "podname", "instanceid", "workerid", "replicaid", "machineid", "hostid", "nodeid":
			return true
		}
		if i+1 < len(words) {
			switch words[i+1] {
			case "id", "uid", "name", "ordinal", "index":
				if identityNouns[w] || w == "self" || w == "my" || w == "own" {
					return true
				}
			}
		}
	}
	return false
}

// identityRecvType reports whether fn is a method of a type named like an
// instance (Worker, Instance, Replica): its own id or name field is then the
// instance's identity.
func identityRecvType(fn *types.Func) *types.Var {
	if fn == nil {
		return nil
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return nil
	}
	for _, w := range code.NameWords(n.Obj().Name()) {
		if identityNouns[w] {
			return sig.Recv()
		}
	}
	return nil
}

// bodyTraits is the cheap test, one walk over body, before looking for
// private directories: whether it calls something named MkdirTemp, TempDir
// or Mkdir (makes directories), and whether it names something
// identity-like or reads the environment (identity). Names are judged
// once per package (identityNames).
func (c *checker) bodyTraits(body ast.Node) (mkdirs, identity bool) {
	if c.identityNames == nil {
		c.identityNames = map[string]bool{}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
				switch sel.Sel.Name {
				case "MkdirTemp", "TempDir", "Mkdir":
					mkdirs = true
				}
			}
		case *ast.Ident:
			if identity {
				break
			}
			switch n.Name {
			case "Hostname", "Getenv", "LookupEnv":
				identity = true
			default:
				is, ok := c.identityNames[n.Name]
				if !ok {
					is = identityName(n.Name)
					c.identityNames[n.Name] = is
				}
				identity = is
			}
		}
		return !mkdirs || !identity
	})
	return mkdirs, identity
}

// identityExpr reports whether the node n (part of a directory expression)
// is the instance's identity: a parameter or a field named like one, the
// id or name field of the receiver when the receiver's type is a worker or
// instance, os.Hostname(), or os.Getenv("POD_NAME") and the like.
func (fc *funcState) identityExpr(n ast.Node) bool {
	info := fc.c.info
	switch x := n.(type) {
	case *ast.Ident:
		v, ok := info.ObjectOf(x).(*types.Var)
		if !ok || v.IsField() || fc.ftype == nil {
			return false
		}
		isParam := fc.ftype.Pos() <= v.Pos() && v.Pos() < fc.ftype.End()
		return isParam && identityName(v.Name())
	case *ast.SelectorExpr:
		v, ok := info.ObjectOf(x.Sel).(*types.Var)
		if !ok || !v.IsField() {
			return false
		}
		root := code.RootIdent(x.X)
		if root != nil && fc.rangeVar(info.ObjectOf(root)) {
			return false // one of many: for _, peer := range peers
		}
		if identityName(v.Name()) {
			return true
		}
		switch strings.ToLower(v.Name()) {
		case "id", "name", "uid":
			if recv := identityRecvType(fc.fn); recv != nil && root != nil && info.ObjectOf(root) == recv {
				return true
			}
		}
	case *ast.CallExpr:
		fn := fc.c.callee(x)
		switch {
		case code.IsFunc(fn, "os", "Hostname"):
			return true
		case code.IsFunc(fn, "os", "Getenv", "LookupEnv") && len(x.Args) == 1:
			if s, ok := constString(info, x.Args[0]); ok && identityName(strings.ToLower(s)) {
				return true
			}
		}
	}
	return false
}

// rangeVar reports whether obj is the key or value of a range loop.
func (fc *funcState) rangeVar(obj types.Object) bool {
	for _, a := range fc.assigns[obj] {
		if a.rng {
			return true
		}
	}
	return false
}
