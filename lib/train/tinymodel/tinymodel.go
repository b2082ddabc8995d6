// Package tinymodel writes a small, randomly initialised Llama-family model directory (the
// Hugging Face layout: config.json, model.safetensors, tokenizer.json, tokenizer_config.json)
// with a byte-level BPE tokenizer trained on the fly. Tests of the adapter, training and
// command-line packages use it, so they run offline and in seconds; a notebook can use it to
// try the pipeline before downloading a real model.
package tinymodel

import (
	"encoding/json"
	"fmt"

	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/tokenizer/trainer"
)

// Options says how big the model is and what its tokenizer is trained on.
type Options struct {
	Hidden, Layers, Heads, KVHeads, FFN int
	// VocabSize is the tokenizer's (and so the embedding table's) size.
	VocabSize int
	// Seed fixes the random weights.
	Seed uint64
	// InitStd is the standard deviation of the random matrices.
	InitStd float64
	// Texts are the tokenizer's training corpus (rendered conversations, typically).
	Texts []string
}

// DefaultOptions is a 2-layer, 64-wide model with grouped-query attention and a 512-token
// vocabulary: big enough to learn something in a few dozen steps, small enough to train on a
// laptop core in seconds.
func DefaultOptions(texts []string) Options {
	return Options{Hidden: 64, Layers: 2, Heads: 4, KVHeads: 2, FFN: 128, VocabSize: 512, Seed: 1, InitStd: 0.05, Texts: texts}
}

// Write creates dir (if needed) and writes the model and tokenizer files into it.
func Write(dir string, o Options) error {
	tcfg := trainer.DefaultConfig()
	tcfg.VocabSize = o.VocabSize
	tok, err := trainer.Train(tcfg, o.Texts)
	if err != nil {
		return fmt.Errorf("tinymodel: training the tokenizer: %w", err)
	}
	if err := tok.WriteFiles(dir); err != nil {
		return fmt.Errorf("tinymodel: %w", err)
	}
	cfg, err := config(o, tcfg, tok.Vocab)
	if err != nil {
		return err
	}
	m := model.New(nil, cfg)
	if err := m.InitRandom(o.Seed, o.InitStd); err != nil {
		return fmt.Errorf("tinymodel: %w", err)
	}
	if err := m.Save(dir); err != nil {
		return fmt.Errorf("tinymodel: %w", err)
	}
	return nil
}

// config builds the model configuration through config.json, so that it is validated the way
// a downloaded model's is.
func config(o Options, tcfg trainer.Config, vocab []string) (*model.Config, error) {
	ids := map[string]int{}
	for id, s := range vocab {
		ids[s] = id
	}
	raw, err := json.Marshal(map[string]any{
		"architectures":           []string{"LlamaForCausalLM"},
		"model_type":              "llama",
		"hidden_size":             o.Hidden,
		"intermediate_size":       o.FFN,
		"num_hidden_layers":       o.Layers,
		"num_attention_heads":     o.Heads,
		"num_key_value_heads":     o.KVHeads,
		"vocab_size":              len(vocab),
		"max_position_embeddings": 2048,
		"rms_norm_eps":            1e-5,
		"rope_theta":              10000.0,
		"tie_word_embeddings":     false,
		"hidden_act":              "silu",
		"bos_token_id":            ids[tcfg.BOSToken],
		"eos_token_id":            ids[tcfg.EOSToken],
		"pad_token_id":            ids[tcfg.PadToken],
	})
	if err != nil {
		return nil, fmt.Errorf("tinymodel: %w", err)
	}
	cfg, err := model.ParseConfig(raw, "tinymodel")
	if err != nil {
		return nil, fmt.Errorf("tinymodel: %w", err)
	}
	return cfg, nil
}
