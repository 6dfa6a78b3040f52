// Package recipes holds the tests of hindsight's adoption recipes: the
// commands in README.md and docs/ (pre-commit, the GitHub Action's script,
// the release snapshot, Bazel's analyzer list, the editor problem matcher),
// run as the docs write them wherever they can run offline. It has no code
// of its own.
package recipes
