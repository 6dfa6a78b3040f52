// Package jobspool reproduces incident 5: a job-submission step polls a
// spool directory on a shared NFS mount, reads each job file, submits it
// and deletes it. A second, forgotten server ran the same crontab, so both
// instances listed the same new files: whichever got there first submitted
// a job and deleted it, the other failed or submitted it again, and half
// the jobs vanished.
package jobspool

import (
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
)

// Job is one submitted job as the front end writes it.
type Job struct {
	ID      string   `json:"id"`
	Queue   string   `json:"queue"`
	Command []string `json:"command"`
}

// Scheduler accepts converted jobs.
type Scheduler interface {
	Submit(queue string, argv []string) (string, error)
}

// Poller moves jobs from the shared spool to the scheduler.
type Poller struct {
	Spool string // shared NFS directory, e.g. /mnt/jobs/spool
	Sched Scheduler
}

// PollOnce submits every job file currently in the spool. Cron runs it
// every minute on each server that has the crontab.
func (p *Poller) PollOnce() error {
	entries, err := os.ReadDir(p.Spool)
	if err != nil {
		return fmt.Errorf("list spool: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".job") {
			continue
		}
		path := filepath.Join(p.Spool, e.Name())
		job, err := readJob(path) // the second server reads the same file here
		if err != nil {
			log.Printf("skip %s: %v", path, err)
			continue
		}
		id, err := p.Sched.Submit(job.Queue, convert(job))
		if err != nil {
			log.Printf("submit %s: %v", job.ID, err)
			continue
		}
		log.Printf("submitted %s as %s", job.ID, id)
		if err := os.Remove(path); err != nil {
			log.Printf("remove %s: %v", path, err)
		}
	}
	return nil
}

func readJob(path string) (*Job, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var j Job
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, err
	}
	return &j, nil
}

func convert(j *Job) []string {
	return append([]string{"--queue", j.Queue, "--"}, j.Command...)
}
