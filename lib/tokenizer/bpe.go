package tokenizer

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxVocabID bounds token ids so that a corrupt file cannot make the loader
// allocate an enormous id table; real vocabularies stay far below it.
const maxVocabID = 1 << 22

// bpeModel is tokenizer.json's "model" of type BPE. Merges are stored by the
// pair of token ids they join, with their rank (position in the merges list;
// lower merges first) and the id of the joined token.
type bpeModel struct {
	vocab        map[string]int
	merges       map[uint64]merge
	unkID        int // -1 when there is no unk token
	fuseUnk      bool
	byteFallback bool
	ignoreMerges bool
	prefix       string // continuing_subword_prefix
	suffix       string // end_of_word_suffix
	byteIDs      [256]int
	cache        *wordCache
	// splitBefore is "▁" when the vocab allows cutting words before each run
	// of it (see metaspaceSplittable); "" otherwise.
	splitBefore string
}

type merge struct {
	rank  int
	newID int
}

func pairKey(a, b int) uint64 { return uint64(a)<<32 | uint64(uint32(b)) }

// bpeConfig mirrors the BPE model object of tokenizer.json.
type bpeConfig struct {
	Type                    string          `json:"type"`
	Dropout                 *float64        `json:"dropout"`
	UnkToken                *string         `json:"unk_token"`
	ContinuingSubwordPrefix *string         `json:"continuing_subword_prefix"`
	EndOfWordSuffix         *string         `json:"end_of_word_suffix"`
	FuseUnk                 bool            `json:"fuse_unk"`
	ByteFallback            bool            `json:"byte_fallback"`
	IgnoreMerges            bool            `json:"ignore_merges"`
	Vocab                   map[string]int  `json:"vocab"`
	Merges                  json.RawMessage `json:"merges"`
}

func parseModel(raw json.RawMessage, path string, cacheCapacity int) (*bpeModel, error) {
	var err error
	var c bpeConfig
	if err := decodeInto(raw, path, &c); err != nil {
		return nil, err
	}
	switch {
	case c.Type == "" && !isNull(c.Merges):
		// Files written before models carried a type: BPE is the one with merges.
	case c.Type == "":
		return nil, fmt.Errorf("%s: missing field \"type\"", path)
	case c.Type != "BPE":
		return nil, &UnsupportedError{Path: path, Type: c.Type}
	}
	if c.Dropout != nil && *c.Dropout != 0 {
		return nil, fmt.Errorf("%s.dropout: BPE dropout %v is for training; only 0 or null is supported", path, *c.Dropout)
	}
	m := &bpeModel{
		vocab:        c.Vocab,
		unkID:        -1,
		fuseUnk:      c.FuseUnk,
		byteFallback: c.ByteFallback,
		ignoreMerges: c.IgnoreMerges,
		cache:        newWordCache(cacheCapacity),
	}
	if len(m.vocab) == 0 {
		return nil, fmt.Errorf("%s.vocab: empty or missing", path)
	}
	for tok, id := range m.vocab {
		if id < 0 || id >= maxVocabID {
			return nil, fmt.Errorf("%s.vocab[%q]: id %d out of range [0, %d)", path, tok, id, maxVocabID)
		}
	}
	if c.ContinuingSubwordPrefix != nil {
		m.prefix = *c.ContinuingSubwordPrefix
	}
	if c.EndOfWordSuffix != nil {
		m.suffix = *c.EndOfWordSuffix
	}
	if c.UnkToken != nil {
		id, ok := m.vocab[*c.UnkToken]
		if !ok {
			return nil, fmt.Errorf("%s.unk_token: %q is not in the vocab", path, *c.UnkToken)
		}
		m.unkID = id
	}
	for b := range m.byteIDs {
		id, ok := m.vocab[fmt.Sprintf("<0x%02X>", b)]
		if !ok {
			id = -1
		}
		m.byteIDs[b] = id
	}
	if m.merges, err = m.parseMerges(c.Merges, path+".merges"); err != nil {
		return nil, err
	}
	if m.metaspaceSplittable() {
		m.splitBefore = metaspaceChar
	}
	return m, nil
}

const metaspaceChar = "▁"

// metaspaceSplittable reports whether words may be cut before every run of
// "▁" without changing the result. Sentencepiece-style models without a
// pre-tokenizer (Llama 2) see a whole sentence as one word, which makes BPE
// slow and the word cache useless. If no token has "▁" after some other
// character, no merge can join across such a cut, so BPE on the parts gives
// exactly BPE on the whole. "▁" itself must be a token so that unknown
// characters never fuse across a cut.
func (m *bpeModel) metaspaceSplittable() bool {
	if _, ok := m.vocab[metaspaceChar]; !ok || m.prefix != "" || m.suffix != "" {
		return false
	}
	for tok := range m.vocab {
		prev := rune(-1)
		for _, r := range tok {
			if r == '▁' && prev != '▁' && prev != -1 {
				return false
			}
			prev = r
		}
	}
	return true
}

