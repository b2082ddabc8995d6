package model

import (
	"testing"

	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive // GoMLX graph code reads best with the dot import.
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// benchConfig is the "small" model of shared/bench/torch_lora_bench.py: d=256, 4 layers,
// 4 heads, FFN 688, vocabulary 2048, untied head.
const benchConfig = `{"model_type": "llama", "hidden_size": 256, "intermediate_size": 688,
	"num_hidden_layers": 4, "num_attention_heads": 4, "num_key_value_heads": 4,
	"vocab_size": 2048, "rms_norm_eps": 1e-5, "max_position_embeddings": 1024}`

func newBenchModel(b *testing.B) *Model {
	b.Helper()
	cfg, err := ParseConfig([]byte(benchConfig), "benchConfig")
	if err != nil {
		b.Fatal(err)
	}
	m := New(newTestBackend(b), cfg)
	if err := m.InitRandom(1, 0.02); err != nil {
		b.Fatal(err)
	}
	return m
}

func benchBatch(vocab, rows, seq int) Batch {
	prompts := make([][]int, rows)
	for r := range prompts {
		prompts[r] = testPrompts(vocab, seq)[0]
	}
	return leftPad(prompts, seq)
}

// BenchmarkForward measures full-sequence logits, batch 8 × 256 tokens.
func BenchmarkForward(b *testing.B) {
	m := newBenchModel(b)
	batch := benchBatch(m.Config.VocabSize, 8, 256)
	if _, err := m.Logits(batch); err != nil { // compile outside the timing
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if _, err := m.Logits(batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(8*256*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkGradient measures forward + backward of a cross-entropy loss with respect to every
// weight (full fine-tuning without the optimizer update), batch 8 × 256 tokens.
func BenchmarkGradient(b *testing.B) {
	m := newBenchModel(b)
	lb := benchLossBatch(m.Config.VocabSize, 8, 256)
	e := context.MustNewExec(m.Backend, m.Context, func(ctx *context.Context, in []*Node) []*Node {
		ctx.SetTraining(in[0].Graph(), true)
		loss := maskedCrossEntropy(m.LogitsGraph(ctx, in[0], in[1], in[2]), in[3], in[2])
		var params []*Node
		for _, spec := range m.Config.Tensors() {
			params = append(params, variableIn(ctx, spec.Name).ValueGraph(loss.Graph()))
		}
		return append([]*Node{loss}, Gradient(loss, params...)...)
	})
	args := []any{lb.tokens, lb.positions, lb.mask, lb.targets}
	e.MustExec(args...)
	b.ResetTimer()
	for range b.N {
		e.MustExec(args...)
	}
	b.ReportMetric(float64(8*256*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func benchLossBatch(vocab, rows, seq int) lossBatch {
	batch := benchBatch(vocab, rows, seq)
	var tokens, positions, targets []int32
	var mask []bool
	for r := range rows {
		tokens = append(tokens, batch.Tokens[r]...)
		positions = append(positions, positionsFromMask(batch.Mask[r])...)
		mask = append(mask, batch.Mask[r]...)
		targets = append(targets, append(batch.Tokens[r][1:], 0)...)
	}
	return lossBatch{
		tokens:    tensors.FromFlatDataAndDimensions(tokens, rows, seq),
		positions: tensors.FromFlatDataAndDimensions(positions, rows, seq),
		mask:      tensors.FromFlatDataAndDimensions(mask, rows, seq),
		targets:   tensors.FromFlatDataAndDimensions(targets, rows, seq),
	}
}

// BenchmarkDecode measures greedy generation with the KV cache: one 64-token prompt, 64 new
// tokens (the torch bench's "gen" mode). Reported tokens/s counts generated tokens.
func BenchmarkDecode(b *testing.B) {
	m := newBenchModel(b)
	prompt := testPrompts(m.Config.VocabSize, 64)
	cfg := GenerateConfig{MaxNewTokens: 64}
	if _, err := m.Generate(prompt, cfg); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if _, err := m.Generate(prompt, cfg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(64*b.N)/b.Elapsed().Seconds(), "tokens/s")
}
