package tokenizer

import "sync"

// defaultCacheCapacity is how many distinct words a Tokenizer remembers the
// ids of. Like the Rust library's cache it stops taking new words when full
// rather than evicting, which keeps lookups lock-light and is enough for the
// long tail of natural text.
const defaultCacheCapacity = 10000

// maxCachedWordLen skips caching long words, which rarely repeat.
const maxCachedWordLen = 256

// wordCache maps a pre-tokenized word to its ids; safe for concurrent use.
// Stored slices are never modified after put.
type wordCache struct {
	mu       sync.RWMutex
	ids      map[string][]int
	capacity int
}

func newWordCache(capacity int) *wordCache {
	return &wordCache{ids: make(map[string][]int), capacity: capacity}
}

func (c *wordCache) get(word string) ([]int, bool) {
	if c.capacity <= 0 {
		return nil, false
	}
	c.mu.RLock()
	ids, ok := c.ids[word]
	c.mu.RUnlock()
	return ids, ok
}

func (c *wordCache) put(word string, ids []int) {
	if c.capacity <= 0 || len(word) > maxCachedWordLen {
		return
	}
	c.mu.Lock()
	if len(c.ids) < c.capacity {
		c.ids[word] = ids
	}
	c.mu.Unlock()
}
