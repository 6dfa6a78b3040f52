package cache

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestPutGet(t *testing.T) {
	c := tempCache(t)
	k := Hash([]byte("k"))
	if _, ok := c.Get(k); ok {
		t.Fatal("hit in an empty cache")
	}
	c.Put(k, []byte("hello"))
	got, ok := c.Get(k)
	if !ok || string(got) != "hello" {
		t.Fatalf("Get = %q, %v", got, ok)
	}
	n, size, err := c.Info()
	if err != nil || n != 1 || size != int64(headerSize+5) {
		t.Fatalf("Info = %d, %d, %v", n, size, err)
	}
	if err := c.Clean(); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Get(k); ok {
		t.Fatal("hit after Clean")
	}
}

// A damaged entry is a miss, and is removed.
func TestCorrupt(t *testing.T) {
	c := tempCache(t)
	k := Hash([]byte("k"))
	data := bytes.Repeat([]byte("x"), 100)
	for name, damage := range map[string]func([]byte) []byte{
		"truncated": func(b []byte) []byte { return b[:len(b)-10] },
		"flipped":   func(b []byte) []byte { b[len(b)-1] ^= 1; return b },
		"header":    func(b []byte) []byte { return b[:5] },
		"empty":     func(b []byte) []byte { return nil },
		"longer":    func(b []byte) []byte { return append(b, 'y') },
	} {
		c.Put(k, data)
		p := c.path(k)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, damage(b), 0o666); err != nil {
			t.Fatal(err)
		}
		if got, ok := c.Get(k); ok {
			t.Errorf("%s: Get = %q, want a miss", name, got)
		}
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s: damaged entry not removed", name)
		}
	}
}

func TestTrim(t *testing.T) {
	c := tempCache(t)
	c.SetMaxBytes(int64(10 * (headerSize + 100)))
	old := time.Now().Add(-48 * time.Hour)
	var keys []Key
	for i := range 20 {
		k := Hash([]byte(fmt.Sprint(i)))
		keys = append(keys, k)
		c.Put(k, bytes.Repeat([]byte{byte(i)}, 100))
		mt := old.Add(time.Duration(i) * time.Minute)
		if err := os.Chtimes(c.path(k), mt, mt); err != nil {
			t.Fatal(err)
		}
	}
	// A hit refreshes an old entry: it survives the trim.
	if _, ok := c.Get(keys[0]); !ok {
		t.Fatal("miss")
	}
	if err := c.Trim(); err != nil {
		t.Fatal(err)
	}
	n, size, _ := c.Info()
	if size > int64(10*(headerSize+100)*3/4) || n == 0 {
		t.Fatalf("after Trim: %d entries, %d bytes", n, size)
	}
	if _, ok := c.Get(keys[0]); !ok {
		t.Error("the recently used entry was trimmed")
	}
	if _, ok := c.Get(keys[1]); ok {
		t.Error("the least recently used entry survived")
	}
	if _, ok := c.Get(keys[19]); !ok {
		t.Error("the newest entry was trimmed")
	}
	// Within trimInterval of that trim, a run that wrote does not walk
	// the cache again.
	for i := range 20 {
		c.Put(Hash([]byte(fmt.Sprint("more", i))), bytes.Repeat([]byte{1}, 100))
	}
	if err := c.Trim(); err != nil {
		t.Fatal(err)
	}
	if n2, _, _ := c.Info(); n2 != n+20 {
		t.Errorf("%d entries after a second trim within the interval, want %d", n2, n+20)
	}
}

// Concurrent writers and readers of the same keys never see a partial entry.
func TestConcurrent(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := Open(dir, func(s string) { t.Error(s) })
			if err != nil {
				t.Error(err)
				return
			}
			for i := range 200 {
				k := Hash([]byte(fmt.Sprint(i % 10)))
				want := bytes.Repeat([]byte{byte(i % 10)}, 10000+i%10)
				if w%2 == 0 {
					c.Put(k, want)
				}
				if got, ok := c.Get(k); ok && !bytes.Equal(got, want) {
					t.Errorf("entry %d: got %d bytes, want %d", i%10, len(got), len(want))
				}
			}
		}()
	}
	wg.Wait()
}

// A cache that cannot be written warns once and goes on reading.
func TestReadOnly(t *testing.T) {
	if runtime.GOOS == "windows" || os.Getuid() == 0 {
		t.Skip("permissions do not stop this user")
	}
	dir := t.TempDir()
	var warnings []string
	c, err := Open(dir, func(s string) { warnings = append(warnings, s) })
	if err != nil {
		t.Fatal(err)
	}
	k := Hash([]byte("k"))
	c.Put(k, []byte("v"))
	if err := os.Chmod(filepath.Dir(c.path(k)), 0o555); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	defer os.Chmod(filepath.Dir(c.path(k)), 0o755)
	for i := range 3 {
		c.Put(Hash([]byte(fmt.Sprint(i))), []byte("v"))
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "cannot be written") {
		t.Errorf("warnings = %q, want one", warnings)
	}
	if got, ok := c.Get(k); !ok || string(got) != "v" {
		t.Errorf("Get = %q, %v after the cache became read-only", got, ok)
	}
}

func TestDir(t *testing.T) {
	t.Setenv("HINDSIGHT_CACHE", "off")
	if d, err := Dir(); d != "" || err != nil {
		t.Errorf("Dir() = %q, %v with HINDSIGHT_CACHE=off", d, err)
	}
	t.Setenv("HINDSIGHT_CACHE", "/x/y")
	if d, _ := Dir(); d != "/x/y" {
		t.Errorf("Dir() = %q", d)
	}
}
