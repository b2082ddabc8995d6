// Package model is a Llama-family causal language model (Llama, SmolLM, Mistral, Qwen2) in
// GoMLX: Hugging Face config.json parsing, safetensors weights kept as context variables named
// after the Hugging Face tensors, the decoder as graph code with gradients that stay fast and
// small on the pure-Go backend, batched logits, and generation with a KV cache.
//
// Inference:
//
//	backend, err := model.NewBackend() // $GOMLX_BACKEND, else installed XLA, else pure Go
//	m, err := model.Load(backend, "path/to/hf-model-dir")
//	out, err := m.Generate(promptIDs, model.GenerateConfig{MaxNewTokens: 64})
//
// Training: build m.LogitsGraph(ctx, tokens, positions, mask) inside a GoMLX trainer whose
// context is m.Context (at its root scope). Adapters hook in through Model.LinearFn, which
// receives every projection by its Hugging Face module name ("model.layers.3.mlp.up_proj",
// "lm_head"); weights are context variables in scopes that spell the tensor name
// (/model/layers/3/mlp/up_proj, variable "weight"), so an adapter can keep its own variables
// next to the weight it adapts (ctx.InAbsPath("/model/layers/3/mlp/up_proj")).
package model

import (
	"fmt"
	"path/filepath"
	"sync"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/tooltune/tooltune/lib/safetensors"
)

// Model is a decoder with its weights and the compiled programs that run it.
//
// Weights live in Context as variables whose scope path is the Hugging Face tensor name split
// at dots (see VariablePath), so adapters and checkpoints can address them by those names.
// The graph-building methods (LogitsGraph, Linear) take the context explicitly so that a
// trainer can build them into its own training graphs.
type Model struct {
	Config  *Config
	Backend backends.Backend
	Context *context.Context

	// LinearFn computes every projection of the decoder (attention, MLP and lm_head); nil means
	// Model.Linear. It is the hook for adapters such as LoRA: wrap Model.Linear and add the
	// adapter's term for the modules it targets. Set it before the first Logits or Generate
	// call, or call ResetCompiled afterwards, since compiled programs keep the graph they built.
	LinearFn LinearFunc

	// coarseBuckets makes generation round lengths as on XLA (see lengthBuckets) whatever
	// the backend; tests set it to check that the coarser padding changes no output.
	coarseBuckets bool

	mu    sync.Mutex
	execs map[string]*context.Exec
}

// LinearFunc computes the projection named module (a Hugging Face module name such as
// "model.layers.0.self_attn.q_proj" or "lm_head") of x [..., in], giving [..., out].
type LinearFunc func(ctx *context.Context, x *graph.Node, module string) *graph.Node

// New returns a model with no weights yet: call LoadWeights or InitRandom.
func New(backend backends.Backend, cfg *Config) *Model {
	return &Model{Config: cfg, Backend: backend, Context: context.New()}
}

// Load reads a Hugging Face model directory: config.json and model.safetensors (or shards
// listed by model.safetensors.index.json).
func Load(backend backends.Backend, dir string) (*Model, error) {
	cfg, err := LoadConfig(filepath.Join(dir, "config.json"))
	if err != nil {
		return nil, err
	}
	weights, err := safetensors.OpenDir(dir)
	if err != nil {
		return nil, fmt.Errorf("loading model %s: %w", dir, err)
	}
	defer weights.Close()
	m := New(backend, cfg)
	if err := m.LoadWeights(weights); err != nil {
		return nil, fmt.Errorf("loading model %s: %w", dir, err)
	}
	return m, nil
}

// ResetCompiled drops the compiled programs, so that the next call rebuilds them (needed after
// changing LinearFn).
func (m *Model) ResetCompiled() { m.resetExecs() }

func (m *Model) resetExecs() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, e := range m.execs {
		e.Finalize()
	}
	m.execs = nil
}

// exec returns the compiled program cached under key, building it with build on first use.
func (m *Model) exec(key string, build func(ctx *context.Context, inputs []*graph.Node) []*graph.Node) (*context.Exec, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.execs[key]; ok {
		return e, nil
	}
	e, err := context.NewExec(m.Backend, m.Context, build)
	if err != nil {
		return nil, fmt.Errorf("compiling %s: %w", key, err)
	}
	if m.execs == nil {
		m.execs = map[string]*context.Exec{}
	}
	m.execs[key] = e
	return e, nil
}
