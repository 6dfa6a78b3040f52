package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// finding is one entry of hindsight -format=json.
type finding struct {
	Check   string `json:"check"`
	Rule    string `json:"rule"`
	Level   string `json:"severity"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Message string `json:"message"`
}

func sweepMain(args []string) error {
	fs := flag.NewFlagSet("sweep", flag.ExitOnError)
	var c common
	c.register(fs, "docs/precision.md")
	if err := fs.Parse(args); err != nil {
		return err
	}
	t, err := buildTools(&c, false)
	if err != nil {
		return err
	}
	corpora, err := setupCorpora(&c)
	if err != nil {
		return err
	}
	checks, err := checkNames(t.hindsight)
	if err != nil {
		return err
	}
	counts := map[string]map[string]int{} // corpus → check → findings
	var failed []string
	for _, co := range corpora {
		found, err := sweepCorpus(&c, t, co)
		if err != nil {
			fmt.Fprintf(os.Stderr, "hsbench: sweep %s: FAIL: %v\n", co.name, err)
			failed = append(failed, co.name)
			continue
		}
		counts[co.name] = map[string]int{}
		for _, f := range found {
			if f.Level != "info" { // what the default -severity=warning shows
				counts[co.name][f.Check]++
			}
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("sweep failed on %s", strings.Join(failed, ", "))
	}
	var doc strings.Builder
	fmt.Fprintf(&doc, "Findings counted %s by `make sweep` with hindsight %s (%s), tests included; the lists are in `$(BENCH_DIR)/sweep/`.\n\n", today(), t.commit, t.goVersion)
	fmt.Fprintf(&doc, "| check |")
	for _, co := range corpora {
		fmt.Fprintf(&doc, " %s |", co.name)
	}
	fmt.Fprintf(&doc, "\n|---|")
	for range corpora {
		fmt.Fprintf(&doc, "---:|")
	}
	fmt.Fprintln(&doc)
	for _, ch := range checks {
		fmt.Fprintf(&doc, "| %s |", ch)
		for _, co := range corpora {
			fmt.Fprintf(&doc, " %d |", counts[co.name][ch])
		}
		fmt.Fprintln(&doc)
	}
	fmt.Print("\n" + doc.String())
	if c.doc != "" {
		if err := replaceSection(c.doc, "sweep", doc.String()); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "hsbench: wrote the counts to %s\n", c.doc)
	}
	return nil
}

// checkNames lists the registered checks from `hindsight help`.
func checkNames(hindsight string) ([]string, error) {
	out, err := run(".", nil, hindsight, "help")
	if err != nil {
		return nil, err
	}
	_, list, ok := strings.Cut(string(out), "\nChecks:\n")
	if !ok {
		return nil, fmt.Errorf("no check list in hindsight help")
	}
	var names []string
	for _, line := range strings.Split(list, "\n") {
		if f := strings.Fields(line); len(f) > 0 && strings.HasPrefix(line, "  ") {
			names = append(names, f[0])
		}
	}
	return names, nil
}

// sweepCorpus runs hindsight twice on co, the first time with an empty
// cache and the second from what the first stored, and checks that both
// runs succeeded and printed the same findings in the same order (a cold
// and a warm run must agree to the byte).
func sweepCorpus(c *common, t *tools, co *corpus) ([]finding, error) {
	logs := filepath.Join(c.dir, "sweep")
	cacheDir := filepath.Join(logs, strings.ReplaceAll(co.name, "/", "_")+"-cache")
	if err := os.RemoveAll(cacheDir); err != nil {
		return nil, err
	}
	var outs [2][]byte
	for i := range outs {
		fmt.Fprintf(os.Stderr, "hsbench: sweep %s, run %d of 2\n", co.name, i+1)
		m, err := measure(co.dir, nil, filepath.Join(logs, fmt.Sprintf("%s-run%d", co.name, i+1)),
			t.hindsight, "-cache="+cacheDir, "-format=json", "-severity=info", co.pattern)
		if err != nil {
			return nil, err
		}
		stderr, _ := os.ReadFile(m.stderr)
		if m.exit != 0 && m.exit != 3 {
			return nil, fmt.Errorf("run %d exited %d:\n%s", i+1, m.exit, tail(string(stderr), 3000))
		}
		for _, bad := range []string{"panic:", "internal error", "goroutine "} {
			if bytes.Contains(stderr, []byte(bad)) {
				return nil, fmt.Errorf("run %d printed %q:\n%s", i+1, bad, tail(string(stderr), 3000))
			}
		}
		outs[i], _ = os.ReadFile(m.stdout)
		fmt.Fprintf(os.Stderr, "hsbench: sweep %s, run %d: %.1fs wall, %.1fs CPU, %.0f MB peak RSS, exit %d\n",
			co.name, i+1, m.wall.Seconds(), m.cpu.Seconds(), mb(m.treeRSS), m.exit)
	}
	var runs [2][]finding
	for i, out := range outs {
		if err := json.Unmarshal(out, &runs[i]); err != nil {
			return nil, fmt.Errorf("run %d: bad JSON: %v", i+1, err)
		}
	}
	if !bytes.Equal(outs[0], outs[1]) {
		for i := 0; i < len(runs[0]) || i < len(runs[1]); i++ {
			var a, b finding
			if i < len(runs[0]) {
				a = runs[0][i]
			}
			if i < len(runs[1]) {
				b = runs[1][i]
			}
			if a != b {
				return nil, fmt.Errorf("nondeterministic: finding %d differs between runs:\n  run 1: %s\n  run 2: %s", i+1, a.text(""), b.text(""))
			}
		}
		return nil, fmt.Errorf("nondeterministic: the two runs' outputs differ")
	}
	found := runs[0]
	report(os.Stdout, co, found)
	f, err := os.Create(filepath.Join(logs, co.name+".txt"))
	if err == nil {
		report(f, co, found)
		f.Close()
	}
	return found, nil
}

func (f finding) text(root string) string {
	file := f.File
	if root != "" {
		if rel, err := filepath.Rel(root, file); err == nil && !strings.HasPrefix(rel, "..") {
			file = rel
		}
	}
	rule := ""
	if f.Rule != "" {
		rule = "/" + f.Rule
	}
	return fmt.Sprintf("%s:%d:%d: [%s%s %s] %s", file, f.Line, f.Col, f.Check, rule, f.Level, f.Message)
}

// report prints the findings grouped by check.
func report(w io.Writer, co *corpus, found []finding) {
	root := co.dir
	if co.pattern == "std" {
		if out, err := run(".", nil, "go", "env", "GOROOT"); err == nil {
			root = filepath.Join(strings.TrimSpace(string(out)), "src")
		}
	}
	byCheck := map[string][]finding{}
	for _, f := range found {
		byCheck[f.Check] = append(byCheck[f.Check], f)
	}
	var names []string
	for n := range byCheck {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintf(w, "== %s: %d findings (paths relative to %s)\n", co.name, len(found), root)
	for _, n := range names {
		fmt.Fprintf(w, "-- %s: %d\n", n, len(byCheck[n]))
		for _, f := range byCheck[n] {
			fmt.Fprintf(w, "   %s\n", f.text(root))
		}
	}
}
