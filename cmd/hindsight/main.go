// Command hindsight runs every hindsight check.
//
//	hindsight [-C dir] [flags] packages...     analyse Go packages (text, -json, -fix, -diff)
//	go vet -vettool=$(which hindsight) ./...   the same checks under go vet
//	hindsight help [check]                     list the checks, or show one check's docs
//	hindsight version                          print the version
//	hindsight sarif [-o FILE] packages...      SARIF 2.1.0 for code scanning
//	hindsight baseline packages... > FILE      record today's findings
//	hindsight -baseline=FILE packages...       report only findings not in FILE
//	hindsight -format=json|sarif packages...   other output formats
//	hindsight manifest PATH...                 check Kubernetes/YAML manifests
//
// Exit codes: 0 clean, 3 findings, 1 failure (bad pattern, type errors,
// internal error).
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/hindsight-lint/hindsight/analyzers"
)

func main() {
	args, err := chdirFlag(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "hindsight:", err)
		os.Exit(1)
	}
	os.Args = append(os.Args[:1], args...)
	if len(args) > 0 {
		switch args[0] {
		case "version":
			fmt.Println("hindsight", version())
			return
		case "sarif", "baseline":
			os.Exit(ownMain(args[0], args[1:], os.Stdout, os.Stderr))
		case "help":
			if len(args) == 1 {
				usage(os.Stdout)
				return
			}
		}
	}
	if len(args) > 0 {
		if sub, ok := analyzers.Subcommands[args[0]]; ok {
			os.Exit(sub(args[1:], os.Stdout, os.Stderr))
		}
	}
	if usesOwnDriver(args) || !usesMultichecker(args) {
		os.Exit(ownMain("check", args, os.Stdout, os.Stderr))
	}
	// go vet (a .cfg argument), -fix, -diff, -json, help, -V, -flags.
	multichecker.Main(analyzers.All()...)
}

// chdirFlag handles a leading -C dir (as in the go command): run as if
// started in dir. It must come first, before any other flag.
func chdirFlag(args []string) ([]string, error) {
	if len(args) == 0 {
		return args, nil
	}
	var dir string
	switch a := args[0]; {
	case a == "-C" || a == "--C":
		if len(args) < 2 {
			return nil, fmt.Errorf("-C requires a directory")
		}
		dir, args = args[1], args[2:]
	case len(a) > 3 && (a[:3] == "-C="):
		dir, args = a[3:], args[1:]
	default:
		return args, nil
	}
	if err := os.Chdir(dir); err != nil {
		return nil, fmt.Errorf("-C: %v", err)
	}
	return args, nil
}

func usage(w io.Writer) {
	fmt.Fprint(w, `hindsight catches the bugs behind real production incidents.

Usage:
  hindsight [-C dir] [flags] packages...     analyse Go packages
  go vet -vettool=$(which hindsight) ./...   the same checks under go vet
  hindsight help CHECK                       one check's documentation and flags
  hindsight help flags                       all flags
  hindsight version                          print the version

Common flags: -json (JSON output), -fix (apply suggested fixes), -diff (with -fix:
print the changes instead), -CHECK (run only the named checks), -CHECK=false
(run all but those), -CHECK.OPTION=value (a check's options), -V=full.

Exit codes: 0 no findings, 3 findings, 1 failure (bad pattern, type errors,
internal error).

Suppress a finding with a reason, on its line or the line above:
  //hindsight:ignore CHECK[,CHECK] reason
and for a whole file: //hindsight:file-ignore CHECK reason

Checks:
`)
	for _, c := range analyzers.Checks {
		a := c.Analyzer
		summary, _, _ := strings.Cut(a.Doc, "\n")
		fmt.Fprintf(w, "  %-13s %s\n", a.Name, summary)
	}
}

func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}
