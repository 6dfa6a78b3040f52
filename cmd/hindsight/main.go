// Command hindsight runs every hindsight check.
//
//	hindsight [-C dir] [flags] [packages]      analyse Go packages (default: .)
//	go vet -vettool=$(which hindsight) ./...   the same checks under go vet
//	hindsight sarif [flags] [packages]         the same as -format=sarif
//	hindsight baseline [flags] [packages]      write today's findings as a baseline
//	hindsight manifest [flags] PATH...         check Kubernetes/YAML manifests
//	hindsight help [CHECK|flags]               usage, one check's docs, every flag
//	hindsight golangci-config                  the .golangci.yml block for every check
//	hindsight cache clean|info                 empty or describe the analysis cache
//	hindsight version                          print the version
//
// Every standalone use goes through one driver with one flag set and one
// exit-code table: 0 nothing shown, 3 findings shown, 1 failure (bad flags
// or patterns, load or type errors, an internal error). Only go vet's
// protocol (a *.cfg argument, -V=full, -flags) goes to x/tools'
// unitchecker.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/hindsight-lint/hindsight/analyzers"
	"github.com/hindsight-lint/hindsight/internal/lint"
	"github.com/hindsight-lint/hindsight/plugin/golangciconfig"
)

// Exit codes, the same in every mode.
const (
	exitClean    = 0
	exitFailure  = 1
	exitFindings = 3
)

// version is stamped at release time with
// -ldflags "-X main.version=vX.Y.Z"; otherwise it comes from the module's
// build information.
var version string

func main() {
	args := slices.Clone(os.Args[1:])
	if isVet(args) {
		vetMain()
		return
	}
	os.Exit(run(args, os.Stdout, os.Stderr))
}

// run is the command without go vet's protocol; it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	args, err := chdirFlag(args)
	if err != nil {
		fmt.Fprintln(stderr, "hindsight:", err)
		return exitFailure
	}
	mode := "check"
	if len(args) > 0 {
		switch args[0] {
		case "version":
			fmt.Fprintln(stdout, "hindsight", getVersion())
			return exitClean
		case "help":
			return help(args[1:], stdout, stderr)
		case "golangci-config":
			if len(args) > 1 {
				fmt.Fprintln(stderr, "hindsight: golangci-config takes no arguments")
				return exitFailure
			}
			if err := golangciconfig.Write(stdout); err != nil {
				fmt.Fprintln(stderr, "hindsight:", err)
				return exitFailure
			}
			return exitClean
		case "cache":
			return cacheCommand(args[1:], stdout, stderr)
		case "sarif", "baseline", "manifest":
			mode, args = args[0], args[1:]
		}
	}
	return runMode(mode, args, stdout, stderr)
}

// isVet reports whether go vet is talking to us: it asks for -V=full and
// -flags, then passes flags and a unit's .cfg file.
func isVet(args []string) bool {
	if len(args) == 0 {
		return false
	}
	if strings.HasSuffix(args[len(args)-1], ".cfg") {
		return true
	}
	for _, a := range args {
		switch a {
		case "-V=full", "--V=full", "-V", "--V", "-flags", "--flags":
			return true
		}
	}
	return false
}

// vetMain runs the checks as go vet's unit checker. Messages read
// "severity: message (check/rule)", as in standalone text output, and
// -severity filters as it does there.
func vetMain() {
	min := lint.Warning
	flag.Var(severityFlag{&min}, "severity", "lowest severity to report: error, warning or info")
	factsOnly := vetxOnly(os.Args[1:])
	var as []*analysis.Analyzer
	for _, c := range analyzers.Checks {
		a := c.Analyzer
		if factsOnly {
			a = analyzers.ForFacts(a)
		}
		as = append(as, analyzers.Decorated(c, a, &min))
	}
	unitchecker.Main(as...)
}

// vetxOnly reports whether go vet runs this unit only for its facts (a
// dependency of the packages it checks): its .cfg file says VetxOnly. An
// unreadable file counts as false, the full analysis; unitchecker then
// reports the error itself.
func vetxOnly(args []string) bool {
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return false
	}
	data, err := os.ReadFile(args[len(args)-1])
	if err != nil {
		return false
	}
	var cfg struct{ VetxOnly bool }
	return json.Unmarshal(data, &cfg) == nil && cfg.VetxOnly
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
	case strings.HasPrefix(a, "-C=") || strings.HasPrefix(a, "--C="):
		_, dir, _ = strings.Cut(a, "=")
		args = args[1:]
	default:
		return args, nil
	}
	if err := os.Chdir(dir); err != nil {
		return nil, fmt.Errorf("-C: %v", err)
	}
	return args, nil
}

func getVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}

// severityFlag is a -severity flag.
type severityFlag struct{ s *lint.Severity }

func (f severityFlag) String() string {
	if f.s == nil {
		return "warning"
	}
	return f.s.String()
}

func (f severityFlag) Set(v string) error {
	s, err := lint.ParseSeverity(v)
	if err != nil {
		return err
	}
	*f.s = s
	return nil
}
