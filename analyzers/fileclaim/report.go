package fileclaim

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/code"
	"github.com/hindsight-lint/hindsight/internal/lint"
	"golang.org/x/tools/go/analysis"
)

// check reports, for each entry, the first read of an entry path that a
// delete or move of the same path follows with no claim before the read.
func (fc *funcState) check() []lint.Finding {
	var out []lint.Finding
	for _, ent := range fc.entries {
		if ent.list == nil || ent.param >= 0 {
			continue
		}
		if ent.list.fc != nil && ent.list.fc.private(ent.list.dir) {
			continue
		}
		if f, ok := fc.checkEntry(ent); ok {
			out = append(out, f)
		}
	}
	return out
}

func (fc *funcState) inside(ent *entry, e *event) bool {
	pos := e.call.Pos()
	return ent.body.Pos() <= pos && pos < ent.body.End()
}

func (fc *funcState) checkEntry(ent *entry) (lint.Finding, bool) {
	for ri, r := range fc.events {
		if r.kind != evRead || !r.hasKey || r.key.ent != ent || !fc.inside(ent, r) {
			continue
		}
		if fc.claimedBefore(ent, r) {
			return lint.Finding{}, false
		}
		if fc.openedToLock(r) {
			continue // opened to be locked; the claim follows
		}
		if !r.consumed.IsValid() {
			continue // the content is only inspected
		}
		for _, d := range fc.events[ri+1:] {
			if !d.hasKey || d.key != r.key || !fc.inside(ent, d) {
				continue
			}
			if d.kind != evDelete && d.kind != evRename {
				continue
			}
			if d.checked && d.exits && r.consumed > fc.guardEnd(d) {
				// The delete or move is itself the claim: only the worker
				// whose call succeeds goes on to use what it read.
				return lint.Finding{}, false
			}
			return fc.finding(ent, r, d), true
		}
	}
	return lint.Finding{}, false
}

// claimedBefore reports whether a claim precedes the read r: a lock or
// exclusive create in the function, or a checked rename, link or mkdir of
// this entry.
func (fc *funcState) claimedBefore(ent *entry, r *event) bool {
	for _, c := range fc.events {
		if c.pos >= r.pos || c.deferred {
			continue
		}
		switch c.kind {
		case evClaim:
			if !c.hasKey || c.key.ent == ent {
				return true
			}
		case evRename:
			if c.key.ent == ent && c.checked {
				return true
			}
		}
	}
	return false
}

// openedToLock reports whether the file opened by r is handed to a later
// lock call (syscall.Flock(int(f.Fd()), ...)).
func (fc *funcState) openedToLock(r *event) bool {
	as, ok := fc.parents[r.call].(*ast.AssignStmt)
	if !ok || len(as.Lhs) == 0 {
		return false
	}
	id, ok := ast.Unparen(as.Lhs[0]).(*ast.Ident)
	if !ok {
		return false
	}
	f := fc.c.info.ObjectOf(id)
	if f == nil {
		return false
	}
	for _, c := range fc.events {
		if c.kind != evClaim || c.pos <= r.pos {
			continue
		}
		used := false
		ast.Inspect(c.call, func(n ast.Node) bool {
			if x, ok := n.(*ast.Ident); ok && fc.c.info.ObjectOf(x) == f {
				used = true
			}
			return !used
		})
		if used {
			return true
		}
	}
	return false
}

// guardEnd returns where the test of d's error ends.
func (fc *funcState) guardEnd(d *event) token.Pos {
	if guard, _ := fc.exits(d.call); guard != nil {
		return guard.End()
	}
	return d.call.End()
}

// finding builds the diagnostic for the read r of an entry that d deletes.
func (fc *funcState) finding(ent *entry, r, d *event) lint.Finding {
	pass := fc.c.pass
	l := ent.list
	name := types.ExprString(r.expr)
	read := ""
	if r.via != "" {
		read = fmt.Sprintf(" (through %s, which calls %s)", r.via, r.what)
	}
	listLine := pass.Fset.Position(l.call.Pos())
	listAt := fmt.Sprintf("line %d", listLine.Line)
	if pass.Fset.File(l.call.Pos()) != pass.Fset.File(r.call.Pos()) {
		listAt = fmt.Sprintf("%s:%d", code.ShortFile(listLine.Filename), listLine.Line)
	}
	delWhat := d.what
	if d.via != "" {
		delWhat = fmt.Sprintf("%s (through %s)", d.what, d.via)
	}
	verb := "deleted by"
	if d.kind == evRename {
		verb = "moved away by"
	}
	msg := fmt.Sprintf("%s, listed by %s at %s, is read here%s and %s %s at line %d with no atomic claim first: "+
		"a second instance scanning the same directory can take the same file, so the work runs twice or is lost; "+
		"rename the entry into a private directory before reading it (a failed rename means another worker took it) "+
		"or take an exclusive lock",
		name, l.kind.what, listAt, read, verb, delWhat, code.Line(pass, d.call.Pos()))
	return lint.Finding{
		Pos: r.call.Pos(), End: r.call.End(), Rule: ruleUnclaimed, Message: msg,
		Related: []analysis.RelatedInformation{
			{Pos: l.call.Pos(), End: l.call.End(), Message: "the directory is listed here"},
			{Pos: d.call.Pos(), End: d.call.End(), Message: "the entry is " + strings.TrimSuffix(verb, " by") + " here"},
		},
	}
}
