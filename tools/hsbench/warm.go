package main

// The warm rows: every tool with its cache filled by an untimed run of the
// same command, and hindsight after a one-file edit of a leaf package.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// leaf is the file the edit row touches.
type leaf struct {
	pkg, file string
	deps      int // packages it depends on
}

// warmTools lists the warm rows of co, in table order. A tool with fill
// set is run once, untimed, before the timed runs.
func warmTools(c *common, t *tools, co *corpus) ([]tool, error) {
	cacheDir := func(name string) (string, error) {
		d := filepath.Join(c.dir, "cache", co.name+"-"+name)
		if err := os.RemoveAll(d); err != nil {
			return "", err
		}
		return d, os.MkdirAll(d, 0o755)
	}
	fixed := func(argv []string, env ...string) func(int) ([]string, []string, func(), error) {
		return func(int) ([]string, []string, func(), error) { return argv, env, func() {}, nil }
	}
	hs, err := cacheDir("hindsight")
	if err != nil {
		return nil, err
	}
	hsArgv := []string{t.hindsight, "-cache=" + hs, "-debug=c", co.pattern}
	out := []tool{{name: "hindsight warm", fill: true, cmd: fixed(hsArgv)}}
	if co.pattern != "std" { // GOROOT is not edited
		lf, err := findLeaf(c, co)
		if err != nil {
			return nil, err
		}
		co.leaf = lf
		out = append(out, tool{name: "hindsight after a one-file leaf edit", cmd: func(i int) ([]string, []string, func(), error) {
			restore, err := appendEdit(lf.file, fmt.Sprintf("\n// hsbench edit\nfunc hsbenchEdit%d() {}\n", time.Now().UnixNano()))
			return hsArgv, nil, restore, err
		}})
	}
	sc, err := cacheDir("staticcheck")
	if err != nil {
		return nil, err
	}
	out = append(out,
		tool{name: "staticcheck warm", fill: true, cmd: fixed([]string{t.staticcheck, co.pattern}, "STATICCHECK_CACHE="+sc)},
		tool{name: "go vet warm", fill: true, cmd: fixed([]string{c.goCmd, "vet", co.pattern})})
	if t.golangci != "" && co.pattern != "std" {
		gc, err := cacheDir("golangci-lint")
		if err != nil {
			return nil, err
		}
		argv := []string{t.golangci, "run", "--allow-parallel-runners", "-c", t.golangciConfig, co.pattern}
		out = append(out, tool{name: "golangci-lint warm (hindsight checks only)", fill: true, cmd: fixed(argv, "GOLANGCI_LINT_CACHE="+gc)})
	}
	return out, nil
}

// findLeaf picks the package of co that no package of co imports (tests
// included) and that depends on the most packages, and in it the first
// Go file (by name) that is not generated.
func findLeaf(c *common, co *corpus) (*leaf, error) {
	out, err := run(co.dir, nil, c.goCmd, "list", "-e", "-json=ImportPath,Dir,GoFiles,Imports,TestImports,XTestImports,Deps", co.pattern)
	if err != nil {
		return nil, err
	}
	type pkg struct {
		ImportPath, Dir                     string
		GoFiles, Imports, TestImports, Deps []string
		XTestImports                        []string
	}
	var pkgs []pkg
	imported := map[string]bool{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			return nil, err
		}
		pkgs = append(pkgs, p)
		for _, l := range [][]string{p.Imports, p.TestImports, p.XTestImports} {
			for _, imp := range l {
				imported[imp] = true
			}
		}
	}
	sort.Slice(pkgs, func(i, j int) bool {
		if len(pkgs[i].Deps) != len(pkgs[j].Deps) {
			return len(pkgs[i].Deps) > len(pkgs[j].Deps)
		}
		return pkgs[i].ImportPath < pkgs[j].ImportPath
	})
	for _, p := range pkgs {
		if imported[p.ImportPath] {
			continue
		}
		files := append([]string(nil), p.GoFiles...)
		sort.Strings(files)
		for _, f := range files {
			path := filepath.Join(p.Dir, f)
			if src, err := os.ReadFile(path); err == nil && !bytes.Contains(src[:min(len(src), 2048)], []byte("// Code generated")) {
				return &leaf{pkg: p.ImportPath, file: path, deps: len(p.Deps)}, nil
			}
		}
	}
	return nil, fmt.Errorf("%s: no package that nothing imports", co.name)
}

// appendEdit appends text to file and returns what puts the file back; an
// interrupted bench puts it back too.
func appendEdit(file, text string) (restore func(), err error) {
	orig, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(file)
	if err != nil {
		return nil, err
	}
	var once sync.Once
	restore = func() {
		once.Do(func() {
			if err := os.WriteFile(file, orig, st.Mode()); err != nil {
				fmt.Fprintf(os.Stderr, "hsbench: could not restore %s: %v\n", file, err)
			}
		})
	}
	onStop(restore)
	return restore, os.WriteFile(file, append(append([]byte(nil), orig...), text...), st.Mode())
}

// golangciConfig writes the shipped golangci.hindsight.yml with golangci-lint's
// default linters off, so the row runs hindsight's checks alone.
func golangciConfig(dir string) (string, error) {
	data, err := os.ReadFile("golangci.hindsight.yml")
	if err != nil {
		return "", err
	}
	s := string(data)
	if !strings.Contains(s, "\nlinters:\n  enable:") {
		return "", fmt.Errorf("golangci.hindsight.yml: no linters.enable list")
	}
	s = strings.Replace(s, "\nlinters:\n  enable:", "\nlinters:\n  default: none\n  enable:", 1)
	path := filepath.Join(dir, "golangci-hindsight-only.yml")
	return path, os.WriteFile(path, []byte(s), 0o644)
}
