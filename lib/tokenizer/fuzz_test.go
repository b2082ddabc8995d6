package tokenizer

import (
	"testing"
)

// fuzzTexts are encoded by every tokenizer the fuzzer manages to load.
func fuzzTexts() []string {
	return []string{"", "a b", "<s>héllo  123 😀\n\tend", "aaaa bbbb"}
}

// FuzzLoad feeds arbitrary bytes to FromJSON. Whatever loads must encode and
// decode without panicking, and every id it produces must name a token.
// Seeds: the hand-made tokenizers below plus testdata/fuzz/FuzzLoad.
func FuzzLoad(f *testing.F) {
	for _, spec := range fuzzSeedSpecs() {
		f.Add(spec.json(f))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tok, err := FromJSON(data)
		if err != nil {
			if tok != nil {
				t.Fatalf("FromJSON returned a tokenizer and error %v", err)
			}
			return
		}
		for _, text := range fuzzTexts() {
			ids, err := tok.Encode(text, true)
			if err != nil {
				continue
			}
			for _, id := range ids {
				if _, ok := tok.Token(id); !ok {
					t.Fatalf("Encode(%q) produced id %d, which names no token", text, id)
				}
			}
			tok.Decode(ids, false)
			tok.Decode(ids, true)
		}
		tok.Decode([]int{-1, 0, 1, 2, 3, 1 << 30}, false)
	})
}

// fuzzSeedSpecs covers each component kind once, so the fuzzer starts from
// files that load.
func fuzzSeedSpecs() []tinySpec {
	vocab := []string{"<unk>", "<s>", "a", "b", "ab", "▁", "▁a", "<0x61>", "Ġ", "Ġa"}
	return []tinySpec{
		{vocab: vocab, merges: []string{"a b", "▁ a"}, model: map[string]any{"unk_token": "<unk>", "byte_fallback": true, "fuse_unk": true},
			added: []map[string]any{addedTok(1, "<s>")},
			normalizer: map[string]any{"type": "Sequence", "normalizers": []any{
				map[string]any{"type": "Prepend", "prepend": "▁"},
				map[string]any{"type": "Replace", "pattern": map[string]string{"String": " "}, "content": "▁"},
			}},
			postProcessor: map[string]any{"type": "TemplateProcessing",
				"single":         []any{map[string]any{"SpecialToken": map[string]any{"id": "<s>"}}, map[string]any{"Sequence": map[string]any{"id": "A"}}},
				"special_tokens": map[string]any{"<s>": map[string]any{"id": "<s>", "ids": []int{1}}}},
			decoder: map[string]any{"type": "Sequence", "decoders": []any{
				map[string]any{"type": "Replace", "pattern": map[string]string{"String": "▁"}, "content": " "},
				map[string]any{"type": "ByteFallback"}, map[string]any{"type": "Fuse"},
				map[string]any{"type": "Strip", "content": " ", "start": 1, "stop": 0},
			}}},
		{vocab: vocab, merges: [][]string{{"Ġ", "a"}}, model: map[string]any{"unk_token": "<unk>"},
			normalizer: map[string]any{"type": "NFC"},
			preTokenizer: map[string]any{"type": "Sequence", "pretokenizers": []any{
				map[string]any{"type": "Split", "pattern": map[string]string{"Regex": `\s+(?!\S)|\p{L}+`}, "behavior": "Isolated"},
				map[string]any{"type": "Digits", "individual_digits": true},
				map[string]any{"type": "ByteLevel", "add_prefix_space": false, "use_regex": false},
			}},
			postProcessor: map[string]any{"type": "ByteLevel"},
			decoder:       map[string]any{"type": "ByteLevel"}},
		{vocab: vocab, merges: []string{"▁ a"}, model: map[string]any{"unk_token": "<unk>"},
			preTokenizer: map[string]any{"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first"},
			decoder:      map[string]any{"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first"}},
	}
}
