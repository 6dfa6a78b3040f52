// Package manifest defines an Analyzer, and a command entry (Main) and a
// library function (Check), that check Kubernetes manifests: YAML mistakes,
// schema errors against an embedded offline schema, broken references
// across the manifest set, and environment variables that the Go code reads
// but the manifests do not set.
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
// matches directories). The whole set is checked once, and each YAML file's
// findings are reported by one package: the nearest enclosing package
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
// env-inconsistent, matches-nothing, port-name; go-env-typo, go-env-unset,
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
package manifest
