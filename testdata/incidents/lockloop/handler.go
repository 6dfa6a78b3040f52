// Package lockloop reproduces incident 1: a queue handler obtains an API
// client from a shared holder once per item and defers the release inside
// the loop, so the holder's read lock is taken again while still held.
package lockloop

import (
	"context"
	"sync"
)

// Client talks to the platform API.
type Client struct{ endpoint string }

// Holder hands out the current client; a config watcher swaps it.
type Holder struct {
	mu     sync.RWMutex
	client *Client
}

// Obtain returns the current client and read-locks the holder until the
// returned release function is called.
func (h *Holder) Obtain(ctx context.Context) (*Client, func()) {
	h.mu.RLock()
	return h.client, h.mu.RUnlock
}

// Swap installs a new client when the platform config changes.
func (h *Holder) Swap(c *Client) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.client = c
}

// Handle processes one queue message.
func Handle(ctx context.Context, h *Holder, items []string) {
	for _, item := range items {
		c, release := h.Obtain(ctx)
		defer release()
		send(c, item)
	}
}

func send(c *Client, item string) { _, _ = c, item }
