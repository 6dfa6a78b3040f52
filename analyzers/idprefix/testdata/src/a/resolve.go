package a

import (
	"errors"
	"fmt"
	"strings"
)

// Short-ID resolvers: an exact match first, then a prefix scan that
// refuses when more than one ID matches (issue 15). The ambiguity is named
// by a sentinel, an error type or a message declared elsewhere.

var ErrAmbiguous = errors.New("prefix is not unique")

var errConflict = errors.New("the prefix matches more than one container")

type AmbiguousError struct{ Prefix string }

func (e *AmbiguousError) Error() string { return "ambiguous prefix " + e.Prefix }

type Container struct{ ID string }

func resolveSentinel(byID map[string]*Container, all []Container, containerID string) (*Container, error) {
	if c, ok := byID[containerID]; ok {
		return c, nil
	}
	var found *Container
	for i := range all {
		if strings.HasPrefix(all[i].ID, containerID) {
			if found != nil {
				return nil, ErrAmbiguous
			}
			found = &all[i]
		}
	}
	return found, nil
}

func resolveWrapped(all []Container, containerID string) (*Container, error) {
	var found *Container
	for i := range all {
		if strings.HasPrefix(all[i].ID, containerID) {
			if found != nil {
				return nil, fmt.Errorf("%s: %w", containerID, errConflict)
			}
			found = &all[i]
		}
	}
	return found, nil
}

func resolveTyped(all []Container, containerID string) (*Container, error) {
	var found *Container
	for i := range all {
		if strings.HasPrefix(all[i].ID, containerID) {
			if found != nil {
				return nil, &AmbiguousError{Prefix: containerID}
			}
			found = &all[i]
		}
	}
	return found, nil
}

// Look-alike: a scan whose errors say nothing about ambiguity takes the
// first container that merely starts with the ID.
var errGone = errors.New("no such container")

func lookupContainer(all []Container, containerID string) (*Container, error) {
	for i := range all {
		if strings.HasPrefix(all[i].ID, containerID) { // want `matches containerID as a bare prefix to select one element`
			return &all[i], nil
		}
	}
	return nil, errGone
}

// Look-alike: a flag named "multiple" is not an ambiguity error.
func lookupAny(all []Container, containerID string, multiple bool) *Container {
	for i := range all {
		if strings.HasPrefix(all[i].ID, containerID) && !multiple { // want `matches containerID as a bare prefix to select one element`
			return &all[i]
		}
	}
	return nil
}
