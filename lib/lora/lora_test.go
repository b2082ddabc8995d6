package lora

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/safetensors"
)

// tinyConfigJSON is a 2-layer decoder with grouped-query attention and distinct in/out sizes
// on every projection, so that a transposed A or B cannot go unnoticed.
const tinyConfigJSON = `{"model_type": "llama", "architectures": ["LlamaForCausalLM"], "hidden_size": 16,
	"intermediate_size": 24, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
	"vocab_size": 40, "rms_norm_eps": 1e-5, "tie_word_embeddings": false}`

func newTinyModel(t testing.TB) *model.Model {
	t.Helper()
	cfg, err := model.ParseConfig([]byte(tinyConfigJSON), "tiny")
	if err != nil {
		t.Fatal(err)
	}
	backend, err := model.NewBackend()
	if err != nil {
		t.Fatal(err)
	}
	m := model.New(backend, cfg)
	if err := m.InitRandom(7, 0.2); err != nil {
		t.Fatal(err)
	}
	return m
}

// randomizeB gives every lora_B a random value, so that the adapters change the output.
func randomizeB(t testing.TB, a *Adapters, seed uint64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 0))
	for _, v := range a.Variables() {
		if !strings.HasSuffix(v.Scope(), "lora_B") {
			continue
		}
		data := make([]float32, v.Shape().Size())
		for i := range data {
			data[i] = float32(rng.NormFloat64() * 0.3)
		}
		if err := v.SetValue(tensors.FromFlatDataAndDimensions(data, v.Shape().Dimensions...)); err != nil {
			t.Fatal(err)
		}
	}
}

func testBatch() model.Batch {
	return model.Batch{
		Tokens: [][]int32{{1, 5, 9, 33, 2, 17, 8}, {4, 4, 12, 39, 0, 0, 0}},
		Mask:   [][]bool{{true, true, true, true, true, true, true}, {true, true, true, true, false, false, false}},
	}
}

func logits(t testing.TB, m *model.Model) []float32 {
	t.Helper()
	out, err := m.Logits(testBatch())
	if err != nil {
		t.Fatal(err)
	}
	return out.Data
}

func maxAbsDiff(a, b []float32) float64 {
	var d float64
	for i := range a {
		d = math.Max(d, math.Abs(float64(a[i]-b[i])))
	}
	return d
}

func TestConfigJSONMatchesPEFT(t *testing.T) {
	cfg := DefaultConfig()
	cfg.BaseModel = "HuggingFaceTB/SmolLM2-135M"
	got, err := cfg.ConfigJSON()
	if err != nil {
		t.Fatal(err)
	}
	// What PEFT 0.13's LoraConfig(r=8, lora_alpha=16, lora_dropout=0.05, target_modules=[...],
	// task_type="CAUSAL_LM").save_pretrained writes (json.dumps(indent=2, sort_keys=True)),
	// with inference_mode true as PeftModel.save_pretrained sets it.
	want := `{
  "alpha_pattern": {},
  "auto_mapping": null,
  "base_model_name_or_path": "HuggingFaceTB/SmolLM2-135M",
  "bias": "none",
  "fan_in_fan_out": false,
  "inference_mode": true,
  "init_lora_weights": true,
  "layer_replication": null,
  "layers_pattern": null,
  "layers_to_transform": null,
  "loftq_config": {},
  "lora_alpha": 16,
  "lora_dropout": 0.05,
  "megatron_config": null,
  "megatron_core": "megatron.core",
  "modules_to_save": null,
  "peft_type": "LORA",
  "r": 8,
  "rank_pattern": {},
  "revision": null,
  "target_modules": [
    "q_proj",
    "k_proj",
    "v_proj",
    "o_proj",
    "gate_proj",
    "up_proj",
    "down_proj"
  ],
  "task_type": "CAUSAL_LM",
  "use_dora": false,
  "use_rslora": false
}
`
	if string(got) != want {
		t.Errorf("adapter_config.json:\n%s\nwant:\n%s", got, want)
	}
	back, err := ParseConfig(got, "roundtrip")
	if err != nil {
		t.Fatal(err)
	}
	if back.R != cfg.R || back.Alpha != cfg.Alpha || back.Dropout != cfg.Dropout || back.UseRSLoRA != cfg.UseRSLoRA ||
		back.BaseModel != cfg.BaseModel || !slices.Equal(back.TargetModules, cfg.TargetModules) {
		t.Errorf("parsed config %+v, want %+v", back, cfg)
	}
}

