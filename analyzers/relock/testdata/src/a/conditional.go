package a

import "sync"

// fileStore takes its lock inside a helper closure only when the caller
// says it does not hold it yet (nats-server's removeMsg(..., needFSLock)).
type fileStore struct {
	mu   sync.RWMutex
	msgs map[uint64][]byte
}

func (fs *fileStore) removeMsg(seq uint64, needFSLock bool) bool {
	fsLock := func() {
		if needFSLock {
			fs.mu.Lock()
		}
	}
	fsUnlock := func() {
		if needFSLock {
			fs.mu.Unlock()
		}
	}
	fsLock()
	_, ok := fs.msgs[seq]
	delete(fs.msgs, seq)
	fsUnlock()
	return ok
}

// expire holds fs.mu and passes false: removeMsg does not lock again.
func (fs *fileStore) expire(seqs []uint64) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for _, s := range seqs {
		fs.removeMsg(s, false)
	}
}

// A closure that locks unconditionally is still a lock taken again.
func (fs *fileStore) purge(seq uint64) {
	lock := func() { fs.mu.Lock() }
	fs.mu.Lock()
	defer fs.mu.Unlock()
	lock() // want `fs.mu is locked again through lock`
	delete(fs.msgs, seq)
}

// stream releases its lock early through a sync.OnceFunc wrapper of the
// unlock, so the later read lock is not taken while it is held
// (nats-server's jetstream tests).
type stream struct {
	mu   sync.RWMutex
	seqs []uint64
}

func (s *stream) last() uint64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if len(s.seqs) == 0 {
		return 0
	}
	return s.seqs[len(s.seqs)-1]
}

func (s *stream) appendThenRead(v uint64) uint64 {
	s.mu.Lock()
	unlock := sync.OnceFunc(s.mu.Unlock)
	defer unlock()
	s.seqs = append(s.seqs, v)
	unlock()
	return s.last()
}

// Without the early call, the wrapper releases only at return: the read
// lock in last is taken while the write lock is held.
func (s *stream) appendAndRead(v uint64) uint64 {
	s.mu.Lock()
	unlock := sync.OnceFunc(s.mu.Unlock)
	defer unlock()
	s.seqs = append(s.seqs, v)
	return s.last() // want `read lock of s.mu through s.last`
}
