package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// tool is one command under measurement on one corpus.
type tool struct {
	name string
	// cmd returns the command line and extra environment of run i, and a
	// cleanup to call after it.
	cmd func(i int) (argv, env []string, cleanup func(), err error)
	// fill: run the command once, untimed, before the timed runs (it
	// fills the tool's cache; the row is a warm run).
	fill bool
}

func benchMain(args []string) error {
	fs := flag.NewFlagSet("bench", flag.ExitOnError)
	var c common
	c.register(fs, "docs/performance.md")
	runs := fs.Int("runs", envInt("RUNS", 3), "runs of each tool (RUNS)")
	warmup := fs.Bool("warmup", true, "run go vet once, untimed, first (fills the build cache with export data)")
	manifest := fs.Bool("manifest", true, "measure the manifest checker too")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *runs < 1 {
		return fmt.Errorf("-runs must be at least 1")
	}
	t, err := buildTools(&c, strings.TrimSpace(c.corpora) != "")
	if err != nil {
		return err
	}
	corpora, err := setupCorpora(&c)
	if err != nil {
		return err
	}
	var doc strings.Builder
	fmt.Fprintf(&doc, "Measured %s by `make bench` (RUNS=%d): %s.\n\n", today(), *runs, machine())
	fmt.Fprintf(&doc, "Versions: hindsight %s, %s, staticcheck %s (%s), golang.org/x/tools %s, %s.\n\n",
		t.commit, t.goVersion, t.staticcheckVersion, staticcheckModule, xtoolsVersion(), t.golangciVersion)
	var tables strings.Builder // the manifest figures, measured first, printed last
	// The document is rewritten after each part, so a long run that is
	// interrupted keeps what it measured.
	write := func() error {
		if c.doc == "" {
			return nil
		}
		if err := replaceSection(c.doc, "bench", doc.String()+tables.String()); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "hsbench: wrote the table to %s\n", c.doc)
		return nil
	}
	if *manifest {
		if err := benchManifest(&c, t, &tables); err != nil {
			return err
		}
	}
	for _, co := range corpora {
		res, err := benchCorpus(&c, t, co, *runs, *warmup)
		if err != nil {
			return err
		}
		writeCorpusTable(&doc, co, *runs, res)
		if err := write(); err != nil {
			return err
		}
	}
	doc.WriteString(tables.String())
	tables.Reset()
	fmt.Print(doc.String())
	return write()
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

func xtoolsVersion() string {
	out, err := run(".", nil, "go", "list", "-m", "-f", "{{.Version}}", "golang.org/x/tools")
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(out))
}

// toolsFor lists the commands measured on co, in table order: the cold
// rows, then the warm ones (warm.go).
func toolsFor(c *common, t *tools, co *corpus) ([]tool, error) {
	nonce := time.Now().UnixNano()
	plain := func(argv ...string) func(int) ([]string, []string, func(), error) {
		return func(int) ([]string, []string, func(), error) { return argv, nil, func() {}, nil }
	}
	// go vet caches each package's analysis result under a key that holds
	// the vet tool's ID and the vet flags, and reuses the compiled export
	// data of the build actions. A flag that changes nothing but the key
	// (a printf wrapper name no function has) makes stock vet analyse
	// every package again, dependencies included, while the compiler's
	// output stays cached. For std, -unsafeptr=false keeps what go vet
	// does by default in GOROOT once any flag is given.
	vetFlags := func(i int) []string {
		f := []string{fmt.Sprintf("-printf.funcs=hsbenchNonce%d_%d", nonce, i)}
		if co.pattern == "std" {
			f = append(f, "-unsafeptr=false")
		}
		return f
	}
	warm, err := warmTools(c, t, co)
	if err != nil {
		return nil, err
	}
	return append([]tool{
		{name: "baseline (x/tools checker, no facts)", cmd: plain(t.baseline, co.pattern)},
		{name: "facts baseline (x/tools checker, one fact type)", cmd: plain(t.factsBaseline, co.pattern)},
		{name: "hindsight", cmd: plain(t.hindsight, "-cache=off", "-debug=t", co.pattern)},
		{name: "staticcheck", cmd: func(i int) ([]string, []string, func(), error) {
			cache, err := os.MkdirTemp(c.dir, "staticcheck-cache-")
			if err != nil {
				return nil, nil, nil, err
			}
			return []string{t.staticcheck, co.pattern}, []string{"STATICCHECK_CACHE=" + cache},
				func() { _ = os.RemoveAll(cache) }, nil
		}},
		{name: "go vet", cmd: func(i int) ([]string, []string, func(), error) {
			argv := append([]string{c.goCmd, "vet"}, vetFlags(i)...)
			return append(argv, co.pattern), nil, func() {}, nil
		}},
		// For a custom vet tool the ID is its -V=full line, which for
		// hindsight ends in a hash of the executable: a copy with a few
		// bytes appended (ignored when it runs) is the same program with a
		// new ID, so vet runs it on every package again.
		{name: "go vet -vettool=hindsight", cmd: func(i int) ([]string, []string, func(), error) {
			path := filepath.Join(c.dir, "bin", fmt.Sprintf("hindsight-vet-%d-%d", nonce, i))
			if err := copyWithNonce(t.hindsight, path, fmt.Sprintf("hsbench nonce %d %d\n", nonce, i)); err != nil {
				return nil, nil, nil, err
			}
			return []string{c.goCmd, "vet", "-vettool=" + path, co.pattern}, nil, func() { _ = os.Remove(path) }, nil
		}},
	}, warm...), nil
}