func TestScale(t *testing.T) {
	tests := []struct {
		r     int
		alpha float64
		rs    bool
		want  float64
	}{
		{8, 16, false, 2},
		{16, 16, false, 1},
		{16, 16, true, 4},
		{4, 8, true, 4},
	}
	for _, tc := range tests {
		c := Config{R: tc.r, Alpha: tc.alpha, UseRSLoRA: tc.rs}
		if got := c.Scale(); got != tc.want {
			t.Errorf("r=%d alpha=%g rslora=%v: scale %g, want %g", tc.r, tc.alpha, tc.rs, got, tc.want)
		}
	}
}

func TestParseConfigErrors(t *testing.T) {
	base := `"peft_type": "LORA", "r": 8, "lora_alpha": 16, "target_modules": ["q_proj"]`
	tests := []struct {
		name, json, wantField string
	}{
		{"not lora", `{"peft_type": "IA3", "r": 8, "lora_alpha": 16, "target_modules": ["q_proj"]}`, "peft_type"},
		{"dora", `{` + base + `, "use_dora": true}`, "use_dora"},
		{"bias", `{` + base + `, "bias": "all"}`, "bias"},
		{"regex targets", `{"peft_type": "LORA", "r": 8, "lora_alpha": 16, "target_modules": ".*proj"}`, "target_modules"},
		{"no targets", `{"peft_type": "LORA", "r": 8, "lora_alpha": 16}`, "target_modules"},
		{"rank pattern", `{` + base + `, "rank_pattern": {"q_proj": 4}}`, "rank_pattern"},
		{"zero rank", `{"peft_type": "LORA", "r": 0, "lora_alpha": 16, "target_modules": ["q_proj"]}`, "r must be positive"},
		{"fan in fan out", `{` + base + `, "fan_in_fan_out": true}`, "fan_in_fan_out"},
		{"bad json", `{"peft_type": `, "invalid JSON"},
		{"modules to save", `{` + base + `, "modules_to_save": ["lm_head"]}`, "modules_to_save"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConfig([]byte(tc.json), "dir/adapter_config.json")
			if err == nil || !strings.Contains(err.Error(), tc.wantField) || !strings.Contains(err.Error(), "dir/adapter_config.json") {
				t.Errorf("error %v, want one naming the file and %q", err, tc.wantField)
			}
		})
	}
}

func TestTensorNamesAndShapesFollowPEFT(t *testing.T) {
	m := newTinyModel(t)
	a, err := Attach(m, DefaultConfig(), 1)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := a.Save(dir); err != nil {
		t.Fatal(err)
	}
	// hidden 16, 4 heads of 4, 2 KV heads (k/v out 8), FFN 24, r 8.
	want := map[string][]int{}
	for _, layer := range []string{"0", "1"} {
		p := "base_model.model.model.layers." + layer + "."
		for _, e := range []struct {
			module  string
			in, out int
		}{
			{"self_attn.q_proj", 16, 16}, {"self_attn.k_proj", 16, 8}, {"self_attn.v_proj", 16, 8},
			{"self_attn.o_proj", 16, 16}, {"mlp.gate_proj", 16, 24}, {"mlp.up_proj", 16, 24}, {"mlp.down_proj", 24, 16},
		} {
			want[p+e.module+".lora_A.weight"] = []int{8, e.in}
			want[p+e.module+".lora_B.weight"] = []int{e.out, 8}
		}
	}
	f := openSafetensors(t, filepath.Join(dir, WeightsFile))
	names := f.Names()
	if len(names) != len(want) {
		t.Errorf("%d tensors, want %d: %v", len(names), len(want), names)
	}
	for name, shape := range want {
		info, ok := f.Info(name)
		if !ok {
			t.Errorf("missing tensor %s", name)
			continue
		}
		if string(info.DType) != "F32" || !slices.Equal(info.Shape, shape) {
			t.Errorf("%s: %s %v, want F32 %v", name, info.DType, info.Shape, shape)
		}
	}
	if md := f.Metadata(); md["format"] != "pt" {
		t.Errorf("metadata %v, want format=pt as PEFT writes", md)
	}
}

