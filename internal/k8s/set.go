package k8s

import (
	"github.com/hindsight-lint/hindsight/internal/lint"
)

// Set is a checked manifest set: its findings, sorted by file and
// position, its files (for turning positions into offsets) and the index of
// what its workloads set, for comparing with the Go code.
type Set struct {
	findings []finding
	sources  []*source
	idx      *index
}

// Check loads the YAML files and directories in paths as one manifest set
// and returns its findings, sorted by file and position. The error is for
// paths that cannot be read at all; problems inside files are findings.
func Check(paths []string, cfg Config) ([]lint.Result, error) {
	files, skips, err := collectAll(paths)
	if err != nil {
		return nil, err
	}
	set, err := checkFiles(files, skips, &cfg)
	if err != nil {
		return nil, err
	}
	return set.Results(), nil
}

// Results returns the set's findings, sorted by file and position, with
// byte columns; a finding's severity is its rule's.
func (s *Set) Results() []lint.Result {
	out := make([]lint.Result, 0, len(s.findings))
	for _, f := range s.findings {
		out = append(out, f.result())
	}
	return out
}

// Content returns the text of a file of the set as checked (template
// actions masked, same lines and offsets), or nil for a file that was not
// read. Positions in Results index into it.
func (s *Set) Content(file string) []byte {
	for _, src := range s.sources {
		if src.path == file {
			return src.data
		}
	}
	return nil
}
