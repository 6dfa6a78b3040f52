package main // want `deploy/app.yaml:9:17: env var QUEUE_URL is set .*` `deploy/app.yaml:14:15: duplicate key "key".*` `deploy/app.yaml:14:20: Secret "worker-secrets" .* has no key "queue_uri"; did you mean "queue-url"\?` `deploy/app.yaml:20:17: env var LEGACY_MODE .*` `deploy/app.yaml:21:18: value: yes is a YAML 1.1 boolean.*`

import (
	"os"

	"example.com/mod/internal/envutil"
)

const queueVar = "QUEUE_URI"

func main() {
	_ = os.Getenv(queueVar)               // want `env var QUEUE_URI is read here, but the manifests set QUEUE_URL \(.*app.yaml:9:17\), not QUEUE_URI: a typo\?`
	_ = os.Getenv("LOG_LEVEL")            // set by the manifest
	_ = os.Getenv("HOME")                 // well known
	_ = envutil.Get("FEATURE_FLAGS", "")  // want `env var FEATURE_FLAGS is read here, but no manifest in the module sets it`
	_ = envutil.MustGet("WORKER_THREADS") // set by the manifest
	_ = envutil.Key("NOT_AN_ENV_VAR")     // not a reader
	name := "DYNAMIC"
	_ = os.Getenv(name)                        // not constant
	if v, ok := os.LookupEnv("LOG_LEVL"); ok { // want `env var LOG_LEVL is read here, but the manifests set LOG_LEVEL`
		_ = v
	}
	_ = os.Getenv("POD_NAME") // set through the downward API (by the ingress pod too)
}
