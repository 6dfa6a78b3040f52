package lint

import "strings"

// ListFlag is a flag holding a list: repeatable, and each value may be
// comma-separated. Checks' options and the command's flags use it alike.
type ListFlag []string

func (l *ListFlag) String() string { return strings.Join(*l, ",") }

// Set appends the comma-separated values of s.
func (l *ListFlag) Set(s string) error {
	for _, p := range strings.Split(s, ",") {
		if p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}
