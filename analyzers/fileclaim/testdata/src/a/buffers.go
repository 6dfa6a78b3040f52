package a

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
)

func send(b []byte) error { return nil }

// The content reaches the work through a buffer the file fills.
func pollBuffer(inbox string) {
	entries, _ := os.ReadDir(inbox)
	for _, e := range entries {
		p := filepath.Join(inbox, e.Name())
		f, err := os.Open(p) // want `p, listed by os.ReadDir at line \d+, is read here and deleted by os.Remove at line \d+ with no atomic claim first`
		if err != nil {
			continue
		}
		var buf [4096]byte
		n, _ := f.Read(buf[:])
		f.Close()
		_ = send(buf[:n])
		os.Remove(p)
	}
}

func pollReadFull(inbox string) {
	entries, _ := os.ReadDir(inbox)
	for _, e := range entries {
		p := filepath.Join(inbox, e.Name())
		f, err := os.Open(p) // want `p, listed by os.ReadDir at line \d+, is read here and deleted by os.Remove at line \d+`
		if err != nil {
			continue
		}
		buf := make([]byte, 512)
		_, _ = io.ReadFull(f, buf[:])
		f.Close()
		_ = send(buf)
		os.Remove(p)
	}
}

// Look-alike: the buffer is only inspected (a magic number) before stale
// files are removed; nothing is processed.
func dropForeign(inbox string, magic []byte) {
	entries, _ := os.ReadDir(inbox)
	for _, e := range entries {
		p := filepath.Join(inbox, e.Name())
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		var head [4]byte
		_, _ = f.Read(head[:])
		f.Close()
		if !bytes.Equal(head[:], magic) {
			os.Remove(p)
		}
	}
}
