package idprefix

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/code"
	"github.com/hindsight-lint/hindsight/internal/report"
	"golang.org/x/tools/go/analysis"
)

func (c *checker) report(m match, k kind, u use) {
	a, b := code.Render(m.a), code.Render(m.b)
	var call string
	if m.fn == "Index" {
		op := "=="
		if m.negated {
			op = "!="
		}
		call = fmt.Sprintf("%s.Index(%s, %s) %s 0", m.pkg, a, b, op)
	} else {
		call = fmt.Sprintf("%s.%s(%s, %s)", m.pkg, m.fn, a, b)
	}
	var example, advice string
	switch {
	case k == path && m.suffix:
		example = `"uploads/a" also matches "old_uploads/a"`
		advice = fmt.Sprintf("compare whole path elements (%s == %s, or a separator before %s)", a, b, b)
	case k == url:
		example = `"https://host/org/repo" also matches "https://host/org/repo2"`
		advice = fmt.Sprintf("require a \"/\" after %s (or compare parsed paths element by element)", b)
	case k == path:
		example = `"/uploads" also matches "/uploads_backup"`
		advice = fmt.Sprintf("compare whole path elements (%s == %s || strings.HasPrefix(%s, %s+\"/\"), or filepath.Rel)", a, b, a, b)
	case m.suffix:
		example = `"abcdef" also matches "2abcdef"`
		advice = fmt.Sprintf("compare with == or require a separator before %s", b)
	default:
		example = `"abcdef" also matches "abcdef2"`
		advice = fmt.Sprintf("compare with == or require a separator after %s", b)
	}
	name := code.Render(unwrap(c.pass.TypesInfo, m.b)) // tenantID, not []byte(tenantID)
	if u == useScan {
		advice = fmt.Sprintf("match %s followed by the separator the keys are built with", name)
	}
	purpose := map[use]string{
		useSelect:    "to select one element",
		useDelete:    "to decide what to delete",
		useAuthorise: "to decide access",
		useMatch:     "to decide a match",
		useScan:      "to collect the elements under it",
	}[u]
	side := "prefix"
	if m.suffix {
		side = "suffix"
	}
	msg := fmt.Sprintf("%s matches %s as a bare %s %s: %s; %s", call, b, side, purpose, example, advice)
	f := report.Finding{Pos: m.node.Pos(), End: m.node.End(), Rule: ruleByUse[u], Message: msg}
	if k == ident {
		if sep, ok := c.inferSep(unwrap(c.pass.TypesInfo, m.b), m.suffix); ok {
			var nb string
			if m.suffix {
				nb = strconv.Quote(sep) + "+" + b
			} else {
				nb = b + "+" + strconv.Quote(sep)
			}
			f.Message += fmt.Sprintf(" (IDs are built with %q after %s)", sep, name)
			if m.suffix {
				f.Message = strings.Replace(f.Message, fmt.Sprintf("%q after", sep), fmt.Sprintf("%q before", sep), 1)
			}
			if m.fn == "Index" || m.pkg != "strings" {
				c.rep.Report(f)
				return
			}
			f.Fixes = []analysis.SuggestedFix{{
				Message:   fmt.Sprintf("match %s", nb),
				TextEdits: []analysis.TextEdit{{Pos: m.b.Pos(), End: m.b.End(), NewText: []byte(nb)}},
			}}
		}
	}
	c.rep.Report(f)
}
