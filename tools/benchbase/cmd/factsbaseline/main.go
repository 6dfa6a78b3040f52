// Command factsbaseline is the load-only floor of a suite with facts: the
// x/tools multichecker running one analyzer that declares a fact type, so
// the checker loads, type-checks and keeps every dependency from source.
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/hindsight-lint/hindsight/tools/benchbase"
)

func main() { multichecker.Main(benchbase.New(true)) }
