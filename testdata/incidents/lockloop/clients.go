package lockloop

import "sync"

// Clients caches one client per tenant; the read path is meant to be
// cheap, so it takes the read lock.
type Clients struct {
	mu      sync.RWMutex
	byName  map[string]*Client
	holders map[string]*Holder
}

// Get returns the tenant's client.
func (cs *Clients) Get(name string) *Client {
	cs.mu.RLock()
	defer cs.mu.RUnlock()
	return cs.byName[name]
}

// Endpoints lists the endpoints of the named tenants. It calls Get while
// holding the read lock: a recursive read lock that deadlocks as soon as
// Replace waits for the write lock in between.
func (cs *Clients) Endpoints(names []string) []string {
	cs.mu.RLock()
	defer cs.mu.RUnlock()
	var eps []string
	for _, n := range names {
		if c := cs.Get(n); c != nil {
			eps = append(eps, c.endpoint)
		}
	}
	return eps
}

// Replace swaps a tenant's client.
func (cs *Clients) Replace(name string, c *Client) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.byName[name] = c
}

// Refresh re-reads every tenant holder; each holder is another instance,
// so taking their locks under cs.mu is fine (and not reported).
func (cs *Clients) Refresh() {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	for name, h := range cs.holders {
		func() {
			c, release := h.Obtain(nil)
			defer release()
			cs.byName[name] = c
		}()
	}
}
