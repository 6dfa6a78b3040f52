package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// progress draws "analysing 812/1851 packages" on a terminal, for runs
// that last more than a moment; never in CI logs or into a pipe.
type progress struct {
	w     io.Writer
	start time.Time
	mu    sync.Mutex
	last  time.Time
	drawn bool
}

// progressDelay is how long a run goes before the line appears.
const progressDelay = 2 * time.Second

func newProgress(w io.Writer, mode string) *progress {
	switch mode {
	case "off":
		return nil
	case "auto":
		f, ok := w.(*os.File)
		if !ok || os.Getenv("CI") != "" || os.Getenv("TERM") == "dumb" {
			return nil
		}
		if fi, err := f.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
			return nil
		}
	}
	return &progress{w: w, start: time.Now()}
}

func (p *progress) update(done, total int) {
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	if now.Sub(p.start) < progressDelay || now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	p.drawn = true
	fmt.Fprintf(p.w, "\ranalysing %d/%d packages\x1b[K", done, total)
}

func (p *progress) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
