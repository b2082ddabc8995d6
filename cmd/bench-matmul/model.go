package main

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/gomlx/gomlx/backends"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive // GoMLX graph code reads best with the dot import.
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"

	"github.com/tooltune/tooltune/lib/lora"
	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/train"
)

// smallModelConfig is the "small" model of torch_lora_bench.py: d=256, 4 layers, 4 heads,
// FFN 688, vocabulary 2048, untied head.
const smallModelConfig = `{"model_type": "llama", "hidden_size": 256, "intermediate_size": 688,
	"num_hidden_layers": 4, "num_attention_heads": 4, "num_key_value_heads": 4,
	"vocab_size": 2048, "rms_norm_eps": 1e-5, "max_position_embeddings": 1024}`

// The torch script's training batch: 8 rows of 256 tokens.
const (
	trainRows = 8
	trainSeq  = 256
)

func newSmallModel(b backends.Backend) (*model.Model, error) {
	cfg, err := model.ParseConfig([]byte(smallModelConfig), "smallModelConfig")
	if err != nil {
		return nil, err
	}
	m := model.New(b, cfg)
	if err := m.InitRandom(1, 0.02); err != nil {
		return nil, err
	}
	return m, nil
}

// loraStepTokensPerSecond times a LoRA training step of the small model with lib/lora's
// default adapters (r=8 on the seven projections): masked cross-entropy forward and the
// gradients of every adapter weight, as torch_lora_bench.py's "train" mode computes them (its
// AdamW update of the 0.2M adapter weights is left out; adapter dropout too).
func loraStepTokensPerSecond(b backends.Backend, reps int) (tps float64, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	m, err := newSmallModel(b)
	if err != nil {
		return 0, err
	}
	adapters, err := lora.Attach(m, lora.DefaultConfig(), 1)
	if err != nil {
		return 0, err
	}
	vars := adapters.Variables()
	exec := context.MustNewExec(b, m.Context, func(ctx *context.Context, in []*Node) []*Node {
		g := in[0].Graph()
		ctx.SetTraining(g, true)
		logits := m.LogitsGraph(ctx, in[0], in[1], nil)
		loss := maskedCrossEntropy(logits, in[2], in[3])
		params := make([]*Node, len(vars))
		for i, v := range vars {
			params[i] = v.ValueGraph(g)
		}
		return append([]*Node{loss}, Gradient(loss, params...)...)
	})
	defer exec.Finalize()
	args := trainBatch(m.Config.VocabSize)
	return timeTokens(reps, trainRows*trainSeq, func() {
		for _, out := range exec.MustExec(args...) {
			out.MustFinalizeAll()
		}
	}), nil
}

// maskedCrossEntropy is the mean cross-entropy of targets over the positions where weights
// (bool) is true, computed as the trainer computes it (train.TokenLoss), as the torch script
// uses F.cross_entropy.
func maskedCrossEntropy(logits, targets, weights *Node) *Node {
	w := ConvertDType(weights, logits.DType())
	return Div(train.TokenLoss(logits, targets, w), ReduceAllSum(w))
}

// trainBatch is synthetic data shaped like the torch script's: random tokens and targets,
// positions 0..T-1 and loss on about half of the positions.
func trainBatch(vocab int) []any {
	rng := rand.New(rand.NewPCG(1, 2))
	n := trainRows * trainSeq
	tokens, targets, positions := make([]int32, n), make([]int32, n), make([]int32, n)
	lossMask := make([]bool, n)
	for i := range tokens {
		tokens[i] = int32(rng.IntN(vocab))
		targets[i] = int32(rng.IntN(vocab))
		positions[i] = int32(i % trainSeq)
		lossMask[i] = rng.Float64() < 0.5
	}
	shape := []int{trainRows, trainSeq}
	return []any{
		tensors.FromFlatDataAndDimensions(tokens, shape...),
		tensors.FromFlatDataAndDimensions(positions, shape...),
		tensors.FromFlatDataAndDimensions(targets, shape...),
		tensors.FromFlatDataAndDimensions(lossMask, shape...),
	}
}

// decodeTokensPerSecond times greedy generation with the KV cache: one 64-token prompt and 64
// new tokens, the torch script's "gen" mode.
func decodeTokensPerSecond(b backends.Backend, reps int) (float64, error) {
	m, err := newSmallModel(b)
	if err != nil {
		return 0, err
	}
	rng := rand.New(rand.NewPCG(3, 4))
	prompt := make([]int, 64)
	for i := range prompt {
		prompt[i] = rng.IntN(m.Config.VocabSize)
	}
	cfg := model.GenerateConfig{MaxNewTokens: 64}
	var genErr error
	tps := timeTokens(reps, cfg.MaxNewTokens, func() {
		if _, err := m.Generate([][]int{prompt}, cfg); err != nil && genErr == nil {
			genErr = err
		}
	})
	return tps, genErr
}

// timeTokens runs fn once to compile and warm up, then reps times, and returns the median
// tokens per second.
func timeTokens(reps, tokens int, fn func()) float64 {
	fn()
	rates := make([]float64, 0, reps)
	for range reps {
		start := time.Now()
		fn()
		rates = append(rates, float64(tokens)/time.Since(start).Seconds())
	}
	return median(rates)
}
