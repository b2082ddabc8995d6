package model

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// WeightSource provides float32 tensors by Hugging Face name, e.g. a safetensors.Model.
type WeightSource interface {
	Names() []string
	Float32(name string) ([]float32, []int, error)
}

// TensorSpec names one weight tensor of the decoder and its shape.
type TensorSpec struct {
	Name  string
	Shape []int
}

// Module names used for the projections, as in Hugging Face's Llama-family models.
const (
	QProj    = "self_attn.q_proj"
	KProj    = "self_attn.k_proj"
	VProj    = "self_attn.v_proj"
	OProj    = "self_attn.o_proj"
	GateProj = "mlp.gate_proj"
	UpProj   = "mlp.up_proj"
	DownProj = "mlp.down_proj"
	LMHead   = "lm_head"

	// EmbedTensor is the token embedding table (also the lm_head with tied embeddings).
	EmbedTensor     = "model.embed_tokens.weight"
	finalNormTensor = "model.norm.weight"
)

// LayerModule returns the full module name of a projection in decoder layer i, e.g.
// LayerModule(3, QProj) == "model.layers.3.self_attn.q_proj".
func LayerModule(i int, proj string) string {
	return "model.layers." + strconv.Itoa(i) + "." + proj
}

// Tensors lists every weight tensor the decoder uses, with its shape, in a stable order.
// With tied embeddings there is no lm_head.weight: the head reuses model.embed_tokens.weight.
func (c *Config) Tensors() []TensorSpec {
	d, f, q, kv := c.HiddenSize, c.IntermediateSize, c.NumHeads*c.HeadDim, c.NumKVHeads*c.HeadDim
	specs := []TensorSpec{{EmbedTensor, []int{c.VocabSize, d}}}
	linear := func(module string, out, in int, bias bool) {
		specs = append(specs, TensorSpec{module + ".weight", []int{out, in}})
		if bias {
			specs = append(specs, TensorSpec{module + ".bias", []int{out}})
		}
	}
	for i := range c.NumLayers {
		specs = append(specs, TensorSpec{LayerModule(i, "input_layernorm.weight"), []int{d}})
		linear(LayerModule(i, QProj), q, d, c.AttentionBias)
		linear(LayerModule(i, KProj), kv, d, c.AttentionBias)
		linear(LayerModule(i, VProj), kv, d, c.AttentionBias)
		linear(LayerModule(i, OProj), d, q, c.AttentionOutBias)
		specs = append(specs, TensorSpec{LayerModule(i, "post_attention_layernorm.weight"), []int{d}})
		linear(LayerModule(i, GateProj), f, d, c.MLPBias)
		linear(LayerModule(i, UpProj), f, d, c.MLPBias)
		linear(LayerModule(i, DownProj), d, f, c.MLPBias)
	}
	specs = append(specs, TensorSpec{finalNormTensor, []int{d}})
	if !c.TieWordEmbeddings {
		linear(LMHead, c.VocabSize, d, false)
	}
	return specs
}

// VariablePath maps a Hugging Face tensor name to the context scope elements and variable
// name that hold it: "model.layers.0.mlp.up_proj.weight" -> ["model" "layers" "0" "mlp"
// "up_proj"], "weight". TensorName is its inverse.
func VariablePath(tensorName string) (scope []string, name string) {
	parts := strings.Split(tensorName, ".")
	return parts[:len(parts)-1], parts[len(parts)-1]
}

// TensorName maps a variable's scope (relative to the model's root scope, with or without a
// leading "/") and name back to the Hugging Face tensor name.
func TensorName(scope, name string) string {
	scope = strings.Trim(scope, context.ScopeSeparator)
	if scope == "" {
		return name
	}
	return strings.ReplaceAll(scope, context.ScopeSeparator, ".") + "." + name
}

// variableIn returns the variable holding tensorName under ctx's scope, or nil.
func variableIn(ctx *context.Context, tensorName string) *context.Variable {
	scope, name := VariablePath(tensorName)
	return ctx.GetVariableByScopeAndName(joinScope(ctx.Scope(), scope), name)
}

