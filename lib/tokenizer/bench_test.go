package tokenizer

import (
	"strings"
	"testing"
)

// BenchmarkEncode measures encoding throughput on the whole test corpus, in
// MB/s of input text, for both reference tokenizers. "cold" empties the word
// cache before every pass, so it measures BPE itself.
func BenchmarkEncode(b *testing.B) {
	corpus := loadCorpus(b)
	text := strings.Join(corpus, "\n")
	for _, fixture := range []string{"qwen3", "llama2"} {
		tok := loadFixture(b, fixture, nil)
		for _, mode := range []string{"warm", "cold"} {
			b.Run(fixture+"/"+mode, func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				for b.Loop() {
					if mode == "cold" {
						tok.model.cache = newWordCache(defaultCacheCapacity)
					}
					if _, err := tok.Encode(text, false); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkDecode measures decoding throughput in MB/s of output text.
func BenchmarkDecode(b *testing.B) {
	corpus := loadCorpus(b)
	text := strings.Join(corpus, "\n")
	for _, fixture := range []string{"qwen3", "llama2"} {
		tok := loadFixture(b, fixture, nil)
		ids, err := tok.Encode(text, false)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fixture, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				tok.Decode(ids, false)
			}
		})
	}
}

// BenchmarkLoad measures reading the Qwen3 tokenizer.json (151k tokens).
func BenchmarkLoad(b *testing.B) {
	data := readFile(b, fixtureFile(b, "qwen3", "tokenizer.json"))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := FromJSON(data); err != nil {
			b.Fatal(err)
		}
	}
}
