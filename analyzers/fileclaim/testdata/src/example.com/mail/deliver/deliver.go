// Package deliver reads new messages through the project's helpers.
package deliver

import (
	"log"
	"os"
	"path/filepath"

	"example.com/mail/format"
	"example.com/mail/store"
)

type Box struct{ Dir string }

// Deliver reads each new message, then moves it to cur/ and counts it
// delivered even when the move failed because another reader moved it.
func (b *Box) Deliver() ([]*format.Message, error) {
	newDir := filepath.Join(b.Dir, "new")
	entries, err := os.ReadDir(newDir)
	if err != nil {
		return nil, err
	}
	var out []*format.Message
	for _, e := range entries {
		path := filepath.Join(newDir, e.Name())
		msg, err := format.ReadMessageFile(path) // want `path, listed by os.ReadDir at line \d+, is read here \(through format.ReadMessageFile, which calls os.ReadFile\) before it is claimed \(moved by os.Rename \(through store.Move\) at line \d+\)`
		if err != nil {
			continue
		}
		if err := store.Move(path, filepath.Join(b.Dir, "cur", e.Name())); err != nil && !os.IsNotExist(err) { // want `os.Rename \(through store.Move\) claims path \(read at line \d+\) but treats a not-exist failure as success`
			return nil, err
		}
		out = append(out, msg)
	}
	return out, nil
}

// The helper itself lets not-exist through.
func (b *Box) DeliverQuiet(deliver func(*format.Message)) error {
	newDir := filepath.Join(b.Dir, "new")
	entries, _ := os.ReadDir(newDir)
	for _, e := range entries {
		path := filepath.Join(newDir, e.Name())
		msg, err := format.ReadMessageFile(path) // want `is read here \(through format.ReadMessageFile, which calls os.ReadFile\) before it is claimed`
		if err != nil {
			continue
		}
		if err := store.MoveIfPresent(path, filepath.Join(b.Dir, "cur", e.Name())); err != nil { // want `claims path \(read at line \d+\) but treats a not-exist failure as success`
			return err
		}
		deliver(msg)
	}
	return nil
}

// Read through a helper, deleted through a helper, no claim: the incident.
func (b *Box) Drain(deliver func(*format.Message)) {
	entries, _ := os.ReadDir(b.Dir)
	for _, e := range entries {
		path := filepath.Join(b.Dir, e.Name())
		msg, err := format.ReadMessageFile(path) // want `path, listed by os.ReadDir at line \d+, is read here \(through format.ReadMessageFile, which calls os.ReadFile\) and deleted by os.Remove \(through store.Delete\) at line \d+ with no atomic claim first`
		if err != nil {
			continue
		}
		deliver(msg)
		if err := store.Delete(path); err != nil {
			log.Print(err)
		}
	}
}

// Silent: the move's failure drops the message.
func (b *Box) DeliverChecked(deliver func(*format.Message)) {
	newDir := filepath.Join(b.Dir, "new")
	entries, _ := os.ReadDir(newDir)
	for _, e := range entries {
		path := filepath.Join(newDir, e.Name())
		msg, err := format.ReadMessageFile(path)
		if err != nil {
			continue
		}
		if err := store.Move(path, filepath.Join(b.Dir, "cur", e.Name())); err != nil {
			continue
		}
		deliver(msg)
	}
}

// Silent: claimed through the helper first, read after.
func (b *Box) DeliverClaimFirst(deliver func(*format.Message)) {
	newDir := filepath.Join(b.Dir, "new")
	entries, _ := os.ReadDir(newDir)
	for _, e := range entries {
		cur := filepath.Join(b.Dir, "cur", e.Name())
		if err := store.Move(filepath.Join(newDir, e.Name()), cur); err != nil {
			continue
		}
		msg, err := format.ReadMessageFile(cur)
		if err != nil {
			continue
		}
		deliver(msg)
	}
}

// Silent: a size check is not a read.
func (b *Box) Sweep(limit int64) {
	entries, _ := os.ReadDir(b.Dir)
	for _, e := range entries {
		path := filepath.Join(b.Dir, e.Name())
		if format.Size(path) > limit {
			store.Delete(path)
		}
	}
}