// setVariable creates or overwrites the variable holding tensorName under ctx's scope.
func setVariable(ctx *context.Context, tensorName string, value *tensors.Tensor) error {
	if v := variableIn(ctx, tensorName); v != nil {
		if !v.Shape().Equal(value.Shape()) {
			return fmt.Errorf("tensor %s: shape %v does not match existing variable %v", tensorName, value.Shape(), v.Shape())
		}
		return v.SetValue(value)
	}
	scope, name := VariablePath(tensorName)
	ctx.InAbsPath(joinScope(ctx.Scope(), scope)).Checked(false).VariableWithValue(name, value)
	return nil
}

func joinScope(base string, elems []string) string {
	return strings.TrimSuffix(base, context.ScopeSeparator) + context.ScopeSeparator + strings.Join(elems, context.ScopeSeparator)
}

// LoadWeights copies every tensor of the decoder from src into the model's context, checking
// shapes. Tensors in src that the decoder does not use (e.g. rotary_emb.inv_freq, or a
// redundant lm_head.weight with tied embeddings) are ignored; a missing one is an error.
func (m *Model) LoadWeights(src WeightSource) error {
	for _, spec := range m.Config.Tensors() {
		data, shape, err := src.Float32(spec.Name)
		if err != nil {
			return fmt.Errorf("loading weights: %w", err)
		}
		if !slices.Equal(shape, spec.Shape) {
			return fmt.Errorf("loading weights: tensor %s has shape %v, config.json implies %v", spec.Name, shape, spec.Shape)
		}
		if err := setVariable(m.Context, spec.Name, tensors.FromFlatDataAndDimensions(data, shape...)); err != nil {
			return fmt.Errorf("loading weights: %w", err)
		}
	}
	m.resetExecs()
	return nil
}

// InitRandom sets every weight to a fresh random value, as for training from scratch: matrices
// and embeddings ~ N(0, std²), RMSNorm gains 1, biases 0. The same seed gives the same weights.
func (m *Model) InitRandom(seed uint64, std float64) error {
	rng := rand.New(rand.NewPCG(seed, 0x746f6f6c74756e65))
	for _, spec := range m.Config.Tensors() {
		n := 1
		for _, d := range spec.Shape {
			n *= d
		}
		data := make([]float32, n)
		switch {
		case strings.HasSuffix(spec.Name, "norm.weight"):
			for i := range data {
				data[i] = 1
			}
		case strings.HasSuffix(spec.Name, ".bias"):
		default:
			for i := range data {
				data[i] = float32(rng.NormFloat64() * std)
			}
		}
		if err := setVariable(m.Context, spec.Name, tensors.FromFlatDataAndDimensions(data, spec.Shape...)); err != nil {
			return fmt.Errorf("random init: %w", err)
		}
	}
	m.resetExecs()
	return nil
}

// Weights returns the current value of every decoder tensor, by Hugging Face name, in the
// order of Config.Tensors, e.g. to save the model.
func (m *Model) Weights() ([]TensorSpec, [][]float32, error) {
	specs := m.Config.Tensors()
	values := make([][]float32, len(specs))
	for i, spec := range specs {
		v := variableIn(m.Context, spec.Name)
		if v == nil {
			return nil, nil, fmt.Errorf("weights: tensor %s is not loaded", spec.Name)
		}
		t, err := v.Value()
		if err != nil {
			return nil, nil, fmt.Errorf("weights: tensor %s: %w", spec.Name, err)
		}
		if values[i], err = tensors.CopyFlatData[float32](t); err != nil {
			return nil, nil, fmt.Errorf("weights: tensor %s: %w", spec.Name, err)
		}
	}
	return specs, values, nil
}

// Variable returns the context variable holding a Hugging Face tensor of the model, or nil if
// it is not loaded.
func (m *Model) Variable(tensorName string) *context.Variable {
	return variableIn(m.Context, tensorName)
}

// SetWeightsTrainable marks every decoder weight trainable or frozen. Frozen weights get no
// gradients and no optimizer state (as for LoRA, where only the adapters train).
func (m *Model) SetWeightsTrainable(trainable bool) error {
	for _, spec := range m.Config.Tensors() {
		v := m.Variable(spec.Name)
		if v == nil {
			return fmt.Errorf("weights: tensor %s is not loaded", spec.Name)
		}
		v.SetTrainable(trainable)
	}
	return nil
}
