// Package lora adds low-rank adapters (LoRA, Hu et al. 2021) to the linear projections of a
// lib/model decoder, reads and writes them in PEFT's file format, and merges them into the base
// weights.
//
// An adapted projection computes
//
//	y = x·Wᵀ + scale · dropout(x)·Aᵀ·Bᵀ
//
// with W [out, in] the frozen base weight, A [r, in], B [out, r] and scale = alpha/r (or
// alpha/√r with rank-stabilised LoRA). A starts Kaiming-uniform and B at zero, as PEFT
// initialises them, so a fresh adapter leaves the model's output unchanged and training starts
// from the base model.
//
// The adapters hook into the model through Model.LinearFn; their weights are context
// variables named after the PEFT tensors (scope model/layers/0/self_attn/q_proj/lora_A,
// variable weight), and every base weight is marked not trainable, so no gradient or optimizer
// state is ever built for it.
//
// The one exception is Config.ModulesToSave ("embed_tokens", PEFT's modules_to_save): the
// model's own embedding table is then trained in place and saved in the adapter file as
// base_model.model.model.embed_tokens.weight; Load puts it back. With tied embeddings the
// table is also the lm_head, and ToolTune trains it as one tensor; the merged model
// (SaveMerged) is therefore the exact result to hand to other tools, since PEFT wraps a copy
// of embed_tokens and whether lm_head follows it depends on the PEFT version.
package lora

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive // GoMLX graph code reads best with the dot import.
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/tooltune/tooltune/lib/model"
)

// Config is a LoRA configuration, with the names of PEFT's LoraConfig.
type Config struct {
	// R is the rank of the update B·A.
	R int
	// Alpha sets the scale of the update: Alpha/R, or Alpha/√R with UseRSLoRA.
	Alpha float64
	// Dropout is the probability of zeroing an input element of the adapter branch while
	// training (never at evaluation).
	Dropout float64
	// TargetModules are the projections that get adapters, by their last name component as
	// PEFT matches them (q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj,
	// lm_head), or the single entry "all-linear" for every projection except lm_head.
	TargetModules []string
	// UseRSLoRA selects rank-stabilised scaling, Alpha/√R.
	UseRSLoRA bool
	// BaseModel is recorded as base_model_name_or_path in adapter_config.json.
	BaseModel string
	// ModulesToSave are base modules trained in full alongside the adapters and saved with
	// them, as PEFT's modules_to_save. Only "embed_tokens" is supported: a base model whose
	// training never showed it the tokens of tool calls (new special tokens such as <tool_call>,
	// or pieces of tool names) has random embeddings for them, and with tied embeddings it can
	// neither read nor write them; no low-rank update of the projections fixes that.
	ModulesToSave []string
}

// EmbedTokens is the ModulesToSave name of the token embedding table.
const EmbedTokens = "embed_tokens"

// DefaultTargetModules lists the seven projections of a Llama-family decoder layer.
func DefaultTargetModules() []string {
	return []string{"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"}
}

// DefaultConfig is rank 8, alpha 16, dropout 0.05 on all seven projections of every layer:
// the usual starting point for instruction tuning with LoRA.
func DefaultConfig() Config {
	return Config{R: 8, Alpha: 16, Dropout: 0.05, TargetModules: DefaultTargetModules()}
}

// Scale is the factor of the low-rank update.
func (c Config) Scale() float64 {
	if c.UseRSLoRA {
		return c.Alpha / math.Sqrt(float64(c.R))
	}
	return c.Alpha / float64(c.R)
}

// Validate reports the first unusable setting.
func (c Config) Validate() error {
	switch {
	case c.R <= 0:
		return fmt.Errorf("lora: r must be positive, got %d", c.R)
	case c.Alpha <= 0 || math.IsNaN(c.Alpha) || math.IsInf(c.Alpha, 0):
		return fmt.Errorf("lora: lora_alpha must be positive, got %g", c.Alpha)
	case !(c.Dropout >= 0 && c.Dropout < 1):
		return fmt.Errorf("lora: lora_dropout must be in [0, 1), got %g", c.Dropout)
	case len(c.TargetModules) == 0:
		return errors.New("lora: target_modules is empty")
	}
	for _, m := range c.ModulesToSave {
		if m != EmbedTokens {
			return fmt.Errorf("lora: modules_to_save: %q is not supported (only %s)", m, EmbedTokens)
		}
	}
	return nil
}

// savedTensors are the base tensors that c.ModulesToSave trains, by lib/model name.
func (c Config) savedTensors() []string {
	if slices.Contains(c.ModulesToSave, EmbedTokens) {
		return []string{model.EmbedTensor}
	}
	return nil
}

// projections maps the short PEFT name of each decoder-layer projection to lib/model's name.
func projections() map[string]string {
	return map[string]string{
		"q_proj": model.QProj, "k_proj": model.KProj, "v_proj": model.VProj, "o_proj": model.OProj,
		"gate_proj": model.GateProj, "up_proj": model.UpProj, "down_proj": model.DownProj,
	}
}

