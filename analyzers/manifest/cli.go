package manifest

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/lint"
	"github.com/hindsight-lint/hindsight/internal/output"
)

// Main is the `hindsight manifest PATH...` command: it checks the YAML files
// and directories named by args as one manifest set and prints the
// findings sorted by position, as text (file:line:col: message (manifest))
// or JSON. It returns the exit code: 0 clean, 3 findings, 1 failure.
func Main(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("manifest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	jsonOut := fs.Bool("json", false, "print findings as JSON (same as -format json)")
	format := fs.String("format", "text", "output format: text, json or sarif")
	var crdDirs listFlag
	fs.Var(&crdDirs, "crd-dir", "directory of CustomResourceDefinition YAML (repeatable)")
	maxBytes := fs.Int64("max-bytes", 0, "largest file to parse, in bytes (default 16 MiB)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: hindsight manifest [-format text|json|sarif] [-crd-dir DIR] [-max-bytes N] PATH...")
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
	if *format != "text" && *format != "json" && *format != "sarif" {
		fmt.Fprintf(stderr, "hindsight manifest: unknown -format %q (text, json or sarif)\n", *format)
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
		err = output.JSON(stdout, results)
	case "sarif":
		root, _ := os.Getwd()
		err = output.SARIF(stdout, results, output.SARIFOptions{
			ToolName: "hindsight", InformationURI: "https://github.com/hindsight-lint/hindsight",
			Root: root, Rules: SARIFRules(),
		})
	default:
		err = output.Text(stdout, results)
	}
	if err != nil {
		fmt.Fprintln(stderr, "hindsight manifest:", err)
		return 1
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

// RuleIDs lists the stable rule ids, in the order docs/manifest.md shows them.
var RuleIDs = []string{
	RuleSyntax, RuleTab, RuleDuplicateKey, RuleKeyCollision, RuleYAML11, RuleAliasBudget, RuleUnreadable,
	RuleUnknownField, RuleMisplacedField, RuleType, RuleEnum, RuleFormat, RuleResourceName, RuleLabelSyntax,
	RuleObjectName, RulePortRange, RuleSelector, RuleUnknownKind, RuleRemovedAPI, RuleDuplicateItem,
	RuleMissingRef, RuleEnvNearDup, RuleEnvInconsistent, RuleMatchesNothing, RulePortName,
	RuleGoEnvUnset, RuleEnvUnread, RuleIgnore, RuleSkipped,
}

// SARIFRules describes every manifest rule for SARIF (ids "manifest/<rule>").
func SARIFRules() []output.Rule {
	rules := []output.Rule{{ID: "manifest", Summary: "Kubernetes/YAML manifest checks", Doc: Analyzer.Doc, HelpURI: lint.DocURL("manifest")}}
	for _, id := range RuleIDs {
		rules = append(rules, output.Rule{ID: "manifest/" + id, Summary: "manifest rule " + id, Doc: "See the " + id + " entry of the manifest checker's documentation.", HelpURI: lint.DocURL("manifest") + "#" + id})
	}
	return rules
}
