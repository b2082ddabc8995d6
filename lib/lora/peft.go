package lora

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/tooltune/tooltune/internal/atomicfile"
	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/safetensors"
)

// PEFT's file names in an adapter directory.
const (
	ConfigFile  = "adapter_config.json"
	WeightsFile = "adapter_model.safetensors"
)

// peftPrefix is what PEFT's PeftModelForCausalLM puts before the base model's tensor names in
// adapter_model.safetensors (its base_model (LoraModel) holds the transformer as .model).
const peftPrefix = "base_model.model."

// PEFTName returns the adapter_model.safetensors name of a lib/model tensor name:
// "model.layers.0.self_attn.q_proj.lora_A.weight" ->
// "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight".
func PEFTName(tensorName string) string { return peftPrefix + tensorName }

// peftConfig is adapter_config.json with the fields PEFT (0.13) writes for a LoRA adapter, in
// its (alphabetical) order. Fields this package cannot honour are checked on load.
type peftConfig struct {
	AlphaPattern        map[string]any `json:"alpha_pattern"`
	AutoMapping         any            `json:"auto_mapping"`
	BaseModelNameOrPath string         `json:"base_model_name_or_path"`
	Bias                string         `json:"bias"`
	FanInFanOut         bool           `json:"fan_in_fan_out"`
	InferenceMode       bool           `json:"inference_mode"`
	InitLoraWeights     any            `json:"init_lora_weights"`
	LayerReplication    any            `json:"layer_replication"`
	LayersPattern       any            `json:"layers_pattern"`
	LayersToTransform   any            `json:"layers_to_transform"`
	LoftqConfig         map[string]any `json:"loftq_config"`
	LoraAlpha           float64        `json:"lora_alpha"`
	LoraDropout         float64        `json:"lora_dropout"`
	MegatronConfig      any            `json:"megatron_config"`
	MegatronCore        string         `json:"megatron_core"`
	ModulesToSave       any            `json:"modules_to_save"`
	PeftType            string         `json:"peft_type"`
	R                   int            `json:"r"`
	RankPattern         map[string]any `json:"rank_pattern"`
	Revision            any            `json:"revision"`
	TargetModules       any            `json:"target_modules"`
	TaskType            string         `json:"task_type"`
	UseDora             bool           `json:"use_dora"`
	UseRSLoRA           bool           `json:"use_rslora"`
}

// ConfigJSON returns adapter_config.json as PEFT writes it for this configuration.
func (c Config) ConfigJSON() ([]byte, error) {
	pc := peftConfig{
		AlphaPattern:        map[string]any{},
		BaseModelNameOrPath: c.BaseModel,
		Bias:                "none",
		InferenceMode:       true,
		InitLoraWeights:     true,
		LoftqConfig:         map[string]any{},
		LoraAlpha:           c.Alpha,
		LoraDropout:         c.Dropout,
		MegatronCore:        "megatron.core",
		PeftType:            "LORA",
		R:                   c.R,
		RankPattern:         map[string]any{},
		TargetModules:       slices.Clone(c.TargetModules),
		TaskType:            "CAUSAL_LM",
		UseRSLoRA:           c.UseRSLoRA,
	}
	if len(c.ModulesToSave) > 0 {
		pc.ModulesToSave = slices.Clone(c.ModulesToSave)
	}
	if len(c.TargetModules) == 1 && c.TargetModules[0] == "all-linear" {
		pc.TargetModules = "all-linear" // PEFT keeps this special value as a string
	}
	data, err := json.MarshalIndent(pc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("lora: encoding %s: %w", ConfigFile, err)
	}
	return append(data, '\n'), nil
}

// ParseConfig reads adapter_config.json content; source names it in errors. Options this
// package does not implement (DoRA, biases, per-module ranks, fan_in_fan_out, layer subsets,
// modules_to_save other than embed_tokens, regex target_modules) are errors rather than
// silently ignored.
func ParseConfig(data []byte, source string) (Config, error) {
	var pc peftConfig
	pc.Bias = "none"
	if err := json.Unmarshal(data, &pc); err != nil {
		return Config{}, fmt.Errorf("lora: %s: invalid JSON: %w", source, err)
	}
	fail := func(field, format string, args ...any) (Config, error) {
		return Config{}, fmt.Errorf("lora: %s: field %s: %s", source, field, fmt.Sprintf(format, args...))
	}
	switch {
	case pc.PeftType != "LORA":
		return fail("peft_type", "%q is not LORA", pc.PeftType)
	case pc.TaskType != "" && pc.TaskType != "CAUSAL_LM":
		return fail("task_type", "%q is not CAUSAL_LM", pc.TaskType)
	case pc.Bias != "none":
		return fail("bias", "%q is not supported (only none)", pc.Bias)
	case pc.FanInFanOut:
		return fail("fan_in_fan_out", "true is not supported")
	case pc.UseDora:
		return fail("use_dora", "DoRA is not supported")
	case len(pc.AlphaPattern) > 0:
		return fail("alpha_pattern", "per-module alphas are not supported")
	case len(pc.RankPattern) > 0:
		return fail("rank_pattern", "per-module ranks are not supported")
	case pc.LayersToTransform != nil:
		return fail("layers_to_transform", "layer subsets are not supported")
	case pc.LayerReplication != nil:
		return fail("layer_replication", "not supported")
	}
	targets, err := parseTargets(pc.TargetModules)
	if err != nil {
		return fail("target_modules", "%v", err)
	}
	var saved []string
	if pc.ModulesToSave != nil {
		if saved, err = parseTargets(pc.ModulesToSave); err != nil {
			return fail("modules_to_save", "%v", err)
		}
	}
	c := Config{R: pc.R, Alpha: pc.LoraAlpha, Dropout: pc.LoraDropout, TargetModules: targets,
		UseRSLoRA: pc.UseRSLoRA, BaseModel: pc.BaseModelNameOrPath, ModulesToSave: saved}
	if err := c.Validate(); err != nil {
		return Config{}, fmt.Errorf("%s: %w", source, err)
	}
	return c, nil
}

