// Command hindsight runs every hindsight check.
//
//	hindsight [-C dir] [flags] packages...     analyse Go packages (text, -json, -fix, -diff)
//	go vet -vettool=$(which hindsight) ./...   the same checks under go vet
//	hindsight help [check]                     list the checks, or show one check's docs
//	hindsight version                          print the version
//
// Exit codes: 0 clean, 3 findings, 1 failure (bad pattern, type errors,
// internal error).
package main

import (
	"fmt"
	"os"
	"runtime/debug"

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
		}
	}
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

func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}
