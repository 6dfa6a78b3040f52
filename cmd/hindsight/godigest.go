package main

// What the manifest check reads of the module's Go files, for the cache
// keys of the packages that own manifests.

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"fmt"
	"go/scanner"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/hindsight-lint/hindsight/internal/cache"
	"github.com/hindsight-lint/hindsight/internal/runner"
)

// goDigest hashes what the manifest check can learn from a Go file of the
// module outside its own package: the file's header up to its first
// declaration (build constraints, package clause, imports: go/build's view
// of whether its directory is a package) and the set of string literals
// after it (the env-unread rule compares the manifests' variables with the
// module's string literals and struct tags).
func goDigest(src []byte) [sha256.Size]byte {
	h := sha256.New()
	var s scanner.Scanner
	s.Init(token.NewFileSet().AddFile("", -1, len(src)), src, nil, scanner.ScanComments)
	header := true
	strs := map[string]bool{}
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		switch tok {
		case token.FUNC, token.TYPE, token.VAR, token.CONST:
			header = false
		}
		switch {
		case header:
			fmt.Fprintf(h, "%d %s\n", tok, lit)
		case tok == token.STRING:
			strs[lit] = true
		}
	}
	for _, lit := range slices.Sorted(maps.Keys(strs)) {
		fmt.Fprintf(h, "string %s\n", lit)
	}
	var sum [sha256.Size]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

// goMemo memoises goDigest across runs, in the cache: for each file its
// size, modification time and content hash when it was last read. A file
// whose size and time are unchanged is not read again, unless its time
// was within racyWindow of that read (it may have changed again since
// without its time moving); a file whose content was seen before is not
// scanned again.
type goMemo struct {
	Files map[string]goMemoFile // by path relative to the module root
}

type goMemoFile struct {
	Size    int64
	ModTime int64 // ns
	Read    int64 // ns, when the file was read
	Content [sha256.Size]byte
	Digest  [sha256.Size]byte
}

const racyWindow = 3 * time.Second

// goMemoKey names the memo of the module at root. The memo holds digests,
// so it belongs to one hindsight build.
func goMemoKey(root string) (cache.Key, bool) {
	exe, err := runner.ExecutableHash()
	if err != nil {
		return cache.Key{}, false
	}
	h := cache.NewHasher()
	h.Add("go digests of", root)
	h.Add("exe", exe)
	return h.Sum(), true
}

// goSum returns the digest of the module's Go files: each file's path and
// goDigest.
func (m *moduleInputs) goSum() []byte {
	m.goOnce.Do(func() {
		old := goMemo{}
		key, keyed := goMemoKey(m.root)
		if keyed && m.cache != nil {
			if b, ok := m.cache.Get(key); ok {
				_ = gob.NewDecoder(bytes.NewReader(b)).Decode(&old)
			}
		}
		byContent := map[[sha256.Size]byte][sha256.Size]byte{}
		for _, f := range old.Files {
			byContent[f.Content] = f.Digest
		}
		memo := goMemo{Files: map[string]goMemoFile{}}
		changed := len(old.Files) != len(m.goFiles)
		h := sha256.New()
		for _, p := range m.goFiles {
			rel, _ := filepath.Rel(m.root, p)
			f, err := m.goFile(p, old.Files[rel], byContent)
			if err != nil {
				fmt.Fprintf(h, "%s error\n", rel)
				continue
			}
			changed = changed || f != old.Files[rel]
			memo.Files[rel] = f
			fmt.Fprintf(h, "%s %x\n", rel, f.Digest)
		}
		m.goHash = h.Sum(nil)
		if changed && keyed && m.cache != nil {
			var buf bytes.Buffer
			if gob.NewEncoder(&buf).Encode(memo) == nil {
				m.cache.Put(key, buf.Bytes())
			}
		}
	})
	return m.goHash
}

// goFile returns the memo record of the Go file p, from prev (its record
// in the previous memo) if the file has not changed since.
func (m *moduleInputs) goFile(p string, prev goMemoFile, byContent map[[sha256.Size]byte][sha256.Size]byte) (goMemoFile, error) {
	fi, err := os.Stat(p) // a symbolic link's target
	if err != nil {
		return goMemoFile{}, err
	}
	size, mtime := fi.Size(), fi.ModTime().UnixNano()
	if prev.Read != 0 && prev.Size == size && prev.ModTime == mtime && time.Duration(prev.Read-mtime) > racyWindow {
		return prev, nil
	}
	read := time.Now().UnixNano()
	src, err := os.ReadFile(p)
	if err != nil {
		return goMemoFile{}, err
	}
	f := goMemoFile{Size: size, ModTime: mtime, Read: read, Content: sha256.Sum256(src)}
	if d, ok := byContent[f.Content]; ok {
		f.Digest = d
	} else {
		f.Digest = goDigest(src)
	}
	return f, nil
}
