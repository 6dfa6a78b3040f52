// Package code is the knowledge every hindsight check shares about Go code:
// which files a check looks at, declarations and assignments, calls and
// callees, names and their words, sync types and lock methods, and edit
// distances for suggestions. It imports no check and no driver, and holds
// no state between calls (in the way of staticcheck's analysis/code).
package code
