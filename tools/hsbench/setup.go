package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// aliases are the pinned real modules known by a short name.
var aliases = map[string]string{
	"prometheus": "github.com/prometheus/prometheus@v0.316.0",
}

// corpus is code to analyse: a directory and the package pattern to use in it.
type corpus struct {
	name    string // "std" or the short name / module@version
	dir     string // working directory of the runs
	pattern string // "std" or "./..."
	lines   int    // lines of Go in the analysed packages (with tests)
	pkgs    int    // packages matched
	leaf    *leaf  // the file of the edit row (warm.go), if any
}

// env is the environment of every command hsbench runs: no workspace,
// no toolchain switching.
func env(extra ...string) []string {
	e := append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local")
	return append(e, extra...)
}

// run runs a command in dir and returns its standard output; a failure
// includes its standard error.
func run(dir string, extraEnv []string, name string, args ...string) ([]byte, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env(extraEnv...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("%s %s (in %s): %v\n%s", name, strings.Join(args, " "), dir, err, tail(stderr.String(), 2000))
	}
	return out, nil
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

// setupCorpora prepares every corpus named in list.
func setupCorpora(c *common) ([]*corpus, error) {
	var out []*corpus
	for _, name := range strings.Fields(c.corpora) {
		co, err := setupCorpus(c, name)
		if err != nil {
			return nil, err
		}
		out = append(out, co)
	}
	return out, nil
}

func setupCorpus(c *common, name string) (*corpus, error) {
	if name == "std" {
		dir := filepath.Join(c.dir, "std")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		co := &corpus{name: "std", dir: dir, pattern: "std"}
		return co, countLines(c, co)
	}
	if strings.HasPrefix(name, "/") || strings.HasPrefix(name, ".") {
		dir, err := filepath.Abs(name)
		if err != nil {
			return nil, err
		}
		co := &corpus{name: filepath.Base(dir), dir: dir, pattern: "./..."}
		return co, countLines(c, co)
	}
	modver := name
	if a, ok := aliases[name]; ok {
		modver = a
	}
	if !strings.Contains(modver, "@") {
		return nil, fmt.Errorf("corpus %q: want std, one of the aliases or module@version", name)
	}
	dst := filepath.Join(c.dir, "src", strings.ReplaceAll(modver, "/", "_"))
	co := &corpus{name: name, dir: dst, pattern: "./..."}
	ready := filepath.Join(dst, ".hsbench-ready")
	if _, err := os.Stat(ready); err == nil {
		return co, countLines(c, co)
	}
	fmt.Fprintf(os.Stderr, "hsbench: fetching %s\n", modver)
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return nil, err
	}
	out, err := run(c.dir, nil, c.goCmd, "mod", "download", "-json", modver)
	if err != nil {
		return nil, err
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil {
		return nil, fmt.Errorf("go mod download -json %s: %v", modver, err)
	}
	if info.Error != "" || info.Dir == "" {
		return nil, fmt.Errorf("go mod download %s: %s", modver, info.Error)
	}
	if err := os.RemoveAll(dst); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return nil, err
	}
	if _, err := run(c.dir, nil, "cp", "-R", info.Dir, dst); err != nil {
		return nil, err
	}
	if _, err := run(c.dir, nil, "chmod", "-R", "u+w", dst); err != nil {
		return nil, err
	}
	for _, f := range []string{"go.work", "go.work.sum"} {
		if err := os.Remove(filepath.Join(dst, f)); err != nil && !os.IsNotExist(err) {
			return nil, err
		}
	}
	if _, err := run(dst, nil, c.goCmd, "mod", "download"); err != nil {
		return nil, err
	}
	if err := os.WriteFile(ready, []byte(modver+"\n"), 0o644); err != nil {
		return nil, err
	}
	return co, countLines(c, co)
}

