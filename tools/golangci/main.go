// Command golangci-lint is golangci-lint v2 with hindsight's checks built in
// as module plugins. It is built from the module proxy, without git:
// `make golangci` writes bin/golangci-lint-hindsight.
package main

import (
	"fmt"
	"os"
	"runtime"

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
		fmt.Fprintf(os.Stderr, "golangci-lint: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}
