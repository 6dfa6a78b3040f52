package main

import (
	"bytes"
	"fmt"
	"go/format"
	"io"
	"os"
	"slices"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"

	"github.com/hindsight-lint/hindsight/internal/output"
)

// applyFixes applies the suggested fixes of fs, or with diff writes them to
// w as a unified diff. A fix whose edits overlap an edit already taken is
// left out, as x/tools' checker does (its finding stays). It returns the
// findings that remain: those without a fix, or whose fix was left out.
func applyFixes(fs []finding, diff bool, w io.Writer, st *stats) ([]finding, error) {
	edits := map[string][]output.Edit{} // accepted edits by file
	var files []string
	var remaining []finding
	for _, f := range fs {
		if f.fix == nil || len(f.fix.Edits) == 0 || !compatible(edits, f.fix.Edits) {
			remaining = append(remaining, f)
			continue
		}
		for _, e := range f.fix.Edits {
			if _, ok := edits[e.File]; !ok {
				files = append(files, e.File)
			}
			if !slices.Contains(edits[e.File], e) {
				edits[e.File] = append(edits[e.File], e)
			}
		}
		st.fixed++
	}
	slices.Sort(files)
	for _, file := range files {
		old, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		es := edits[file]
		slices.SortFunc(es, func(a, b output.Edit) int { return a.StartOffset - b.StartOffset })
		var b bytes.Buffer
		last := 0
		for _, e := range es {
			if e.StartOffset < last || e.EndOffset > len(old) {
				return nil, fmt.Errorf("%s: suggested edits out of range (is the file changed since it was analysed?)", file)
			}
			b.Write(old[last:e.StartOffset])
			b.WriteString(e.New)
			last = e.EndOffset
		}
		b.Write(old[last:])
		out := b.Bytes()
		if strings.HasSuffix(file, ".go") {
			if formatted, err := format.Source(out); err == nil {
				out = formatted
			}
		}
		if diff {
			name := output.ShortPath(file)
			if _, err := io.WriteString(w, udiff.Unified("a/"+name, "b/"+name, string(old), string(out))); err != nil {
				return nil, err
			}
			continue
		}
		info, err := os.Stat(file)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(file, out, info.Mode().Perm()); err != nil {
			return nil, err
		}
	}
	st.fixedFiles = len(files)
	return remaining, nil
}

// compatible reports whether edits can join the accepted ones: none
// overlaps an accepted edit unless it is the very same edit.
func compatible(accepted map[string][]output.Edit, edits []output.Edit) bool {
	for _, e := range edits {
		for _, a := range accepted[e.File] {
			if a == e {
				continue
			}
			if e.StartOffset < a.EndOffset && a.StartOffset < e.EndOffset ||
				e.StartOffset == a.StartOffset && (e.StartOffset == e.EndOffset || a.StartOffset == a.EndOffset) {
				return false
			}
		}
	}
	return true
}
