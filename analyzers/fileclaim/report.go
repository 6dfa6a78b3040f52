package fileclaim

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

// check reports, for each entry, the first read of an entry path that a
// delete or move of the same path follows with no claim before the read.
func (fc *funcState) check() []report.Finding {
	var out []report.Finding
	for _, ent := range fc.entries {
		if ent.list == nil || ent.param >= 0 {
			continue
		}
		if ent.list.fc != nil && ent.list.fc.private(ent.list.dir) {
			continue
		}
		out = append(out, fc.checkEntry(ent)...)
	}
	return out
}

func (fc *funcState) inside(ent *entry, e *event) bool {
	pos := e.call.Pos()
	return ent.body.Pos() <= pos && pos < ent.body.End()
}

func (fc *funcState) checkEntry(ent *entry) []report.Finding {
	for ri, r := range fc.events {
		if r.kind != evRead || !r.hasKey || r.key.ent != ent || !fc.inside(ent, r) {
			continue
		}
		if fc.claimedBefore(ent, r) {
			return nil
		}
		if fc.openedToLock(r) {
			continue // opened to be locked; the claim follows
		}
		used := r.consumed
		if !used.IsValid() {
			used = r.returned // collected and handed to the caller
		}
		if !used.IsValid() {
			continue // the content is only inspected
		}
		for _, d := range fc.events[ri+1:] {
			if !d.hasKey || d.key != r.key || !fc.inside(ent, d) {
				continue
			}
			if d.kind != evDelete && d.kind != evRename {
				continue
			}
			if !d.checked || !d.exits {
				return []report.Finding{fc.finding(ent, r, d)}
			}
			// The delete or move is meant as the claim: its failure
			// leaves the iteration.
			usedAfter := used > fc.guardEnd(d)
			switch {
			case usedAfter && !d.tolerates:
				// Only the worker whose call succeeds goes on to use
				// what it read.
				return nil
			case usedAfter:
				return []report.Finding{fc.lateClaimFinding(ent, r, d, used), fc.ignoredClaimFinding(r, d)}
			default:
				return []report.Finding{fc.lateClaimFinding(ent, r, d, used)}
			}
		}
	}
	return nil
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
func (fc *funcState) finding(ent *entry, r, d *event) report.Finding {
	pass := fc.c.pass
	l := ent.list
	name, read, listAt := fc.describeRead(ent, r)
	delWhat := d.describe()
	verb := "deleted by"
	if d.kind == evRename {
		verb = "moved away by"
	}
	msg := fmt.Sprintf("%s, listed by %s at %s, is read here%s and %s %s at line %d with no atomic claim first: "+
		"a second instance scanning the same directory can take the same file, so the work runs twice or is lost; "+
		"rename the entry into a private directory before reading it (a failed rename means another worker took it) "+
		"or take an exclusive lock",
		name, l.kind.what, listAt, read, verb, delWhat, code.Line(pass, d.call.Pos()))
	return report.Finding{
		Pos: r.call.Pos(), End: r.call.End(), Rule: ruleUnclaimed, Message: msg,
		Related: []analysis.RelatedInformation{
			{Pos: l.call.Pos(), End: l.call.End(), Message: "the directory is listed here"},
			{Pos: d.call.Pos(), End: d.call.End(), Message: "the entry is " + strings.TrimSuffix(verb, " by") + " here"},
		},
	}
}

// lateClaimFinding reports the read r of an entry that d claims only
// afterwards: the data is used before the claim, or the claim lets a
// not-exist failure (another consumer took the entry) through.
func (fc *funcState) lateClaimFinding(ent *entry, r, d *event, used token.Pos) report.Finding {
	pass := fc.c.pass
	l := ent.list
	name, read, listAt := fc.describeRead(ent, r)
	verb := "deleted"
	if d.kind == evRename {
		verb = "moved"
	}
	why := fmt.Sprintf("it is used at line %d, before the claim", code.Line(pass, used))
	if used > fc.guardEnd(d) {
		why = "the claim lets a not-exist failure (another consumer took the entry) through, and the entry is used anyway"
	}
	msg := fmt.Sprintf("%s, listed by %s at %s, is read here%s before it is claimed (%s by %s at line %d), and %s: "+
		"a second instance reads and uses the same entry; claim it first (rename it into a private directory), "+
		"read only after a successful claim, and drop the entry when the claim fails",
		name, l.kind.what, listAt, read, verb, d.describe(), code.Line(pass, d.call.Pos()), why)
	return report.Finding{
		Pos: r.call.Pos(), End: r.call.End(), Rule: ruleClaimAfterRead, Message: msg,
		Related: []analysis.RelatedInformation{
			{Pos: l.call.Pos(), End: l.call.End(), Message: "the directory is listed here"},
			{Pos: d.call.Pos(), End: d.call.End(), Message: "the entry is claimed here, after the read"},
		},
	}
}

// ignoredClaimFinding reports the claim d whose not-exist failure is
// treated as success, on the claim.
func (fc *funcState) ignoredClaimFinding(r, d *event) report.Finding {
	pass := fc.c.pass
	msg := fmt.Sprintf("%s claims %s (read at line %d) but treats a not-exist failure as success: "+
		"that failure means another consumer took the entry, yet this one goes on and uses it, so it is handled twice; "+
		"drop the entry when the claim fails with not-exist",
		d.describe(), types.ExprString(r.expr), code.Line(pass, r.call.Pos()))
	return report.Finding{
		Pos: d.call.Pos(), End: d.call.End(), Rule: ruleClaimErrorIgnored, Message: msg,
		Related: []analysis.RelatedInformation{
			{Pos: r.call.Pos(), End: r.call.End(), Message: "the entry is read here, before the claim"},
		},
	}
}

// describe names the operation of e and the helper that does it.
func (e *event) describe() string {
	if e.via != "" {
		return fmt.Sprintf("%s (through %s)", e.what, e.via)
	}
	return e.what
}

// describeRead renders the entry path read by r, the helper it goes
// through, and where the listing is.
func (fc *funcState) describeRead(ent *entry, r *event) (name, read, listAt string) {
	pass := fc.c.pass
	l := ent.list
	name = types.ExprString(r.expr)
	if r.via != "" {
		read = fmt.Sprintf(" (through %s, which calls %s)", r.via, r.what)
	}
	listLine := pass.Fset.Position(l.call.Pos())
	listAt = fmt.Sprintf("line %d", listLine.Line)
	if pass.Fset.File(l.call.Pos()) != pass.Fset.File(r.call.Pos()) {
		listAt = fmt.Sprintf("%s:%d", code.ShortFile(listLine.Filename), listLine.Line)
	}
	return name, read, listAt
}
