package a

import (
	"os"
	"path/filepath"
)

// A worker drains its own inbox: the directory is named by the worker's
// ID, no other instance lists it.
func drainOwn(root, workerID string) {
	inbox := filepath.Join(root, workerID, "inbox")
	entries, _ := os.ReadDir(inbox)
	for _, e := range entries {
		p := filepath.Join(inbox, e.Name())
		data, _ := os.ReadFile(p)
		submit(data)
		os.Remove(p)
	}
}

// Named by the host.
func drainHost(root string) {
	host, err := os.Hostname()
	if err != nil {
		return
	}
	dir := filepath.Join(root, "spool", host)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		data, _ := os.ReadFile(p)
		submit(data)
		os.Remove(p)
	}
}

// Named by the pod, from the downward API.
func drainPod(root string) {
	dir := filepath.Join(root, os.Getenv("POD_NAME"))
	matches, _ := filepath.Glob(filepath.Join(dir, "*.msg"))
	for _, m := range matches {
		data, _ := os.ReadFile(m)
		submit(data)
		os.Remove(m)
	}
}

// A worker type whose own id names its directory, and a field filled from
// the instance ID.
type Worker struct {
	id    string
	root  string
	inbox string
}

func NewWorker(root, instanceID string) *Worker {
	return &Worker{root: root, inbox: filepath.Join(root, "inbox", instanceID)}
}

func (w *Worker) drain() {
	dir := filepath.Join(w.root, w.id)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		data, _ := os.ReadFile(p)
		submit(data)
		os.Remove(p)
	}
}

func (w *Worker) drainInbox() {
	entries, _ := os.ReadDir(w.inbox)
	for _, e := range entries {
		p := filepath.Join(w.inbox, e.Name())
		data, _ := os.ReadFile(p)
		submit(data)
		os.Remove(p)
	}
}

// Look-alikes that stay shared.

// Another peer's directory, one of many: the peer itself still consumes it.
type peer struct{ NodeID string }

func stealFromPeers(root string, peers []peer) {
	for _, pr := range peers {
		dir := filepath.Join(root, pr.NodeID)
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			p := filepath.Join(dir, e.Name())
			data, _ := os.ReadFile(p) // want `p, listed by os.ReadDir at line \d+, is read here and deleted by os.Remove`
			submit(data)
			os.Remove(p)
		}
	}
}

// A host directory is not a host's identity.
func drainHostDir(hostDir string) {
	entries, _ := os.ReadDir(hostDir)
	for _, e := range entries {
		p := filepath.Join(hostDir, e.Name())
		data, _ := os.ReadFile(p) // want `is read here and deleted by os.Remove`
		submit(data)
		os.Remove(p)
	}
}

// A queue name is shared by every worker of the queue.
func drainQueue(root, queueName string) {
	dir := filepath.Join(root, queueName)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		data, _ := os.ReadFile(p) // want `is read here and deleted by os.Remove`
		submit(data)
		os.Remove(p)
	}
}

// A shared environment setting, not an identity.
func drainEnv() {
	dir := os.Getenv("SPOOL_DIR")
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		data, _ := os.ReadFile(p) // want `is read here and deleted by os.Remove`
		submit(data)
		os.Remove(p)
	}
}
