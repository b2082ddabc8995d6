package model

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
)

// configJSON returns a valid llama config.json with fields overridden (a nil value deletes it).
func configJSON(t *testing.T, overrides map[string]any) []byte {
	t.Helper()
	base := map[string]any{
		"model_type": "llama", "architectures": []string{"LlamaForCausalLM"},
		"hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2,
		"num_attention_heads": 4, "num_key_value_heads": 2, "vocab_size": 100,
		"rms_norm_eps": 1e-5, "rope_theta": 10000.0, "max_position_embeddings": 512,
		"hidden_act": "silu", "bos_token_id": 1, "eos_token_id": 2, "torch_dtype": "bfloat16",
	}
	for k, v := range overrides {
		if v == nil {
			delete(base, k)
		} else {
			base[k] = v
		}
	}
	data, err := json.Marshal(base)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseConfig(t *testing.T) {
	tests := []struct {
		name      string
		overrides map[string]any
		check     func(t *testing.T, c *Config)
	}{
		{"llama defaults", nil, func(t *testing.T, c *Config) {
			want := Config{ModelType: "llama", HiddenSize: 64, IntermediateSize: 128, NumLayers: 2, NumHeads: 4,
				NumKVHeads: 2, HeadDim: 16, VocabSize: 100, MaxPositionEmbeddings: 512, RMSNormEps: 1e-5,
				RopeTheta: 10000, BOSTokenID: 1, EOSTokenIDs: []int{2}, PadTokenID: -1, TorchDType: "bfloat16"}
			if !reflect.DeepEqual(*c, want) {
				t.Errorf("got %+v\nwant %+v", *c, want)
			}
		}},
		{"kv heads default to heads", map[string]any{"num_key_value_heads": nil}, func(t *testing.T, c *Config) {
			if c.NumKVHeads != 4 {
				t.Errorf("NumKVHeads = %d, want 4", c.NumKVHeads)
			}
		}},
		{"explicit head_dim", map[string]any{"head_dim": 32}, func(t *testing.T, c *Config) {
			if c.HeadDim != 32 {
				t.Errorf("HeadDim = %d", c.HeadDim)
			}
		}},
		{"eos list, null bos, pad", map[string]any{"eos_token_id": []int{7, 8}, "bos_token_id": nil, "pad_token_id": 0},
			func(t *testing.T, c *Config) {
				if !reflect.DeepEqual(c.EOSTokenIDs, []int{7, 8}) || c.BOSTokenID != -1 || c.PadTokenID != 0 {
					t.Errorf("eos %v bos %d pad %d", c.EOSTokenIDs, c.BOSTokenID, c.PadTokenID)
				}
			}},
		{"llama attention and mlp bias", map[string]any{"attention_bias": true, "mlp_bias": true}, func(t *testing.T, c *Config) {
			if !c.AttentionBias || !c.AttentionOutBias || !c.MLPBias {
				t.Errorf("biases %v %v %v", c.AttentionBias, c.AttentionOutBias, c.MLPBias)
			}
		}},
		{"qwen2 implies q/k/v bias only", map[string]any{"model_type": "qwen2", "architectures": []string{"Qwen2ForCausalLM"},
			"sliding_window": 4096, "use_sliding_window": false}, func(t *testing.T, c *Config) {
			if !c.AttentionBias || c.AttentionOutBias || c.SlidingWindow != 0 {
				t.Errorf("bias %v out %v window %d", c.AttentionBias, c.AttentionOutBias, c.SlidingWindow)
			}
		}},
		{"mistral sliding window, no biases", map[string]any{"model_type": "mistral", "architectures": nil, "sliding_window": 4096,
			"attention_bias": true, "mlp_bias": true},
			func(t *testing.T, c *Config) {
				if c.SlidingWindow != 4096 || c.AttentionBias || c.AttentionOutBias || c.MLPBias {
					t.Errorf("SlidingWindow = %d, biases %v %v %v", c.SlidingWindow, c.AttentionBias, c.AttentionOutBias, c.MLPBias)
				}
			}},
		{"mistral null window", map[string]any{"model_type": "mistral", "architectures": nil, "sliding_window": json.RawMessage("null")},
			func(t *testing.T, c *Config) {
				if c.SlidingWindow != 0 {
					t.Errorf("SlidingWindow = %d", c.SlidingWindow)
				}
			}},
		{"tied, dtype key", map[string]any{"tie_word_embeddings": true, "torch_dtype": nil, "dtype": "float16"},
			func(t *testing.T, c *Config) {
				if !c.TieWordEmbeddings || c.TorchDType != "float16" {
					t.Errorf("tied %v dtype %q", c.TieWordEmbeddings, c.TorchDType)
				}
			}},
		{"llama3 rope scaling", map[string]any{"rope_scaling": map[string]any{"rope_type": "llama3", "factor": 8.0,
			"low_freq_factor": 1.0, "high_freq_factor": 4.0, "original_max_position_embeddings": 8192}},
			func(t *testing.T, c *Config) {
				want := &RopeScaling{Type: "llama3", Factor: 8, LowFreqFactor: 1, HighFreqFactor: 4, OriginalMaxPositionEmbeddings: 8192}
				if !reflect.DeepEqual(c.RopeScaling, want) {
					t.Errorf("RopeScaling = %+v", c.RopeScaling)
				}
			}},
		{"linear rope scaling, old type key", map[string]any{"rope_scaling": map[string]any{"type": "linear", "factor": 2.0}},
			func(t *testing.T, c *Config) {
				if c.RopeScaling == nil || c.RopeScaling.Type != "linear" || c.RopeScaling.Factor != 2 {
					t.Errorf("RopeScaling = %+v", c.RopeScaling)
				}
			}},
		{"default rope type is no scaling", map[string]any{"rope_scaling": map[string]any{"rope_type": "default"}},
			func(t *testing.T, c *Config) {
				if c.RopeScaling != nil {
					t.Errorf("RopeScaling = %+v", c.RopeScaling)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseConfig(configJSON(t, tc.overrides), "config.json")
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, c)
		})
	}
}

func TestParseConfigErrors(t *testing.T) {
	tests := []struct {
		name      string
		overrides map[string]any
		want      string
	}{
		{"unknown model type", map[string]any{"model_type": "gpt2"}, `field model_type: unsupported value "gpt2"`},
		{"architecture mismatch", map[string]any{"architectures": []string{"MistralForCausalLM"}}, "field architectures"},
		{"missing hidden size", map[string]any{"hidden_size": nil}, "field hidden_size: missing"},
		{"zero layers", map[string]any{"num_hidden_layers": 0}, "field num_hidden_layers: must be positive"},
		{"heads not divisible", map[string]any{"num_key_value_heads": 3}, "field num_key_value_heads"},
		{"hidden not divisible", map[string]any{"hidden_size": 66}, "field hidden_size"},
		{"odd head dim", map[string]any{"head_dim": 15}, "field head_dim"},
		{"gelu", map[string]any{"hidden_act": "gelu"}, `field hidden_act: unsupported value "gelu"`},
		{"dynamic rope", map[string]any{"rope_scaling": map[string]any{"type": "dynamic", "factor": 2.0}}, `field rope_scaling: unsupported rope_type "dynamic"`},
		{"yarn rope", map[string]any{"rope_scaling": map[string]any{"rope_type": "yarn", "factor": 2.0}}, `unsupported rope_type "yarn"`},
		{"rope without factor", map[string]any{"rope_scaling": map[string]any{"rope_type": "linear"}}, "field rope_scaling: linear scaling needs a positive factor"},
		{"llama3 incomplete", map[string]any{"rope_scaling": map[string]any{"rope_type": "llama3", "factor": 8.0}}, "field rope_scaling: llama3 scaling needs"},
		{"qwen2 sliding window", map[string]any{"model_type": "qwen2", "architectures": nil, "use_sliding_window": true}, "field use_sliding_window"},
		{"bad eos", map[string]any{"eos_token_id": "x"}, "field eos_token_id"},
		{"negative eps", map[string]any{"rms_norm_eps": -1.0}, "field rms_norm_eps"},
		{"wrong type", map[string]any{"hidden_size": "64"}, "invalid JSON"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConfig(configJSON(t, tc.overrides), "some/config.json")
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "some/config.json") {
				t.Errorf("error %q, want it to name the file and contain %q", err, tc.want)
			}
		})
	}
}

