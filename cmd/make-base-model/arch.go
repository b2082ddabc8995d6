package main

import (
	"encoding/json"
	"fmt"

	"github.com/tooltune/tooltune/lib/model"
)

// architecture is the shape of the base model: a Llama decoder with grouped-query attention,
// SwiGLU and tied input/output embeddings (at this size the embedding table is a large share of
// all weights; tying halves it).
type architecture struct {
	Hidden, Layers, Heads, KVHeads, FFN int
	Vocab                               int
	MaxPositions                        int
	RopeTheta                           float64
}

// modelConfig validates the architecture and returns it as a lib/model Config, going through
// the same config.json parser that loads the shipped model.
func (a architecture) modelConfig(bos, eos, pad int) (*model.Config, error) {
	theta := a.RopeTheta
	if theta == 0 {
		theta = 10000
	}
	raw := map[string]any{
		"model_type":              "llama",
		"architectures":           []string{"LlamaForCausalLM"},
		"hidden_size":             a.Hidden,
		"intermediate_size":       a.FFN,
		"num_hidden_layers":       a.Layers,
		"num_attention_heads":     a.Heads,
		"num_key_value_heads":     a.KVHeads,
		"vocab_size":              a.Vocab,
		"max_position_embeddings": a.MaxPositions,
		"rms_norm_eps":            1e-5,
		"rope_theta":              theta,
		"tie_word_embeddings":     true,
		"hidden_act":              "silu",
		"attention_bias":          false,
		"mlp_bias":                false,
		"bos_token_id":            bos,
		"eos_token_id":            eos,
		"pad_token_id":            pad,
		"torch_dtype":             "float32",
	}
	data, err := json.Marshal(raw)
	if err != nil {
		return nil, fmt.Errorf("model architecture: %w", err)
	}
	return model.ParseConfig(data, "make-base-model flags")
}