func copyWithNonce(src, dst, nonce string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, append(data, nonce...), 0o755)
}

// result is every run of one tool on one corpus.
type result struct {
	tool   string
	runs   []measurement
	fill   *measurement               // the untimed run that filled the cache
	timing map[string][]time.Duration // hindsight -debug=t rows
	order  []string                   // timing rows in first-seen order
	header string                     // the "N packages; ..." line
}

func benchCorpus(c *common, t *tools, co *corpus, runs int, warmup bool) ([]*result, error) {
	ts, err := toolsFor(c, t, co)
	if err != nil {
		return nil, err
	}
	res := make([]*result, len(ts))
	for i, tl := range ts {
		res[i] = &result{tool: tl.name, timing: map[string][]time.Duration{}}
	}
	logs := filepath.Join(c.dir, "logs", co.name)
	one := func(k, i int, label string) (measurement, error) {
		argv, extra, cleanup, err := ts[k].cmd(i)
		if err != nil {
			return measurement{}, err
		}
		defer cleanup()
		m, err := measure(co.dir, extra, filepath.Join(logs, fmt.Sprintf("%d-%s", k, label)), argv...)
		if err != nil {
			return m, fmt.Errorf("%s on %s: %v", ts[k].name, co.name, err)
		}
		fmt.Fprintf(os.Stderr, "hsbench: %-12s %-48s %-6s wall %7.1fs  cpu %7.1fs  rss %6.0f MB (tree %6.0f MB)  exit %d\n",
			co.name, ts[k].name, label, m.wall.Seconds(), m.cpu.Seconds(), mb(m.maxRSS), mb(m.treeRSS), m.exit)
		if bad := failure(ts[k].name, m); bad != "" {
			return m, fmt.Errorf("%s on %s failed (exit %d); see %s:\n%s", ts[k].name, co.name, m.exit, m.stderr, bad)
		}
		return m, nil
	}
	if warmup {
		// One untimed go vet compiles what every tool needs from the
		// build cache (export data of all packages and test variants),
		// so no timed run pays for compiling.
		for k := range ts {
			if ts[k].name == "go vet" {
				if _, err := one(k, -1, "warmup"); err != nil {
					return nil, err
				}
			}
		}
	}
	for k := range ts {
		if ts[k].fill {
			m, err := one(k, -1, "fill")
			if err != nil {
				return nil, err
			}
			res[k].fill = &m
		}
	}
	for i := 0; i < runs; i++ {
		for k := range ts {
			m, err := one(k, i, fmt.Sprintf("run%d", i+1))
			if err != nil {
				return nil, err
			}
			res[k].runs = append(res[k].runs, m)
			if strings.HasPrefix(ts[k].name, "hindsight") {
				res[k].addTiming(m.stderr)
			}
		}
	}
	return res, nil
}

