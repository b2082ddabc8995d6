package trainer

import (
	"fmt"
	"testing"
)

// BenchmarkTrain trains vocabularies of 4k and 8k tokens on about 3 MB of synthetic text.
// Run: go test ./lib/tokenizer/trainer -run '^$' -bench Train -benchtime 1x
func BenchmarkTrain(b *testing.B) {
	docs := syntheticCorpus(6000, 7)
	for _, size := range []int{4096, 8192} {
		b.Run(fmt.Sprintf("vocab=%d/MB=%.1f", size, float64(corpusBytes(docs))/1e6), func(b *testing.B) {
			cfg := DefaultConfig()
			cfg.VocabSize = size
			b.SetBytes(int64(corpusBytes(docs)))
			for b.Loop() {
				if _, err := Train(cfg, docs); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCountWords measures pre-tokenization and counting alone, the part that scales with
// the corpus size.
func BenchmarkCountWords(b *testing.B) {
	docs := syntheticCorpus(6000, 7)
	cfg := DefaultConfig()
	b.SetBytes(int64(corpusBytes(docs)))
	for b.Loop() {
		if _, err := countWords(docs, cfg.reservedTokens(), cfg.SplitPattern); err != nil {
			b.Fatal(err)
		}
	}
}
