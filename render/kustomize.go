package render

import "github.com/hindsight-lint/hindsight/internal/lint"

func checkKustomization(dir string, cfg *Config) []lint.Result { return nil }
