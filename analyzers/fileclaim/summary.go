package fileclaim

import (
	"go/ast"
	"go/types"
)

// sumEvent is one event of a helper on one of its parameters (param -1:
// a claim not tied to a parameter).
type sumEvent struct {
	base       string // the directory the parameter is placed in, "" for the parameter itself
	baseParam  int    // the parameter that base names, or -1
	consumed   bool   // inside the helper
	returned   bool
	kind       evKind
	param      int
	what       string
	checked    bool
	exits      bool
	tolerates  bool
	returnsErr bool // the helper returns the call's error as its own
	removeAll  bool
	deferred   bool
}

type summary struct {
	events []sumEvent
}

// summary returns what fn does to its string parameters, in order.
func (c *checker) summary(fn *types.Func) *summary {
	if sum, ok := c.summaries[fn]; ok {
		return sum
	}
	fd := c.decls[fn]
	if fd == nil || c.busy[fn] {
		return nil
	}
	c.busy[fn] = true
	defer delete(c.busy, fn)
	fc := c.newFuncState(fd.Body, fd.Type)
	fc.fn = fn
	fc.addParamEntries()
	fc.collectEvents()
	sum := &summary{}
	for _, e := range fc.events {
		switch {
		case e.kind == evClaim && !e.hasKey:
			sum.events = append(sum.events, sumEvent{kind: evClaim, param: -1, what: e.what, checked: true})
		case e.hasKey && e.key.ent.param >= 0:
			bp, ok := fc.paramNames[e.key.base]
			if !ok {
				bp = -1
			}
			sum.events = append(sum.events, sumEvent{kind: e.kind, param: e.key.ent.param, what: e.what,
				base: e.key.base, baseParam: bp,
				checked: e.checked, exits: e.exits, tolerates: e.tolerates, removeAll: e.removeAll, deferred: e.deferred,
				consumed: e.consumed.IsValid(), returned: e.returned.IsValid(), returnsErr: fc.returnsErr(e.call)})
		}
	}
	if len(sum.events) == 0 {
		sum = nil
	}
	c.summaries[fn] = sum
	return sum
}

// translate turns a helper's summary into events at the call site.
func (fc *funcState) translate(ev *event, call *ast.CallExpr, fn *types.Func, sum *summary, add func(*event)) {
	callChecked := fc.checked(call)
	_, callExits, callTolerates := fc.claimGuard(call)
	for i, se := range sum.events {
		e := *ev
		e.kind, e.via = se.kind, fn.Name()
		if fn.Pkg() != fc.c.pass.Pkg {
			e.via = qualified(fn)
		}
		e.what = se.what
		e.removeAll = se.removeAll
		if se.deferred {
			e.deferred = true
		}
		if se.param < 0 {
			// A claim inside the helper guards the helper's own later
			// reads; otherwise the caller must look at its result.
			later := false
			for _, o := range sum.events[i+1:] {
				if o.kind == evRead {
					later = true
				}
			}
			if !later && !callChecked {
				continue
			}
			e.checked = true
			add(&e)
			continue
		}
		if se.param >= len(call.Args) {
			continue
		}
		p := call.Args[se.param]
		k, ok := fc.pathKey(p)
		if !ok {
			ent := fc.entryOfValue(p)
			if ent == nil || ent.strs {
				continue
			}
			k = pkey{ent: ent}
		}
		if se.base != "" {
			if k.base != "" {
				continue
			}
			k.base = se.base
			if se.baseParam >= 0 {
				if se.baseParam >= len(call.Args) {
					continue
				}
				k.base = types.ExprString(call.Args[se.baseParam])
			}
		}
		e.key, e.hasKey, e.expr = k, true, p
		if se.kind == evRead {
			// A helper that returns what it read is a reader (it may
			// parse on the way): the caller decides whether the data is
			// consumed.
			if se.returned {
				e.consumed, e.returned = fc.consumes(fc.body, call)
			} else if se.consumed {
				e.consumed = call.Pos()
			}
		}
		e.checked = se.checked || (se.exits && callChecked)
		passesOn := se.exits || se.returnsErr
		e.exits = passesOn && callExits
		e.tolerates = se.tolerates || (passesOn && callTolerates)
		add(&e)
	}
}

// returnsErr reports whether call's result is returned as it is
// (return os.Rename(src, dst)).
func (fc *funcState) returnsErr(call *ast.CallExpr) bool {
	_, ok := fc.parents[call].(*ast.ReturnStmt)
	return ok
}
