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

	"github.com/hindsight-lint/hindsight/internal/cache"
	"github.com/hindsight-lint/hindsight/internal/runner"
)

// goDigest hashes what the manifest check can learn from a Go file of the
// module outside its own package: the file's header up to its first
// declaration (build constraints, package clause, imports: go/build's view
// of whether its directory is a package) and the set of string literals
// after it (the env-unread rule compares the manifests' variables with the
// module's string literals and struct tags).
func goDigest(src []byte) cache.Key {
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
	var sum cache.Key
	copy(sum[:], h.Sum(nil))
	return sum
}

// goSum returns the digest of the module's Go files: each file's path and
// goDigest. Across runs, a file whose size and time have not changed is
// not read again (cache.FileMemo), and a content seen before is not
// scanned again (the digests by content hash, in a second entry: they
// belong to one hindsight build).
func (m *moduleInputs) goSum() []byte {
	m.goOnce.Do(func() {
		var stamps *cache.FileMemo
		var digests map[cache.Key]cache.Key
		digestsKey, keyed := goDigestsKey()
		if m.cache != nil {
			h := cache.NewHasher()
			h.Add("manifest inputs: Go files of", m.root)
			stamps = cache.NewFileMemo(m.cache, h.Sum())
			if b, ok := m.cache.Get(digestsKey); ok && keyed {
				_ = gob.NewDecoder(bytes.NewReader(b)).Decode(&digests)
			}
		} else {
			stamps = cache.NewFileMemo(nil, cache.Key{})
		}
		now := map[cache.Key]cache.Key{}
		h := sha256.New()
		for _, p := range m.goFiles {
			rel, _ := filepath.Rel(m.root, p)
			sum, src, err := stamps.Sum(p)
			d, ok := digests[sum]
			if err == nil && !ok {
				if src == nil {
					src, err = os.ReadFile(p)
				}
				d = goDigest(src)
			}
			if err != nil {
				fmt.Fprintf(h, "%s error\n", rel)
				continue
			}
			now[sum] = d
			fmt.Fprintf(h, "%s %x\n", rel, d)
		}
		m.goHash = h.Sum(nil)
		if m.cache == nil {
			return
		}
		stamps.Save()
		if keyed && !maps.Equal(now, digests) {
			var buf bytes.Buffer
			if gob.NewEncoder(&buf).Encode(now) == nil {
				m.cache.Put(digestsKey, buf.Bytes())
			}
		}
	})
	return m.goHash
}

// goDigestsKey names the entry of goDigest's results by content hash: it
// belongs to one hindsight build.
func goDigestsKey() (cache.Key, bool) {
	exe, err := runner.ExecutableHash()
	if err != nil {
		return cache.Key{}, false
	}
	h := cache.NewHasher()
	h.Add("manifest inputs: Go file digests", exe)
	return h.Sum(), true
}
