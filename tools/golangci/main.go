// Command golangci-lint is golangci-lint v2 with hindsight's checks built in
// as module plugins. It is built from the module proxy, without git:
// `make golangci` writes bin/golangci-lint-hindsight.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	_ "github.com/hindsight-lint/hindsight/plugin" // registers one linter per check
)

// version stays "(devel)": golangci-lint then salts its cache with a hash
// of the executable, so a rebuild with changed checks never serves stale
// results.
var version = "(devel)"

func main() {
	info := commands.BuildInfo{GoVersion: runtime.Version(), Version: version, Commit: "hindsight", Date: ""}
	if err := commands.Execute(info); err != nil {
		if !printedByCobra(os.Args[1:], err) {
			fmt.Fprintf(os.Stderr, "golangci-lint: %v\n", err)
		}
		os.Exit(exitcodes.Failure)
	}
}

// silentCommands are golangci-lint's commands that set cobra's
// SilenceErrors: their errors reach main unprinted.
var silentCommands = map[string]bool{"config": true, "migrate": true}

// printedByCobra reports whether cobra has already printed err as
// "Error: ...": it does for every command error except those of the
// silent commands, but not for the root flags golangci-lint parses itself
// before cobra runs ("can't parse args: ...").
func printedByCobra(args []string, err error) bool {
	if strings.HasPrefix(err.Error(), "can't parse args") {
		return false
	}
	return !silentCommands[command(args)]
}

// command is the first argument that is not a flag (or a flag's value).
func command(args []string) string {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--color": // the one root flag with a separate value
			i++
		case strings.HasPrefix(a, "-"):
		default:
			return a
		}
	}
	return ""
}
