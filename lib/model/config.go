package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
)

// Config is the architecture of a Llama-family decoder, read from a Hugging Face config.json.
//
// Only the fields that change the computation are kept. Values the decoder cannot reproduce
// faithfully (another activation, an unknown RoPE scaling, per-layer sliding windows) are
// rejected by ParseConfig rather than silently ignored, because a model that loads but computes
// something else is worse than one that refuses to load.
type Config struct {
	ModelType             string // "llama", "mistral" or "qwen2"
	HiddenSize            int
	IntermediateSize      int
	NumLayers             int
	NumHeads              int
	NumKVHeads            int // < NumHeads for grouped-query attention
	HeadDim               int // usually HiddenSize/NumHeads; config.json may set it explicitly
	VocabSize             int
	MaxPositionEmbeddings int
	RMSNormEps            float64
	RopeTheta             float64
	RopeScaling           *RopeScaling // nil: plain RoPE
	TieWordEmbeddings     bool         // lm_head reuses model.embed_tokens.weight
	AttentionBias         bool         // q/k/v projections have biases (Qwen2, or Llama with attention_bias)
	AttentionOutBias      bool         // o_proj has a bias (Llama with attention_bias)
	MLPBias               bool         // gate/up/down projections have biases
	SlidingWindow         int          // 0: full causal attention; else keys at most SlidingWindow-1 positions back
	BOSTokenID            int          // -1 when unset
	EOSTokenIDs           []int
	PadTokenID            int    // -1 when unset
	TorchDType            string // dtype the weights were saved in, informative only
}

// RopeScaling describes how the rotary frequencies are rescaled for long contexts.
type RopeScaling struct {
	Type                          string // "llama3" or "linear"
	Factor                        float64
	LowFreqFactor                 float64 // llama3 only
	HighFreqFactor                float64 // llama3 only
	OriginalMaxPositionEmbeddings int     // llama3 only
}

// rawConfig mirrors the config.json fields we read. Pointers tell "absent" from zero values.
type rawConfig struct {
	ModelType             string          `json:"model_type"`
	Architectures         []string        `json:"architectures"`
	HiddenSize            *int            `json:"hidden_size"`
	IntermediateSize      *int            `json:"intermediate_size"`
	NumHiddenLayers       *int            `json:"num_hidden_layers"`
	NumAttentionHeads     *int            `json:"num_attention_heads"`
	NumKeyValueHeads      *int            `json:"num_key_value_heads"`
	HeadDim               *int            `json:"head_dim"`
	VocabSize             *int            `json:"vocab_size"`
	MaxPositionEmbeddings *int            `json:"max_position_embeddings"`
	RMSNormEps            *float64        `json:"rms_norm_eps"`
	RopeTheta             *float64        `json:"rope_theta"`
	RopeScaling           json.RawMessage `json:"rope_scaling"`
	TieWordEmbeddings     *bool           `json:"tie_word_embeddings"`
	AttentionBias         *bool           `json:"attention_bias"`
	MLPBias               *bool           `json:"mlp_bias"`
	HiddenAct             *string         `json:"hidden_act"`
	SlidingWindow         *int            `json:"sliding_window"`
	UseSlidingWindow      *bool           `json:"use_sliding_window"`
	BOSTokenID            json.RawMessage `json:"bos_token_id"`
	EOSTokenID            json.RawMessage `json:"eos_token_id"`
	PadTokenID            json.RawMessage `json:"pad_token_id"`
	TorchDType            *string         `json:"torch_dtype"`
	DType                 *string         `json:"dtype"`
}

// architectureFor lists the Hugging Face class each supported model_type is loaded with.
func architectureFor(modelType string) (string, bool) {
	switch modelType {
	case "llama":
		return "LlamaForCausalLM", true
	case "mistral":
		return "MistralForCausalLM", true
	case "qwen2":
		return "Qwen2ForCausalLM", true
	}
	return "", false
}

// LoadConfig reads and validates a Hugging Face config.json.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("model config: %w", err)
	}
	return ParseConfig(data, path)
}

