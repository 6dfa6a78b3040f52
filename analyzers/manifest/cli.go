package manifest

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Main is the `hindsight manifest PATH...` command: it checks the YAML files
// and directories named by args as one manifest set and prints the
// findings sorted by position, as text (file:line:col: message (manifest))
// or JSON. It returns the exit code: 0 clean, 3 findings, 1 failure.
func Main(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("manifest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	jsonOut := fs.Bool("json", false, "print findings as JSON (same as -format json)")
	format := fs.String("format", "text", "output format: text or json")
	var crdDirs listFlag
	fs.Var(&crdDirs, "crd-dir", "directory of CustomResourceDefinition YAML (repeatable)")
	maxBytes := fs.Int64("max-bytes", 0, "largest file to parse, in bytes (default 16 MiB)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: hindsight manifest [-format text|json] [-crd-dir DIR] PATH...")
		fmt.Fprintln(stderr, "Checks Kubernetes manifests (YAML files and directories, recursively) as one set.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 1
	}
	if *jsonOut {
		*format = "json"
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "hindsight manifest: unknown -format %q (text or json)\n", *format)
		return 1
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 1
	}
	results, err := Check(fs.Args(), Config{CRDDirs: crdDirs, MaxBytes: *maxBytes})
	if err != nil {
		fmt.Fprintln(stderr, "hindsight manifest:", err)
		return 1
	}
	switch *format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if results == nil {
			results = results[:0:0]
		}
		if err := enc.Encode(results); err != nil {
			fmt.Fprintln(stderr, "hindsight manifest:", err)
			return 1
		}
	default:
		for _, r := range results {
			fmt.Fprintln(stdout, r.String())
		}
	}
	if len(results) > 0 {
		return 3
	}
	return 0
}

type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error {
	for _, p := range strings.Split(s, ",") {
		if p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}
