package main

// The analysis cache: -cache, HINDSIGHT_CACHE, `hindsight cache clean|info`
// (the manifest check's inputs in the cache key are in cachekey.go).

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/cache"
)

// cacheDir resolves -cache (a directory, "off", or "" for HINDSIGHT_CACHE
// or the default); "" means no cache.
func cacheDir(flagValue string) (string, error) {
	switch flagValue {
	case "off":
		return "", nil
	case "":
		return cache.Dir()
	}
	return flagValue, nil
}

// openCache opens the cache -cache names, or returns nil (with a warning
// when the cache was wanted but cannot be used).
func openCache(flagValue string, stderr io.Writer) *cache.Cache {
	dir, err := cacheDir(flagValue)
	if err == nil && dir == "" {
		return nil
	}
	warn := func(msg string) { fmt.Fprintln(stderr, "hindsight: warning:", msg) }
	if err == nil {
		var c *cache.Cache
		if c, err = cache.Open(dir, warn); err == nil {
			return c
		}
	}
	warn(fmt.Sprintf("cache not used: %v", err))
	return nil
}

// cacheCommand is `hindsight cache clean|info [-cache=DIR]`.
func cacheCommand(args []string, stdout, stderr io.Writer) int {
	usage := "usage: hindsight cache clean|info [-cache=DIR]"
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return exitFailure
	}
	verb, args := args[0], args[1:]
	flagValue := ""
	for _, a := range args {
		v, ok := strings.CutPrefix(strings.TrimPrefix(a, "-"), "-cache=")
		if !ok {
			v, ok = strings.CutPrefix(a, "-cache=")
		}
		if !ok {
			fmt.Fprintln(stderr, usage)
			return exitFailure
		}
		flagValue = v
	}
	dir, err := cacheDir(flagValue)
	if err != nil {
		fmt.Fprintln(stderr, "hindsight:", err)
		return exitFailure
	}
	if dir == "" {
		fmt.Fprintln(stderr, "hindsight: the cache is off (HINDSIGHT_CACHE=off or -cache=off)")
		return exitFailure
	}
	switch verb {
	case "clean":
		if _, err := os.Stat(dir); err != nil {
			return exitClean // nothing to clean
		}
		c, err := cache.Open(dir, nil)
		if err == nil {
			err = c.Clean()
		}
		if err != nil {
			fmt.Fprintln(stderr, "hindsight:", err)
			return exitFailure
		}
		return exitClean
	case "info":
		entries, size := 0, int64(0)
		if _, err := os.Stat(dir); err == nil {
			c, err := cache.Open(dir, nil)
			if err == nil {
				entries, size, err = c.Info()
			}
			if err != nil {
				fmt.Fprintln(stderr, "hindsight:", err)
				return exitFailure
			}
		}
		fmt.Fprintf(stdout, "directory: %s\nentries:   %d\nsize:      %.1f MB (%d bytes)\n", dir, entries, float64(size)/1e6, size)
		return exitClean
	}
	fmt.Fprintln(stderr, usage)
	return exitFailure
}
