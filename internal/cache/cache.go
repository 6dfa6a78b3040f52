// Package cache is hindsight's persistent analysis cache: a directory of
// entries addressed by a SHA-256 key, in the manner of the go command's
// build cache.
//
//   - An entry is written to a temporary file in the cache directory and
//     renamed into place, so a concurrent reader (another run on the same
//     cache) sees the old entry, the new one or none, never half of one.
//   - An entry carries a header with its length and the SHA-256 of its
//     content: a truncated or corrupt entry reads as a miss (and is
//     removed), never as data.
//   - A hit refreshes the entry's modification time (at most once an hour,
//     as the go command does); Trim removes the least recently used
//     entries when the directory grows over its limit (looking at most
//     once an hour).
//   - A cache that cannot be written (read-only, full disk) degrades: the
//     first failure is reported once through the warning function and no
//     write is tried again in this process.
package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Key addresses an entry.
type Key [sha256.Size]byte

func (k Key) String() string { return hex.EncodeToString(k[:]) }

// Hash returns the key of data.
func Hash(data []byte) Key { return sha256.Sum256(data) }

// DefaultMaxBytes bounds the cache's size unless HINDSIGHT_CACHE_MAX_MB
// says otherwise.
const DefaultMaxBytes = 1 << 30

// magic starts every entry: a format change makes old entries misses.
const magic = "hindsight-cache-1\n"

const headerSize = len(magic) + 8 + sha256.Size

// mtimeInterval is how stale an entry's modification time may get before
// a hit refreshes it (the go command uses one hour too).
const mtimeInterval = time.Hour

// Cache is an open cache directory. Its methods are safe for concurrent
// use.
type Cache struct {
	dir      string
	maxBytes int64
	warn     func(string)

	readOnly atomic.Bool // a write failed: no more writes
	warned   sync.Once
	wrote    atomic.Bool
}

// Dir returns the cache directory from HINDSIGHT_CACHE (a directory, or
// "off") or, by default, hindsight under the user cache directory. It
// returns "" for "off".
func Dir() (string, error) {
	if d := os.Getenv("HINDSIGHT_CACHE"); d != "" {
		if d == "off" {
			return "", nil
		}
		return d, nil
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no user cache directory (%v); set HINDSIGHT_CACHE or use -cache=off", err)
	}
	return filepath.Join(base, "hindsight"), nil
}

// Open opens (creating it if needed) the cache in dir. warn, if not nil,
// receives the one warning given when writing fails.
func Open(dir string, warn func(string)) (*Cache, error) {
	if dir == "" {
		return nil, errors.New("empty cache directory")
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, err
	}
	c := &Cache{dir: dir, maxBytes: DefaultMaxBytes, warn: warn}
	if v := os.Getenv("HINDSIGHT_CACHE_MAX_MB"); v != "" {
		if mb, err := strconv.ParseInt(v, 10, 64); err == nil && mb > 0 {
			c.maxBytes = mb << 20
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "README")); err != nil {
		// Best effort: a read-only cache is detected on the first Put.
		_ = os.WriteFile(filepath.Join(dir, "README"), []byte("This directory holds cached data from hindsight (hindsight cache clean removes it).\n"), 0o666)
	}
	return c, nil
}

// Dir is the cache's directory.
func (c *Cache) Dir() string { return c.dir }

// SetMaxBytes changes the size Trim keeps the cache under.
func (c *Cache) SetMaxBytes(n int64) { c.maxBytes = n }

func (c *Cache) path(k Key) string {
	s := k.String()
	return filepath.Join(c.dir, s[:2], s+"-e")
}

// Get returns the content of the entry k, or false if there is none or it
// is damaged (a damaged entry is removed).
func (c *Cache) Get(k Key) ([]byte, bool) {
	name := c.path(k)
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, false
	}
	body, ok := check(data)
	if !ok {
		if !c.readOnly.Load() {
			_ = os.Remove(name)
		}
		return nil, false
	}
	if !c.readOnly.Load() {
		if fi, err := os.Stat(name); err == nil && time.Since(fi.ModTime()) > mtimeInterval {
			now := time.Now()
			_ = os.Chtimes(name, now, now)
		}
	}
	return body, true
}

// check verifies an entry's header and returns its content.
func check(data []byte) ([]byte, bool) {
	if len(data) < headerSize || string(data[:len(magic)]) != magic {
		return nil, false
	}
	n := binary.BigEndian.Uint64(data[len(magic):])
	sum := data[len(magic)+8 : headerSize]
	body := data[headerSize:]
	if uint64(len(body)) != n {
		return nil, false
	}
	got := sha256.Sum256(body)
	if !bytes.Equal(got[:], sum) {
		return nil, false
	}
	return body, true
}