// ParseConfig parses config.json content; source names it in error messages.
func ParseConfig(data []byte, source string) (*Config, error) {
	cfg, err := parseConfig(data)
	if err != nil {
		return nil, fmt.Errorf("model config %s: %w", source, err)
	}
	return cfg, nil
}

func parseConfig(data []byte) (*Config, error) {
	var raw rawConfig
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	arch, ok := architectureFor(raw.ModelType)
	if !ok {
		return nil, fmt.Errorf("field model_type: unsupported value %q (supported: llama, mistral, qwen2)", raw.ModelType)
	}
	for _, a := range raw.Architectures {
		if a != arch {
			return nil, fmt.Errorf("field architectures: %q does not match model_type %q (want %s)", a, raw.ModelType, arch)
		}
	}
	if raw.HiddenAct != nil && *raw.HiddenAct != "silu" && *raw.HiddenAct != "swish" {
		return nil, fmt.Errorf("field hidden_act: unsupported value %q (only silu)", *raw.HiddenAct)
	}
	cfg := &Config{ModelType: raw.ModelType}
	if err := readDims(&raw, cfg); err != nil {
		return nil, err
	}
	if err := readRoPE(&raw, cfg); err != nil {
		return nil, err
	}
	if err := readAttention(&raw, cfg); err != nil {
		return nil, err
	}
	if err := readTokens(&raw, cfg); err != nil {
		return nil, err
	}
	cfg.TieWordEmbeddings = boolOr(raw.TieWordEmbeddings, false)
	cfg.MLPBias = cfg.ModelType == "llama" && boolOr(raw.MLPBias, false) // Mistral and Qwen2 MLPs have no bias
	cfg.TorchDType = firstString(raw.TorchDType, raw.DType)
	return cfg, nil
}

func readDims(raw *rawConfig, cfg *Config) error {
	required := []struct {
		name string
		src  *int
		dst  *int
	}{
		{"hidden_size", raw.HiddenSize, &cfg.HiddenSize},
		{"intermediate_size", raw.IntermediateSize, &cfg.IntermediateSize},
		{"num_hidden_layers", raw.NumHiddenLayers, &cfg.NumLayers},
		{"num_attention_heads", raw.NumAttentionHeads, &cfg.NumHeads},
		{"vocab_size", raw.VocabSize, &cfg.VocabSize},
	}
	for _, f := range required {
		if f.src == nil {
			return fmt.Errorf("field %s: missing", f.name)
		}
		if *f.src <= 0 {
			return fmt.Errorf("field %s: must be positive, got %d", f.name, *f.src)
		}
		*f.dst = *f.src
	}
	cfg.NumKVHeads = intOr(raw.NumKeyValueHeads, cfg.NumHeads)
	if cfg.NumKVHeads <= 0 || cfg.NumHeads%cfg.NumKVHeads != 0 {
		return fmt.Errorf("field num_key_value_heads: %d does not divide num_attention_heads %d", cfg.NumKVHeads, cfg.NumHeads)
	}
	if raw.HeadDim != nil {
		cfg.HeadDim = *raw.HeadDim
	} else {
		if cfg.HiddenSize%cfg.NumHeads != 0 {
			return fmt.Errorf("field hidden_size: %d is not a multiple of num_attention_heads %d (and head_dim is not set)", cfg.HiddenSize, cfg.NumHeads)
		}
		cfg.HeadDim = cfg.HiddenSize / cfg.NumHeads
	}
	if cfg.HeadDim <= 0 || cfg.HeadDim%2 != 0 {
		return fmt.Errorf("field head_dim: must be positive and even for rotary embeddings, got %d", cfg.HeadDim)
	}
	cfg.MaxPositionEmbeddings = intOr(raw.MaxPositionEmbeddings, defaultMaxPositions(cfg.ModelType))
	if cfg.MaxPositionEmbeddings <= 0 {
		return fmt.Errorf("field max_position_embeddings: must be positive, got %d", cfg.MaxPositionEmbeddings)
	}
	cfg.RMSNormEps = floatOr(raw.RMSNormEps, 1e-6)
	if cfg.RMSNormEps <= 0 {
		return fmt.Errorf("field rms_norm_eps: must be positive, got %g", cfg.RMSNormEps)
	}
	return nil
}

