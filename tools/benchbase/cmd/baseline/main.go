// Command baseline is the load-only floor `make bench` compares hindsight
// with: the x/tools multichecker running one analyzer that requires only
// type-checked syntax (dependencies come from export data).
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/hindsight-lint/hindsight/tools/benchbase"
)

func main() { multichecker.Main(benchbase.New(false)) }