// Put stores data as the entry k. A failure disables writing for the rest
// of the process and is reported once.
func (c *Cache) Put(k Key, data []byte) {
	if c.readOnly.Load() {
		return
	}
	if err := c.put(k, data); err != nil {
		c.readOnly.Store(true)
		c.warned.Do(func() {
			if c.warn != nil {
				c.warn(fmt.Sprintf("cache %s cannot be written (%v); continuing without writing to it", c.dir, err))
			}
		})
		return
	}
	c.wrote.Store(true)
}

func (c *Cache) put(k Key, data []byte) error {
	name := c.path(k)
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	var hdr [headerSize]byte
	copy(hdr[:], magic)
	binary.BigEndian.PutUint64(hdr[len(magic):], uint64(len(data)))
	sum := sha256.Sum256(data)
	copy(hdr[len(magic)+8:], sum[:])
	_, err = f.Write(hdr[:])
	if err == nil {
		_, err = f.Write(data)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		_ = os.Remove(tmp)
	}
	return err
}

// entryFile is one file of the cache, for Trim and Info.
type entryFile struct {
	path  string
	size  int64
	mtime time.Time
}

func (c *Cache) files() ([]entryFile, error) {
	var out []entryFile
	err := filepath.WalkDir(c.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == c.dir {
				return err
			}
			return nil
		}
		if d.IsDir() {
			if p != c.dir && len(d.Name()) != 2 {
				return filepath.SkipDir
			}
			return nil
		}
		name := d.Name()
		isEntry := strings.HasSuffix(name, "-e")
		isTmp := strings.HasPrefix(name, "tmp-")
		if !isEntry && !isTmp {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return nil
		}
		if isTmp {
			// Left behind by a run that died while writing.
			if time.Since(fi.ModTime()) > mtimeInterval {
				_ = os.Remove(p)
			}
			return nil
		}
		out = append(out, entryFile{p, fi.Size(), fi.ModTime()})
		return nil
	})
	return out, err
}

// trimInterval: Trim looks at the cache at most this often (trim.txt's
// modification time says when it last did), so a run that wrote a few
// entries does not walk a large cache; the go command trims its cache
// once a day the same way. The cache may outgrow its limit by what is
// written in between.
const trimInterval = time.Hour

// Trim removes the least recently used entries until the cache is under
// three quarters of its limit, if it is over the limit. It does nothing in
// a process that wrote nothing, or within trimInterval of the last trim.
func (c *Cache) Trim() error {
	if !c.wrote.Load() || c.readOnly.Load() {
		return nil
	}
	marker := filepath.Join(c.dir, "trim.txt")
	if fi, err := os.Stat(marker); err == nil && time.Since(fi.ModTime()) < trimInterval {
		return nil
	}
	if err := os.WriteFile(marker, []byte(time.Now().UTC().Format(time.RFC3339)+"\n"), 0o666); err != nil {
		return err
	}
	files, err := c.files()
	if err != nil {
		return err
	}
	var total int64
	for _, f := range files {
		total += f.size
	}
	if total <= c.maxBytes {
		return nil
	}
	sort.Slice(files, func(i, j int) bool { return files[i].mtime.Before(files[j].mtime) })
	for _, f := range files {
		if total <= c.maxBytes*3/4 {
			break
		}
		if err := os.Remove(f.path); err == nil || errors.Is(err, fs.ErrNotExist) {
			total -= f.size
		}
	}
	return nil
}

// Info returns the number of entries and their total size.
func (c *Cache) Info() (entries int, size int64, err error) {
	files, err := c.files()
	for _, f := range files {
		entries++
		size += f.size
	}
	return entries, size, err
}

// Clean removes every entry.
func (c *Cache) Clean() error {
	ents, err := os.ReadDir(c.dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	var first error
	for _, e := range ents {
		if e.IsDir() && len(e.Name()) == 2 {
			if err := os.RemoveAll(filepath.Join(c.dir, e.Name())); err != nil && first == nil {
				first = err
			}
		}
	}
	return first
}

// NewHasher returns a KeyHasher; Sum gives the key.
func NewHasher() *KeyHasher { return &KeyHasher{h: sha256.New()} }

// KeyHasher builds a key from labelled parts, so that parts cannot run
// into each other.
type KeyHasher struct {
	h interface {
		io.Writer
		Sum([]byte) []byte
	}
}

// Add adds a labelled string.
func (k *KeyHasher) Add(label, value string) {
	fmt.Fprintf(k.h, "%s %d %s\n", label, len(value), value)
}

// AddKey adds a labelled key.
func (k *KeyHasher) AddKey(label string, v Key) {
	fmt.Fprintf(k.h, "%s %x\n", label, v[:])
}

// Sum returns the key.
func (k *KeyHasher) Sum() Key {
	var out Key
	copy(out[:], k.h.Sum(nil))
	return out
}
