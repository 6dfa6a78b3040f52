package a

import (
	"bufio"
	"bytes"
	"encoding/json"
	"hash/crc32"
	"io"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Claim by rename into a private directory, error checked.
func okRename(spool, work string) {
	entries, _ := os.ReadDir(spool)
	for _, e := range entries {
		mine := filepath.Join(work, e.Name())
		if err := os.Rename(filepath.Join(spool, e.Name()), mine); err != nil {
			continue // another worker took it
		}
		data, err := os.ReadFile(mine)
		if err != nil {
			continue
		}
		submit(data)
		os.Remove(mine)
	}
}

// Claim by rename, error checked on the next line.
func okRenameErr(spool, work string) {
	matches, _ := filepath.Glob(spool + "/*.job")
	for _, m := range matches {
		mine := filepath.Join(work, filepath.Base(m))
		err := os.Rename(m, mine)
		if err != nil {
			continue
		}
		data, _ := os.ReadFile(mine)
		submit(data)
		os.Remove(mine)
	}
}

// Claim by hard link.
func okLink(spool, work string) {
	entries, _ := os.ReadDir(spool)
	for _, e := range entries {
		p := filepath.Join(spool, e.Name())
		if os.Link(p, filepath.Join(work, e.Name())) != nil {
			continue
		}
		data, _ := os.ReadFile(p)
		submit(data)
		os.Remove(p)
	}
}

// Claim by an O_EXCL lock file per entry.
func okExcl(spool string) {
	entries, _ := os.ReadDir(spool)
	for _, e := range entries {
		p := filepath.Join(spool, e.Name())
		lock, err := os.OpenFile(p+".lock", os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			continue
		}
		lock.Close()
		data, _ := os.ReadFile(p)
		submit(data)
		os.Remove(p)
		os.Remove(p + ".lock")
	}
}

// Claim by flock on the entry.
func okFlock(spool string) {
	entries, _ := os.ReadDir(spool)
	for _, e := range entries {
		p := filepath.Join(spool, e.Name())
		f, err := os.OpenFile(p, os.O_RDWR, 0)
		if err != nil {
			continue
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			f.Close()
			continue
		}
		data, _ := os.ReadFile(p)
		submit(data)
		os.Remove(p)
		f.Close()
	}
}

// A lock on the whole directory before listing it.
func okDirFlock(spool string) {
	d, err := os.Open(spool)
	if err != nil {
		return
	}
	defer d.Close()
	if err := syscall.Flock(int(d.Fd()), syscall.LOCK_EX); err != nil {
		return
	}
	entries, _ := os.ReadDir(spool)
	for _, e := range entries {
		p := filepath.Join(spool, e.Name())
		data, _ := os.ReadFile(p)
		submit(data)
		os.Remove(p)
	}
}

// A claim helper of the package, called per entry.
func tryClaim(path string) bool { // want tryClaim:"locks via an O_EXCL lock file"
	f, err := os.OpenFile(path+".claim", os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return false
	}
	f.Close()
	return true
}

func okClaimHelper(spool string) {
	entries, _ := os.ReadDir(spool)
	for _, e := range entries {
		p := filepath.Join(spool, e.Name())
		if !tryClaim(p) {
			continue
		}
		data, _ := os.ReadFile(p)
		submit(data)
		os.Remove(p)
	}
}

// A helper that claims, reads and removes: the claim is inside it.
func process(path string) error { // want process:"locks via tryClaim"
	if !tryClaim(path) {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	submit(data)
	return os.Remove(path)
}

func okProcessHelper(spool string) {
	entries, _ := os.ReadDir(spool)
	for _, e := range entries {
		if err := process(filepath.Join(spool, e.Name())); err != nil {
			log.Print(err)
		}
	}
}

// Locker is a lease on a job, held in another system.
type Locker interface {
	TryLock(name string) bool
	Unlock(name string)
}

func okLocker(spool string, l Locker) {
	entries, _ := os.ReadDir(spool)
	for _, e := range entries {
		if !l.TryLock(e.Name()) {
			continue
		}
		p := filepath.Join(spool, e.Name())
		data, _ := os.ReadFile(p)
		submit(data)
		os.Remove(p)
		l.Unlock(e.Name())
	}
}

// The delete is the claim: it is checked, and only the worker whose
// remove succeeded submits what it read.
func okRemoveFirst(spool string) {
	entries, _ := os.ReadDir(spool)
	for _, e := range entries {
		p := filepath.Join(spool, e.Name())
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		if err := os.Remove(p); err != nil {
			continue // another worker took it
		}
		submit(data)
	}
}

type job struct{ ID string }

func okRenameDecode(spool, done string) {
	entries, _ := os.ReadDir(spool)
	for _, e := range entries {
		p := filepath.Join(spool, e.Name())
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		var j job
		err = json.NewDecoder(f).Decode(&j)
		f.Close()
		if err != nil {
			continue
		}
		if err := os.Rename(p, filepath.Join(done, e.Name())); err != nil {
			continue
		}
		log.Printf("job %s", j.ID)
	}
}

// Cleaning a directory this function created.
func okTemp() error {
	dir, err := os.MkdirTemp("", "work")
	if err != nil {
		return err
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		data, _ := os.ReadFile(p)
		submit(data)
		os.Remove(p)
	}
	return nil
}

func okTempSub() {
	tmp, _ := os.MkdirTemp("", "x")
	out := filepath.Join(tmp, "out")
	matches, _ := filepath.Glob(filepath.Join(out, "*"))
	for _, m := range matches {
		data, _ := os.ReadFile(m)
		submit(data)
		os.Remove(m)
	}
}

// Read-only scans.
func okReadOnly(dir string) map[string][]byte {
	out := map[string][]byte{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err == nil {
			out[e.Name()] = data
		}
	}
	return out
}

// Deletes without reading (retention by name or age).
func okRetention(dir string, maxAge time.Duration) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) < maxAge {
			continue
		}
		os.Remove(filepath.Join(dir, e.Name()))
	}
}

