package tokenizer

import (
	"encoding/json"
	"testing"
)

// tinySpec describes a small hand-made tokenizer.json for unit tests. Token
// ids are positions in vocab.
type tinySpec struct {
	vocab         []string
	merges        any // []string or [][]string; nil for none
	model         map[string]any
	added         []map[string]any
	normalizer    any
	preTokenizer  any
	postProcessor any
	decoder       any
}

func (s tinySpec) json(t testing.TB) []byte {
	t.Helper()
	vocab := make(map[string]int, len(s.vocab))
	for i, tok := range s.vocab {
		vocab[tok] = i
	}
	merges := s.merges
	if merges == nil {
		merges = []string{}
	}
	model := map[string]any{"type": "BPE", "vocab": vocab, "merges": merges}
	for k, v := range s.model {
		model[k] = v
	}
	added := s.added
	if added == nil {
		added = []map[string]any{}
	}
	return mustMarshal(t, map[string]any{
		"version":        "1.0",
		"added_tokens":   added,
		"normalizer":     s.normalizer,
		"pre_tokenizer":  s.preTokenizer,
		"model":          model,
		"post_processor": s.postProcessor,
		"decoder":        s.decoder,
	})
}

func (s tinySpec) build(t testing.TB) *Tokenizer {
	t.Helper()
	tok, err := FromJSON(s.json(t))
	if err != nil {
		t.Fatalf("FromJSON: %v", err)
	}
	return tok
}

// addedTok is an added_tokens entry with the given flags set.
func addedTok(id int, content string, flags ...string) map[string]any {
	m := map[string]any{"id": id, "content": content, "single_word": false, "lstrip": false,
		"rstrip": false, "normalized": false, "special": true}
	for _, f := range flags {
		m[f] = true
	}
	return m
}

// tokensOf encodes text and returns the token strings, which read better in
// test tables than ids.
func tokensOf(t *testing.T, tok *Tokenizer, text string, addSpecial bool) []string {
	t.Helper()
	ids, err := tok.Encode(text, addSpecial)
	if err != nil {
		t.Fatalf("Encode(%q): %v", text, err)
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		s, ok := tok.Token(id)
		if !ok {
			t.Fatalf("Encode(%q) gave id %d with no token", text, id)
		}
		out[i] = s
	}
	return out
}

func rawJSON(t testing.TB, v any) json.RawMessage { return mustMarshal(t, v) }
