// Package shallowclone defines an Analyzer that reports Clone, Copy and
// DeepCopy functions that leave pointer, map or slice fields shared with the
// value they copy.
//
// # Analyzer shallowclone
//
// shallowclone: report Clone/Copy methods that leave pointer, map or slice fields shared with the original
//
// TODO
package shallowclone