// TestInvFrequencies checks the llama3 rule on the three bands against values worked out by
// hand for head_dim 8, theta 10000 (inv_freq 1, 0.1, 0.01, 0.001; wavelengths 2π/inv_freq),
// factor 4, low 1, high 4, original context 64 (band edges at wavelengths 16 and 64).
func TestInvFrequencies(t *testing.T) {
	cfg := &Config{HeadDim: 8, RopeTheta: 10000}
	base := []float64{1, 0.1, 0.01, 0.001}
	smooth := (64/(2*math.Pi/0.1) - 1) / (4 - 1) // wavelength 62.8: between the edges
	tests := []struct {
		name    string
		scaling *RopeScaling
		want    []float64
	}{
		{"none", nil, base},
		{"linear", &RopeScaling{Type: "linear", Factor: 4}, []float64{0.25, 0.025, 0.0025, 0.00025}},
		{"llama3", &RopeScaling{Type: "llama3", Factor: 4, LowFreqFactor: 1, HighFreqFactor: 4, OriginalMaxPositionEmbeddings: 64},
			[]float64{1, (1-smooth)*0.1/4 + smooth*0.1, 0.01 / 4, 0.001 / 4}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg.RopeScaling = tc.scaling
			got := cfg.InvFrequencies()
			for i, w := range tc.want {
				if math.Abs(float64(got[i])-w) > 1e-6*w {
					t.Errorf("inv_freq[%d] = %g, want %g", i, got[i], w)
				}
			}
		})
	}
}

func TestNumParameters(t *testing.T) {
	cfg, err := LoadConfig("testdata/fixtures/llama_untied/config.json")
	if err != nil {
		t.Fatal(err)
	}
	// Written out by hand for hidden 32, ffn 64, 2 layers, 4 heads of 8 (no GQA), vocab 96,
	// untied: embeddings + lm_head, per layer q,k,v,o + gate,up,down + 2 norms, final norm.
	const h, f, v, layers = 32, 64, 96, 2
	want := v*h + v*h + layers*(4*h*h+3*h*f+2*h) + h
	if got := cfg.NumParameters(); got != want {
		t.Errorf("NumParameters() = %d, want %d", got, want)
	}
}
