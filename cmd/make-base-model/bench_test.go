package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/tooltune/tooltune/lib/datagen"
	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/lora"
	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/train"
)

// benchArch is one candidate architecture for the base model.
type benchArch struct {
	hidden, layers, heads, kvHeads, ffn, vocab int
}

func (a benchArch) String() string {
	return fmt.Sprintf("d%d_L%d_h%d_kv%d_ffn%d_v%d", a.hidden, a.layers, a.heads, a.kvHeads, a.ffn, a.vocab)
}

func (a benchArch) config(tb testing.TB) *model.Config {
	tb.Helper()
	cfg, err := architecture{Hidden: a.hidden, Layers: a.layers, Heads: a.heads, KVHeads: a.kvHeads,
		FFN: a.ffn, Vocab: a.vocab, MaxPositions: 1024}.modelConfig(0, 1, 2)
	if err != nil {
		tb.Fatal(err)
	}
	return cfg
}

// benchArchs are the candidates measured for the size decision.
func benchArchs() []benchArch {
	return []benchArch{
		{128, 2, 4, 2, 352, 4096},
		{128, 4, 4, 2, 352, 4096},
		{192, 4, 4, 2, 512, 4096},
		{256, 2, 4, 2, 688, 4096},
		{256, 4, 4, 2, 688, 4096},
		{128, 2, 4, 2, 352, 6144},
		{192, 4, 4, 2, 512, 6144},
	}
}

// randomBatch is a full batch of random tokens (throughput does not depend on their values).
func randomBatch(rows, seqLen, vocab int) packedBatch {
	rng := rand.New(rand.NewPCG(1, 2))
	seqs := make([][]int32, rows)
	for r := range seqs {
		seqs[r] = make([]int32, seqLen)
		for t := range seqs[r] {
			seqs[r][t] = int32(rng.IntN(vocab))
		}
	}
	return makePackedBatch(seqs, rows, seqLen)
}

// benchTrainStep measures optimizer steps (forward, backward, clipping, AdamW) on one batch
// shape, with every weight trained (full) or only LoRA r=8 adapters on the seven projections.
func benchTrainStep(b *testing.B, arch benchArch, rows, seqLen int, useLoRA bool) {
	backend, err := model.NewBackend()
	if err != nil {
		b.Fatal(err)
	}
	m := model.New(backend, arch.config(b))
	if err := m.InitRandom(1, 0.02); err != nil {
		b.Fatal(err)
	}
	oc := optimConfig{LearningRate: 1e-3, Steps: 1 << 20, MaxGradNorm: 1}
	var tr *fullTrainer
	if useLoRA {
		if _, err := lora.Attach(m, lora.DefaultConfig(), 1); err != nil {
			b.Fatal(err)
		}
		tr, err = newTrainer(m, oc)
	} else {
		tr, err = newFullTrainer(m, oc)
	}
	if err != nil {
		b.Fatal(err)
	}
	batch := randomBatch(rows, seqLen, arch.vocab)
	if _, err := tr.trainStep(batch); err != nil { // compiles outside the timing
		b.Fatal(err)
	}
	b.ResetTimer()
	cpuBefore := cpuTime(b)
	for range b.N {
		if _, err := tr.trainStep(batch); err != nil {
			b.Fatal(err)
		}
	}
	tokens := float64(rows * seqLen * b.N)
	b.ReportMetric(tokens/b.Elapsed().Seconds(), "tokens/s")
	// On a shared machine wall time depends on the neighbours; CPU time much less so.
	b.ReportMetric(tokens/(cpuTime(b)-cpuBefore).Seconds(), "tokens/cpu-s")
	b.ReportMetric(float64(m.Config.NumParameters())/1e6, "Mparams")
}

