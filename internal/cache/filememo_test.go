package cache

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func tempCache(t *testing.T) *Cache {
	t.Helper()
	c, err := Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A file is read again only when its stamp changed, or when it was
// modified within RacyWindow of the read that stamped it.
func TestFileMemo(t *testing.T) {
	c := tempCache(t)
	key := Hash([]byte("memo"))
	dir := t.TempDir()
	old, recent := filepath.Join(dir, "old"), filepath.Join(dir, "recent")
	write := func(file, content string, mtime time.Time) {
		t.Helper()
		if err := os.WriteFile(file, []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(file, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	hour := time.Now().Add(-time.Hour)
	write(old, "a", hour)
	write(recent, "b", time.Now())
	run := func() (sums map[string]Key, read map[string]bool) {
		t.Helper()
		m := NewFileMemo(c, key)
		sums, read = map[string]Key{}, map[string]bool{}
		for _, f := range []string{old, recent} {
			sum, data, err := m.Sum(f)
			if err != nil {
				t.Fatal(err)
			}
			sums[f], read[f] = sum, data != nil
		}
		m.Save()
		return sums, read
	}
	sums, read := run()
	if !read[old] || !read[recent] || sums[old] != Hash([]byte("a")) {
		t.Fatalf("first run: read %v", read)
	}
	if _, read = run(); read[old] || !read[recent] {
		t.Errorf("second run: read %v, want the recently modified file alone", read)
	}
	// Same size, same time, other content: unseen for the old file (the
	// memo's rule), seen for the recent one (racy).
	st, _ := os.Stat(recent)
	write(recent, "c", st.ModTime())
	write(old, "x", hour)
	sums, _ = run()
	if sums[recent] != Hash([]byte("c")) {
		t.Error("an edit within the racy window went unseen")
	}
	if sums[old] != Hash([]byte("a")) {
		t.Error("the old file was read again although its stamp is the same")
	}
	// A new time: read again.
	write(old, "x", hour.Add(time.Minute))
	if sums, _ = run(); sums[old] != Hash([]byte("x")) {
		t.Error("a changed modification time went unseen")
	}
}
