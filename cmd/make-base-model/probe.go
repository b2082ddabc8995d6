package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/gomlx/gomlx/backends"
	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/corpus"
	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/hub"
	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/pipeline"
)

// probeSeedOffset separates the copy probe's requests from the training and held-out corpora.
const probeSeedOffset = 2_000_003

// probeResult counts exact answers to the copy probe.
type probeResult struct {
	Exact, Total int
	Misses       []sample // the first few wrong answers, for the model card
}

// copyProbe measures the ability tool-use fine-tuning builds on: copying words the model has
// never seen from the prompt into its answer. It asks the model in dir n first requests of
// lib/corpus's copy and lookup kinds (repeat this, write this as JSON, which listed item fits)
// drawn from a seed no training used, and counts the answers equal to the reference. A base
// model that scores near zero here writes tool names and arguments by guessing, whatever the
// fine-tuning does.
func copyProbe(dir string, backend backends.Backend, seed uint64, n int) (probeResult, error) {
	exs, err := corpus.Generate(corpus.Config{NumExamples: n, Seed: seed + probeSeedOffset,
		KindWeights: map[string]float64{corpus.KindCopy: 2, corpus.KindLookup: 1}})
	if err != nil {
		return probeResult{}, err
	}
	prompts, wants := make([]string, n), make([]string, n)
	for i, ex := range exs {
		user := 0
		if ex.Messages[0].Role == dataset.RoleSystem {
			user = 1
		}
		if prompts[i], err = chat.RenderPrompt(dataset.Example{Messages: ex.Messages[:user+1]}, user+1); err != nil {
			return probeResult{}, fmt.Errorf("copy probe request %d: %w", i, err)
		}
		wants[i] = ex.Messages[user+1].Content
	}
	lm, err := pipeline.LoadModel(context.Background(), dir, backend, hub.Config{})
	if err != nil {
		return probeResult{}, err
	}
	answers, err := lm.Generator(model.GenerateConfig{MaxNewTokens: maxSampleTokens}, 16).Generate(prompts)
	if err != nil {
		return probeResult{}, fmt.Errorf("copy probe: %w", err)
	}
	res := probeResult{Total: n}
	for i, a := range answers {
		if strings.TrimSuffix(strings.TrimSpace(a), chat.EndOfTurn) == wants[i] {
			res.Exact++
		} else if len(res.Misses) < 3 {
			res.Misses = append(res.Misses, sample{wants[i], a})
		}
	}
	return res, nil
}