func parseTargets(v any) ([]string, error) {
	switch t := v.(type) {
	case string:
		if t == "all-linear" {
			return []string{t}, nil
		}
		return nil, fmt.Errorf("%q: a regular expression is not supported, list the module names", t)
	case []any:
		out := make([]string, len(t))
		for i, e := range t {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("entry %d is %v, not a string", i, e)
			}
			out[i] = s
		}
		return out, nil
	}
	return nil, errors.New("missing or not a list of module names")
}

// Save writes the adapter as PEFT does: adapter_config.json and adapter_model.safetensors
// (float32 tensors named base_model.model.<module>.lora_A.weight [r, in] and lora_B.weight
// [out, r]) in dir, created if needed. Each file is written atomically.
func (a *Adapters) Save(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("lora: %w", err)
	}
	values, shapes, err := a.Values()
	if err != nil {
		return err
	}
	names := a.TensorNames()
	ts := make([]safetensors.Tensor, len(names))
	for i, n := range names {
		if ts[i], err = safetensors.FromFloat32(PEFTName(n), shapes[i], values[i], safetensors.F32); err != nil {
			return fmt.Errorf("lora: %w", err)
		}
	}
	if err := safetensors.Write(filepath.Join(dir, WeightsFile), ts, map[string]string{"format": "pt"}); err != nil {
		return fmt.Errorf("lora: %w", err)
	}
	cfgJSON, err := a.Config.ConfigJSON()
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, ConfigFile), cfgJSON); err != nil {
		return fmt.Errorf("lora: %w", err)
	}
	return nil
}

// Load reads a PEFT LoRA adapter directory and attaches it to m (freezing the base weights
// and installing the adapters as m.LinearFn). Every adapted module must have both tensors with
// the right shapes, and the file must hold nothing else.
func Load(m *model.Model, dir string) (*Adapters, error) {
	cfgPath := filepath.Join(dir, ConfigFile)
	data, err := os.ReadFile(cfgPath)
	if err != nil {
		return nil, fmt.Errorf("lora: %w", err)
	}
	cfg, err := ParseConfig(data, cfgPath)
	if err != nil {
		return nil, err
	}
	a, err := newAdapters(m, cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfgPath, err)
	}
	if err := a.loadWeights(filepath.Join(dir, WeightsFile)); err != nil {
		return nil, err
	}
	a.install()
	return a, nil
}

// SetFrom copies the weights of a saved adapter (same configuration) into a, e.g. to restore
// a checkpoint into adapters that training graphs already refer to.
func (a *Adapters) SetFrom(dir string) error {
	return a.loadWeights(filepath.Join(dir, WeightsFile))
}

func (a *Adapters) loadWeights(path string) error {
	f, err := safetensors.Open(path)
	if err != nil {
		return fmt.Errorf("lora: %w", err)
	}
	defer f.Close()
	want := map[string]bool{}
	for _, module := range a.modules {
		in, out, err := a.moduleDims(module)
		if err != nil {
			return err
		}
		for _, w := range []struct {
			which string
			dims  []int
		}{{"lora_A", []int{a.Config.R, in}}, {"lora_B", []int{out, a.Config.R}}} {
			name := PEFTName(module + "." + w.which + ".weight")
			want[name] = true
			values, shape, err := f.Float32(name)
			if err != nil {
				return fmt.Errorf("lora: %s: %w", path, err)
			}
			if !slices.Equal(shape, w.dims) {
				return fmt.Errorf("lora: %s: tensor %s has shape %v, want %v (r=%d)", path, name, shape, w.dims, a.Config.R)
			}
			if err := a.setTensor(module, w.which, values, w.dims...); err != nil {
				return fmt.Errorf("lora: %s: %w", path, err)
			}
		}
	}
	for _, name := range a.Config.savedTensors() {
		want[PEFTName(name)] = true
		if err := a.loadSaved(f, path, name); err != nil {
			return err
		}
	}
	var extra []string
	for _, n := range f.Names() {
		if !want[n] {
			extra = append(extra, n)
		}
	}
	if len(extra) > 0 {
		return fmt.Errorf("lora: %s: tensors not matching the configured target modules: %s", path, strings.Join(extra, ", "))
	}
	return nil
}

// loadSaved sets the base tensor name (of ModulesToSave) from the adapter file f.
func (a *Adapters) loadSaved(f *safetensors.File, path, name string) error {
	v := a.model.Variable(name)
	if v == nil {
		return fmt.Errorf("lora: model has no weight %s", name)
	}
	values, shape, err := f.Float32(PEFTName(name))
	if err != nil {
		return fmt.Errorf("lora: %s: %w", path, err)
	}
	if !slices.Equal(shape, v.Shape().Dimensions) {
		return fmt.Errorf("lora: %s: tensor %s has shape %v, the model's is %v", path, PEFTName(name), shape, v.Shape().Dimensions)
	}
	if err := v.SetValue(tensors.FromFlatDataAndDimensions(values, shape...)); err != nil {
		return fmt.Errorf("lora: %s: %w", path, err)
	}
	return nil
}

// IsAdapterDir reports whether dir holds adapter_config.json.
func IsAdapterDir(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, ConfigFile))
	return err == nil && !st.IsDir()
}
