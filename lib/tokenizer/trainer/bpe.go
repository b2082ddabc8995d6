package trainer

import (
	"container/heap"
	"fmt"
	"slices"
)

// pair packs two symbol ids, left in the high half, so that ordering pairs as integers orders
// them by left id then right id: the tie-break between equally frequent pairs.
type pair uint64

func makePair(left, right int32) pair { return pair(uint64(uint32(left))<<32 | uint64(uint32(right))) }
func (p pair) left() int32            { return int32(uint32(p >> 32)) }
func (p pair) right() int32           { return int32(uint32(p)) }

// candidate is a heap entry: a pair and its count when pushed. Counts of existing pairs only
// fall as merges proceed, so an entry is either exact or too high; a popped entry whose count
// is out of date is pushed back with the current count.
type candidate struct {
	count int64
	pair  pair
}

// candidates is a max-heap: highest count first, then lowest pair.
type candidates []candidate

func (h candidates) Len() int { return len(h) }
func (h candidates) Less(i, j int) bool {
	if h[i].count != h[j].count {
		return h[i].count > h[j].count
	}
	return h[i].pair < h[j].pair
}
func (h candidates) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *candidates) Push(x any)   { *h = append(*h, x.(candidate)) }
func (h *candidates) Pop() any {
	old := *h
	last := old[len(old)-1]
	*h = old[:len(old)-1]
	return last
}

// bpeState is the working set of the merge loop. Symbol ids 0-255 are bytes; merge i creates
// symbol 256+i.
type bpeState struct {
	symbols [][]int32 // each distinct word as symbol ids
	freq    []int64   // occurrences of each word
	counts  map[pair]int64
	// where lists the words a pair occurs in. Lists are only appended to, so they may name
	// words that no longer hold the pair; merging such a word changes nothing.
	where  map[pair][]int32
	queue  candidates
	tokens []string // byte-level string of each symbol
	stamp  []int    // last merge step that visited each word, to visit a word once per step
}

// newBPEState splits each word into bytes. Words are sorted first so that word indices, and
// hence everything after, do not depend on map iteration order.
func newBPEState(wordCounts map[string]int) *bpeState {
	words := make([]string, 0, len(wordCounts))
	for w := range wordCounts {
		words = append(words, w)
	}
	slices.Sort(words)
	s := &bpeState{
		symbols: make([][]int32, len(words)),
		freq:    make([]int64, len(words)),
		counts:  make(map[pair]int64),
		where:   make(map[pair][]int32),
		tokens:  byteAlphabet(),
		stamp:   make([]int, len(words)),
	}
	for i, w := range words {
		syms := make([]int32, len(w))
		for j := range len(w) {
			syms[j] = int32(w[j])
		}
		s.symbols[i] = syms
		s.freq[i] = int64(wordCounts[w])
		s.addPairs(int32(i), func(pair) bool { return true })
	}
	for p, c := range s.counts {
		s.queue = append(s.queue, candidate{count: c, pair: p})
	}
	heap.Init(&s.queue)
	return s
}

// addPairs counts the pairs of word w and records w in the where lists of the pairs for which
// track returns true.
func (s *bpeState) addPairs(w int32, track func(pair) bool) {
	syms := s.symbols[w]
	for j := 0; j+1 < len(syms); j++ {
		p := makePair(syms[j], syms[j+1])
		s.counts[p] += s.freq[w]
		if list := s.where[p]; track(p) && (len(list) == 0 || list[len(list)-1] != w) {
			s.where[p] = append(list, w)
		}
	}
}

// removePairs uncounts the pairs of word w.
func (s *bpeState) removePairs(w int32) {
	syms := s.symbols[w]
	for j := 0; j+1 < len(syms); j++ {
		p := makePair(syms[j], syms[j+1])
		if s.counts[p] -= s.freq[w]; s.counts[p] == 0 {
			delete(s.counts, p)
		}
	}
}

// next pops the most frequent pair, or returns false when no pair is left.
func (s *bpeState) next() (candidate, bool) {
	for s.queue.Len() > 0 {
		c := heap.Pop(&s.queue).(candidate)
		current := s.counts[c.pair]
		if current == c.count {
			return c, true
		}
		if current > 0 {
			heap.Push(&s.queue, candidate{count: current, pair: c.pair})
		}
	}
	return candidate{}, false
}

// merge replaces every occurrence of p by the new symbol id, in every word holding it, and
// queues the pairs the merge created.
func (s *bpeState) merge(p pair, id int32, step int) {
	created := make(map[pair]bool)
	track := func(q pair) bool {
		isNew := q.left() == id || q.right() == id
		if isNew {
			created[q] = true
		}
		return isNew
	}
	for _, w := range s.where[p] {
		if s.stamp[w] == step || !hasPair(s.symbols[w], p) {
			continue
		}
		s.stamp[w] = step
		s.removePairs(w)
		s.symbols[w] = replacePair(s.symbols[w], p, id)
		s.addPairs(w, track)
	}
	delete(s.where, p)
	delete(s.counts, p)
	// New pairs are pushed once, with their final count for this step, in pair order.
	order := make([]pair, 0, len(created))
	for q := range created {
		order = append(order, q)
	}
	slices.Sort(order)
	for _, q := range order {
		heap.Push(&s.queue, candidate{count: s.counts[q], pair: q})
	}
}

// hasPair reports whether p occurs in syms.
func hasPair(syms []int32, p pair) bool {
	for j := 0; j+1 < len(syms); j++ {
		if makePair(syms[j], syms[j+1]) == p {
			return true
		}
	}
	return false
}

// replacePair merges the occurrences of p in syms from left to right ("a a a" merging (a, a)
// gives "aa a"), in place.
func replacePair(syms []int32, p pair, id int32) []int32 {
	out := syms[:0]
	for j := 0; j < len(syms); j++ {
		if j+1 < len(syms) && makePair(syms[j], syms[j+1]) == p {
			out = append(out, id)
			j++
			continue
		}
		out = append(out, syms[j])
	}
	return out
}

// learnMerges learns numMerges merges from word counts, each of a pair seen at least minFreq
// times.
func learnMerges(wordCounts map[string]int, numMerges, minFreq int) ([][2]string, error) {
	s := newBPEState(wordCounts)
	merges := make([][2]string, 0, numMerges)
	for len(merges) < numMerges {
		best, ok := s.next()
		if !ok || best.count < int64(minFreq) {
			return nil, fmt.Errorf("trainer: the corpus yields only %d merges of pairs seen at least %d times, %d needed: give more text, or lower VocabSize or MinFrequency",
				len(merges), minFreq, numMerges)
		}
		left, right := s.tokens[best.pair.left()], s.tokens[best.pair.right()]
		id := int32(len(s.tokens))
		s.tokens = append(s.tokens, left+right)
		merges = append(merges, [2]string{left, right})
		s.merge(best.pair, id, len(merges))
	}
	return merges, nil
}
