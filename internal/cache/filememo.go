package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"os"
	"sync"
	"time"
)

// FileMemo remembers files' content hashes from one run to the next, in
// an entry of the cache: a file whose size and modification time are what
// they were when it was last read is not read again, unless it had been
// modified less than RacyWindow before that read (it may have changed
// again since within the file system's timestamp granularity). This is
// the rule git's index and make follow; a file rewritten with the same
// size and its old modification time restored goes unseen.
type FileMemo struct {
	c   *Cache
	key Key

	mu    sync.Mutex
	old   map[string]FileStamp
	seen  map[string]FileStamp
	dirty bool
}

// FileStamp is what a FileMemo knows of a file.
type FileStamp struct {
	Size    int64
	ModTime int64 // ns
	Read    int64 // ns: when the file was read
	Sum     Key   // SHA-256 of the content
}

// RacyWindow: a file modified less than this before it was read is read
// again next time, whatever its time says.
const RacyWindow = 3 * time.Second

// NewFileMemo returns the memo stored under key in c (c may be nil: a
// memo for one run).
func NewFileMemo(c *Cache, key Key) *FileMemo {
	m := &FileMemo{c: c, key: key, old: map[string]FileStamp{}, seen: map[string]FileStamp{}}
	if c != nil {
		if b, ok := c.Get(key); ok {
			var old map[string]FileStamp
			if gob.NewDecoder(bytes.NewReader(b)).Decode(&old) == nil {
				m.old = old
			}
		}
	}
	return m
}

// Sum returns the SHA-256 of the file's content (following symbolic
// links), reading the file only if its stamp changed. data is the content
// when it was read, nil otherwise.
func (m *FileMemo) Sum(path string) (sum Key, data []byte, err error) {
	fi, err := os.Stat(path)
	if err != nil {
		return Key{}, nil, err
	}
	size, mtime := fi.Size(), fi.ModTime().UnixNano()
	m.mu.Lock()
	prev, ok := m.old[path]
	m.mu.Unlock()
	if ok && prev.Size == size && prev.ModTime == mtime && time.Duration(prev.Read-mtime) > RacyWindow {
		m.mu.Lock()
		m.seen[path] = prev
		m.mu.Unlock()
		return prev.Sum, nil, nil
	}
	read := time.Now().UnixNano()
	data, err = os.ReadFile(path)
	if err != nil {
		return Key{}, nil, err
	}
	st := FileStamp{Size: size, ModTime: mtime, Read: read, Sum: sha256.Sum256(data)}
	m.mu.Lock()
	m.seen[path] = st
	m.dirty = m.dirty || st != prev
	m.mu.Unlock()
	return st.Sum, data, nil
}

// Save stores the stamps of the files Sum was asked about in this run (the
// others are forgotten), if they differ from what was loaded.
func (m *FileMemo) Save() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.c == nil || !m.dirty && len(m.seen) == len(m.old) {
		return
	}
	var buf bytes.Buffer
	if gob.NewEncoder(&buf).Encode(m.seen) == nil {
		m.c.Put(m.key, buf.Bytes())
	}
}