func TestKaimingUniformInit(t *testing.T) {
	m := newTinyModel(t)
	a, err := Attach(m, Config{R: 4, Alpha: 8, TargetModules: []string{"down_proj"}}, 3)
	if err != nil {
		t.Fatal(err)
	}
	values, shapes, err := a.Values()
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range values {
		name := a.TensorNames()[i]
		if strings.Contains(name, "lora_B") {
			for _, x := range v {
				if x != 0 {
					t.Fatalf("%s is not zero", name)
				}
			}
			continue
		}
		bound := 1 / math.Sqrt(float64(shapes[i][1])) // fan_in of down_proj is the FFN size
		var sumSq float64
		for _, x := range v {
			if math.Abs(float64(x)) > bound {
				t.Fatalf("%s: %g outside ±%g", name, x, bound)
			}
			sumSq += float64(x) * float64(x)
		}
		// Var(U(-b, b)) = b²/3; 96 samples, so allow 40%.
		if got, want := sumSq/float64(len(v)), bound*bound/3; math.Abs(got-want) > 0.4*want {
			t.Errorf("%s: variance %g, want about %g", name, got, want)
		}
	}
}

func TestFreshAdapterLeavesOutputUnchanged(t *testing.T) {
	m := newTinyModel(t)
	base := logits(t, m)
	if _, err := Attach(m, DefaultConfig(), 1); err != nil {
		t.Fatal(err)
	}
	if d := maxAbsDiff(base, logits(t, m)); d != 0 {
		t.Errorf("B=0 adapter changed the logits by %g", d)
	}
}

func TestOnlyAdaptersAreTrainable(t *testing.T) {
	m := newTinyModel(t)
	a, err := Attach(m, DefaultConfig(), 1)
	if err != nil {
		t.Fatal(err)
	}
	var trainable []string
	m.Context.EnumerateVariables(func(v *context.Variable) {
		if v.Trainable {
			trainable = append(trainable, v.ScopeAndName())
		}
	})
	var want []string
	for _, v := range a.Variables() {
		want = append(want, v.ScopeAndName())
	}
	slices.Sort(trainable)
	slices.Sort(want)
	if !slices.Equal(trainable, want) {
		t.Fatalf("trainable variables %v, want the %d adapter variables", trainable, len(want))
	}
	// GoMLX's own gradient enumeration (what its optimizers use) sees only the adapters.
	e, err := context.NewExec(m.Backend, m.Context, func(ctx *context.Context, tokens *graph.Node) []*graph.Node {
		loss := graph.ReduceAllSum(m.LogitsGraph(ctx, tokens, graph.Iota(tokens.Graph(), tokens.Shape(), 1), nil))
		return []*graph.Node{graph.Const(tokens.Graph(), int32(len(ctx.BuildTrainableVariablesGradientsGraph(loss))))}
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := e.Exec(tensors.FromFlatDataAndDimensions([]int32{1, 2, 3}, 1, 3))
	if err != nil {
		t.Fatal(err)
	}
	if n := tensors.MustCopyFlatData[int32](out[0])[0]; int(n) != len(want) {
		t.Errorf("%d gradients built, want %d (adapters only)", n, len(want))
	}
}

func TestSaveLoadRoundTripIsBitwise(t *testing.T) {
	m := newTinyModel(t)
	cfg := Config{R: 4, Alpha: 8, Dropout: 0.1, TargetModules: []string{"v_proj", "q_proj", "down_proj"}, UseRSLoRA: true, BaseModel: "tiny"}
	a, err := Attach(m, cfg, 5)
	if err != nil {
		t.Fatal(err)
	}
	randomizeB(t, a, 9)
	dir1, dir2 := t.TempDir(), t.TempDir()
	if err := a.Save(dir1); err != nil {
		t.Fatal(err)
	}
	m2 := newTinyModel(t)
	b, err := Load(m2, dir1)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Modules(), b.Modules()) {
		t.Fatalf("modules %v, want %v", b.Modules(), a.Modules())
	}
	va, _, _ := a.Values()
	vb, _, _ := b.Values()
	for i := range va {
		for j := range va[i] {
			if math.Float32bits(va[i][j]) != math.Float32bits(vb[i][j]) {
				t.Fatalf("%s[%d]: %g after loading, %g before", a.TensorNames()[i], j, vb[i][j], va[i][j])
			}
		}
	}
	if err := b.Save(dir2); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{ConfigFile, WeightsFile} {
		x, _ := os.ReadFile(filepath.Join(dir1, name))
		y, _ := os.ReadFile(filepath.Join(dir2, name))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs after a load/save round trip", name)
		}
	}
	if d := maxAbsDiff(logits(t, m), logits(t, m2)); d != 0 {
		t.Errorf("loaded adapter gives logits differing by %g", d)
	}
}

