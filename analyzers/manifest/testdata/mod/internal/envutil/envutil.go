// Package envutil wraps os.LookupEnv; the analyzer learns through a fact
// that Get's first parameter names an environment variable.
package envutil // want `internal/envutil/deploy-owned/pdb.yaml:7:7: PodDisruptionBudget worker selector app=wroker matches no pod template in the manifest set; did you mean app=worker \(the labels of pod/worker\)\?`

import "os"

// Get returns the variable's value or def.
func Get(name, def string) string { // want Get:"reads env var named by parameter 0"
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

// MustGet wraps Get: a wrapper of a wrapper.
func MustGet(name string) string { // want MustGet:"reads env var named by parameter 0"
	v := Get(name, "")
	if v == "" {
		panic(name + " not set")
	}
	return v
}

// Key is a name that is not an env var.
func Key(name string) string { return name }
