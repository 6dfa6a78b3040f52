package a

import "testing"

// The shapes of nats-server's tests (events_test.go, jetstream_super_cluster_test.go).

// Holding every server's receive queue while the test runs is the point:
// the loop only finds and locks them. Silent.
func TestPauseRecvQueues(t *testing.T) {
	sa, sb := &server{sys: &sysState{recvq: &ipQueue{}}}, &server{sys: &sysState{recvq: &ipQueue{}}}
	testReq := func(t *testing.T, subj string) {
		for _, s := range []*server{sa, sb} {
			s.mu.RLock()
			recvq := s.sys.recvq
			s.mu.RUnlock()
			recvq.Lock()
			defer recvq.Unlock()
		}
		sa.sys.recvq.items = append(sa.sys.recvq.items, subj)
	}
	testReq(t, "x")
}

// Each server's own consumer, read-locked until the test returns, not a
// self-deadlock: lock-elements, info in tests (the test's end releases them).
func TestConsumerState(t *testing.T) {
	c := &cluster{}
	for _, s := range c.servers {
		mset, err := s.lookupStream("T")
		if err != nil {
			t.Fatal(err)
		}
		o := mset.lookupConsumer("d")
		o.mu.RLock()
		defer o.mu.RUnlock() // grade:info // want `the read lock on o.mu taken at line \d+ is held until then, and o changes with the iteration \(o := mset.lookupConsumer\(...\) at line \d+, which depends on s\): up to one o.mu per element of c.servers stays read-locked until the function returns`
		if o.dseq != 0 {
			t.Fatalf("dseq %d", o.dseq)
		}
	}
}

// The same server's mutex every iteration, through a local alias: still
// the self-deadlock error in tests.
func TestAliasHeld(t *testing.T) {
	s := &server{}
	for i := 0; i < 3; i++ {
		mu := &s.mu
		mu.RLock()
		defer mu.RUnlock() // grade:error // want `the read lock on mu taken at line \d+ is held across iterations, so the next iteration's RLock is a recursive read lock that deadlocks as soon as a writer waits; mu := &s.mu at line \d+ reaches the same mutex in every iteration`
		if s.streams == nil {
			t.Log(i)
		}
	}
}

// A repeated element in a test still deadlocks: lock-elements-deadlock stays
// an error.
func TestQueuesTwice(t *testing.T) {
	s := &server{sys: &sysState{recvq: &ipQueue{}}}
	for _, x := range []*server{s, s} {
		q := x.sys.recvq
		q.Lock()
		defer q.Unlock() // grade:error // want `an element that comes twice in \[\]\*server\{s, s\} is locked again while held: a self-deadlock`
		t.Log(len(q.items))
	}
}