// Reading a file inside an entry directory, then removing the whole entry.
func okBlocks(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		meta, err := os.ReadFile(filepath.Join(dir, e.Name(), "meta.json"))
		if err != nil || len(meta) == 0 {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// Whole tree removed after the scan.
func okRemoveTree(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		submit(data)
	}
	os.RemoveAll(dir)
}

// Reads one file and deletes another (a stale marker next to it).
func okOtherFile(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".done") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		data, _ := os.ReadFile(p)
		submit(data)
		os.Remove(strings.TrimSuffix(p, ".done") + ".tmp")
	}
}

// Reads the listed file and deletes a different one in the same loop
// (an output written elsewhere).
func okDifferentDir(in, out string) {
	entries, _ := os.ReadDir(in)
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join(in, e.Name()))
		submit(data)
		os.Remove(filepath.Join(out, e.Name()))
	}
}

// Walk that reads and deletes a different path, or only deletes.
func okWalkDelete(root string) error {
	return filepath.Walk(root, func(path string, info fs.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if strings.HasSuffix(path, ".tmp") {
			return os.Remove(path)
		}
		return nil
	})
}

// A rename inside the entry's own directory, after reading a file in it.
func okRepair(dir string) error {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		f, err := os.Open(filepath.Join(dir, e.Name(), "index"))
		if err != nil {
			return err
		}
		r := bufio.NewReader(f)
		_, _ = r.ReadByte()
		f.Close()
	}
	return nil
}

// The read is in a different loop from the delete.
func okSeparateLoops(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		submit(data)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "old-") {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// A directory made here with a checked os.Mkdir belongs to this run.
func okMkdir(base string) error {
	dir := filepath.Join(base, "run-1")
	if err := os.Mkdir(dir, 0o700); err != nil {
		return err
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		data, _ := os.ReadFile(p)
		submit(data)
		os.Remove(p)
	}
	return nil
}

// A claim by mkdir lock next to the entry.
func okMkdirLock(spool string) {
	entries, _ := os.ReadDir(spool)
	for _, e := range entries {
		p := filepath.Join(spool, e.Name())
		if err := os.Mkdir(p+".lck", 0o700); err != nil {
			continue
		}
		data, _ := os.ReadFile(p)
		submit(data)
		os.Remove(p)
	}
}

// Writes, not reads: an output file rewritten then removed.
func okWriteOnly(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			continue
		}
		f.Close()
		os.Remove(p)
	}
}

// Inspect the head of a file to decide whether it is generated, then
// delete it: clean-up, not consumption (cmd/dist clean).
func okInspectHeader(root string, marker []byte) {
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		head := make([]byte, 512)
		if f, err := os.Open(path); err == nil {
			io.ReadFull(f, head)
			f.Close()
		}
		if bytes.HasPrefix(head, marker) {
			os.Remove(path)
		}
		return nil
	})
}

type ticket struct{ Expires time.Time }

func (t *ticket) expired() bool { return time.Now().After(t.Expires) }

// Decode, test a predicate, delete: expiry by content.
func okExpired(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		var t ticket
		if err := json.Unmarshal(data, &t); err != nil || t.expired() {
			os.Remove(p)
		}
	}
}

// A corrupt-file sweep: checksum, compare, delete.
func okChecksum(dir string, valid func(sum uint32) bool) {
	matches, _ := filepath.Glob(filepath.Join(dir, "*.seg"))
	for _, m := range matches {
		data, err := os.ReadFile(m)
		if err != nil {
			continue
		}
		if !valid(crc32.ChecksumIEEE(data)) {
			log.Printf("removing corrupt segment %s", m)
			os.Remove(m)
		}
	}
}

// A worker's scratch directory, made by os.MkdirTemp in its constructor.
type worker struct{ scratch string }

func newWorker() (*worker, error) {
	d, err := os.MkdirTemp("", "worker")
	if err != nil {
		return nil, err
	}
	return &worker{scratch: d}, nil
}

func (w *worker) flush() {
	entries, _ := os.ReadDir(w.scratch)
	for _, e := range entries {
		p := filepath.Join(w.scratch, e.Name())
		data, _ := os.ReadFile(p)
		submit(data)
		os.Remove(p)
	}
}
