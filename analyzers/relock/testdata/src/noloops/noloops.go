package noloops

import "sync"

type holder struct{ mu sync.RWMutex }

func (h *holder) obtain() func() {
	h.mu.RLock()
	return h.mu.RUnlock
}

func loop(h *holder, n int) {
	for i := 0; i < n; i++ {
		release := h.obtain() // silent with -loops=false
		defer release()
	}
	r := h.obtain()
	defer r()
	h.mu.RLock() // want `recursive read lock of h.mu`
	h.mu.RUnlock()
}