// defaultMaxPositions is the max_position_embeddings default of each Hugging Face config class.
func defaultMaxPositions(modelType string) int {
	switch modelType {
	case "mistral":
		return 4096 * 32
	case "qwen2":
		return 32768
	}
	return 2048
}

func readRoPE(raw *rawConfig, cfg *Config) error {
	cfg.RopeTheta = floatOr(raw.RopeTheta, 10000)
	if cfg.RopeTheta <= 0 {
		return fmt.Errorf("field rope_theta: must be positive, got %g", cfg.RopeTheta)
	}
	scaling, err := parseRopeScaling(raw.RopeScaling)
	if err != nil {
		return fmt.Errorf("field rope_scaling: %w", err)
	}
	cfg.RopeScaling = scaling
	return nil
}

// parseRopeScaling accepts null, {"rope_type"|"type": "default"}, "linear" and "llama3".
func parseRopeScaling(data json.RawMessage) (*RopeScaling, error) {
	if isNull(data) {
		return nil, nil
	}
	var r struct {
		RopeType                      string   `json:"rope_type"`
		Type                          string   `json:"type"`
		Factor                        *float64 `json:"factor"`
		LowFreqFactor                 *float64 `json:"low_freq_factor"`
		HighFreqFactor                *float64 `json:"high_freq_factor"`
		OriginalMaxPositionEmbeddings *int     `json:"original_max_position_embeddings"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("not an object: %w", err)
	}
	kind := r.RopeType
	if kind == "" {
		kind = r.Type
	}
	switch kind {
	case "default":
		return nil, nil
	case "linear", "llama3":
	default:
		return nil, fmt.Errorf("unsupported rope_type %q (supported: default, linear, llama3)", kind)
	}
	if r.Factor == nil || *r.Factor <= 0 {
		return nil, fmt.Errorf("%s scaling needs a positive factor", kind)
	}
	s := &RopeScaling{Type: kind, Factor: *r.Factor}
	if kind == "linear" {
		return s, nil
	}
	if r.LowFreqFactor == nil || r.HighFreqFactor == nil || r.OriginalMaxPositionEmbeddings == nil {
		return nil, errors.New("llama3 scaling needs low_freq_factor, high_freq_factor and original_max_position_embeddings")
	}
	s.LowFreqFactor, s.HighFreqFactor = *r.LowFreqFactor, *r.HighFreqFactor
	s.OriginalMaxPositionEmbeddings = *r.OriginalMaxPositionEmbeddings
	if s.LowFreqFactor <= 0 || s.HighFreqFactor <= s.LowFreqFactor || s.OriginalMaxPositionEmbeddings <= 0 {
		return nil, fmt.Errorf("llama3 scaling needs 0 < low_freq_factor < high_freq_factor and positive original_max_position_embeddings, got %g, %g, %d",
			s.LowFreqFactor, s.HighFreqFactor, s.OriginalMaxPositionEmbeddings)
	}
	return s, nil
}

func readAttention(raw *rawConfig, cfg *Config) error {
	switch cfg.ModelType {
	case "qwen2":
		// Qwen2Attention always has q/k/v biases and never an o_proj bias.
		cfg.AttentionBias = true
		if boolOr(raw.UseSlidingWindow, false) {
			return errors.New("field use_sliding_window: true is not supported for qwen2 (per-layer windows)")
		}
	case "llama":
		cfg.AttentionBias = boolOr(raw.AttentionBias, false)
		cfg.AttentionOutBias = cfg.AttentionBias
	case "mistral":
		if raw.SlidingWindow != nil {
			if *raw.SlidingWindow <= 0 {
				return fmt.Errorf("field sliding_window: must be positive or null, got %d", *raw.SlidingWindow)
			}
			cfg.SlidingWindow = *raw.SlidingWindow
		}
	}
	return nil
}

func readTokens(raw *rawConfig, cfg *Config) error {
	bos, err := tokenIDs(raw.BOSTokenID)
	if err != nil {
		return fmt.Errorf("field bos_token_id: %w", err)
	}
	eos, err := tokenIDs(raw.EOSTokenID)
	if err != nil {
		return fmt.Errorf("field eos_token_id: %w", err)
	}
	pad, err := tokenIDs(raw.PadTokenID)
	if err != nil {
		return fmt.Errorf("field pad_token_id: %w", err)
	}
	cfg.BOSTokenID, cfg.PadTokenID = firstOr(bos, -1), firstOr(pad, -1)
	cfg.EOSTokenIDs = eos
	return nil
}

// tokenIDs decodes null, an int or a list of ints.
func tokenIDs(data json.RawMessage) ([]int, error) {
	if isNull(data) {
		return nil, nil
	}
	var one int
	if err := json.Unmarshal(data, &one); err == nil {
		return []int{one}, nil
	}
	var many []int
	if err := json.Unmarshal(data, &many); err != nil {
		return nil, fmt.Errorf("want an integer or a list of integers, got %s", data)
	}
	return many, nil
}

func isNull(data json.RawMessage) bool {
	trimmed := bytes.TrimSpace(data)
	return len(trimmed) == 0 || string(trimmed) == "null"
}

func intOr(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

func floatOr(p *float64, def float64) float64 {
	if p == nil {
		return def
	}
	return *p
}

func boolOr(p *bool, def bool) bool {
	if p == nil {
		return def
	}
	return *p
}

func firstOr(ids []int, def int) int {
	if len(ids) == 0 {
		return def
	}
	return ids[0]
}

func firstString(ps ...*string) string {
	for _, p := range ps {
		if p != nil {
			return *p
		}
	}
	return ""
}

// InvFrequencies returns the rotary inverse frequencies, one per pair of head dimensions,
// after rope_scaling, computed the way Hugging Face computes them (float32 base frequencies).
func (c *Config) InvFrequencies() []float32 {
	half := c.HeadDim / 2
	out := make([]float32, half)
	for i := range half {
		exponent := float32(2*i) / float32(c.HeadDim)
		inv := float64(float32(1) / float32(math.Pow(c.RopeTheta, float64(exponent))))
		out[i] = float32(c.RopeScaling.scale(inv))
	}
	return out
}

// scale applies the scaling rule to one inverse frequency; a nil receiver means no scaling.
func (s *RopeScaling) scale(inv float64) float64 {
	if s == nil {
		return inv
	}
	if s.Type == "linear" {
		return inv / s.Factor
	}
	// llama3: keep high frequencies, divide low ones by Factor, interpolate in between.
	old := float64(s.OriginalMaxPositionEmbeddings)
	lowFreqWavelen, highFreqWavelen := old/s.LowFreqFactor, old/s.HighFreqFactor
	wavelen := 2 * math.Pi / inv
	switch {
	case wavelen < highFreqWavelen:
		return inv
	case wavelen > lowFreqWavelen:
		return inv / s.Factor
	}
	smooth := (old/wavelen - s.LowFreqFactor) / (s.HighFreqFactor - s.LowFreqFactor)
	return (1-smooth)*inv/s.Factor + smooth*inv
}

// String summarises the architecture in one line, for logs.
func (c *Config) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s d=%d layers=%d heads=%d/%d head_dim=%d ffn=%d vocab=%d",
		c.ModelType, c.HiddenSize, c.NumLayers, c.NumHeads, c.NumKVHeads, c.HeadDim, c.IntermediateSize, c.VocabSize)
	if c.TieWordEmbeddings {
		b.WriteString(" tied")
	}
	if c.RopeScaling != nil {
		fmt.Fprintf(&b, " rope=%s×%g", c.RopeScaling.Type, c.RopeScaling.Factor)
	}
	if c.SlidingWindow > 0 {
		fmt.Fprintf(&b, " window=%d", c.SlidingWindow)
	}
	return b.String()
}

// NumParameters is the number of weights of the decoder the configuration describes (tied
// embeddings counted once).
func (c *Config) NumParameters() int {
	n := 0
	for _, s := range c.Tensors() {
		size := 1
		for _, d := range s.Shape {
			size *= d
		}
		n += size
	}
	return n
}