// cpuTime is the user+system CPU time this process has used.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkFullTrainStep: full training, batch 8 × 256 tokens.
//
//	flock /tmp/bench.lock go test ./cmd/make-base-model -run '^$' -bench FullTrainStep -benchtime 3x
func BenchmarkFullTrainStep(b *testing.B) {
	for _, a := range benchArchs() {
		b.Run(a.String(), func(b *testing.B) { benchTrainStep(b, a, 8, 256, false) })
	}
}

// BenchmarkLoRATrainStep: LoRA r=8 on the seven projections, batch 4 × 512 tokens (tool-use
// examples are long).
func BenchmarkLoRATrainStep(b *testing.B) {
	for _, a := range benchArchs() {
		b.Run(a.String(), func(b *testing.B) { benchTrainStep(b, a, 4, 512, true) })
	}
}

// BenchmarkToolExampleTokens measures how long rendered tool-use training examples (lib/datagen,
// Original template) are with a tokenizer trained the way make-base-model trains it, for the
// default 3-6 tools per example and for fixed smaller lists: that length decides the
// fine-tuning sequence length and cost. It reports the mean, median, 90th percentile and
// maximum tokens per example and the mean target (assistant) tokens.
//
//	go test ./cmd/make-base-model -run '^$' -bench ToolExampleTokens -benchtime 1x
func BenchmarkToolExampleTokens(b *testing.B) {
	for _, vocab := range []int{4096, 6144} {
		o := defaultOptions()
		o.Out, o.VocabSize, o.CorpusExamples = b.TempDir(), vocab, 5000
		exs, _, err := makeCorpus(o)
		if err != nil {
			b.Fatal(err)
		}
		tok, _, err := makeTokenizer(o, exs)
		if err != nil {
			b.Fatal(err)
		}
		for _, toolsPerExample := range []int{0, 2, 3} {
			b.Run(fmt.Sprintf("vocab%d/tools%d", vocab, toolsPerExample), func(b *testing.B) {
				dcfg := datagen.DefaultConfig()
				dcfg.NumExamples, dcfg.Seed, dcfg.ToolsPerExample = 500, o.Seed+1, toolsPerExample // not the tokenizer's texts
				toolExs, err := datagen.Generate(dcfg)
				if err != nil {
					b.Fatal(err)
				}
				for range b.N {
					reportLengths(b, toolExs, tok)
				}
			})
		}
	}
}

func reportLengths(b *testing.B, exs []dataset.Example, enc train.Encoder) {
	seqs, _, err := train.Tokenize(exs, enc, train.TokenizeConfig{MaxSeqLength: 1 << 20})
	if err != nil {
		b.Fatal(err)
	}
	lengths := make([]int, len(seqs))
	var sum, targets int
	for i, s := range seqs {
		lengths[i] = len(s.IDs)
		sum += len(s.IDs)
		targets += s.NumTargets()
	}
	slices.Sort(lengths)
	b.ReportMetric(float64(sum)/float64(len(seqs)), "mean-tokens")
	b.ReportMetric(float64(lengths[len(lengths)/2]), "p50-tokens")
	b.ReportMetric(float64(lengths[len(lengths)*9/10]), "p90-tokens")
	b.ReportMetric(float64(lengths[len(lengths)-1]), "max-tokens")
	b.ReportMetric(float64(targets)/float64(len(seqs)), "mean-target-tokens")
}

// BenchmarkSeqLen: the cost of longer rows (attention grows with the row length) at 2,048
// tokens per step, for full training and for LoRA, on d=128, 4 layers, vocabulary 4,096.
func BenchmarkSeqLen(b *testing.B) {
	a := benchArch{128, 4, 4, 2, 352, 4096}
	for _, useLoRA := range []bool{false, true} {
		for _, seqLen := range []int{256, 512, 1024, 2048} {
			name := fmt.Sprintf("full/%s/seq%d", a, seqLen)
			if useLoRA {
				name = fmt.Sprintf("lora/%s/seq%d", a, seqLen)
			}
			b.Run(name, func(b *testing.B) { benchTrainStep(b, a, 2048/seqLen, seqLen, useLoRA) })
		}
	}
}
