package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/hindsight-lint/hindsight/analyzers"
)

const overview = `hindsight catches the bugs behind real production incidents.

Usage:
  hindsight [-C dir] [flags] [packages]      analyse Go packages (default: .)
  hindsight sarif [flags] [packages]         SARIF 2.1.0 for code scanning (= -format=sarif)
  hindsight baseline [flags] [packages]      write the findings shown as a baseline file
  hindsight manifest [flags] PATH...         check Kubernetes/YAML files and directories
  go vet -vettool=$(which hindsight) ./...   the same checks under go vet
  hindsight cache clean|info                 empty or describe the analysis cache
  hindsight help CHECK                       one check's documentation, rules and options
  hindsight help flags                       every flag, the checks' options included
  hindsight golangci-config                  golangci-lint v2 settings enabling every check
  hindsight version                          print the version

Output: findings on standard output, one per line,
  path/file.go:12:3: error: what is wrong and why (check/rule)
with related positions on indented lines below; errors and a one-line
summary on standard error. -format=json and -format=sarif (or -json, or
hindsight sarif) give the same findings, rule ids and exit codes.

Exit codes (every mode): 0 nothing shown, 3 findings shown, 1 failure (bad
flags or patterns, load or type errors, an internal error). Packages that
fail to load or type-check are listed and skipped; the others are still
reported.

Severity: error is a bug, warning is probably wrong, info is the rest.
-severity=warning (the default) shows errors and warnings; -severity=info
shows everything. The exit code follows what is shown.

Suppress a finding with a reason, on its line or the line above:
  //hindsight:ignore CHECK[,CHECK] reason
and for a whole file: //hindsight:file-ignore CHECK reason

`

// usage writes the overview and the flags of mode (without the checks'
// options, which `hindsight help flags` lists).
func usage(w io.Writer, fs *flag.FlagSet, mode string) {
	fmt.Fprint(w, overview)
	fmt.Fprintf(w, "Flags of %s:\n", fs.Name())
	printFlags(w, fs, false)
	if mode != "manifest" {
		fmt.Fprint(w, "\nSelect checks with -CHECK (only the named ones run) or -CHECK=false (all but\nthose); set a check's option with -CHECK.OPTION=value (`hindsight help flags`).\n")
	}
	checkList(w)
}

func checkList(w io.Writer) {
	fmt.Fprint(w, "\nChecks:\n")
	for _, c := range analyzers.Checks {
		summary, _, _ := strings.Cut(c.Analyzer.Doc, "\n")
		fmt.Fprintf(w, "  %-13s %s\n", c.Name(), summary)
	}
}

// printFlags writes fs's flags; checks selects the per-check ones
// (-CHECK, -CHECK.OPTION) instead of the command's own.
func printFlags(w io.Writer, fs *flag.FlagSet, checks bool) {
	fs.VisitAll(func(f *flag.Flag) {
		_, isCheck := analyzers.Lookup(f.Name)
		if prefix, _, ok := strings.Cut(f.Name, "."); ok {
			_, isCheck = analyzers.Lookup(prefix)
		}
		if isCheck != checks {
			return
		}
		name, usage := flag.UnquoteUsage(f)
		line := "  -" + f.Name
		if name != "" {
			line += " " + name
		}
		if def := f.DefValue; def != "" && def != "false" && !isCheck {
			usage += fmt.Sprintf(" (default %s)", def)
		}
		fmt.Fprintf(w, "%s\n    \t%s\n", line, usage)
	})
}

// help is `hindsight help [CHECK|flags]`.
func help(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fs, _ := newFlags("check", stderr)
		usage(stdout, fs, "check")
		return exitClean
	}
	if len(args) > 1 {
		fmt.Fprintln(stderr, "hindsight: help takes one topic: a check's name or flags")
		return exitFailure
	}
	switch topic := args[0]; topic {
	case "flags":
		fs, _ := newFlags("check", stderr)
		fmt.Fprintln(stdout, "Flags of hindsight, hindsight sarif and hindsight baseline:")
		printFlags(stdout, fs, false)
		fmt.Fprintln(stdout, "\nCheck selection and options (also under go vet, e.g. go vet -vettool=... -deferloop.tests=false):")
		printFlags(stdout, fs, true)
		ms, _ := newFlags("manifest", stderr)
		fmt.Fprintln(stdout, "\nFlags of hindsight manifest:")
		printFlags(stdout, ms, false)
		return exitClean
	default:
		c, ok := analyzers.Lookup(topic)
		if !ok {
			fmt.Fprintf(stderr, "hindsight: no check or help topic %q (run hindsight help)\n", topic)
			return exitFailure
		}
		a := c.Analyzer
		fmt.Fprintf(stdout, "%s: %s\n\nDocs: %s\n\nRules (severity; in tests):\n", a.Name, a.Doc, a.URL)
		for _, r := range c.Rules {
			sev := r.Severity.String()
			if r.InTests != 0 {
				sev += "; " + r.InTests.String() + " in tests"
			}
			fmt.Fprintf(stdout, "  %s/%s (%s)\n      %s\n", a.Name, r.ID, sev, r.Summary)
		}
		fmt.Fprintln(stdout, "\nOptions:")
		any := false
		a.Flags.VisitAll(func(f *flag.Flag) {
			any = true
			name, usage := flag.UnquoteUsage(f)
			fmt.Fprintf(stdout, "  -%s.%s %s\n    \t%s (default %q)\n", a.Name, f.Name, name, usage, f.DefValue)
		})
		if !any {
			fmt.Fprintln(stdout, "  (none)")
		}
		return exitClean
	}
}