// targetModules resolves c.TargetModules to full module names of a model with the given
// number of layers, in model order (layer by layer, then lm_head).
func (c Config) targetModules(numLayers int) ([]string, error) {
	short := map[string]bool{}
	for _, t := range c.TargetModules {
		if t == "all-linear" {
			for s := range projections() {
				short[s] = true
			}
			continue
		}
		if _, ok := projections()[t]; !ok && t != model.LMHead {
			return nil, fmt.Errorf("lora: target module %q is not a linear layer of this model (want some of %s, lm_head or all-linear)",
				t, strings.Join(DefaultTargetModules(), ", "))
		}
		short[t] = true
	}
	var modules []string
	for i := range numLayers {
		for _, s := range DefaultTargetModules() {
			if short[s] {
				modules = append(modules, model.LayerModule(i, projections()[s]))
			}
		}
	}
	if short[model.LMHead] {
		modules = append(modules, model.LMHead)
	}
	return modules, nil
}

// Adapters are the LoRA weights attached to one model.
type Adapters struct {
	Config Config
	model  *model.Model
	// modules are the adapted modules' full names, in model order.
	modules []string
	targets map[string]bool
}

// Attach creates fresh adapters (A Kaiming-uniform from seed, B zero) on m's target
// projections, marks every base weight not trainable and installs the adapters as
// m.LinearFn. The model's output is unchanged until B is trained.
func Attach(m *model.Model, cfg Config, seed uint64) (*Adapters, error) {
	a, err := newAdapters(m, cfg)
	if err != nil {
		return nil, err
	}
	for i, module := range a.modules {
		in, out, err := a.moduleDims(module)
		if err != nil {
			return nil, err
		}
		rng := rand.New(rand.NewPCG(seed, uint64(i)))
		if err := a.setTensor(module, "lora_A", kaimingUniform(rng, cfg.R, in), cfg.R, in); err != nil {
			return nil, err
		}
		if err := a.setTensor(module, "lora_B", make([]float32, out*cfg.R), out, cfg.R); err != nil {
			return nil, err
		}
	}
	a.install()
	return a, nil
}

func newAdapters(m *model.Model, cfg Config) (*Adapters, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if m.LinearFn != nil {
		return nil, errors.New("lora: the model already has a LinearFn (adapters attached twice?)")
	}
	modules, err := cfg.targetModules(m.Config.NumLayers)
	if err != nil {
		return nil, err
	}
	a := &Adapters{Config: cfg, model: m, modules: modules, targets: map[string]bool{}}
	for _, mod := range modules {
		a.targets[mod] = true
	}
	return a, nil
}

// kaimingUniform draws a [rows, fanIn] matrix as PyTorch's kaiming_uniform_(a=√5) does, the
// initialisation PEFT gives lora_A: U(-b, b) with b = gain·√(3/fanIn), gain = √(2/(1+a²)),
// which is b = 1/√fanIn.
func kaimingUniform(rng *rand.Rand, rows, fanIn int) []float32 {
	bound := 1 / math.Sqrt(float64(fanIn))
	out := make([]float32, rows*fanIn)
	for i := range out {
		out[i] = float32((2*rng.Float64() - 1) * bound)
	}
	return out
}

// moduleDims returns the input and output sizes of a projection, from its base weight.
func (a *Adapters) moduleDims(module string) (in, out int, err error) {
	name := module + ".weight"
	if module == model.LMHead && a.model.Config.TieWordEmbeddings {
		name = model.EmbedTensor
	}
	for _, s := range a.model.Config.Tensors() {
		if s.Name == name {
			return s.Shape[1], s.Shape[0], nil
		}
	}
	return 0, 0, fmt.Errorf("lora: model has no weight %s", name)
}

// install freezes the base weights (except those of ModulesToSave) and routes the model's
// projections through the adapters.
func (a *Adapters) install() {
	isAdapter := map[string]bool{}
	for _, v := range a.Variables() {
		isAdapter[v.ScopeAndName()] = true
	}
	a.model.Context.EnumerateVariables(func(v *context.Variable) {
		v.SetTrainable(isAdapter[v.ScopeAndName()])
	})
	a.model.LinearFn = a.Linear
	a.model.ResetCompiled()
}

// Modules returns the full names of the adapted projections, in model order.
func (a *Adapters) Modules() []string { return slices.Clone(a.modules) }

// Model returns the model the adapters are attached to.
func (a *Adapters) Model() *model.Model { return a.model }

// TensorNames returns the trained tensors' names as lib/model names them: the adapters
// ("model.layers.0.self_attn.q_proj.lora_A.weight"), A then B for each module in model order,
// then the base tensors of ModulesToSave ("model.embed_tokens.weight").
func (a *Adapters) TensorNames() []string {
	names := make([]string, 0, 2*len(a.modules)+1)
	for _, m := range a.modules {
		names = append(names, m+".lora_A.weight", m+".lora_B.weight")
	}
	return append(names, a.Config.savedTensors()...)
}

