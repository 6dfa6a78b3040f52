package shallowclone

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/code"
	"github.com/hindsight-lint/hindsight/internal/report"
	"golang.org/x/tools/go/analysis"
)

// checkReturn examines what a return statement hands back.
func (f *funcState) checkReturn(ret *ast.ReturnStmt, st state) {
	if f.cl.out != nil {
		f.checkOut(st, ret.Pos())
	}
	results := ret.Results
	if len(results) == 0 {
		// A bare return of named results.
		for _, i := range f.cl.results {
			if v := f.cl.sig.Results().At(i); st[v] != nil {
				f.checkCopy(st[v], f.copies[v], ret)
			}
		}
		return
	}
	if len(results) != f.cl.sig.Results().Len() {
		return // return f()
	}
	for _, i := range f.cl.results {
		e := ast.Unparen(results[i])
		if v := f.tracked(st, e); v != nil {
			f.checkCopy(st[v], f.copies[v], ret)
			continue
		}
		if f.isSelf(e) && !f.cl.unnamed && !f.lock && st[nilSrc] == nil && numFields(f.cl.typ) > 0 && f.selfMatters() {
			if _, ptr := types.Unalias(f.info.TypeOf(e)).(*types.Pointer); ptr {
				f.report(report.Finding{Pos: e.Pos(), End: e.End(), Rule: ruleReturnsSelf,
					Message: fmt.Sprintf("%s returns the %s itself, not a copy, and %s is not immutable (%s); changes made through the result change the %s",
						f.cl.name, f.cl.whom, f.typeString(f.cl.typ), f.a.mutatedWhy(f.cl.typ), f.cl.whom)}, "<self>")
			}
			continue
		}
		if f.isWholeSrc(e) && f.cl.srcPtr && !f.lock {
			f.checkCopy(vstate{"": {k: kAlias, pos: ret.Pos(), end: ret.End()}}, &copyInfo{}, ret)
			continue
		}
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			if v := f.tracked(st, u.X); v != nil {
				f.checkCopy(st[v], f.copies[v], ret)
				continue
			}
		}
		if lit := f.literal(e); lit != nil {
			tmp := state{}
			for k, vs := range st {
				tmp[k] = vs
			}
			lv := types.NewVar(lit.Pos(), nil, "", f.cl.typ)
			f.fromLiteral(tmp, lv, lit)
			f.checkCopy(tmp[lv], f.copies[lv], ret)
		}
	}
}

// checkOut examines DeepCopyInto's target at an exit.
func (f *funcState) checkOut(st state, at token.Pos) {
	if f.cl.out == nil {
		return
	}
	if vs, ok := st[f.cl.out]; ok {
		f.checkCopy(vs, f.copies[f.cl.out], nil)
	}
}

