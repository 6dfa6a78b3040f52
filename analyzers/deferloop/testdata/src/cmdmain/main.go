// A command: loops over what the user typed are bounded by it; loops over
// what the program reads or accepts are not.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"

	mcli "github.com/minio/cli"
	"github.com/spf13/cobra"
	"github.com/urfave/cli/v2"
)

func main() {
	flag.Parse()
	dumpArgs()
	dumpFlags()
	serve()
}

// cat-like: one open file per argument until main's helper returns.
func dumpArgs() {
	for _, name := range os.Args[1:] {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		defer f.Close() // grade:info // want `f, from os.Open at line \d+, stays open until then; every iteration holds one more; the loop runs once per command-line argument, a count fixed when the program starts, so the cost is bounded`
		fmt.Println(f.Name())
	}
}

func dumpFlags() {
	for _, name := range flag.Args() {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		defer f.Close() // grade:info // want `the loop runs once per command-line argument`
	}
	set := flag.NewFlagSet("sub", flag.ExitOnError)
	for _, name := range set.Args() {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		defer f.Close() // grade:info // want `the loop runs once per command-line argument`
	}
}

// The xl-meta shape: the action's arguments, a default when none are
// given, expanded as globs.
func app() *mcli.App {
	a := &mcli.App{}
	a.Action = func(c *mcli.Context) error {
		args := c.Args()
		if len(args) == 0 {
			args = []string{"xl.meta"}
		}
		var files []string
		for _, pattern := range args {
			if pattern == "-" {
				files = append(files, pattern)
				continue
			}
			found, err := filepath.Glob(pattern)
			if err != nil {
				return err
			}
			files = append(files, found...)
		}
		for _, file := range files {
			f, err := os.Open(file)
			if err != nil {
				return err
			}
			defer f.Close() // grade:info // want `the loop runs once per command-line argument`
		}
		return nil
	}
	return a
}

func v2Action(c *cli.Context) error {
	for _, name := range c.Args().Slice() {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close() // grade:info // want `the loop runs once per command-line argument`
	}
	return nil
}

var rootCmd = &cobra.Command{
	Use: "dump",
	RunE: func(cmd *cobra.Command, args []string) error {
		for _, name := range args {
			f, err := os.Open(name)
			if err != nil {
				return err
			}
			defer f.Close() // grade:info // want `the loop runs once per command-line argument`
		}
		return nil
	},
}

// The same with the command unnamed.
var catCmd = &cobra.Command{
	Use: "cat",
	RunE: func(_ *cobra.Command, args []string) error {
		for _, name := range args {
			f, err := os.Open(name)
			if err != nil {
				return err
			}
			defer f.Close() // grade:info // want `the loop runs once per command-line argument`
		}
		return nil
	},
}

// ---- package main, but not bounded by the command line: errors ----

// A long-running server loop: one connection more per client, forever.
func serve() {
	ln, err := net.Listen("tcp", ":8080")
	if err != nil {
		return
	}
	for {
		conn, err := ln.Accept()
		if err != nil {
			continue
		}
		defer conn.Close() // grade:error // want `conn, from ln.Accept at line \d+, stays open until then; every iteration holds one more; wrap`
		fmt.Fprintln(conn, "hi")
	}
}

// A directory named on the command line: its entries are not.
func walkDir() {
	entries, err := os.ReadDir(os.Args[1])
	if err != nil {
		return
	}
	for _, e := range entries {
		f, err := os.Open(e.Name())
		if err != nil {
			continue
		}
		defer f.Close() // grade:error // want `f, from os.Open at line \d+, stays open until then`
	}
}

// A list that starts with the arguments but grows with a file's lines.
func listFromFile() {
	names := os.Args[1:]
	lf, err := os.Open("list.txt")
	if err != nil {
		return
	}
	defer lf.Close()
	sc := bufio.NewScanner(lf)
	for sc.Scan() {
		names = append(names, sc.Text())
	}
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		defer f.Close() // grade:error // want `f, from os.Open at line \d+, stays open until then`
	}
}

// Arguments read with something other than a glob (each names a list).
func argsExpanded() {
	var files []string
	for _, a := range os.Args[1:] {
		entries, _ := os.ReadDir(a)
		for _, e := range entries {
			files = append(files, e.Name())
		}
	}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		defer f.Close() // grade:error // want `f, from os.Open at line \d+, stays open until then`
	}
}

// A cobra command whose args are replaced by something else.
var listCmd = &cobra.Command{
	Use: "list",
	RunE: func(cmd *cobra.Command, args []string) error {
		args = readList()
		for _, name := range args {
			f, err := os.Open(name)
			if err != nil {
				return err
			}
			defer f.Close() // grade:error // want `f, from os.Open at line \d+, stays open until then`
		}
		return nil
	},
}

func readList() []string { return nil }
