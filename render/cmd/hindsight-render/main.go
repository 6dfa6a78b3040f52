// Command hindsight-render finds Helm charts and Kustomize overlays, renders
// them offline and checks the rendered objects with every rule of
// hindsight manifest, reporting each finding at the template, resource or
// patch line it came from.
//
//	hindsight-render [-format text|json|sarif] [-severity LEVEL] [-manifest.values FILE] [-crd-dir DIR] PATH...
//
// Exit code 0: nothing shown; 3: findings shown; 1: failure. It is a
// separate module from hindsight so that hindsight does not link Helm,
// Kustomize and the Kubernetes client libraries they bring:
//
//	go install github.com/hindsight-lint/hindsight/render/cmd/hindsight-render@latest
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/hindsight-lint/hindsight/internal/k8s"
	"github.com/hindsight-lint/hindsight/internal/lint"
	"github.com/hindsight-lint/hindsight/internal/output"
	"github.com/hindsight-lint/hindsight/render"
)

const (
	exitClean    = 0
	exitFailure  = 1
	exitFindings = 3
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("hindsight-render", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text, json or sarif")
	jsonOut := fs.Bool("json", false, "same as -format=json")
	sevName := fs.String("severity", "warning", "lowest severity shown and gated on: error, warning or info")
	outName := fs.String("o", "", "write the output to this file instead of standard output")
	var values, crdDirs lint.ListFlag
	fs.Var(&values, "manifest.values", "Helm values file merged over each chart's values.yaml (repeatable, or comma-separated), as helm template -f")
	fs.Var(&crdDirs, "crd-dir", "directory of CustomResourceDefinition YAML (repeatable, or comma-separated)")
	maxBytes := fs.Int64("max-bytes", 0, "largest rendered document checked, in bytes (default 16 MiB)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: hindsight-render [flags] PATH...\n\nFinds Helm charts (a directory with Chart.yaml) and Kustomize overlays\n(kustomization.yaml) in each PATH, renders them offline and checks the result\nwith every hindsight manifest rule. Flags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		return exitFailure
	}
	fail := func(err error) int {
		fmt.Fprintln(stderr, "hindsight-render:", err)
		return exitFailure
	}
	if *jsonOut {
		*format = "json"
	}
	switch *format {
	case "text", "json", "sarif":
	default:
		return fail(fmt.Errorf("unknown -format %q (text, json or sarif)", *format))
	}
	sev, err := lint.ParseSeverity(*sevName)
	if err != nil {
		return fail(err)
	}
	if fs.NArg() == 0 {
		return fail(errors.New("needs at least one chart, kustomization or directory"))
	}
	rs, err := render.Run(fs.Args(), render.Config{ValuesFiles: values,
		Manifest: k8s.Config{CRDDirs: crdDirs, MaxBytes: *maxBytes}})
	if err != nil {
		return fail(err)
	}
	var shown []lint.Result
	below := 0
	for _, r := range rs {
		if r.Severity < sev {
			below++
			continue
		}
		shown = append(shown, r)
	}
	w := stdout
	var outFile *os.File
	if *outName != "" {
		f, err := os.Create(*outName)
		if err != nil {
			return fail(err)
		}
		outFile, w = f, f
	}
	if err := emit(w, *format, shown); err != nil {
		return fail(err)
	}
	if outFile != nil {
		if err := outFile.Close(); err != nil {
			return fail(err)
		}
	}
	if len(shown) > 0 || below > 0 {
		fmt.Fprintf(stderr, "hindsight-render: %d findings", len(shown))
		if below > 0 {
			fmt.Fprintf(stderr, "; %d below -severity=%s", below, sev)
		}
		fmt.Fprintln(stderr)
	}
	if len(shown) > 0 {
		return exitFindings
	}
	return exitClean
}

func emit(w io.Writer, format string, rs []lint.Result) error {
	if format == "sarif" {
		wd, _ := os.Getwd()
		abs := make([]lint.Result, len(rs))
		for i, r := range rs {
			r.File = output.AbsPath(r.File)
			abs[i] = r
		}
		return output.SARIF(w, abs, output.SARIFOptions{ToolName: "hindsight-render",
			InformationURI: "https://github.com/hindsight-lint/hindsight", Root: wd, Rules: sarifRules()})
	}
	for i := range rs {
		rs[i].File = output.ShortPath(rs[i].File)
	}
	if format == "json" {
		return output.JSON(w, rs)
	}
	return output.Text(w, rs)
}

func sarifRules() []output.Rule {
	var rules []output.Rule
	add := func(check, url string, rs lint.Rules) {
		for _, r := range rs {
			rules = append(rules, output.Rule{ID: check + "/" + r.ID, Summary: r.Summary, Doc: r.Summary,
				HelpURI: url + "#" + r.ID, Level: r.Severity.SARIFLevel()})
		}
	}
	add("manifest", lint.DocURL("manifest"), k8s.Rules)
	add(render.Check, lint.DocURL("manifest"), render.Rules)
	return rules
}
