// Package output writes findings (lint.Result) as text, JSON or SARIF
// 2.1.0, and reads and writes baselines. Every driver that produces Results
// (the hindsight command's own driver, the manifest checker) uses it, so the
// formats agree.
package output

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/lint"
)

// Rule describes one rule for SARIF's tool.driver.rules.
type Rule struct {
	ID      string // "check/rule", as results name it
	Summary string // one line
	Doc     string // full description
	HelpURI string // the check's docs page, with the rule's anchor
	Level   string // default level: error, warning or note
}

// Less orders results by file, line, column, check and message.
func Less(a, b lint.Result) bool {
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	if a.Col != b.Col {
		return a.Col < b.Col
	}
	if a.Check != b.Check {
		return a.Check < b.Check
	}
	if a.Rule != b.Rule {
		return a.Rule < b.Rule
	}
	return a.Message < b.Message
}

// Text writes one "file:line:col: severity: message (check/rule)" line per
// result, each followed by its related positions as go vet prints them
// ("file:line:col: \tmessage").
func Text(w io.Writer, rs []lint.Result) error {
	for _, r := range rs {
		if _, err := fmt.Fprintln(w, r.String()); err != nil {
			return err
		}
		for _, rel := range r.Related {
			if _, err := fmt.Fprintln(w, rel); err != nil {
				return err
			}
		}
	}
	return nil
}

