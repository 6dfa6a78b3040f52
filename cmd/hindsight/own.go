package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"

	"github.com/hindsight-lint/hindsight/analyzers"
	"github.com/hindsight-lint/hindsight/internal/output"
	"github.com/hindsight-lint/hindsight/internal/runner"
)

// Exit codes, the same in every mode.
const (
	exitClean    = 0
	exitFailure  = 1
	exitFindings = 3
)

// usesOwnDriver reports whether the arguments ask for something only
// hindsight's own driver does (baselines, SARIF or JSON-array output).
func usesOwnDriver(args []string) bool {
	for _, a := range args {
		if a == "--" || !strings.HasPrefix(a, "-") {
			break
		}
		name := strings.TrimLeft(a, "-")
		name, _, _ = strings.Cut(name, "=")
		switch name {
		case "baseline", "format", "o":
			return true
		}
	}
	return false
}

// usesMultichecker reports whether the arguments ask for something the
// x/tools multichecker does and the own driver does not: go vet's unit
// mode (a .cfg argument), -fix, -diff, the multichecker's -json tree,
// -c, help, -V, -flags, profiles, or debug letters other than s, t and p.
// A plain run (analyzer flags and patterns) goes to the own driver, which
// keeps far less in memory.
func usesMultichecker(args []string) bool {
	if len(args) == 0 || args[0] == "help" || strings.HasSuffix(args[len(args)-1], ".cfg") {
		return true
	}
	patterns := false
	for i, a := range args {
		if a == "--" {
			patterns = i+1 < len(args)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			patterns = true
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch name {
		case "fix", "diff", "json", "c", "V", "flags", "cpuprofile", "memprofile", "trace",
			"source", "v", "all", "tags", "help", "h":
			return true
		case "debug":
			if !hasValue && i+1 < len(args) {
				value = args[i+1]
			}
			if strings.Trim(value, "pst") != "" { // the debug letters the own driver knows
				return true
			}
		}
	}
	return !patterns // no patterns: the multichecker prints its usage
}

// ownMain runs hindsight's own driver. mode is "check" (text, JSON or
// SARIF output with an optional baseline), "sarif" or "baseline".
func ownMain(mode string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("hindsight "+mode, flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text, json or sarif")
	out := fs.String("o", "", "write the output to this file instead of standard output")
	baseline := fs.String("baseline", "", "report only findings not in this baseline file (see `hindsight baseline`)")
	tests := fs.Bool("test", true, "also analyse test files")
	root := fs.String("root", "", "directory SARIF paths and baselines are relative to (default: the module root)")
	dbg := fs.String("debug", "", "debug flags, any subset of \"stp\": s checks that facts survive gob encoding, t prints timings, p disables parallelism")
	sel := runner.RegisterFlags(fs, analyzers.All())
	if err := fs.Parse(args); err != nil {
		return exitFailure
	}
	switch mode {
	case "sarif":
		*format = "sarif"
	case "baseline":
		*format = "baseline"
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	if *root == "" {
		*root = runner.Root()
	}
	debug := *dbg + os.Getenv("HINDSIGHT_DEBUG")
	opts := runner.Options{
		Tests:      *tests,
		Sanity:     strings.Contains(debug, "s"),
		Sequential: strings.Contains(debug, "p"),
	}
	if strings.Contains(debug, "t") {
		opts.Timing = stderr
	}
	// HINDSIGHT_CPUPROFILE=file profiles the own driver (the -cpuprofile
	// flag belongs to the multichecker, which keeps far more in memory).
	if path := os.Getenv("HINDSIGHT_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			fmt.Fprintln(stderr, "hindsight:", err)
			return exitFailure
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(stderr, "hindsight:", err)
			return exitFailure
		}
		defer pprof.StopCPUProfile()
	}
	rep, err := runner.RunOptions(sel.Analyzers(), patterns, opts)
	// HINDSIGHT_MEMPROFILE=file writes a heap profile as of the run's last
	// garbage collection (what was live near the end of the run).
	if path := os.Getenv("HINDSIGHT_MEMPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			_ = pprof.Lookup("heap").WriteTo(f, 0)
			f.Close()
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "hindsight:", err)
		return exitFailure
	}
	results := rep.Results
	if *baseline != "" {
		b, err := output.ReadBaseline(*baseline)
		if err != nil {
			fmt.Fprintln(stderr, "hindsight:", err)
			return exitFailure
		}
		results = b.Filter(*root, results)
	}
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(stderr, "hindsight:", err)
			return exitFailure
		}
		defer f.Close()
		w = f
	}
	switch *format {
	case "text":
		if *out == "" {
			w = stderr // like the multichecker: diagnostics on stderr
		}
		err = output.Text(w, results)
	case "json":
		err = output.JSON(w, results)
	case "sarif":
		fixes := rep.Fixes
		if *baseline != "" {
			fixes = nil // indices no longer line up; fixes are optional
		}
		err = output.SARIF(w, results, output.SARIFOptions{
			ToolName: "hindsight", Version: version(),
			InformationURI: "https://github.com/hindsight-lint/hindsight",
			Root:           *root, Rules: Rules(), Fixes: fixes,
		})
	case "baseline":
		err = output.NewBaseline(*root, results).Write(w)
		if err == nil {
			return exitClean // writing a baseline is not a failing run
		}
	default:
		fmt.Fprintf(stderr, "hindsight: unknown -format %q (text, json, sarif)\n", *format)
		return exitFailure
	}
	if err != nil {
		fmt.Fprintln(stderr, "hindsight:", err)
		return exitFailure
	}
	if len(results) > 0 {
		return exitFindings
	}
	return exitClean
}

// Rules describes every check for SARIF.
func Rules() []output.Rule {
	var rules []output.Rule
	for _, c := range analyzers.Checks {
		a := c.Analyzer
		summary, _, _ := strings.Cut(a.Doc, "\n")
		rules = append(rules, output.Rule{ID: a.Name, Summary: summary, Doc: a.Doc, HelpURI: a.URL})
	}
	return rules
}
