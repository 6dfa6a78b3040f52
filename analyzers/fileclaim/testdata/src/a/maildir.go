package a

import (
	"errors"
	"io/fs"
	"log"
	"os"
	"path/filepath"
)

type message struct{ body []byte }

// Delivery from a maildir: read new/, move to cur/, count delivered. The
// rename comes after the read, and its not-exist failure (another reader
// moved the message first) is counted as a delivery.
func deliverNew(box string) ([]message, error) {
	newDir := filepath.Join(box, "new")
	entries, err := os.ReadDir(newDir)
	if err != nil {
		return nil, err
	}
	var out []message
	for _, e := range entries {
		p := filepath.Join(newDir, e.Name())
		data, err := os.ReadFile(p) // want `p, listed by os.ReadDir at line \d+, is read here before it is claimed \(moved by os.Rename at line \d+\), and the claim lets a not-exist failure`
		if err != nil {
			continue
		}
		if err := os.Rename(p, filepath.Join(box, "cur", e.Name())); err != nil && !os.IsNotExist(err) { // want `os.Rename claims p \(read at line \d+\) but treats a not-exist failure as success`
			return nil, err
		}
		out = append(out, message{body: data})
	}
	return out, nil
}

// The same with errors.Is and the error tested on the next line.
func deliverNewIs(box string, deliver func([]byte)) error {
	entries, _ := os.ReadDir(filepath.Join(box, "new"))
	for _, e := range entries {
		src := filepath.Join(box, "new", e.Name())
		data, err := os.ReadFile(src) // want `is read here before it is claimed \(moved by os.Rename`
		if err != nil {
			continue
		}
		err = os.Rename(src, filepath.Join(box, "cur", e.Name())) // want `os.Rename claims src \(read at line \d+\) but treats a not-exist failure as success`
		if err != nil && !errors.Is(err, fs.ErrNotExist) {        // the failure that matters is let through
			return err
		}
		deliver(data)
	}
	return nil
}

// A nested test that lets not-exist through.
func deliverNested(box string, deliver func([]byte)) error {
	entries, _ := os.ReadDir(filepath.Join(box, "new"))
	for _, e := range entries {
		src := filepath.Join(box, "new", e.Name())
		data, err := os.ReadFile(src) // want `is read here before it is claimed`
		if err != nil {
			continue
		}
		if err := os.Rename(src, filepath.Join(box, "cur", e.Name())); err != nil { // want `treats a not-exist failure as success`
			if !os.IsNotExist(err) {
				return err
			}
			log.Printf("%s: already moved", src)
		}
		deliver(data)
	}
	return nil
}

// Silent: the rename's failure, whatever it is, drops the message, and the
// data is used only after a successful rename.
func deliverChecked(box string, deliver func([]byte)) {
	entries, _ := os.ReadDir(filepath.Join(box, "new"))
	for _, e := range entries {
		src := filepath.Join(box, "new", e.Name())
		data, err := os.ReadFile(src)
		if err != nil {
			continue
		}
		if err := os.Rename(src, filepath.Join(box, "cur", e.Name())); err != nil {
			continue
		}
		deliver(data)
	}
}

// Silent: not-exist is singled out, and it drops the message.
func deliverNotExistSkips(box string, deliver func([]byte)) error {
	entries, _ := os.ReadDir(filepath.Join(box, "new"))
	for _, e := range entries {
		src := filepath.Join(box, "new", e.Name())
		data, err := os.ReadFile(src)
		if err != nil {
			continue
		}
		if err := os.Rename(src, filepath.Join(box, "cur", e.Name())); err != nil {
			if os.IsNotExist(err) {
				continue // another reader has it
			}
			return err
		}
		deliver(data)
	}
	return nil
}

// Silent: the claim comes first, tolerating not-exist is harmless because
// the read of the claimed path then fails.
func deliverClaimFirst(box string, deliver func([]byte)) error {
	entries, _ := os.ReadDir(filepath.Join(box, "new"))
	for _, e := range entries {
		cur := filepath.Join(box, "cur", e.Name())
		if err := os.Rename(filepath.Join(box, "new", e.Name()), cur); err != nil && !os.IsNotExist(err) {
			return err
		}
		data, err := os.ReadFile(cur)
		if err != nil {
			continue
		}
		deliver(data)
	}
	return nil
}