// JSON writes the results as a JSON array.
func JSON(w io.Writer, rs []lint.Result) error {
	if rs == nil {
		rs = []lint.Result{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rs)
}

// Edit is a replacement in a file: bytes [StartOffset, EndOffset) become
// New. Lines and columns (1-based, for SARIF) say the same.
type Edit struct {
	File                                 string
	StartOffset, EndOffset               int
	StartLine, StartCol, EndLine, EndCol int
	New                                  string
}

// Fix is a suggested fix of one result.
type Fix struct {
	Description string
	Edits       []Edit
}

// SARIFOptions configures SARIF output.
type SARIFOptions struct {
	ToolName, Version, InformationURI string
	Root                              string // results' files are made relative to Root (%SRCROOT%)
	Rules                             []Rule
	Fixes                             map[int]Fix // by index into the results
}

// SARIF writes a SARIF 2.1.0 log with one run.
func SARIF(w io.Writer, rs []lint.Result, opts SARIFOptions) error {
	type obj = map[string]any
	rules := []any{}
	ruleIndex := map[string]int{}
	for _, r := range opts.Rules {
		ruleIndex[r.ID] = len(rules)
		rules = append(rules, obj{
			"id":                   r.ID,
			"name":                 r.ID,
			"shortDescription":     obj{"text": r.Summary},
			"fullDescription":      obj{"text": r.Doc},
			"helpUri":              r.HelpURI,
			"help":                 obj{"text": r.Doc},
			"defaultConfiguration": obj{"level": cmpOr(r.Level, "warning")},
		})
	}
	cols := newColumnConverter()
	results := []any{}
	for i, r := range rs {
		ruleID := r.ID()
		res := obj{
			"ruleId":    ruleID,
			"level":     r.Severity.SARIFLevel(),
			"message":   obj{"text": r.Message},
			"locations": []any{obj{"physicalLocation": physicalLocation(opts.Root, cols, r.File, r.Line, r.Col, r.EndLine, r.EndCol)}},
		}
		if idx, ok := ruleIndex[ruleID]; ok {
			res["ruleIndex"] = idx
		}
		if len(r.Related) > 0 {
			var related []any
			for k, rel := range r.Related {
				related = append(related, obj{
					"id":               k,
					"message":          obj{"text": rel.Message},
					"physicalLocation": physicalLocation(opts.Root, cols, rel.File, rel.Line, rel.Col, 0, 0),
				})
			}
			res["relatedLocations"] = related
		}
		if fix, ok := opts.Fixes[i]; ok && len(fix.Edits) > 0 {
			res["fixes"] = []any{sarifFix(fix, opts.Root, cols)}
		}
		results = append(results, res)
	}
	driver := obj{"name": opts.ToolName, "rules": rules}
	if opts.Version != "" {
		driver["version"] = opts.Version
	}
	if opts.InformationURI != "" {
		driver["informationUri"] = opts.InformationURI
	}
	run := obj{
		"tool":       obj{"driver": driver},
		"results":    results,
		"columnKind": "utf16CodeUnits",
	}
	if opts.Root != "" {
		rootURI := "file://" + filepath.ToSlash(opts.Root)
		if !strings.HasSuffix(rootURI, "/") {
			rootURI += "/"
		}
		run["originalUriBaseIds"] = obj{"%SRCROOT%": obj{"uri": rootURI}}
	}
	log := obj{
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"version": "2.1.0",
		"runs":    []any{run},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// artifactLocation is SARIF's artifactLocation of file, relative to
// %SRCROOT% when it is under root.
func artifactLocation(root, file string) map[string]any {
	uri, base := artifactURI(root, file)
	loc := map[string]any{"uri": uri}
	if base != "" {
		loc["uriBaseId"] = base
	}
	return loc
}

// physicalLocation is SARIF's physicalLocation of a region of file, with
// UTF-16 columns; zero columns and end line are left out.
func physicalLocation(root string, cols *columnConverter, file string, line, col, endLine, endCol int) map[string]any {
	region := map[string]any{"startLine": line}
	if col > 0 {
		region["startColumn"] = cols.utf16(file, line, col)
	}
	if endLine > 0 {
		region["endLine"] = endLine
		if endCol > 0 {
			region["endColumn"] = cols.utf16(file, endLine, endCol)
		}
	}
	return map[string]any{"artifactLocation": artifactLocation(root, file), "region": region}
}

func sarifFix(fix Fix, root string, cols *columnConverter) map[string]any {
	byFile := map[string][]any{}
	var files []string
	for _, e := range fix.Edits {
		if _, ok := byFile[e.File]; !ok {
			files = append(files, e.File)
		}
		byFile[e.File] = append(byFile[e.File], map[string]any{
			"deletedRegion": map[string]any{
				"startLine":   e.StartLine,
				"startColumn": cols.utf16(e.File, e.StartLine, e.StartCol),
				"endLine":     e.EndLine,
				"endColumn":   cols.utf16(e.File, e.EndLine, e.EndCol),
			},
			"insertedContent": map[string]any{"text": e.New},
		})
	}
	var changes []any
	for _, f := range files {
		changes = append(changes, map[string]any{"artifactLocation": artifactLocation(root, f), "replacements": byFile[f]})
	}
	return map[string]any{"description": map[string]any{"text": fix.Description}, "artifactChanges": changes}
}

// artifactURI makes file relative to root when it lies under it.
func artifactURI(root, file string) (uri, base string) {
	if root != "" && filepath.IsAbs(file) {
		if rel, err := filepath.Rel(root, file); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel), "%SRCROOT%"
		}
	}
	if filepath.IsAbs(file) {
		return "file://" + filepath.ToSlash(file), ""
	}
	return filepath.ToSlash(file), "%SRCROOT%"
}

// columnConverter turns 1-based byte columns into 1-based UTF-16 columns,
// which is SARIF's default column kind, reading each file once.
type columnConverter struct {
	lines map[string][]string
}

func newColumnConverter() *columnConverter {
	return &columnConverter{lines: map[string][]string{}}
}

func (c *columnConverter) utf16(file string, line, col int) int {
	ls, ok := c.lines[file]
	if !ok {
		data, err := os.ReadFile(file)
		if err == nil {
			ls = strings.Split(string(data), "\n")
		}
		c.lines[file] = ls
	}
	if line < 1 || line > len(ls) || col < 1 {
		return max(col, 1)
	}
	text := ls[line-1]
	if col-1 > len(text) {
		return col
	}
	n := 1
	for _, r := range text[:col-1] {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
