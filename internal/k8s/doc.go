// Package k8s is the manifest engine: it checks Kubernetes manifests (YAML
// mistakes, schema errors against the embedded offline schema of
// internal/k8sschema, broken references across the set, env vars) and knows
// nothing of go/analysis. The standalone command (hindsight manifest) calls
// Check; the manifest analyzer (analyzers/manifest) calls Discover and
// Manifests.Check and turns the Set's results into diagnostics.
//
// # Pipeline
//
// load → index → check → results, over one manifest set:
//
//   - find: collect.go walks the paths given to Check; module.go walks a Go
//     module (Discover: skipping testdata, vendor, hidden directories, nested
//     modules and Helm templates; -globs; symbolic links and unreadable
//     directories become findings).
//   - load: parse.go reads files (on all CPUs, a bounded window), rejects
//     what is not YAML text, masks template actions and placeholders
//     (template.go, keeping every offset), decodes documents and turns
//     yaml.v3 errors into positioned findings; source.go holds a file and
//     its line table.
//   - per document: nodes.go (YAML 1.1 hazards, duplicate keys, alias
//     budget), walk.go and values.go (the schema walk and field values),
//     object.go (object-level rules), crd.go (CustomResourceDefinitions in
//     the set or in Config.CRDDirs extend the schema).
//   - index: index.go records, per object, the facts the set-wide checks need
//     (objects, workloads and containers, key references, services,
//     selectors, targets, names to spell-check), with positions; no node
//     tree is kept.
//   - set-wide checks: refs.go (Secret/ConfigMap references),
//     selectors.go (selectors, named ports, scale and backend targets),
//     env.go (env copies, env vars nothing reads), neardup.go (near-duplicate
//     env names among workloads of one image) and apps.go (among the
//     workloads of one application), spelling.go (misspelled words in env
//     names, keys and label keys, against misspell's dictionary).
//   - results: directives.go applies "# hindsight:ignore rule reason"
//     comments; check.go sorts and deduplicates. A Set gives the findings
//     (Results), the checked text of its files (Content) and compares Go env
//     reads with what the workloads set (CheckEnvReads, goenv.go).
//
// The rule ids and their severities are declared once, in rules.go (Rules);
// the analyzer re-exports the table. docs/manifest.md describes each rule.
package k8s
