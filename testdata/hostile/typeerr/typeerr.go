package typeerr

import "os"

func Broken(names []string) int {
	for _, n := range names {
		f, _ := os.Open(n)
		defer f.Close()
	}
	return "not an int"
}
