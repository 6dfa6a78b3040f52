// Command hsbench is behind `make bench` and `make sweep` (see
// docs/performance.md and docs/precision.md).
//
//	go run ./tools/hsbench bench [-runs N] [-dir DIR] [-corpora "std prometheus"] [-doc docs/performance.md]
//	go run ./tools/hsbench sweep [-dir DIR] [-corpora "std prometheus"] [-doc docs/precision.md]
//
// A corpus is "std", "prometheus" (github.com/prometheus/prometheus@v0.316.0)
// any module@version, or a local module directory (starting with . or /,
// analysed in place). A module is fetched with `go mod download -json`, copied
// out of the module cache into DIR, its go.work removed and its
// dependencies downloaded. Nothing is written into the repository except
// the generated sections of the two docs (between their <!-- ... -->
// markers).
//
// It must be run from the repository root (the Makefile does).
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: hsbench bench|sweep [flags]")
		os.Exit(2)
	}
	stopOnSignal()
	var err error
	switch os.Args[1] {
	case "bench":
		err = benchMain(os.Args[2:])
	case "sweep":
		err = sweepMain(os.Args[2:])
	case "manifest":
		// The manifest checker's command line (what `hindsight manifest`
		// runs), for the 50 MB measurement in its own process.
		os.Exit(manifestMain(os.Args[2:]))
	default:
		err = fmt.Errorf("unknown command %q (bench or sweep)", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "hsbench:", err)
		os.Exit(1)
	}
}

// common are the flags both commands take.
type common struct {
	dir     string
	corpora string
	doc     string
	goCmd   string
}

func (c *common) register(fs *flag.FlagSet, doc string) {
	dir := os.Getenv("BENCH_DIR")
	if dir == "" {
		dir = "/tmp/hindsight-bench"
	}
	corpora := os.Getenv("CORPORA")
	if corpora == "" {
		corpora = "std prometheus"
	}
	goCmd := os.Getenv("GO")
	if goCmd == "" {
		goCmd = "go"
	}
	fs.StringVar(&c.dir, "dir", dir, "scratch directory for corpora, tools and logs (BENCH_DIR)")
	fs.StringVar(&c.corpora, "corpora", corpora, "space-separated corpora: std, prometheus, module@version or a directory (CORPORA)")
	fs.StringVar(&c.doc, "doc", doc, "document whose generated section is rewritten (empty: none)")
	fs.StringVar(&c.goCmd, "go", goCmd, "go command (GO)")
}