// parseMerges reads both encodings: "a b" strings (tokenizers < 0.20) and
// ["a", "b"] pairs (which allow spaces inside tokens).
func (m *bpeModel) parseMerges(raw json.RawMessage, path string) (map[uint64]merge, error) {
	pairs, err := parseMergeList(raw, path)
	if err != nil {
		return nil, err
	}
	merges := make(map[uint64]merge, len(pairs))
	for rank, pair := range pairs {
		left, right := pair[0], pair[1]
		a, okA := m.vocab[left]
		b, okB := m.vocab[right]
		joined := left + strings.TrimPrefix(right, m.prefix)
		id, okJoined := m.vocab[joined]
		switch {
		case !okA:
			return nil, fmt.Errorf("%s[%d]: token %q is not in the vocab", path, rank, left)
		case !okB:
			return nil, fmt.Errorf("%s[%d]: token %q is not in the vocab", path, rank, right)
		case !okJoined:
			return nil, fmt.Errorf("%s[%d]: merged token %q is not in the vocab", path, rank, joined)
		}
		// A repeated pair keeps its last rank, as in the Rust library and
		// transformers.js, which both build their maps in list order.
		merges[pairKey(a, b)] = merge{rank: rank, newID: id}
	}
	return merges, nil
}

// parseMergeList decodes the merges array in whichever encoding it uses. The
// two whole-array attempts are the fast path; when both fail, the entries
// are read one by one so the error names the bad one.
func parseMergeList(raw json.RawMessage, path string) ([][2]string, error) {
	if isNull(raw) {
		return nil, nil
	}
	var lists [][]string
	if err := json.Unmarshal(raw, &lists); err == nil {
		pairs := make([][2]string, len(lists))
		for i, l := range lists {
			if len(l) != 2 {
				return nil, fmt.Errorf("%s[%d]: want a [left, right] pair, got %d strings", path, i, len(l))
			}
			pairs[i] = [2]string{l[0], l[1]}
		}
		return pairs, nil
	}
	var lines []string
	if err := json.Unmarshal(raw, &lines); err == nil {
		pairs := make([][2]string, len(lines))
		for i, line := range lines {
			parts := strings.Split(line, " ")
			if len(parts) != 2 {
				return nil, fmt.Errorf("%s[%d]: want \"left right\", got %q", path, i, line)
			}
			pairs[i] = [2]string{parts[0], parts[1]}
		}
		return pairs, nil
	}
	var items []json.RawMessage
	if err := decodeInto(raw, path, &items); err != nil {
		return nil, err
	}
	for i, item := range items {
		var line string
		var pair []string
		if json.Unmarshal(item, &line) != nil && (json.Unmarshal(item, &pair) != nil || len(pair) != 2) {
			return nil, fmt.Errorf("%s[%d]: want a \"left right\" string or a [left, right] pair, got %.40s", path, i, item)
		}
	}
	return nil, fmt.Errorf("%s: entries mix the \"left right\" and [left, right] encodings", path)
}

// encodeWord appends the ids of one pre-tokenized piece to dst.
func (m *bpeModel) encodeWord(word string, dst []int) ([]int, error) {
	if m.splitBefore == "" {
		return m.encodeChunk(word, dst)
	}
	for word != "" {
		cut := nextRunStart(word, m.splitBefore)
		var err error
		if dst, err = m.encodeChunk(word[:cut], dst); err != nil {
			return nil, err
		}
		word = word[cut:]
	}
	return dst, nil
}

// nextRunStart returns where the next run of sep begins after the start of
// word (len(word) when there is none).
func nextRunStart(word, sep string) int {
	i := 0
	for strings.HasPrefix(word[i:], sep) {
		i += len(sep)
	}
	if j := strings.Index(word[i:], sep); j >= 0 {
		return i + j
	}
	return len(word)
}

// encodeChunk runs BPE on one word, through the cache.
func (m *bpeModel) encodeChunk(word string, dst []int) ([]int, error) {
	if ids, ok := m.cache.get(word); ok {
		return append(dst, ids...), nil
	}
	var ids []int
	if id, ok := m.vocab[word]; ok && m.ignoreMerges {
		ids = []int{id}
	} else {
		syms, err := m.initialSymbols(word)
		if err != nil {
			return nil, err
		}
		ids = m.applyMerges(syms)
	}
	m.cache.put(word, ids)
	return append(dst, ids...), nil
}

// initialSymbols gives one symbol per character, or per byte for characters
// outside the vocab when byte_fallback is on; unknown characters become the
// unk token (one per run when fuse_unk).
func (m *bpeModel) initialSymbols(word string) ([]int, error) {
	syms := make([]int, 0, len(word))
	lastUnk := false
	for i := 0; i < len(word); {
		_, size := utf8.DecodeRuneInString(word[i:])
		char := word[i : i+size]
		key := char
		if i > 0 && m.prefix != "" {
			key = m.prefix + key
		}
		if i+size == len(word) && m.suffix != "" {
			key += m.suffix
		}
		i += size
		if id, ok := m.vocab[key]; ok {
			syms = append(syms, id)
			lastUnk = false
			continue
		}
		if m.byteFallback && m.appendBytes(&syms, char) {
			lastUnk = false
			continue
		}
		if m.unkID < 0 {
			return nil, fmt.Errorf("character %q is not in the vocab and the model has no unk_token or byte fallback", char)
		}
		if !(m.fuseUnk && lastUnk) {
			syms = append(syms, m.unkID)
		}
		lastUnk = true
	}
	return syms, nil
}

// appendBytes adds the <0xXX> tokens of s when all of them exist.
func (m *bpeModel) appendBytes(syms *[]int, s string) bool {
	for i := 0; i < len(s); i++ {
		if m.byteIDs[s[i]] < 0 {
			return false
		}
	}
	for i := 0; i < len(s); i++ {
		*syms = append(*syms, m.byteIDs[s[i]])
	}
	return true
}