// failure returns the tail of the standard error of a run that failed
// rather than reported findings, or "". Findings exit with 1 (go vet,
// staticcheck, golangci-lint) or 3 (hindsight, the multicheckers; for
// golangci-lint 3 is a failure); a panic or an error loading packages is a
// failure whatever the exit code.
func failure(name string, m measurement) string {
	data, _ := os.ReadFile(m.stderr)
	s := string(data)
	golangci := strings.HasPrefix(name, "golangci-lint")
	switch {
	case strings.Contains(s, "panic:") || strings.Contains(s, "internal error"):
	case m.exit == 0 || m.exit == 3 && !golangci:
		return ""
	case m.exit == 1 && (strings.HasPrefix(name, "go vet") || strings.HasPrefix(name, "staticcheck") || golangci):
		return ""
	}
	return tail(s, 3000)
}

var timingRow = regexp.MustCompile(`^\s*([0-9]+\.[0-9]+)s\s+(\S.*)$`)

func (r *result) addTiming(stderrPath string) {
	f, err := os.Open(stderrPath)
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.Contains(line, "packages; time") {
			r.header = strings.TrimSuffix(strings.TrimSpace(line), ":")
			continue
		}
		m := timingRow.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		secs, _ := strconv.ParseFloat(m[1], 64)
		name := strings.TrimSpace(m[2])
		if _, ok := r.timing[name]; !ok {
			r.order = append(r.order, name)
		}
		r.timing[name] = append(r.timing[name], time.Duration(secs*float64(time.Second)))
	}
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }

type stats struct {
	wall, cpu, wallMin, wallMax time.Duration
	maxRSS, treeRSS             int64
	exits                       string
}

func summarize(r *result) stats {
	var walls, cpus []time.Duration
	var rss, tree []int64
	exits := map[int]bool{}
	for _, m := range r.runs {
		walls = append(walls, m.wall)
		cpus = append(cpus, m.cpu)
		rss = append(rss, m.maxRSS)
		tree = append(tree, m.treeRSS)
		exits[m.exit] = true
	}
	s := stats{wall: median(walls), cpu: median(cpus), maxRSS: median(rss), treeRSS: median(tree)}
	sort.Slice(walls, func(i, j int) bool { return walls[i] < walls[j] })
	s.wallMin, s.wallMax = walls[0], walls[len(walls)-1]
	var ex []string
	for e := range exits {
		ex = append(ex, strconv.Itoa(e))
	}
	sort.Strings(ex)
	s.exits = strings.Join(ex, ",")
	return s
}

