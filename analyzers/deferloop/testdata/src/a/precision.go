package a

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"os"
	"strings"
)

// Issue 15 shapes: defers without an acquisition in the iteration are info
// at most, and the stored / guarded / rollback exemptions apply to them.

type container struct{ id string }

func (c *container) Delete(ctx context.Context) error { return nil }
func (c *container) Pid() int                         { return 0 }

func newContainer(ctx context.Context, id string) (*container, error) { return &container{id}, nil }

// A stress tool that keeps N containers alive until it returns: Delete is
// not a release of something the tool means to free per iteration. Info.
func density(ctx context.Context, n int) ([]int, error) {
	var pids []int
	for i := 0; i < n; i++ {
		c, err := newContainer(ctx, "x")
		if err != nil {
			return nil, err
		}
		defer c.Delete(ctx) // grade:info // want `defer of c.Delete\(...\) in loop runs at function exit, not at the end of the iteration: the deferred calls pile up until then`
		pids = append(pids, c.Pid())
	}
	return pids, nil
}

// ... and when the containers are kept in a slice, silent.
func keepAlive(ctx context.Context, n int) ([]*container, error) {
	var all []*container
	for i := 0; i < n; i++ {
		c, err := newContainer(ctx, "x")
		if err != nil {
			return nil, err
		}
		defer c.Delete(ctx)
		all = append(all, c)
	}
	return all, nil
}

type bystander struct{}

func newBystander() *bystander { return &bystander{} }
func (b *bystander) close()    {}

// Elements of a collection filled by the loop, cleaned up at exit: silent.
func bystanders() {
	nodes := make([]*bystander, 5)
	for i := range nodes {
		nodes[i] = newBystander()
		defer nodes[i].close()
	}
}

func undo(string) {}

// Rollback closures run only when the function fails: silent.
func createAll(names []string) (err error) {
	for _, n := range names {
		if err = os.Mkdir(n, 0o755); err != nil {
			return err
		}
		defer func() {
			if err != nil {
				undo(n)
			}
		}()
	}
	return nil
}

// An unconditional closure that undoes nothing acquired: pile-up, info.
func cleanupHooks(hooks []func()) {
	for _, h := range hooks {
		h := h
		defer func() { // grade:info // want `defer of a function literal in loop runs at function exit, not at the end of the iteration: the deferred calls pile up until then`
			h()
		}()
	}
}

// "Stored for after the loop" through a call, a map key and a type
// assertion: silent.
func readers(names []string) []*bufio.Reader {
	var rs []*bufio.Reader
	for _, n := range names {
		f, err := os.Open(n)
		if err != nil {
			continue
		}
		defer f.Close()
		rs = append(rs, bufio.NewReader(f))
	}
	return rs
}

func readersVia(names []string) []io.Reader {
	var rs []io.Reader
	for _, n := range names {
		f, err := os.Open(n)
		if err != nil {
			continue
		}
		defer f.Close()
		r := bufio.NewReader(f)
		rs = append(rs, r)
	}
	return rs
}

func byFile(names []string) map[*os.File]string {
	m := map[*os.File]string{}
	for _, n := range names {
		f, err := os.Open(n)
		if err != nil {
			continue
		}
		defer f.Close()
		m[f] = n
	}
	return m
}

type fileCloser interface{ Close() error }

func openAs(open func(string) (fileCloser, error), names []string) []*os.File {
	var list []*os.File
	for _, n := range names {
		x, err := open(n)
		if err != nil {
			continue
		}
		defer x.Close()
		list = append(list, x.(*os.File))
	}
	return list
}

// Reading all of a file into a slice keeps the data, not the file: still
// one more open file per iteration.
func slurp(names []string) ([][]byte, error) {
	var out [][]byte
	for _, n := range names {
		f, err := os.Open(n)
		if err != nil {
			return nil, err
		}
		defer f.Close() // grade:error // want `f, from os.Open at line \d+, stays open until then; every iteration holds one more`
		data, err := io.ReadAll(f)
		if err != nil {
			return nil, err
		}
		out = append(out, data)
	}
	return out, nil
}

// A field of plain data is not the server: []string{srv.URL} keeps the URL.
func servers(n int) []string {
	var urls []string
	for i := 0; i < n; i++ {
		srv := httptest.NewServer(nil)
		defer srv.Close() // grade:error // want `srv, from httptest.NewServer at line \d+, stays open until then`
		urls = append(urls, []string{srv.URL}...)
	}
	return urls
}

// Closed explicitly at the end of the iteration; the defer only covers
// early exits. Not "open until the function returns": info.
func copyEach(names []string, w io.Writer) error {
	for _, n := range names {
		f, err := os.Open(n)
		if err != nil {
			return err
		}
		defer f.Close() // grade:info // want `f.Close\(\) at line \d+ releases f on the normal path, so nothing is held across iterations; the defer only covers early exits and repeats the release when the function returns`
		if _, err := io.Copy(w, f); err != nil {
			return err
		}
		f.Close()
	}
	return nil
}

var errSkip = errors.New("skip")

// ... but a continue between the defer and the explicit Close skips it:
// on that path the file stays open until the function returns.
func copySome(names []string, w io.Writer) error {
	for _, n := range names {
		f, err := os.Open(n)
		if err != nil {
			return err
		}
		defer f.Close() // grade:error // want `the continue at line \d+ skips the f.Close\(\) at line \d+, so on that path f, from os.Open at line \d+, stays open until then`
		if strings.HasSuffix(n, ".skip") {
			continue
		}
		if _, err := io.Copy(w, f); err != nil {
			return err
		}
		f.Close()
	}
	return nil
}

// A continue of an inner loop does not skip the release.
func copyLines(names []string, w io.Writer) error {
	for _, n := range names {
		f, err := os.Open(n)
		if err != nil {
			return err
		}
		defer f.Close() // grade:info // want `f.Close\(\) at line \d+ releases f on the normal path`
		for _, l := range []string{"a", "b"} {
			if l == "" {
				continue
			}
			io.WriteString(w, l)
		}
		f.Close()
	}
	return nil
}
