package manifest_test

import (
	"os"
	"strconv"
)

func itoa(i int) string { return strconv.Itoa(i) }

func testEnv() []string { return os.Environ() }
