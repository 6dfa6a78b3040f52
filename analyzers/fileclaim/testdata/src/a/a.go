package a

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"io/ioutil"
	"log"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
)

func submit(data []byte) error { return nil }

// The incident: list, read, submit, delete; no claim.
func poll(spool string) {
	entries, err := os.ReadDir(spool)
	if err != nil {
		return
	}
	for _, e := range entries {
		p := filepath.Join(spool, e.Name())
		data, err := os.ReadFile(p) // want `p, listed by os.ReadDir at line \d+, is read here and deleted by os.Remove at line \d+ with no atomic claim first`
		if err != nil {
			continue
		}
		if err := submit(data); err != nil {
			continue
		}
		os.Remove(p)
	}
}

// Inline join, os.Open, error-checked delete that only logs.
func pollOpen(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		f, err := os.Open(filepath.Join(dir, e.Name())) // want `filepath.Join\(dir, e.Name\(\)\), listed by os.ReadDir at line \d+, is read here and deleted by os.Remove at line \d+`
		if err != nil {
			return err
		}
		b, _ := io.ReadAll(f)
		f.Close()
		submit(b)
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
			log.Printf("remove: %v", err)
		}
	}
	return nil
}

// filepath.Glob and a move into a shared done directory.
func pollGlob(spool, done string) {
	matches, _ := filepath.Glob(filepath.Join(spool, "*.job"))
	for _, m := range matches {
		data, err := ioutil.ReadFile(m) // want `m, listed by filepath.Glob at line \d+, is read here and moved away by os.Rename at line \d+`
		if err != nil {
			continue
		}
		submit(data)
		os.Rename(m, filepath.Join(done, filepath.Base(m)))
	}
}

// A walk callback.
func pollWalk(root string) error {
	return filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path) // want `path, listed by filepath.WalkDir at line \d+, is read here and deleted by os.Remove at line \d+`
		if err != nil {
			return err
		}
		submit(data)
		return os.Remove(path)
	})
}

// Readdirnames and string concatenation.
func pollNames(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	names, _ := d.Readdirnames(-1)
	d.Close()
	for _, n := range names {
		p := dir + "/" + n
		data, _ := os.ReadFile(p) // want `p, listed by \(\*os.File\).Readdirnames at line \d+, is read here and deleted by os.Remove at line \d+`
		submit(data)
		os.Remove(p)
	}
}

// Through helpers of the package: one reads, one deletes.
func load(path string) ([]byte, error) { return os.ReadFile(path) }

func discard(path string) { _ = os.Remove(path) }

func pollHelpers(dir string) {
	entries, _ := ioutil.ReadDir(dir)
	for _, fi := range entries {
		p := filepath.Join(dir, fi.Name())
		data, err := load(p) // want `p, listed by ioutil.ReadDir at line \d+, is read here \(through load, which calls os.ReadFile\) and deleted by os.Remove \(through discard\) at line \d+`
		if err != nil {
			continue
		}
		submit(data)
		discard(p)
	}
}

// One helper does the whole job for an entry.
func handle(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := submit(data); err != nil {
		return err
	}
	return os.Remove(path)
}

func pollHandle(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if err := handle(filepath.Join(dir, e.Name())); err != nil { // want `listed by os.ReadDir at line \d+, is read here \(through handle, which calls os.ReadFile\)`
			log.Print(err)
		}
	}
}

// A lister helper, and index-based ranging.
func pending(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".job") {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out, nil
}

func pollPending(dir string) {
	jobs, _ := pending(dir)
	for i := range jobs {
		data, _ := os.ReadFile(jobs[i]) // want `jobs\[i\], listed by os.ReadDir at line \d+, is read here and deleted by os.Remove at line \d+`
		submit(data)
		os.Remove(jobs[i])
	}
}

// Collected in one loop, processed in another.
func pollTwoLoops(dir string) {
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	for _, n := range names {
		p := filepath.Join(dir, n)
		f, err := os.OpenFile(p, os.O_RDONLY, 0) // want `p, listed by os.ReadDir at line \d+, is read here and deleted by os.Remove at line \d+`
		if err != nil {
			continue
		}
		data, _ := io.ReadAll(f)
		f.Close()
		submit(data)
		os.Remove(p)
	}
}

// A deferred remove written before the read still runs after it.
func pollDefer(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		func() {
			p := filepath.Join(dir, e.Name())
			defer os.Remove(p)
			data, _ := os.ReadFile(p) // want `p, listed by os.ReadDir at line \d+, is read here and deleted by os.Remove at line \d+`
			submit(data)
		}()
	}
}

// Sprintf paths and a rename that ignores its error is no claim.
func pollSprintf(dir, work string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		src := fmt.Sprintf("%s/%s", dir, e.Name())
		mine := filepath.Join(work, e.Name())
		os.Rename(src, mine)
		data, _ := os.ReadFile(mine) // want `mine, listed by os.ReadDir at line \d+, is read here and deleted by os.Remove at line \d+`
		submit(data)
		os.Remove(mine)
	}
}

// A sync.Mutex is not a claim: it does not stop another process.
var mu sync.Mutex

