package jobspool

import (
	"log"
	"os"
	"path/filepath"
	"strings"
)

// ClaimingPoller is the fix: each worker first renames a job into its own
// work directory on the same file system. A rename is atomic, so exactly
// one worker wins; the others see "no such file" and move on.
type ClaimingPoller struct {
	Spool   string
	WorkDir string // per-instance, e.g. /mnt/jobs/work/<hostname>
	Sched   Scheduler
}

// PollOnce claims, then reads, submits and deletes each job.
func (p *ClaimingPoller) PollOnce() error {
	entries, err := os.ReadDir(p.Spool)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".job") {
			continue
		}
		mine := filepath.Join(p.WorkDir, e.Name())
		if err := os.Rename(filepath.Join(p.Spool, e.Name()), mine); err != nil {
			continue // another worker took it
		}
		job, err := readJob(mine)
		if err != nil {
			log.Printf("skip %s: %v", mine, err)
			continue
		}
		if _, err := p.Sched.Submit(job.Queue, convert(job)); err != nil {
			log.Printf("submit %s: %v", job.ID, err)
			continue
		}
		os.Remove(mine)
	}
	return nil
}
