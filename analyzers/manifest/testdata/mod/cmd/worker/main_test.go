package main

import (
	"os"
	"testing"
)

func TestEnv(t *testing.T) {
	_ = os.Getenv("ONLY_IN_TESTS") // tests are not deployed
}
