package tokenizer

// applyMerges runs BPE over the symbol ids of one word: repeatedly join the
// adjacent pair with the lowest merge rank, the leftmost one on ties, until
// no pair has a merge. Symbols live in a slice linked as a list, and
// candidate pairs in a min-heap, so long words (sentencepiece-style models
// see whole sentences as one word) cost O(n log n).
func (m *bpeModel) applyMerges(ids []int) []int {
	switch len(ids) {
	case 0:
		return nil
	case 1:
		return ids
	}
	syms := make([]symbol, len(ids))
	for i, id := range ids {
		syms[i] = symbol{id: id, prev: i - 1, next: i + 1, alive: true}
	}
	syms[len(syms)-1].next = -1
	h := make(mergeHeap, 0, len(ids))
	for i := 0; i+1 < len(syms); i++ {
		m.pushPair(&h, syms, i)
	}
	for len(h) > 0 {
		c := h.pop()
		left := &syms[c.pos]
		if !left.alive || left.next < 0 {
			continue
		}
		right := &syms[left.next]
		// Skip candidates made stale by an earlier merge of either side.
		if mg, ok := m.merges[pairKey(left.id, right.id)]; !ok || mg.rank != c.rank || mg.newID != c.newID {
			continue
		}
		left.id = c.newID
		right.alive = false
		left.next = right.next
		if left.next >= 0 {
			syms[left.next].prev = c.pos
			m.pushPair(&h, syms, c.pos)
		}
		if left.prev >= 0 {
			m.pushPair(&h, syms, left.prev)
		}
	}
	out := make([]int, 0, len(ids))
	for _, s := range syms {
		if s.alive {
			out = append(out, s.id)
		}
	}
	return out
}

// pushPair queues the pair starting at symbol pos if it has a merge.
func (m *bpeModel) pushPair(h *mergeHeap, syms []symbol, pos int) {
	next := syms[pos].next
	if next < 0 {
		return
	}
	if mg, ok := m.merges[pairKey(syms[pos].id, syms[next].id)]; ok {
		h.push(candidate{rank: mg.rank, pos: pos, newID: mg.newID})
	}
}

type symbol struct {
	id         int
	prev, next int
	alive      bool
}

// candidate is a possible merge of the pair starting at symbol pos.
type candidate struct {
	rank, pos, newID int
}

func (a candidate) less(b candidate) bool {
	return a.rank < b.rank || (a.rank == b.rank && a.pos < b.pos)
}

// mergeHeap is a binary min-heap of candidates, written out rather than
// going through container/heap's interface calls on this hot path.
type mergeHeap []candidate

func (h *mergeHeap) push(c candidate) {
	*h = append(*h, c)
	s := *h
	for i := len(s) - 1; i > 0; {
		parent := (i - 1) / 2
		if !s[i].less(s[parent]) {
			break
		}
		s[i], s[parent] = s[parent], s[i]
		i = parent
	}
}

func (h *mergeHeap) pop() candidate {
	s := *h
	top := s[0]
	last := len(s) - 1
	s[0] = s[last]
	s = s[:last]
	for i := 0; ; {
		smallest, l, r := i, 2*i+1, 2*i+2
		if l < len(s) && s[l].less(s[smallest]) {
			smallest = l
		}
		if r < len(s) && s[r].less(s[smallest]) {
			smallest = r
		}
		if smallest == i {
			break
		}
		s[i], s[smallest] = s[smallest], s[i]
		i = smallest
	}
	*h = s
	return top
}
