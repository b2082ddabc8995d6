package model

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tooltune/tooltune/internal/atomicfile"
	"github.com/tooltune/tooltune/lib/safetensors"
)

// MarshalHF renders the config as a Hugging Face config.json that ParseConfig (and
// transformers) read back as the same architecture.
func (c *Config) MarshalHF() ([]byte, error) {
	arch, ok := architectureFor(c.ModelType)
	if !ok {
		return nil, fmt.Errorf("model config: unsupported model_type %q", c.ModelType)
	}
	out := map[string]any{
		"model_type":              c.ModelType,
		"architectures":           []string{arch},
		"hidden_size":             c.HiddenSize,
		"intermediate_size":       c.IntermediateSize,
		"num_hidden_layers":       c.NumLayers,
		"num_attention_heads":     c.NumHeads,
		"num_key_value_heads":     c.NumKVHeads,
		"head_dim":                c.HeadDim,
		"vocab_size":              c.VocabSize,
		"max_position_embeddings": c.MaxPositionEmbeddings,
		"rms_norm_eps":            c.RMSNormEps,
		"rope_theta":              c.RopeTheta,
		"tie_word_embeddings":     c.TieWordEmbeddings,
		"hidden_act":              "silu",
		"mlp_bias":                c.MLPBias,
		"torch_dtype":             "float32",
	}
	if c.ModelType == "llama" {
		out["attention_bias"] = c.AttentionBias
	}
	if c.ModelType == "mistral" && c.SlidingWindow > 0 {
		out["sliding_window"] = c.SlidingWindow
	}
	if s := c.RopeScaling; s != nil {
		scaling := map[string]any{"rope_type": s.Type, "factor": s.Factor}
		if s.Type == "llama3" {
			scaling["low_freq_factor"] = s.LowFreqFactor
			scaling["high_freq_factor"] = s.HighFreqFactor
			scaling["original_max_position_embeddings"] = s.OriginalMaxPositionEmbeddings
		}
		out["rope_scaling"] = scaling
	}
	setTokenIDs(out, "bos_token_id", c.BOSTokenID)
	setTokenIDs(out, "pad_token_id", c.PadTokenID)
	switch len(c.EOSTokenIDs) {
	case 0:
	case 1:
		out["eos_token_id"] = c.EOSTokenIDs[0]
	default:
		out["eos_token_id"] = c.EOSTokenIDs
	}
	return json.MarshalIndent(out, "", "  ")
}

func setTokenIDs(out map[string]any, key string, id int) {
	if id >= 0 {
		out[key] = id
	}
}

// Save writes the model as a Hugging Face directory: config.json and model.safetensors
// (float32). Each file is written to a temporary name in dir and renamed, so a crash never
// leaves a half-written file.
func (m *Model) Save(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("saving model: %w", err)
	}
	config, err := m.Config.MarshalHF()
	if err != nil {
		return fmt.Errorf("saving model: %w", err)
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, "config.json"), append(config, '\n')); err != nil {
		return fmt.Errorf("saving model: %w", err)
	}
	specs, values, err := m.Weights()
	if err != nil {
		return fmt.Errorf("saving model: %w", err)
	}
	out := make([]safetensors.Tensor, len(specs))
	for i, spec := range specs {
		if out[i], err = safetensors.FromFloat32(spec.Name, spec.Shape, values[i], safetensors.F32); err != nil {
			return fmt.Errorf("saving model: %w", err)
		}
	}
	if err := safetensors.Write(filepath.Join(dir, safetensors.SingleFileName), out, map[string]string{"format": "pt"}); err != nil {
		return fmt.Errorf("saving model: %w", err)
	}
	return nil
}
