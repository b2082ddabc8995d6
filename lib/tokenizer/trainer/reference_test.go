package trainer

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/dlclark/regexp2"
)

// refTokenizer is a deliberately naive byte-level BPE encoder built only from what a
// tokenizer.json file says (not from this package's in-memory state), used to check that the
// files the trainer writes mean what they should. It applies merges the textbook way: in each
// word, repeatedly merge the adjacent pair of lowest rank, leftmost first.
type refTokenizer struct {
	vocab    map[string]int
	inverse  map[int]string
	ranks    map[[2]string]int
	added    []string // added token contents, in file order
	splitter *regexp2.Regexp
}

// tokenizerFile is the part of tokenizer.json the reference encoder reads.
type tokenizerFile struct {
	AddedTokens []struct {
		ID      int    `json:"id"`
		Content string `json:"content"`
		Special bool   `json:"special"`
	} `json:"added_tokens"`
	Normalizer   any `json:"normalizer"`
	PreTokenizer struct {
		Type          string `json:"type"`
		Pretokenizers []struct {
			Type    string `json:"type"`
			Pattern struct {
				Regex string `json:"Regex"`
			} `json:"pattern"`
			Behavior string `json:"behavior"`
			UseRegex bool   `json:"use_regex"`
		} `json:"pretokenizers"`
	} `json:"pre_tokenizer"`
	Decoder struct {
		Type string `json:"type"`
	} `json:"decoder"`
	Model struct {
		Type   string         `json:"type"`
		Vocab  map[string]int `json:"vocab"`
		Merges []string       `json:"merges"`
	} `json:"model"`
}

func loadRefTokenizer(t *testing.T, path string) *refTokenizer {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f tokenizerFile
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	pre := f.PreTokenizer
	if f.Model.Type != "BPE" || f.Decoder.Type != "ByteLevel" || f.Normalizer != nil || pre.Type != "Sequence" ||
		len(pre.Pretokenizers) != 2 || pre.Pretokenizers[0].Type != "Split" || pre.Pretokenizers[0].Behavior != "Isolated" ||
		pre.Pretokenizers[1].Type != "ByteLevel" || pre.Pretokenizers[1].UseRegex {
		t.Fatalf("%s: unexpected pipeline: model %q, decoder %q, normalizer %v, pre-tokenizer %+v", path, f.Model.Type, f.Decoder.Type, f.Normalizer, pre)
	}
	re, err := regexp2.Compile(pre.Pretokenizers[0].Pattern.Regex, regexp2.Unicode)
	if err != nil {
		t.Fatal(err)
	}
	ref := &refTokenizer{vocab: f.Model.Vocab, inverse: make(map[int]string), ranks: make(map[[2]string]int), splitter: re}
	for tok, id := range f.Model.Vocab {
		if other, dup := ref.inverse[id]; dup {
			t.Fatalf("%s: id %d used by %q and %q", path, id, other, tok)
		}
		ref.inverse[id] = tok
	}
	for rank, m := range f.Model.Merges {
		parts := strings.Split(m, " ")
		if len(parts) != 2 {
			t.Fatalf("%s: merge %d %q is not two tokens", path, rank, m)
		}
		ref.ranks[[2]string{parts[0], parts[1]}] = rank
	}
	for _, a := range f.AddedTokens {
		if f.Model.Vocab[a.Content] != a.ID {
			t.Fatalf("%s: added token %q has id %d, vocab says %d", path, a.Content, a.ID, f.Model.Vocab[a.Content])
		}
		ref.added = append(ref.added, a.Content)
	}
	return ref
}

// encodeWord applies the merges to one pre-token.
func (r *refTokenizer) encodeWord(word string) ([]int, error) {
	table := byteRunes()
	var parts []string
	for i := range len(word) {
		parts = append(parts, string(table[word[i]]))
	}
	for {
		best, at := -1, -1
		for i := 0; i+1 < len(parts); i++ {
			if rank, ok := r.ranks[[2]string{parts[i], parts[i+1]}]; ok && (best < 0 || rank < best) {
				best, at = rank, i
			}
		}
		if at < 0 {
			break
		}
		parts = append(parts[:at], append([]string{parts[at] + parts[at+1]}, parts[at+2:]...)...)
	}
	ids := make([]int, len(parts))
	for i, p := range parts {
		id, ok := r.vocab[p]
		if !ok {
			return nil, fmt.Errorf("token %q not in vocab", p)
		}
		ids[i] = id
	}
	return ids, nil
}

// encode splits out added tokens, pre-tokenizes the rest and encodes each pre-token.
func (r *refTokenizer) encode(text string) ([]int, error) {
	var ids []int
	for text != "" {
		at, tok := len(text), ""
		for _, a := range r.added {
			if i := strings.Index(text, a); i >= 0 && (i < at || (i == at && len(a) > len(tok))) {
				at, tok = i, a
			}
		}
		words, err := preTokenize(r.splitter, text[:at], nil)
		if err != nil {
			return nil, err
		}
		for _, w := range words {
			wordIDs, err := r.encodeWord(w)
			if err != nil {
				return nil, err
			}
			ids = append(ids, wordIDs...)
		}
		if tok == "" {
			break
		}
		ids = append(ids, r.vocab[tok])
		text = text[at+len(tok):]
	}
	return ids, nil
}

// decode maps ids back to text, undoing the byte-to-character mapping.
func (r *refTokenizer) decode(ids []int) (string, error) {
	table := byteRunes()
	byteOf := make(map[rune]byte, len(table))
	for b, ch := range table {
		byteOf[ch] = byte(b)
	}
	var out []byte
	for _, id := range ids {
		tok, ok := r.inverse[id]
		if !ok {
			return "", fmt.Errorf("unknown id %d", id)
		}
		if r.isAdded(tok) {
			out = append(out, tok...)
			continue
		}
		for _, ch := range tok {
			b, ok := byteOf[ch]
			if !ok {
				return "", fmt.Errorf("token %q holds %q, not a byte-level character", tok, ch)
			}
			out = append(out, b)
		}
	}
	return string(out), nil
}

func (r *refTokenizer) isAdded(tok string) bool {
	for _, a := range r.added {
		if a == tok {
			return true
		}
	}
	return false
}
