package runner

// The cache keys (cache.go): what is the same for every package of a run,
// and what a package's key holds.

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/hindsight-lint/hindsight/internal/cache"
)

// goEnv returns the go command's build configuration, as text and by
// variable.
func goEnv(opts Options) (string, map[string]string, error) {
	cmd := exec.Command("go", "env", "-json", "GOOS", "GOARCH", "GOVERSION", "GOROOT", "GOMODCACHE", "CGO_ENABLED", "GOFLAGS", "GOEXPERIMENT", "GOAMD64", "GOARM", "GOARM64", "GO386", "GOPPC64", "GORISCV64", "GOWASM")
	cmd.Dir = opts.Dir
	if opts.Env != nil {
		cmd.Env = opts.Env
	}
	out, err := cmd.Output()
	if err != nil {
		return "", nil, fmt.Errorf("go env: %v", err)
	}
	var m map[string]string
	if err := json.Unmarshal(out, &m); err != nil {
		return "", nil, err
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	})
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%s\n", k, m[k])
	}
	return b.String(), m, nil
}

// initCache computes the part of every key that is the same for all
// packages. It returns false (and leaves the cache off) if that fails.
func (d *driver) initCache() error {
	exe, err := exeHash()
	if err != nil {
		return err
	}
	env, vars, err := goEnv(d.opts)
	if err != nil {
		return err
	}
	h := cache.NewHasher()
	h.Add("format", cacheFormat)
	h.Add("exe", exe)
	h.Add("go", runtime.Version())
	h.Add("goenv", env)
	h.Add("buildflags", strings.Join(d.opts.BuildFlags, "\x00"))
	h.Add("tests", fmt.Sprint(d.opts.Tests))
	h.Add("sanity", fmt.Sprint(d.opts.Sanity))
	for _, a := range d.rootPlan {
		h.Add("analyzer", a.Name)
		a.Flags.VisitAll(func(f *flag.Flag) {
			h.Add("flag", f.Name+"="+f.Value.String())
		})
	}
	d.cache = &cacheState{c: d.opts.Cache, global: h.Sum(), env: vars}
	return nil
}

// fileHashes memoises file content hashes for one run. Files in the
// module cache and in a released GOROOT, which the go command itself
// trusts not to change (its module index), are hashed through a memo
// kept in the cache (cache.FileMemo): a warm run stats them instead of
// reading them. The main module's files are always read.
type fileHashes struct {
	mu      sync.Mutex
	m       map[string]fileHash
	memo    *cache.FileMemo
	trusted []string // directories whose files go through memo
}

type fileHash struct {
	sum cache.Key
	err error
}

func (fh *fileHashes) get(name string) (cache.Key, error) {
	fh.mu.Lock()
	v, ok := fh.m[name]
	fh.mu.Unlock()
	if ok {
		return v.sum, v.err
	}
	inTrusted := func(dir string) bool { return strings.HasPrefix(name, dir+string(filepath.Separator)) }
	if fh.memo != nil && slices.ContainsFunc(fh.trusted, inTrusted) {
		v.sum, _, v.err = fh.memo.Sum(name)
	} else {
		var data []byte
		data, v.err = os.ReadFile(name)
		v.sum = cache.Hash(data)
	}
	fh.mu.Lock()
	fh.m[name] = v
	fh.mu.Unlock()
	return v.sum, v.err
}

// newFileHashes returns the file hashes of a run with the cache.
func (d *driver) newFileHashes() *fileHashes {
	fh := &fileHashes{m: map[string]fileHash{}}
	if dir := d.cache.env["GOMODCACHE"]; dir != "" {
		fh.trusted = append(fh.trusted, filepath.Clean(dir))
	}
	if dir := d.cache.env["GOROOT"]; dir != "" && !strings.HasPrefix(d.cache.env["GOVERSION"], "devel") {
		fh.trusted = append(fh.trusted, filepath.Clean(dir))
	}
	dir := d.opts.Dir
	if dir == "" {
		dir, _ = os.Getwd()
	}
	if root := ModuleRoot(dir); root != "" {
		dir = root
	}
	h := cache.NewHasher()
	h.Add("file stamps of the module cache and GOROOT, for", dir)
	fh.memo = cache.NewFileMemo(d.cache.c, h.Sum())
	return fh
}

// nodeInputs hashes what a package's key holds besides its imports: its
// identity, files and build settings, and for a root the extra inputs
// of the analyzers (Options.ExtraInputs). ok is false for a package that
// cannot be keyed.
func (d *driver) nodeInputs(n *node, fh *fileHashes) (cache.Key, bool) {
	p := n.pkg
	h := cache.NewHasher()
	h.AddKey("global", d.cache.global)
	h.Add("id", p.ID)
	h.Add("path", p.PkgPath)
	h.Add("name", p.Name)
	h.Add("root", fmt.Sprint(n.root))
	h.Add("sizes", fmt.Sprintf("%T%+v", p.TypesSizes, p.TypesSizes))
	if m := p.Module; m != nil {
		h.Add("module", fmt.Sprintf("%s@%s dir=%s go=%s main=%v", m.Path, m.Version, m.Dir, m.GoVersion, m.Main))
		if m.Replace != nil {
			h.Add("replace", fmt.Sprintf("%s@%s dir=%s", m.Replace.Path, m.Replace.Version, m.Replace.Dir))
		}
	}
	for _, list := range []struct {
		label string
		files []string
	}{{"compiled", p.CompiledGoFiles}, {"gofile", p.GoFiles}, {"other", p.OtherFiles}, {"ignored", p.IgnoredFiles}, {"embed", p.EmbedFiles}} {
		for _, f := range list.files {
			sum, err := fh.get(f)
			if err != nil {
				return cache.Key{}, false
			}
			h.Add(list.label, f)
			h.AddKey("content", sum)
		}
	}
	if n.root && d.opts.ExtraInputs != nil {
		for _, a := range d.rootPlan {
			s, err := d.opts.ExtraInputs(a, p)
			if err != nil {
				return cache.Key{}, false
			}
			if s != "" {
				h.Add("extra "+a.Name, s)
			}
		}
	}
	return h.Sum(), true
}

// computeKey sets n.key from its inputs and its imports' dependency
// hashes; false if an import has none.
func (d *driver) computeKey(n *node) bool {
	if !n.hasInputs {
		return false
	}
	h := cache.NewHasher()
	h.AddKey("inputs", n.inputs)
	for _, dep := range n.imports { // in import path order
		if !dep.hasDepHash {
			return false
		}
		h.Add("import", dep.pkg.PkgPath)
		h.AddKey("dep", dep.depHash)
	}
	n.key, n.hasKey = h.Sum(), true
	return true
}

// setDepHash sets n's dependency hash from its API and facts hashes.
func (n *node) setDepHash(api, facts cache.Key) {
	h := cache.NewHasher()
	h.AddKey("api", api)
	h.AddKey("facts", facts)
	for _, dep := range n.imports {
		h.AddKey("dep", dep.depHash) // set: n's key needed them
	}
	n.depHash, n.hasDepHash = h.Sum(), true
}

func metaKey(k cache.Key) cache.Key {
	h := cache.NewHasher()
	h.Add("meta", "")
	h.AddKey("key", k)
	return h.Sum()
}