// IsB reports whether tensorName, as TensorNames writes it, is an adapter's B matrix: the
// one that starts at zero, which optimizers such as LoRA+ treat apart.
func IsB(tensorName string) bool { return strings.HasSuffix(tensorName, ".lora_B.weight") }

// Variables returns the trained variables in TensorNames order.
func (a *Adapters) Variables() []*context.Variable {
	names := a.TensorNames()
	vars := make([]*context.Variable, len(names))
	for i, n := range names {
		vars[i] = a.variable(n)
	}
	return vars
}

func (a *Adapters) variable(tensorName string) *context.Variable {
	scope, name := model.VariablePath(tensorName)
	return a.model.Context.GetVariableByScopeAndName("/"+strings.Join(scope, "/"), name)
}

// setTensor creates or overwrites the variable of module's lora_A or lora_B.
func (a *Adapters) setTensor(module, which string, data []float32, dims ...int) error {
	tensorName := module + "." + which + ".weight"
	value := tensors.FromFlatDataAndDimensions(data, dims...)
	if v := a.variable(tensorName); v != nil {
		if !v.Shape().Equal(value.Shape()) {
			return fmt.Errorf("lora: %s has shape %v, want %v", tensorName, value.Shape().Dimensions, v.Shape().Dimensions)
		}
		return v.SetValue(value)
	}
	scope, name := model.VariablePath(tensorName)
	a.model.Context.InAbsPath("/"+strings.Join(scope, "/")).Checked(false).VariableWithValue(name, value)
	return nil
}

// Values returns the current adapter weights in TensorNames order, with their shapes.
func (a *Adapters) Values() ([][]float32, [][]int, error) {
	vars := a.Variables()
	values := make([][]float32, len(vars))
	shapes := make([][]int, len(vars))
	for i, v := range vars {
		t, err := v.Value()
		if err != nil {
			return nil, nil, fmt.Errorf("lora: %s: %w", v.ScopeAndName(), err)
		}
		if values[i], err = tensors.CopyFlatData[float32](t); err != nil {
			return nil, nil, fmt.Errorf("lora: %s: %w", v.ScopeAndName(), err)
		}
		shapes[i] = slices.Clone(v.Shape().Dimensions)
	}
	return values, shapes, nil
}

// dropoutKey is the graph parameter holding the random state for adapter dropout.
const dropoutKey = "lora_dropout_rng"

// dropoutRNG threads one random state through every adapter of a graph. Graph building is
// sequential and visits the adapters in model order, so the same input state always gives the
// same masks: training is reproducible from (seed, step) alone, with no hidden RNG to save.
type dropoutRNG struct{ state *Node }

// EnableDropout turns adapter dropout on for the graph of rngState, drawing every mask from
// rngState (shape graph.RNGStateShape, e.g. from graph.RNGStateFromSeed). Call it in a
// training graph before building the logits; graphs without it (evaluation, generation) use no
// dropout.
func EnableDropout(ctx *context.Context, rngState *Node) {
	ctx.SetGraphParam(rngState.Graph(), dropoutKey, &dropoutRNG{state: rngState})
}

// dropout zeroes each element of x with probability p and scales the rest by 1/(1-p), as
// torch.nn.Dropout does, when the graph has dropout enabled.
func dropout(ctx *context.Context, x *Node, p float64) *Node {
	if p <= 0 {
		return x
	}
	v, ok := ctx.GetGraphParam(x.Graph(), dropoutKey)
	if !ok {
		return x
	}
	rng := v.(*dropoutRNG)
	var u *Node
	rng.state, u = RandomUniform(rng.state, x.Shape())
	keep := GreaterOrEqual(u, Scalar(x.Graph(), x.DType(), p))
	return Where(keep, MulScalar(x, 1/(1-p)), ZerosLike(x))
}

// Linear is the model.LinearFunc of adapted models: the base projection plus, on target
// modules, scale·dropout(x)·Aᵀ·Bᵀ. In training graphs (context.IsTraining) the products use
// model.MatMulT, whose gradients stay plain matrix products; elsewhere plain DotGenerals,
// which cost less when no gradient is taken.
func (a *Adapters) Linear(ctx *context.Context, x *Node, module string) *Node {
	y := a.model.Linear(ctx, x, module)
	if !a.targets[module] {
		return y
	}
	g := x.Graph()
	loraA := a.variable(module + ".lora_A.weight").ValueGraph(g)
	loraB := a.variable(module + ".lora_B.weight").ValueGraph(g)
	h := dropout(ctx, x, a.Config.Dropout)
	matMulT := plainMatMulT
	if ctx.IsTraining(g) {
		matMulT = model.MatMulT
	}
	update := matMulT(matMulT(h, ConvertDType(loraA, x.DType())), ConvertDType(loraB, x.DType()))
	return Add(y, MulScalar(update, a.Config.Scale()))
}

// plainMatMulT is x·wᵀ over the last axis of x for w [out, in].
func plainMatMulT(x, w *Node) *Node {
	return DotGeneral(x, []int{x.Rank() - 1}, nil, w, []int{1}, nil)
}