func pollMutex(dir string) {
	mu.Lock()
	defer mu.Unlock()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		data, _ := os.ReadFile(p) // want `is read here and deleted by os.Remove`
		submit(data)
		os.Remove(p)
	}
}

// A method on a type, with the spool directory in a field.
type Poller struct {
	Dir string
	mu  sync.RWMutex
}

func (p *Poller) Run() {
	p.mu.Lock()
	defer p.mu.Unlock()
	entries, err := os.ReadDir(p.Dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := filepath.Join(p.Dir, e.Name())
		b, err := os.ReadFile(name) // want `name, listed by os.ReadDir at line \d+, is read here and deleted by os.RemoveAll at line \d+`
		if err != nil {
			continue
		}
		submit(b)
		os.RemoveAll(name)
	}
}

// Suppressed with a reason.
func pollIgnored(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		//hindsight:ignore fileclaim deployed as a single replica behind a leader lock
		data, _ := os.ReadFile(p)
		submit(data)
		os.Remove(p)
	}
}

var _ = syscall.Flock

// Decoded and handed to a channel of workers.
func pollChannel(dir string, jobs chan<- []byte) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(p) // want `is read here and deleted by os.Remove`
		if err != nil {
			continue
		}
		jobs <- data
		os.Remove(p)
	}
}

type request struct{ URL string }

func (r *request) Send() {}

// Decoded into a value whose method performs it.
func pollAction(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		f, err := os.Open(p) // want `is read here and deleted by os.Remove`
		if err != nil {
			continue
		}
		var r request
		_ = json.NewDecoder(f).Decode(&r)
		f.Close()
		r.Send()
		os.Remove(p)
	}
}

// One goroutine per job.
func pollGo(dir string) {
	entries, _ := os.ReadDir(dir)
	var wg sync.WaitGroup
	for _, e := range entries {
		wg.Add(1)
		go func(path string) {
			defer wg.Done()
			data, err := os.ReadFile(path) // want `path, listed by os.ReadDir at line \d+, is read here`
			if err != nil {
				return
			}
			submit(data)
			os.Remove(path)
		}(filepath.Join(dir, e.Name()))
	}
	wg.Wait()
}

// A helper given the directory and the name.
func consume(dir, name string) error {
	p := filepath.Join(dir, name)
	data, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	if err := submit(data); err != nil {
		return err
	}
	return os.Remove(p)
}

func pollDirName(spool string) {
	entries, _ := os.ReadDir(spool)
	for _, e := range entries {
		if err := consume(spool, e.Name()); err != nil { // want `e.Name\(\), listed by os.ReadDir at line \d+, is read here \(through consume, which calls os.ReadFile\) and deleted by os.Remove \(through consume\)`
			log.Print(err)
		}
	}
}

// A helper given the directory entry itself.
func consumeEntry(dir string, e os.DirEntry) {
	p := filepath.Join(dir, e.Name())
	data, _ := os.ReadFile(p)
	submit(data)
	os.Remove(p)
}

func pollEntryHelper(spool string) {
	entries, _ := os.ReadDir(spool)
	for _, e := range entries {
		consumeEntry(spool, e) // want `e, listed by os.ReadDir at line \d+, is read here \(through consumeEntry`
	}
}

// A method working on the spool in a field.
type Spool struct{ dir string }

func (s *Spool) take(name string) {
	p := filepath.Join(s.dir, name)
	data, _ := os.ReadFile(p)
	submit(data)
	os.Remove(p)
}

func (s *Spool) Poll() {
	entries, _ := os.ReadDir(s.dir)
	for _, e := range entries {
		s.take(e.Name()) // want `is read here \(through take, which calls os.ReadFile\) and deleted by os.Remove \(through take\)`
	}
}

// Submitted, then moved to done with the error checked: the move is not a
// claim, the job was already submitted.
func pollMoveChecked(spool, done string) {
	entries, _ := os.ReadDir(spool)
	for _, e := range entries {
		p := filepath.Join(spool, e.Name())
		data, err := os.ReadFile(p) // want `p, listed by os.ReadDir at line \d+, is read here before it is claimed \(moved by os.Rename at line \d+\), and it is used at line \d+, before the claim`
		if err != nil {
			continue
		}
		var j struct{ ID string }
		json.Unmarshal(data, &j)
		if err := submit(data); err != nil {
			continue
		}
		if err := os.Rename(p, filepath.Join(done, e.Name())); err != nil {
			log.Printf("move %s: %v", j.ID, err)
			continue
		}
		log.Printf("done %s", j.ID)
	}
}

// Streamed to a writer with io.Copy.
func pollCopy(dir string, w io.Writer) {
	matches, _ := filepath.Glob(dir + "/*.out")
	for _, m := range matches {
		f, err := os.Open(m) // want `m, listed by filepath.Glob at line \d+, is read here and deleted by os.Remove`
		if err != nil {
			continue
		}
		io.Copy(w, f)
		f.Close()
		os.Remove(m)
	}
}

// Lines handed on one by one.
func pollLines(dir string, out chan<- string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		f, err := os.Open(p) // want `is read here and deleted by os.Remove`
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			publishLine(sc.Text())
		}
		f.Close()
		os.Remove(p)
	}
}

func publishLine(string) {}
