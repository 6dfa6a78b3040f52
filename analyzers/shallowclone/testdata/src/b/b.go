// Package b holds helpers used across packages (facts).
package b

// CloneMap returns a fresh copy of m.
func CloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// OrEmpty returns m, or an empty map when m is nil: not a copy.
func OrEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// Record is a data record of another package.
type Record struct {
	Status string
	Tags   []string
}

// Handle is an opaque handle of another package.
type Handle struct {
	conns map[string]int
}

// Conns reports the number of connections.
func (h *Handle) Conns() int { return len(h.conns) }