// checkCopy reports the shared fields of one copy at one exit.
func (f *funcState) checkCopy(vs vstate, ci *copyInfo, ret *ast.ReturnStmt) {
	for _, l := range f.leaves {
		s := vs.lookup(l.path)
		top := l.path
		if i := strings.IndexByte(top, '.'); i >= 0 {
			top = top[:i]
		}
		if f.cl.sharedInDoc[strings.ToLower(top)] || f.cl.sharedInDoc[strings.ToLower(l.fld.Name())] {
			continue
		}
		switch s.k {
		case kAlias:
			if f.cl.unnamed {
				f.reportUnnamed(l, s, ret)
				continue
			}
			if f.reported[l.path] {
				continue // another exit of the clone has said it
			}
			written, appended := f.a.writtenInPlace(l.fld), ""
			if !written {
				appended = f.a.appendWrites(l.fld, f.cl.fn, l.path, s.pos)
			}
			if (!l.fld.Exported() || l.scalar) && !written && appended == "" {
				continue // write-once: the package never writes through it
			}
			if s.pos == token.NoPos && ret != nil {
				s.pos, s.end = ret.Pos(), ret.End()
			}
			rule := ruleShared
			msg := fmt.Sprintf("%s shares field %s (%s) with the %s; nothing in the package writes through it, but a write through either copy would show in both",
				f.cl.name, l.path, f.typeString(l.typ), f.cl.whom)
			switch {
			case written:
				rule = ruleSharedWritten
				msg = fmt.Sprintf("%s shares field %s (%s) with the %s, and the package writes through it at %s; the writes show in both copies and race",
					f.cl.name, l.path, f.typeString(l.typ), f.cl.whom, f.a.where(f.a.wpos[l.fld], s.pos))
			case appended != "":
				rule = ruleSharedWritten
				msg = fmt.Sprintf("%s shares field %s (%s) with the %s, and %s", f.cl.name, l.path, f.typeString(l.typ), f.cl.whom, appended)
			case len(f.a.extends[l.fld]) > 0:
				msg = fmt.Sprintf("%s shares field %s (%s) with the %s; the package only appends to the original's (at %s), past the end of what every copy sees, but a write through either copy would show in both",
					f.cl.name, l.path, f.typeString(l.typ), f.cl.whom, f.a.where(f.a.extends[l.fld][0].sel.Pos(), s.pos))
			}
			if adv := advice(l); adv != "" {
				msg += "; " + adv
			}
			fd := report.Finding{Pos: s.pos, End: s.end, Rule: rule, Message: msg}
			if fix, ok := f.fix(l, s); ok {
				fd.Fixes = []analysis.SuggestedFix{fix}
			}
			f.report(fd, l.path)
		case kElem:
			if f.cl.unnamed {
				continue
			}
			written := f.a.elemsWritten(l.fld) || f.a.elemTypeMutated(l.typ)
			if !l.elems || !l.fld.Exported() && !written {
				continue
			}
			rule := ruleSharedElements
			if written {
				rule = ruleSharedElementsWritten
			}
			msg := fmt.Sprintf("%s copies field %s (%s) but not its elements, which still refer to the %s's data",
				f.cl.name, l.path, f.typeString(l.typ), f.cl.whom)
			switch {
			case f.a.elemsWritten(l.fld):
				msg += fmt.Sprintf("; the package writes into them at %s", f.a.where(f.a.epos[l.fld], s.pos))
			case written:
				msg += "; " + f.a.mutatedWhy(l.typ)
			}
			f.report(report.Finding{Pos: s.pos, End: s.end, Rule: rule, Message: msg}, l.path)
		}
	}
	if !f.a.conf.Dropped || f.cl.unnamed || ci == nil || !ci.literal || ci.copied < 2 || ci.made == nil || f.cl.dropsOnPurpose {
		return
	}
	stt, _ := f.cl.typ.Underlying().(*types.Struct)
	for i := 0; stt != nil && i < stt.NumFields(); i++ {
		fld := stt.Field(i)
		if !fld.Exported() || f.mention[fld.Name()] || vs.lookup(fld.Name()).k != kUnset {
			continue
		}
		ft := fld.Type()
		if code.IsLockValue(ft) || code.ContainsLock(ft) || f.a.sharedByDecl(fld.Origin()) {
			continue
		}
		switch types.Unalias(ft).Underlying().(type) {
		case *types.Signature, *types.Chan:
			continue
		case *types.Pointer:
			if n, ok := types.Unalias(ft.Underlying().(*types.Pointer).Elem()).(*types.Named); ok && sharedType(n) {
				continue
			}
		}
		f.report(report.Finding{Pos: ci.made.Pos(), End: ci.made.Pos(), Rule: ruleDropped,
			Message: fmt.Sprintf("%s drops field %s (%s): the copy leaves it out and gets its zero value; copy it or say why not",
				f.cl.name, fld.Name(), f.typeString(ft))}, "<dropped>"+fld.Name())
	}
}

func (f *funcState) report(fd report.Finding, key string) {
	if f.reported[key] {
		return
	}
	f.reported[key] = true
	f.a.rep.Report(fd)
}

func (f *funcState) typeString(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string {
		if p == f.a.pass.Pkg {
			return ""
		}
		return p.Name()
	})
}

// advice says how to copy a field of type l.typ.
func advice(l leaf) string {
	t := types.Unalias(l.typ)
	if m := cloneMethod(t); m != "" {
		return "copy it with its " + m + " method"
	}
	switch u := t.Underlying().(type) {
	case *types.Map:
		if l.elems {
			return "copy the map and its elements"
		}
		return "copy it with maps.Clone"
	case *types.Slice:
		if l.elems {
			return "copy the slice and its elements"
		}
		return "copy it with slices.Clone"
	case *types.Pointer:
		_ = u
		return "copy the value it points to"
	}
	return ""
}

func numFields(t types.Type) int {
	if st, ok := t.Underlying().(*types.Struct); ok {
		return st.NumFields()
	}
	return 0
}

// isElemVar reports whether e is a range value over a field of the original.
func (f *funcState) isElemVar(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && f.elemVars[f.info.Uses[id]]
}

// selfMatters reports whether returning the receiver itself is a bug: the
// type is changed after construction and is not a test double.
func (f *funcState) selfMatters() bool {
	n, ok := types.Unalias(f.cl.typ).(*types.Named)
	if !ok {
		return true
	}
	if mockName(n.Obj().Name()) || code.IsTestFile(f.a.pass, n.Obj().Pos()) {
		return false
	}
	return f.a.typeMutated(n)
}

// reportUnnamed reports a field that a copy helper not named like a clone
// (v := *m; return &v) shares, when a caller writes through it on the
// result: the write meant for the copy lands in the original.
func (f *funcState) reportUnnamed(l leaf, s fstate, ret *ast.ReturnStmt) {
	pos, ok := f.a.resultWritten(f.cl.fn, l.path)
	if !ok {
		return
	}
	if s.pos == token.NoPos && ret != nil {
		s.pos, s.end = ret.Pos(), ret.End()
	}
	msg := fmt.Sprintf("%s shares field %s (%s) with the %s, and its result is written through at %s; the write lands in the original too",
		f.cl.name, l.path, f.typeString(l.typ), f.cl.whom, f.a.where(pos, s.pos))
	if adv := advice(l); adv != "" {
		msg += "; " + adv
	}
	f.report(report.Finding{Pos: s.pos, End: s.end, Rule: ruleSharedWritten, Message: msg}, l.path)
}
