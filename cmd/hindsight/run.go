package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/hindsight-lint/hindsight/analyzers"
	"github.com/hindsight-lint/hindsight/internal/k8s"
	"github.com/hindsight-lint/hindsight/internal/lint"
	"github.com/hindsight-lint/hindsight/internal/output"
	"github.com/hindsight-lint/hindsight/internal/runner"
)

// options are the command's flags, one set for every standalone mode.
type options struct {
	mode       string // check, sarif, baseline or manifest
	format     string
	json       bool
	out        string
	baseline   string
	severity   lint.Severity
	tests      bool
	tags       string
	fix, diff  bool
	root       string
	debug      string
	cpuprofile string
	memprofile string
	progress   string
	cacheFlag  string
	sel        *runner.Selection

	// manifest mode only
	crdDirs  lint.ListFlag
	maxBytes int64
}

// newFlags returns the flag set of mode: the shared output flags, the
// checks' selection and options (Go modes) or the manifest inputs.
func newFlags(mode string, stderr io.Writer) (*flag.FlagSet, *options) {
	o := &options{mode: mode, severity: lint.Warning}
	name := "hindsight"
	if mode != "check" {
		name += " " + mode
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.format, "format", "text", "output format: text, json or sarif")
	fs.BoolVar(&o.json, "json", false, "the same as -format=json")
	fs.StringVar(&o.out, "o", "", "write the output to this file instead of standard output")
	fs.StringVar(&o.baseline, "baseline", "", "report only findings not in this baseline file (written by hindsight baseline)")
	fs.Var(severityFlag{&o.severity}, "severity", "lowest severity shown and gated on: error, warning or info")
	fs.BoolVar(&o.fix, "fix", false, "apply the suggested fixes of the findings shown; report the rest")
	fs.BoolVar(&o.diff, "diff", false, "print the suggested fixes as a unified diff instead of applying them")
	fs.StringVar(&o.root, "root", "", "directory SARIF paths and baselines are relative to (default: the module root)")
	fs.StringVar(&o.cpuprofile, "cpuprofile", "", "write a CPU profile of the run to this file")
	fs.StringVar(&o.memprofile, "memprofile", "", "write a heap profile at the end of the run to this file")
	fs.StringVar(&o.progress, "progress", "auto", "progress line on standard error: auto (on a terminal, not in CI), on or off")
	if mode == "manifest" {
		fs.Var(&o.crdDirs, "crd-dir", "directory of CustomResourceDefinition YAML (repeatable, or comma-separated)")
		fs.Int64Var(&o.maxBytes, "max-bytes", 0, "largest YAML file parsed, in bytes (default 16 MiB)")
	} else {
		fs.BoolVar(&o.tests, "test", true, "also analyse test files")
		fs.StringVar(&o.tags, "tags", "", "comma-separated build tags, as for go build")
		fs.StringVar(&o.debug, "debug", "", "debug letters: s checks that facts survive gob encoding, t prints per-check timings, p analyses one package at a time, c prints how the cache was used")
		fs.StringVar(&o.cacheFlag, "cache", "", "analysis cache directory, or off (default: $HINDSIGHT_CACHE, else hindsight under the user cache directory)")
		o.sel = runner.RegisterFlags(fs, analyzers.All())
	}
	fs.Usage = func() { usage(fs.Output(), fs, mode) }
	return fs, o
}

// validate checks the flags before any analysis starts.
func (o *options) validate(fs *flag.FlagSet) error {
	if o.json {
		if set(fs, "format") && o.format != "json" {
			return fmt.Errorf("-json and -format=%s disagree", o.format)
		}
		o.format = "json"
	}
	switch o.mode {
	case "sarif":
		if set(fs, "format") && o.format != "sarif" {
			return fmt.Errorf("hindsight sarif writes SARIF; drop -format=%s", o.format)
		}
		o.format = "sarif"
	case "baseline":
		if set(fs, "format") || o.json {
			return errors.New("hindsight baseline writes a baseline file; -format does not apply")
		}
		o.format = "baseline"
	}
	switch o.format {
	case "text", "json", "sarif", "baseline":
	default:
		return fmt.Errorf("unknown -format %q (text, json or sarif)", o.format)
	}
	switch o.progress {
	case "auto", "on", "off":
	default:
		return fmt.Errorf("-progress=%s: want auto, on or off", o.progress)
	}
	if strings.ContainsFunc(o.debug, func(r rune) bool { return !strings.ContainsRune("stpc", r) }) {
		return fmt.Errorf("-debug=%s: the letters are s, t, p and c", o.debug)
	}
	if o.diff {
		o.fix = true
	}
	if o.mode == "manifest" && o.fix {
		return errors.New("the manifest checks suggest no fixes; -fix and -diff do not apply")
	}
	if o.mode == "manifest" && fs.NArg() == 0 {
		return errors.New("hindsight manifest needs at least one file or directory")
	}
	return nil
}

func set(fs *flag.FlagSet, name string) bool {
	found := false
	fs.Visit(func(f *flag.Flag) { found = found || f.Name == name })
	return found
}

