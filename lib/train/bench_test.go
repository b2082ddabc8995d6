package train

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/datagen"
	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/lora"
	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/tokenizer"
	"github.com/tooltune/tooltune/lib/tools"
)

// shippedModel is the tiny model of models/, relative to this package.
const shippedModel = "../../models/tooltune-tiny"

// BenchmarkLoRAStepD256 times one optimizer step (one micro-batch of 8 × 256 tokens, loss on
// about half of them) of rank-8 LoRA on the seven projections of the "small" configuration of
// shared/bench/torch_lora_bench.py: hidden 256, 4 layers, 4 heads, FFN 688, vocabulary 2048,
// untied lm_head. It reports training tokens per second (all 2048 positions, as the PyTorch
// script counts them).
//
//	go test -run '^$' -bench LoRAStepD256 -benchtime 5x ./lib/train
func BenchmarkLoRAStepD256(b *testing.B) {
	const rows, seqLen, vocab = 8, 256, 2048
	raw := `{"model_type": "llama", "hidden_size": 256, "intermediate_size": 688, "num_hidden_layers": 4,
		"num_attention_heads": 4, "vocab_size": 2048, "rms_norm_eps": 1e-5, "tie_word_embeddings": false}`
	cfg, err := model.ParseConfig([]byte(raw), "bench")
	if err != nil {
		b.Fatal(err)
	}
	backend, err := model.NewBackend()
	if err != nil {
		b.Fatal(err)
	}
	m := model.New(backend, cfg)
	if err := m.InitRandom(0, 0.02); err != nil {
		b.Fatal(err)
	}
	a, err := lora.Attach(m, lora.DefaultConfig(), 1)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	seqs := make([]Sequence, 4*rows) // four distinct batches, cycled, as the PyTorch script does
	for i := range seqs {
		s := Sequence{Example: i, IDs: make([]int32, seqLen), Target: make([]bool, seqLen)}
		for t := range s.IDs {
			s.IDs[t] = int32(rng.IntN(vocab))
			s.Target[t] = rng.Float64() < 0.5
		}
		seqs[i] = s
	}
	tcfg := DefaultConfig()
	tcfg.OutputDir = b.TempDir()
	tcfg.BatchSize, tcfg.GradAccumSteps, tcfg.MaxSteps = rows, 1, 1<<30
	tr, err := New(a, seqs, nil, tcfg)
	if err != nil {
		b.Fatal(err)
	}
	for range 2 { // compile and warm up
		if _, err := tr.trainStep(); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	tokens := 0
	for range b.N {
		r, err := tr.trainStep()
		if err != nil {
			b.Fatal(err)
		}
		tokens += r.tokens
	}
	b.ReportMetric(float64(tokens)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkDefaultRunStep times optimizer steps of the default run's training (the shipped
// tiny model, LoRA r 16 with the embedding table, batches of 4 first turns of two-tool
// conversations in the compact template) with plain batches and with shared-prefix batches
// (Config.SharedPrefixes), on the same 512 generated examples in each run's own order. It
// reports examples per second; their ratio is the speed-up of sharing the tool list.
//
//	go test -run '^$' -bench DefaultRunStep -benchtime 100x ./lib/train
func BenchmarkDefaultRunStep(b *testing.B) {
	reg, err := tools.Select("basic")
	if err != nil {
		b.Fatal(err)
	}
	gc := datagen.DefaultConfig()
	gc.NumExamples, gc.Registry, gc.ToolsPerExample, gc.SkipUnsupported = 512, reg, 2, true
	exs, err := datagen.Generate(gc)
	if err != nil {
		b.Fatal(err)
	}
	tok, err := tokenizer.LoadDir(shippedModel)
	if err != nil {
		b.Fatal(err)
	}
	seqs, _, err := Tokenize(dataset.FirstTurns(exs), tok, TokenizeConfig{Template: chat.Compact{}, MaxSeqLength: 1024})
	if err != nil {
		b.Fatal(err)
	}
	for _, shared := range []bool{false, true} {
		b.Run(fmt.Sprintf("shared=%v", shared), func(b *testing.B) {
			backend, err := model.NewBackend()
			if err != nil {
				b.Fatal(err)
			}
			m, err := model.Load(backend, shippedModel)
			if err != nil {
				b.Fatal(err)
			}
			lc := lora.DefaultConfig()
			lc.R, lc.Alpha = 16, 32 // tool_using's --lora_r and --lora_alpha
			lc.ModulesToSave = []string{lora.EmbedTokens}
			a, err := lora.Attach(m, lc, 1)
			if err != nil {
				b.Fatal(err)
			}
			cfg := DefaultConfig()
			cfg.OutputDir, cfg.SharedPrefixes = b.TempDir(), shared
			cfg.BatchSize, cfg.GradAccumSteps, cfg.MaxSteps = 4, 1, 1<<30
			tr, err := New(a, seqs, nil, cfg)
			if err != nil {
				b.Fatal(err)
			}
			defer tr.release.Hold()() // as Train runs its steps
			b.ResetTimer()
			for range b.N {
				if _, err := tr.trainStep(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(4*b.N)/b.Elapsed().Seconds(), "examples/s")
		})
	}
}
