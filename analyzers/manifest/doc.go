// Package manifest defines an Analyzer that checks Kubernetes manifests:
// YAML mistakes, schema errors against an embedded offline schema, broken
// references across the manifest set, and environment variables that the Go
// code reads but the manifests do not set.
//
// # Analyzer manifest
//
// manifest: report Kubernetes manifest typos (duplicate keys, unknown fields, broken references, env mismatches) at file:line:col
//
// Incident 4: three Deployments set the same environment variables with
// copied blocks of YAML. In the queue worker's copy an edit left a second
// key: line inside a secretKeyRef. YAML loaders keep the last value, so the
// worker read a key the Secret did not have, and most notifications failed
// for days. Each file was valid on its own; no schema validator reports it.
//
//	env:
//	  - name: PUSH_TOKEN
//	    valueFrom:
//	      secretKeyRef:
//	        name: notify-secrets
//	        key: push-token
//	        key: push-token-v1   # reported three ways: duplicate key, missing
//	                             # Secret key (did you mean "push-token"?), and
//	                             # a copy that differs from the other workloads
//
// The check finds the module's manifests itself: by default every YAML file
// in the module (outside testdata, vendor, hidden directories, nested
// modules and Helm chart templates) with a top-level apiVersion and kind;
// -manifest.globs selects files instead (relative to the module root, **
// matches directories). Each YAML file's findings are reported by one
// package, which checks the whole set: the nearest enclosing package
// directory, or the module's first package. Findings carry real YAML
// positions; -manifest.gopos reports them at that package's package clause
// with "path/file.yaml:line:col: " in the message, for golangci-lint, which
// drops non-Go positions. Each diagnostic carries its rule id in its Category.
//
// Rules (stable ids, for suppression): yaml-syntax, yaml-tab,
// duplicate-key, key-collision, yaml11-coercion, yaml11-key, alias-budget,
// unreadable; unknown-field, misplaced-field, wrong-type, enum, format,
// resource-name, label-syntax, object-name, port-range, selector-mismatch,
// unknown-kind, undefined-kind, removed-api, duplicate-list-key,
// duplicate-port; missing-ref, missing-ref-typo, env-near-duplicate,
// env-inconsistent, misspelling, matches-nothing, port-name; go-env-typo, go-env-unset,
// env-unread; ignore-directive. docs/manifest.md describes each.
//
// Suppress a finding with a YAML comment on its line or the line above:
//
//	# hindsight:ignore duplicate-key the loader of this file is not Kubernetes
//
// (the rule may be "manifest" for all rules; a reason is required). Go-side
// findings use //hindsight:ignore manifest <reason>.
//
// go vet caches results by Go inputs only: after editing YAML, run go vet
// with -a (or use the standalone command, which has no cache).
//
// The analyzer needs the module tree: it finds the go.mod above the
// package directory and reads the manifests (and, for env-unread, the
// module's Go files) itself, outside the pass. Where there is no go.mod
// above the package or its directory cannot be read (Bazel nogo), it
// reports nothing from YAML and no Go-env finding.
//
// # Architecture
//
// This package is a thin adapter over the engine, internal/k8s (no
// go/analysis there; hindsight manifest calls k8s.Check directly):
//
//   - manifest.go: the Analyzer, its flags and run; reportYAML turns the
//     engine's results into diagnostics at YAML positions (or at the
//     package clause with -gopos).
//   - owner.go: which package reports which manifests, decided by each
//     package alone (nothing survives between Run calls but facts): its
//     own directory down to the next package directory, and for the
//     module's first package the manifests no package directory encloses.
//     Owners check the whole set (cross-file checks need it).
//   - goenv.go: the Go env contract: reads of constant-named env vars,
//     wrappers exported as EnvReaderFact, compared with the set's env index
//     (k8s.Set.CheckEnvReads).
//   - rules.go: re-exports the engine's rule table.
package manifest