// countLines counts the lines of Go (with tests) of the packages the
// pattern matches.
func countLines(c *common, co *corpus) error {
	out, err := run(co.dir, nil, c.goCmd, "list", "-e", "-f",
		`{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{range .CgoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{range .TestGoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{range .XTestGoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}#pkg`,
		co.pattern)
	if err != nil {
		return err
	}
	for _, f := range strings.Split(string(out), "\n") {
		if f == "#pkg" {
			co.pkgs++
			continue
		}
		if f == "" {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		co.lines += bytes.Count(data, []byte("\n"))
	}
	return nil
}

// tools are the binaries under measurement, in dir/bin.
type tools struct {
	hindsight, baseline, factsBaseline, staticcheck string
	staticcheckVersion, goVersion, commit           string
	// golangci is golangci-lint with hindsight's plugins (tools/golangci),
	// "" if it could not be built; golangciConfig enables hindsight's
	// checks alone.
	golangci, golangciConfig, golangciVersion string
}

const staticcheckModule = "honnef.co/go/tools/cmd/staticcheck@v0.8.2"

func buildTools(c *common, withStaticcheck bool) (*tools, error) {
	bin := filepath.Join(c.dir, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		return nil, err
	}
	repo, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	t := &tools{
		hindsight:     filepath.Join(bin, "hindsight"),
		baseline:      filepath.Join(bin, "baseline"),
		factsBaseline: filepath.Join(bin, "factsbaseline"),
	}
	for _, b := range []struct{ out, pkg string }{
		{t.hindsight, "./cmd/hindsight"},
		{t.baseline, "./tools/benchbase/cmd/baseline"},
		{t.factsBaseline, "./tools/benchbase/cmd/factsbaseline"},
	} {
		if _, err := run(repo, nil, c.goCmd, "build", "-o", b.out, b.pkg); err != nil {
			return nil, err
		}
	}
	if withStaticcheck {
		t.staticcheck = filepath.Join(bin, "staticcheck")
		if _, err := os.Stat(t.staticcheck); err != nil {
			fmt.Fprintf(os.Stderr, "hsbench: installing %s\n", staticcheckModule)
			if _, err := run(c.dir, []string{"GOBIN=" + bin, "GOFLAGS="}, c.goCmd, "install", staticcheckModule); err != nil {
				return nil, err
			}
		}
		out, err := run(c.dir, nil, t.staticcheck, "-version")
		if err != nil {
			return nil, err
		}
		t.staticcheckVersion = strings.TrimPrefix(strings.TrimSpace(string(out)), "staticcheck ")
	}
	t.golangci = filepath.Join(bin, "golangci-lint-hindsight")
	t.golangciVersion = "golangci-lint " + golangciVersion() + " with hindsight's plugins (tools/golangci)"
	if _, err := run(filepath.Join(repo, "tools", "golangci"), nil, c.goCmd, "build", "-o", t.golangci, "."); err != nil {
		fmt.Fprintf(os.Stderr, "hsbench: no golangci-lint row: %v\n", err)
		t.golangci, t.golangciVersion = "", "no golangci-lint (it did not build)"
	} else if t.golangciConfig, err = golangciConfig(c.dir); err != nil {
		return nil, err
	}
	out, err := run(repo, nil, c.goCmd, "env", "GOVERSION")
	if err != nil {
		return nil, err
	}
	t.goVersion = strings.TrimSpace(string(out))
	if out, err := run(repo, nil, "git", "describe", "--always", "--dirty"); err == nil {
		t.commit = strings.TrimSpace(string(out))
	} else {
		t.commit = "unknown"
	}
	return t, nil
}

// golangciVersion is the golangci-lint version tools/golangci requires.
func golangciVersion() string {
	data, err := os.ReadFile(filepath.Join("tools", "golangci", "go.mod"))
	if err != nil {
		return "?"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && (f[0] == "github.com/golangci/golangci-lint/v2" || len(f) >= 3 && f[1] == "github.com/golangci/golangci-lint/v2") {
			return f[len(f)-1]
		}
	}
	return "?"
}

// machine describes the computer and its load now.
func machine() string {
	cpu := runtime.GOARCH
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	mem := ""
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		if _, err := fmt.Sscanf(string(data), "MemTotal: %d kB", &kb); err == nil {
			mem = fmt.Sprintf(", %.1f GB RAM", float64(kb)/(1<<20))
		}
	}
	load := ""
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(data)); len(f) >= 3 {
			load = fmt.Sprintf(", load average %s %s %s at start", f[0], f[1], f[2])
		}
	}
	return fmt.Sprintf("%s, %d CPUs%s, %s/%s%s", cpu, runtime.NumCPU(), mem, runtime.GOOS, runtime.GOARCH, load)
}

func today() string { return time.Now().UTC().Format("2006-01-02 15:04 MST") }

// markerLine returns the offset of the first line at or after from that
// is exactly marker, or -1.
func markerLine(s, marker string, from int) int {
	for off := from; off < len(s); {
		k := strings.Index(s[off:], marker)
		if k < 0 {
			return -1
		}
		at := off + k
		after := at + len(marker)
		if (at == 0 || s[at-1] == '\n') && (after == len(s) || s[after] == '\n') {
			return at
		}
		off = after
	}
	return -1
}

// replaceSection rewrites the part of the document between
// "<!-- name:begin -->" and "<!-- name:end -->" (appending both markers
// at the end if they are missing), leaving the rest as it is.
func replaceSection(path, name, body string) error {
	begin, end := "<!-- "+name+":begin -->", "<!-- "+name+":end -->"
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	s := string(old)
	section := begin + "\n" + body + end
	// The markers count only on lines of their own (prose may quote them).
	i, j := markerLine(s, begin, 0), -1
	if i >= 0 {
		j = markerLine(s, end, i)
	}
	if i >= 0 && j > i {
		s = s[:i] + section + s[j+len(end):]
	} else {
		if s != "" && !strings.HasSuffix(s, "\n\n") {
			s = strings.TrimRight(s, "\n") + "\n\n"
		}
		s += section + "\n"
	}
	return os.WriteFile(path, []byte(s), 0o644)
}