func writeCorpusTable(w io.Writer, co *corpus, runs int, res []*result) {
	what := co.name
	if m, ok := aliases[co.name]; ok {
		what = m
	}
	fmt.Fprintf(w, "### %s (`%s`: %d packages, %d lines of Go with tests)\n\n", what, co.pattern, co.pkgs, co.lines)
	fmt.Fprintf(w, "| tool | wall, median | wall, min–max | CPU (user+sys) | peak RSS, largest process | peak RSS, process tree | exit |\n")
	fmt.Fprintf(w, "|---|---:|---:|---:|---:|---:|---|\n")
	st := map[string]stats{}
	for _, r := range res {
		s := summarize(r)
		st[r.tool] = s
		fmt.Fprintf(w, "| %s | %.1f s | %.1f–%.1f s | %.1f s | %.0f MB | %.0f MB | %s |\n",
			r.tool, s.wall.Seconds(), s.wallMin.Seconds(), s.wallMax.Seconds(), s.cpu.Seconds(), mb(s.maxRSS), mb(s.treeRSS), s.exits)
	}
	find := func(name string) stats { return st[name] }
	h, base, facts, sc, vet, vt := find("hindsight"), find("baseline (x/tools checker, no facts)"), find("facts baseline (x/tools checker, one fact type)"), find("staticcheck"), find("go vet"), find("go vet -vettool=hindsight")
	hw, edit, scw, vetw, gcw := find("hindsight warm"), find("hindsight after a one-file leaf edit"), find("staticcheck warm"), find("go vet warm"), find("golangci-lint warm (hindsight checks only)")
	ratio := func(a, b float64) string {
		if a == 0 || b == 0 {
			return "–"
		}
		return fmt.Sprintf("%.2fx", a/b)
	}
	fmt.Fprintf(w, "\nRatios of medians (wall; peak RSS of the process tree):\n\n")
	fmt.Fprintf(w, "- hindsight / baseline: %s; %s\n", ratio(h.wall.Seconds(), base.wall.Seconds()), ratio(float64(h.treeRSS), float64(base.treeRSS)))
	fmt.Fprintf(w, "- hindsight / facts baseline: %s (target ≤ 1.5x); %s\n", ratio(h.wall.Seconds(), facts.wall.Seconds()), ratio(float64(h.treeRSS), float64(facts.treeRSS)))
	fmt.Fprintf(w, "- hindsight / staticcheck: %s (target ≤ 0.35x); %s (target ≤ 1x)\n", ratio(h.wall.Seconds(), sc.wall.Seconds()), ratio(float64(h.treeRSS), float64(sc.treeRSS)))
	fmt.Fprintf(w, "- go vet -vettool=hindsight / go vet: %s (target ≤ 1.1x); CPU %s\n", ratio(vt.wall.Seconds(), vet.wall.Seconds()), ratio(vt.cpu.Seconds(), vet.cpu.Seconds()))
	fmt.Fprintf(w, "- hindsight warm / staticcheck warm: %s (target ≤ 1x); %s\n", ratio(hw.wall.Seconds(), scw.wall.Seconds()), ratio(float64(hw.treeRSS), float64(scw.treeRSS)))
	fmt.Fprintf(w, "- hindsight warm / go vet warm: %s (target ≤ 1.5x); %s\n", ratio(hw.wall.Seconds(), vetw.wall.Seconds()), ratio(float64(hw.treeRSS), float64(vetw.treeRSS)))
	if co.leaf != nil {
		fmt.Fprintf(w, "- hindsight after a one-file leaf edit / hindsight warm: %s (target ≤ 3x); %s\n", ratio(edit.wall.Seconds(), hw.wall.Seconds()), ratio(float64(edit.treeRSS), float64(hw.treeRSS)))
	}
	fmt.Fprintf(w, "- golangci-lint warm (hindsight checks only) / hindsight warm: %s; %s\n", ratio(gcw.wall.Seconds(), hw.wall.Seconds()), ratio(float64(gcw.treeRSS), float64(hw.treeRSS)))
	fmt.Fprintf(w, "\nWarm rows: each tool's own cache (hindsight `-cache=DIR`, `STATICCHECK_CACHE`, go vet's build cache, `GOLANGCI_LINT_CACHE`) filled by one untimed run of the same command first")
	var fills []string
	for _, r := range res {
		if r.fill != nil {
			fills = append(fills, fmt.Sprintf("%s %.1f s, %.0f MB", strings.Replace(r.tool, " warm", "", 1), r.fill.wall.Seconds(), mb(r.fill.treeRSS)))
		}
	}
	if len(fills) > 0 {
		fmt.Fprintf(w, " (%s)", strings.Join(fills, "; "))
	}
	fmt.Fprintf(w, ".")
	if lf := co.leaf; lf != nil {
		rel, err := filepath.Rel(co.dir, lf.file)
		if err != nil {
			rel = lf.file
		}
		fmt.Fprintf(w, " The edit row appends a comment and an unexported function to `%s` (package `%s`, which nothing in the module imports and which depends on %d packages, the most of such packages) before each run and puts the file back after it.", rel, lf.pkg, lf.deps)
	}
	fmt.Fprintln(w)
	for _, r := range res {
		if len(r.order) == 0 {
			continue
		}
		fmt.Fprintf(w, "\nPer-analyzer time of `%s` (`-debug=t`; %s; medians of %d runs):\n\n", r.tool, r.header, runs)
		fmt.Fprintf(w, "| phase or check | time |\n|---|---:|\n")
		for _, name := range r.order {
			fmt.Fprintf(w, "| %s | %.2f s |\n", name, median(r.timing[name]).Seconds())
		}
	}
	fmt.Fprintln(w)
}