// finding is a result with its suggested fix, if it has one.
type finding struct {
	lint.Result
	fix *output.Fix
}

// stats is what the summary line says.
type stats struct {
	shown, belowSeverity, inBaseline, fixed, fixedFiles int
	packages, skipped                                   int
	errors                                              int
	elapsed                                             time.Duration
}

// runMode runs one standalone mode with its arguments and returns the exit
// code.
func runMode(mode string, args []string, stdout, stderr io.Writer) int {
	fs, o := newFlags(mode, stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		return exitFailure
	}
	fail := func(err error) int {
		fmt.Fprintln(stderr, "hindsight:", err)
		return exitFailure
	}
	if err := o.validate(fs); err != nil {
		return fail(err)
	}
	var base *output.Baseline
	if o.baseline != "" {
		b, err := output.ReadBaseline(o.baseline)
		if err != nil {
			return fail(err)
		}
		base = b
	}
	if o.root == "" {
		o.root = runner.Root()
	}
	if o.cpuprofile != "" {
		f, err := os.Create(o.cpuprofile)
		if err != nil {
			return fail(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fail(err)
		}
		defer pprof.StopCPUProfile()
	}

	start := time.Now()
	var st stats
	findings, errs, err := o.analyse(fs.Args(), stderr, &st)
	if o.memprofile != "" {
		if f, err := os.Create(o.memprofile); err == nil {
			_ = pprof.Lookup("heap").WriteTo(f, 0)
			f.Close()
		}
	}
	if err != nil {
		return fail(err)
	}
	st.errors = len(errs)

	// What is shown: at or above -severity, not in the baseline.
	var shown []finding
	for _, f := range findings {
		if f.Severity < o.severity {
			st.belowSeverity++
			continue
		}
		shown = append(shown, f)
	}
	if base != nil {
		m := base.Matcher(o.root)
		var kept []finding
		for _, f := range shown {
			if m.Accepted(f.Result) {
				st.inBaseline++
				continue
			}
			kept = append(kept, f)
		}
		shown = kept
	}

	w := stdout
	var outFile *os.File
	if o.out != "" {
		f, err := os.Create(o.out)
		if err != nil {
			return fail(err)
		}
		outFile, w = f, f
	}
	if o.fix {
		remaining, err := applyFixes(shown, o.diff, w, &st)
		if err != nil {
			return fail(err)
		}
		shown = remaining
		if o.diff && o.format == "text" {
			w = stderr // the diff went to w; what has no fix goes with the errors
		}
	}
	st.shown = len(shown)
	if err := o.emit(w, shown); err != nil {
		return fail(err)
	}
	if outFile != nil {
		if err := outFile.Close(); err != nil {
			return fail(err)
		}
	}
	printErrors(stderr, errs)
	st.elapsed = time.Since(start)
	if o.format != "baseline" {
		summary(stderr, o, shown, st)
	}
	switch {
	case len(errs) > 0:
		return exitFailure
	case o.format == "baseline":
		return exitClean // writing a baseline is not a failing run
	case len(shown) > 0:
		return exitFindings
	}
	return exitClean
}

// analyse runs the Go checks or the manifest checks and returns every
// finding (absolute paths) and the errors of what could not be analysed.
func (o *options) analyse(patterns []string, stderr io.Writer, st *stats) ([]finding, []string, error) {
	if o.mode == "manifest" {
		rs, err := k8s.Check(patterns, k8s.Config{CRDDirs: o.crdDirs, MaxBytes: o.maxBytes})
		if err != nil {
			return nil, nil, err
		}
		fs := make([]finding, len(rs))
		for i, r := range rs {
			fs[i] = finding{Result: absResult(r)}
		}
		return fs, nil, nil
	}
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	opts := runner.Options{
		Tests:      o.tests,
		Sanity:     strings.Contains(o.debug, "s"),
		Sequential: strings.Contains(o.debug, "p"),
		Rules:      func(a *analysis.Analyzer) lint.Rules { return analyzers.RulesOf(a.Name) },
	}
	if o.tags != "" {
		opts.BuildFlags = []string{"-tags=" + o.tags}
	}
	if c := openCache(o.cacheFlag, stderr); c != nil {
		opts.Cache = c
		opts.ExtraInputs = manifestInputs(c)
		opts.Warn = func(msg string) { fmt.Fprintln(stderr, "hindsight: warning:", msg) }
	}
	if strings.Contains(o.debug, "t") {
		opts.Timing = stderr
	}
	p := newProgress(stderr, o.progress)
	if p != nil {
		opts.Progress = p.update
		defer p.clear()
	}
	rep, err := runner.RunOptions(o.sel.Analyzers(), patterns, opts)
	if err != nil {
		return nil, nil, err
	}
	st.packages, st.skipped = rep.Packages, rep.Skipped
	if c := rep.Cache; c != nil && strings.Contains(o.debug, "c") {
		fmt.Fprintf(stderr, "hindsight: cache: %d packages analysed, %d from cache, %d type-checked from source\n", c.Analysed, c.FromCache, c.Source)
		for _, id := range c.AnalysedIDs {
			fmt.Fprintf(stderr, "hindsight: cache: analysed %s\n", id)
		}
	}
	fs := make([]finding, len(rep.Results))
	for i, r := range rep.Results {
		fs[i] = finding{Result: absResult(r)}
		if fix, ok := rep.Fixes[i]; ok {
			fs[i].fix = &fix
		}
	}
	return fs, rep.Errors, nil
}

// absResult makes r's paths absolute (relative ones are relative to the
// working directory), so SARIF and baselines can make them relative to the
// root and text to the working directory.
func absResult(r lint.Result) lint.Result {
	r.File = output.AbsPath(r.File)
	r.Related = slices.Clone(r.Related)
	for i := range r.Related {
		r.Related[i].File = output.AbsPath(r.Related[i].File)
	}
	return r
}

// emit writes the findings in the chosen format.
func (o *options) emit(w io.Writer, fs []finding) error {
	rs := make([]lint.Result, len(fs))
	for i, f := range fs {
		rs[i] = f.Result
	}
	switch o.format {
	case "sarif":
		fixes := map[int]output.Fix{}
		for i, f := range fs {
			if f.fix != nil {
				fixes[i] = *f.fix
			}
		}
		return output.SARIF(w, rs, output.SARIFOptions{
			ToolName: "hindsight", Version: getVersion(),
			InformationURI: "https://github.com/hindsight-lint/hindsight",
			Root:           o.root, Rules: sarifRules(), Fixes: fixes,
		})
	case "baseline":
		return output.NewBaseline(o.root, rs).Write(w)
	}
	for i := range rs {
		rs[i].File = output.ShortPath(rs[i].File)
		rs[i].Related = slices.Clone(rs[i].Related) // the findings' own slices stay absolute
		for j := range rs[i].Related {
			rs[i].Related[j].File = output.ShortPath(rs[i].Related[j].File)
		}
	}
	if o.format == "json" {
		return output.JSON(w, rs)
	}
	return output.Text(w, rs)
}

// maxShownErrors bounds the load and type errors listed.
const maxShownErrors = 10

func printErrors(w io.Writer, errs []string) {
	for i, e := range errs {
		if i == maxShownErrors {
			fmt.Fprintf(w, "hindsight: ... and %d more errors\n", len(errs)-maxShownErrors)
			break
		}
		fmt.Fprintln(w, e)
	}
}

// summary writes the one-line summary on standard error when there is
// anything to say.
func summary(w io.Writer, o *options, shown []finding, st stats) {
	if st.shown == 0 && st.belowSeverity == 0 && st.inBaseline == 0 && st.fixed == 0 && st.errors == 0 {
		return
	}
	byCheck := map[string]int{}
	for _, f := range shown {
		byCheck[f.Check]++
	}
	checks := make([]string, 0, len(byCheck))
	for c := range byCheck {
		checks = append(checks, c)
	}
	sort.Strings(checks)
	var b strings.Builder
	fmt.Fprintf(&b, "hindsight: %s", plural(st.shown, "finding"))
	if len(checks) > 0 {
		parts := make([]string, len(checks))
		for i, c := range checks {
			parts[i] = fmt.Sprintf("%s %d", c, byCheck[c])
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(parts, ", "))
	}
	if o.mode != "manifest" {
		fmt.Fprintf(&b, " in %s", plural(st.packages, "package"))
	}
	fmt.Fprintf(&b, ", %.1fs", st.elapsed.Seconds())
	if st.fixed > 0 {
		verb := "fixed"
		if o.diff {
			verb = "with a fix in the diff"
		}
		fmt.Fprintf(&b, "; %d %s (%s)", st.fixed, verb, plural(st.fixedFiles, "file"))
	}
	if st.belowSeverity > 0 {
		fmt.Fprintf(&b, "; %d below -severity=%s", st.belowSeverity, o.severity)
	}
	if st.inBaseline > 0 {
		fmt.Fprintf(&b, "; %d in the baseline", st.inBaseline)
	}
	if st.errors > 0 {
		fmt.Fprintf(&b, "; %s", plural(st.errors, "error"))
		if st.skipped > 0 {
			fmt.Fprintf(&b, ", %s not analysed", plural(st.skipped, "package"))
		}
	}
	fmt.Fprintln(w, b.String())
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// sarifRules describes every rule of every check for SARIF.
func sarifRules() []output.Rule {
	var rules []output.Rule
	for _, c := range analyzers.Checks {
		a := c.Analyzer
		rs := c.Rules
		if !slices.Contains(rs, lint.DirectiveRule) {
			rs = append(slices.Clone(rs), lint.DirectiveRule)
		}
		for _, r := range rs {
			rules = append(rules, output.Rule{
				ID: a.Name + "/" + r.ID, Summary: r.Summary, Doc: a.Doc,
				HelpURI: a.URL + "#" + r.ID, Level: r.Severity.SARIFLevel(),
			})
		}
	}
	return rules
}