func TestLoadRejectsMismatchedTensors(t *testing.T) {
	m := newTinyModel(t)
	a, err := Attach(m, Config{R: 4, Alpha: 8, TargetModules: []string{"q_proj"}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := a.Save(dir); err != nil {
		t.Fatal(err)
	}
	// Claim more target modules than the file holds.
	cfg := a.Config
	cfg.TargetModules = []string{"q_proj", "k_proj"}
	data, _ := cfg.ConfigJSON()
	if err := os.WriteFile(filepath.Join(dir, ConfigFile), data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(newTinyModel(t), dir)
	if err == nil || !strings.Contains(err.Error(), "k_proj.lora_A.weight") {
		t.Errorf("error %v, want one naming the missing k_proj tensor", err)
	}
	// A rank that disagrees with the tensors.
	cfg.TargetModules, cfg.R = []string{"q_proj"}, 2
	data, _ = cfg.ConfigJSON()
	if err := os.WriteFile(filepath.Join(dir, ConfigFile), data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(newTinyModel(t), dir)
	if err == nil || !strings.Contains(err.Error(), "shape") {
		t.Errorf("error %v, want a shape mismatch", err)
	}
}

func TestUnknownTargetModule(t *testing.T) {
	_, err := Attach(newTinyModel(t), Config{R: 4, Alpha: 8, TargetModules: []string{"qkv_proj"}}, 1)
	if err == nil || !strings.Contains(err.Error(), "qkv_proj") {
		t.Errorf("error %v, want one naming qkv_proj", err)
	}
}

func TestMergedModelMatchesAdapter(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"default", DefaultConfig()},
		{"rslora with lm_head", Config{R: 4, Alpha: 8, UseRSLoRA: true, TargetModules: []string{"q_proj", "down_proj", "lm_head"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newTinyModel(t)
			baseDir := t.TempDir()
			if err := os.WriteFile(filepath.Join(baseDir, "config.json"), []byte(tinyConfigJSON), 0o644); err != nil {
				t.Fatal(err)
			}
			a, err := Attach(m, tc.cfg, 2)
			if err != nil {
				t.Fatal(err)
			}
			randomizeB(t, a, 4)
			adapted := logits(t, m)
			mergedDir := t.TempDir()
			if err := a.SaveMerged(mergedDir, baseDir); err != nil {
				t.Fatal(err)
			}
			merged, err := model.Load(m.Backend, mergedDir)
			if err != nil {
				t.Fatal(err)
			}
			got := logits(t, merged)
			if d := maxAbsDiff(adapted, got); d > 1e-5 {
				t.Errorf("merged logits differ from the adapter's by %g", d)
			}
			// And the adapters do matter: the merged model is not the base model.
			m.LinearFn = nil
			m.ResetCompiled()
			if d := maxAbsDiff(logits(t, m), got); d < 1e-3 {
				t.Errorf("merged model equals the base model (diff %g): adapters had no effect", d)
			}
		})
	}
}

func TestDropoutIsDeterministicPerSeed(t *testing.T) {
	m := newTinyModel(t)
	a, err := Attach(m, Config{R: 4, Alpha: 8, Dropout: 0.5, TargetModules: []string{"q_proj"}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	randomizeB(t, a, 3)
	run := func(seed int64) []float32 {
		e, err := context.NewExec(m.Backend, m.Context, func(ctx *context.Context, tokens, rng *graph.Node) *graph.Node {
			EnableDropout(ctx, rng)
			return m.LogitsGraph(ctx, tokens, graph.Iota(tokens.Graph(), tokens.Shape(), 1), nil)
		})
		if err != nil {
			t.Fatal(err)
		}
		state, err := graph.RNGStateFromSeed(seed)
		if err != nil {
			t.Fatal(err)
		}
		out, err := e.Exec(tensors.FromFlatDataAndDimensions([]int32{1, 5, 9, 33}, 1, 4), state)
		if err != nil {
			t.Fatal(err)
		}
		return tensors.MustCopyFlatData[float32](out[0])
	}
	first, again, other := run(1), run(1), run(2)
	if d := maxAbsDiff(first, again); d != 0 {
		t.Errorf("same seed, different outputs (%g)", d)
	}
	if d := maxAbsDiff(first, other); d == 0 {
		t.Error("different seeds gave the same dropout masks")
	}
	noDropout := logits(t, m) // Logits builds no dropout
	if d := maxAbsDiff(first, noDropout[:len(first)]); d == 0 {
		t.Error("dropout had no effect")
	}
}

func openSafetensors(t testing.TB, path string) *safetensors.File {
	t.Helper()
	f, err := safetensors.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestAdapterGradientsMatchFormula differentiates L = Σ c·Linear(x) and compares the
// gradients of A and B with the closed forms dL/dB = s·cᵀ·(x·Aᵀ) and dL/dA = s·(c·B)ᵀ·x,
// computed on the host in float64, in training graphs (hand-written matmul gradients) and
// in other graphs (GoMLX's own).
func TestAdapterGradientsMatchFormula(t *testing.T) {
	for _, training := range []bool{true, false} {
		t.Run(fmt.Sprintf("training=%v", training), func(t *testing.T) { checkAdapterGradients(t, training) })
	}
}

func checkAdapterGradients(t *testing.T, training bool) {
	m := newTinyModel(t)
	a, err := Attach(m, Config{R: 3, Alpha: 6, TargetModules: []string{"down_proj"}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	randomizeB(t, a, 2)
	const module = "model.layers.1.mlp.down_proj"
	const rows, in, out, r = 5, 24, 16, 3
	rng := rand.New(rand.NewPCG(8, 9))
	x, c := make([]float32, rows*in), make([]float32, rows*out)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	for i := range c {
		c[i] = float32(rng.NormFloat64())
	}
	iA := slices.Index(a.TensorNames(), module+".lora_A.weight")
	iB := slices.Index(a.TensorNames(), module+".lora_B.weight")
	values, _, _ := a.Values()
	loraA, loraB := values[iA], values[iB]
	e, err := context.NewExec(m.Backend, m.Context, func(ctx *context.Context, xs, cs *graph.Node) []*graph.Node {
		ctx.SetTraining(xs.Graph(), training)
		loss := graph.ReduceAllSum(graph.Mul(a.Linear(ctx, xs, module), cs))
		vars := a.Variables()
		return graph.Gradient(loss, vars[iA].ValueGraph(xs.Graph()), vars[iB].ValueGraph(xs.Graph()))
	})
	if err != nil {
		t.Fatal(err)
	}
	outs, err := e.Exec(tensors.FromFlatDataAndDimensions(x, rows, in), tensors.FromFlatDataAndDimensions(c, rows, out))
	if err != nil {
		t.Fatal(err)
	}
	gotA, gotB := tensors.MustCopyFlatData[float32](outs[0]), tensors.MustCopyFlatData[float32](outs[1])
	scale := a.Config.Scale()
	xa := make([]float64, rows*r) // x·Aᵀ
	cb := make([]float64, rows*r) // c·B
	for i := range rows {
		for k := range r {
			for j := range in {
				xa[i*r+k] += float64(x[i*in+j]) * float64(loraA[k*in+j])
			}
			for o := range out {
				cb[i*r+k] += float64(c[i*out+o]) * float64(loraB[o*r+k])
			}
		}
	}
	check := func(what string, got []float32, want func(p, q int) float64, dimP, dimQ int) {
		for p := range dimP {
			for q := range dimQ {
				w := want(p, q)
				if g := float64(got[p*dimQ+q]); math.Abs(g-w) > 1e-4*(1+math.Abs(w)) {
					t.Fatalf("%s[%d][%d] = %g, want %g", what, p, q, g, w)
				}
			}
		}
	}
	check("dL/dB", gotB, func(o, k int) float64 {
		var s float64
		for i := range rows {
			s += float64(c[i*out+o]) * xa[i*r+k]
		}
		return scale * s
	}, out, r)
	check("dL/dA", gotA, func(k, j int) float64 {
		var s float64
		for i := range rows {
			s += cb[i*r+k] * float64(x[i*in+j])
		}
		return scale * s
	}, r, in)
}

// With modules_to_save embed_tokens the embedding table trains with the adapters, is saved in
// the adapter file under PEFT's name for it, and is restored by Load; the merged model carries
// it too.
func TestModulesToSaveEmbedTokens(t *testing.T) {
	const embed = "model.embed_tokens.weight"
	m := newTinyModel(t)
	cfg := Config{R: 4, Alpha: 8, TargetModules: []string{"q_proj"}, ModulesToSave: []string{EmbedTokens}, BaseModel: "tiny"}
	a, err := Attach(m, cfg, 1)
	if err != nil {
		t.Fatal(err)
	}
	names := a.TensorNames()
	if names[len(names)-1] != embed {
		t.Fatalf("tensor names %v, want %s last", names, embed)
	}
	var trainable []string
	m.Context.EnumerateVariables(func(v *context.Variable) {
		if v.Trainable && !strings.Contains(v.Scope(), "lora_") {
			trainable = append(trainable, v.ScopeAndName())
		}
	})
	if len(trainable) != 1 || trainable[0] != m.Variable(embed).ScopeAndName() {
		t.Fatalf("trainable base variables %v, want only the embedding table", trainable)
	}

	// Stand in for training: change the table and the adapters.
	randomizeB(t, a, 3)
	v := m.Variable(embed)
	table := tensors.MustCopyFlatData[float32](v.MustValue())
	for i := range table {
		table[i] += 0.5 * float32(i%7-3)
	}
	if err := v.SetValue(tensors.FromFlatDataAndDimensions(table, v.Shape().Dimensions...)); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := a.Save(dir); err != nil {
		t.Fatal(err)
	}
	f := openSafetensors(t, filepath.Join(dir, WeightsFile))
	saved, _, err := f.Float32("base_model.model.model.embed_tokens.weight")
	if err != nil || !slices.Equal(saved, table) {
		t.Fatalf("adapter file: embedding %v (err %v), want the trained table", len(saved), err)
	}
	cfgJSON, _ := os.ReadFile(filepath.Join(dir, ConfigFile))
	if !strings.Contains(string(cfgJSON), `"modules_to_save": [
    "embed_tokens"
  ]`) {
		t.Errorf("adapter_config.json lacks modules_to_save: %s", cfgJSON)
	}

	m2 := newTinyModel(t) // the untouched base model
	b, err := Load(m2, dir)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(b.Config.ModulesToSave, []string{EmbedTokens}) {
		t.Errorf("loaded modules_to_save %v", b.Config.ModulesToSave)
	}
	if d := maxAbsDiff(logits(t, m), logits(t, m2)); d != 0 {
		t.Errorf("loaded adapter gives logits differing by %g", d)
	}
	specs, values, err := a.MergedWeights()
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range specs {
		if s.Name == embed && !slices.Equal(values[i], table) {
			t.Errorf("merged weights hold the base embedding, not the trained one")
		}
	}

	// A file without the table, for a config that names it, is an error naming the tensor.
	plain, err := Attach(newTinyModel(t), Config{R: 4, Alpha: 8, TargetModules: []string{"q_proj"}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := plain.Save(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ConfigFile), cfgJSON, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(newTinyModel(t), dir); err == nil || !strings.Contains(err.Error(), "embed_tokens") {
		t.Errorf("error %v, want one naming the missing embed_tokens tensor", err)
	}
}

// TestIsB: of the names TensorNames gives, exactly the B matrices (the second of each pair,
// zero when attached) are IsB; the A matrices and the embedding table are not.
func TestIsB(t *testing.T) {
	cfg := DefaultConfig()
	cfg.ModulesToSave = []string{EmbedTokens}
	a, err := Attach(newTinyModel(t), cfg, 1)
	if err != nil {
		t.Fatal(err)
	}
	names := a.TensorNames()
	values, _, err := a.Values()
	if err != nil {
		t.Fatal(err)
	}
	var nB int
	for i, name := range names {
		wantB := strings.Contains(name, ".lora_B.")
		if IsB(name) != wantB {
			t.Errorf("IsB(%q) = %v, want %v", name, !wantB, wantB)
		}
		if IsB(name) {
			nB++
			if slices.ContainsFunc(values[i], func(v float32) bool { return v != 0 }) {
				t.Errorf("%s is not zero after Attach", name)
			}
		}
	}
	if nB == 0 || 2*nB != len(names)-1 {
		t.Errorf("%d B matrices among %d names (%v), want half of all but the embedding table", nB, len(names), names)
	}
}
