package k8s

// Config holds the options of the manifest engine; the analyzer's flags and
// the standalone command fill it.
type Config struct {
	// Globs select the manifest files of a module, relative to the module
	// root (Discover only). Empty: every YAML file in the module that looks
	// like a Kubernetes object.
	Globs []string
	// CRDDirs are directories of CustomResourceDefinition YAML whose kinds
	// are known (in addition to CRDs in the set itself).
	CRDDirs []string
	// MaxBytes is the largest file parsed (0: 16 MiB).
	MaxBytes int64
	// MaxAliasNodes is how many nodes one document may expand to through
	// aliases before it is rejected as an alias bomb (0: 1,000,000).
	MaxAliasNodes int

	// goStrings, when set, holds every string literal of the Go code that
	// the manifests deploy; env vars set in manifests for containers that
	// run that code are reported when no literal names them.
	goStrings map[string]bool
	relTo     string // show paths inside messages relative to this directory
}

func (c *Config) maxBytes() int64 {
	if c.MaxBytes > 0 {
		return c.MaxBytes
	}
	return 16 << 20
}

func (c *Config) maxAliasNodes() int {
	if c.MaxAliasNodes > 0 {
		return c.MaxAliasNodes
	}
	return 1_000_000
}
