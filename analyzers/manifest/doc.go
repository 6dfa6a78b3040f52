// Package manifest defines the manifest check.
//
// # Analyzer manifest
//
// manifest: report Kubernetes manifest typos (duplicate keys, unknown fields, broken references) at file:line:col
package manifest
