package model

import (
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

func TestVariablePathRoundTrip(t *testing.T) {
	tests := []struct {
		tensor string
		scope  []string
		name   string
	}{
		{"model.embed_tokens.weight", []string{"model", "embed_tokens"}, "weight"},
		{"model.layers.11.self_attn.q_proj.bias", []string{"model", "layers", "11", "self_attn", "q_proj"}, "bias"},
		{"lm_head.weight", []string{"lm_head"}, "weight"},
	}
	for _, tc := range tests {
		scope, name := VariablePath(tc.tensor)
		if !slices.Equal(scope, tc.scope) || name != tc.name {
			t.Errorf("VariablePath(%q) = %v, %q", tc.tensor, scope, name)
		}
		abs := "/" + strings.Join(scope, "/")
		if got := TensorName(abs, name); got != tc.tensor {
			t.Errorf("TensorName(%q, %q) = %q, want %q", abs, name, got, tc.tensor)
		}
	}
}

// mapSource is an in-memory WeightSource.
type mapSource map[string]struct {
	data  []float32
	shape []int
}

func (s mapSource) Names() []string {
	var names []string
	for n := range s {
		names = append(names, n)
	}
	return names
}

func (s mapSource) Float32(name string) ([]float32, []int, error) {
	t, ok := s[name]
	if !ok {
		return nil, nil, fmt.Errorf("no tensor %q", name)
	}
	return t.data, t.shape, nil
}

func fullSource(cfg *Config) mapSource {
	src := mapSource{}
	for _, spec := range cfg.Tensors() {
		src[spec.Name] = struct {
			data  []float32
			shape []int
		}{make([]float32, size(spec.Shape)), spec.Shape}
	}
	return src
}

func TestLoadWeightsErrors(t *testing.T) {
	cfg := tinyConfig(t, "llama", "")
	tests := []struct {
		name   string
		modify func(mapSource)
		want   string
	}{
		{"missing tensor", func(s mapSource) { delete(s, LayerModule(1, UpProj)+".weight") },
			`no tensor "model.layers.1.mlp.up_proj.weight"`},
		{"wrong shape", func(s mapSource) {
			e := s[EmbedTensor]
			e.shape = []int{16, 32}
			s[EmbedTensor] = e
		}, "tensor model.embed_tokens.weight has shape [16 32], config.json implies [32 16]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := fullSource(cfg)
			tc.modify(src)
			err := New(newTestBackend(t), cfg).LoadWeights(src)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
	// Extra tensors (e.g. rotary_emb.inv_freq in old checkpoints) are ignored.
	src := fullSource(cfg)
	src["model.layers.0.self_attn.rotary_emb.inv_freq"] = src[finalNormTensor]
	if err := New(newTestBackend(t), cfg).LoadWeights(src); err != nil {
		t.Errorf("extra tensor: %v", err)
	}
}

// TestSaveLoadRoundTrip saves fixture models and loads them back: same architecture, same
// logits bit for bit (the BF16 fixture is widened to F32 exactly).
func TestSaveLoadRoundTrip(t *testing.T) {
	backend := newTestBackend(t)
	for _, name := range []string{"qwen2_bias", "llama3_rope", "mistral_window"} {
		t.Run(name, func(t *testing.T) {
			m, in := loadFixture(t, backend, name)
			dir := filepath.Join(t.TempDir(), "saved")
			if err := m.Save(dir); err != nil {
				t.Fatal(err)
			}
			back, err := Load(backend, dir)
			if err != nil {
				t.Fatal(err)
			}
			want := *m.Config
			want.TorchDType = "float32"
			if !reflect.DeepEqual(*back.Config, want) {
				t.Errorf("config after round trip:\n%+v\nwant\n%+v", *back.Config, want)
			}
			l1, err := m.Logits(in.batch())
			if err != nil {
				t.Fatal(err)
			}
			l2, err := back.Logits(in.batch())
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(l1.Data, l2.Data) {
				t.Error("logits changed after save and load")
			}
		})
	}
}

// TestLinearHook: LinearFn sees every projection, under its Hugging Face module name, and
// what it returns is what the decoder uses.
func TestLinearHook(t *testing.T) {
	m, in := loadFixture(t, newTestBackend(t), "llama_untied")
	plain, err := m.Logits(in.batch())
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	m.LinearFn = func(ctx *context.Context, x *graph.Node, module string) *graph.Node {
		seen = append(seen, module)
		return m.Linear(ctx, x, module)
	}
	m.ResetCompiled()
	hooked, err := m.Logits(in.batch())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(plain.Data, hooked.Data) {
		t.Error("a pass-through LinearFn changed the logits")
	}
	var want []string
	for i := range m.Config.NumLayers {
		for _, p := range []string{QProj, KProj, VProj, OProj, GateProj, UpProj, DownProj} {
			want = append(want, LayerModule(i, p))
		}
	}
	want = append(want, LMHead)
	slices.Sort(seen)
	slices.Sort(want)
	if !slices.Equal(seen, want) {
		t.Errorf("LinearFn saw %v\nwant %v", seen, want)
	}

	m.LinearFn = func(ctx *context.Context, x *graph.Node, module string) *graph.Node {
		y := m.Linear(ctx, x, module)
		if module == LMHead {
			return graph.MulScalar(y, 2)
		}
		return y
	}
	m.ResetCompiled()
	doubled, err := m.Logits(in.batch())
	if err != nil {
		t.Fatal(err)
	}
	if doubled.Data[0] != 2*plain.Data[0] || doubled.Data[len(plain.Data)-1] != 2*plain.Data[len(plain.Data)-1] {
		t.Errorf("LinearFn output not used: %g vs %g", doubled.Data[0], plain.Data[0])
	}
}

func TestLogitsRejectsBadBatch(t *testing.T) {
	m, _ := loadFixture(t, newTestBackend(t), "llama_untied")
	tests := []struct {
		name  string
		batch Batch
		want  string
	}{
		{"empty", Batch{}, "empty batch"},
		{"ragged", Batch{Tokens: [][]int32{{1, 2}, {3}}}, "row 1 has 1 tokens, row 0 has 2"},
		{"out of vocabulary", Batch{Tokens: [][]int32{{1, 96}}}, "row 0, index 1: token id 96 outside the vocabulary"},
		{"mask rows", Batch{Tokens: [][]int32{{1}}, Mask: [][]bool{{true}, {true}}}, "mask has 2 rows"},
		{"mask length", Batch{Tokens: [][]int32{{1, 2}}, Mask: [][]bool{{true}}}, "mask row 0 has 1 entries, want 2"},
		{"positions length", Batch{Tokens: [][]int32{{1, 2}}, Positions: [][]int32{{0}}}, "positions row 0 has 1 entries"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := m.Logits(tc.batch)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
	// Padding may hold any id: it is never looked at.
	if _, err := m.Logits(Batch{Tokens: [][]int32{{-5, 1}}, Mask: [][]bool{{false, true}}}); err != nil {
		t.Errorf("padding with an invalid id: %v", err)
	}
}

func TestNewBackend(t *testing.T) {
	t.Run("environment wins", func(t *testing.T) {
		t.Setenv("GOMLX_BACKEND", "go:ops_sequential")
		b, err := NewBackend()
		if err != nil {
			t.Fatal(err)
		}
		defer b.Finalize()
		if b.String() != "go" {
			t.Errorf("backend %q, want go", b.String())
		}
	})
	t.Run("default is fastgo, described with its kernel", func(t *testing.T) {
		t.Setenv("GOMLX_BACKEND", "")
		b, err := NewBackend()
		if err != nil {
			t.Fatal(err)
		}
		defer b.Finalize()
		if _, xla := installedXLAConfig(); xla {
			if !strings.HasPrefix(b.Name(), "xla") {
				t.Errorf("an XLA plugin is installed but the default backend is %q", b.Name())
			}
			return
		}
		if d := DescribeBackend(b); !strings.HasPrefix(d, "fastgo (") || !strings.HasSuffix(d, " kernel)") {
			t.Errorf("default backend described as %q, want fastgo with its kernel", d)
		}
	})
	t.Run("unknown backend is an error", func(t *testing.T) {
		t.Setenv("GOMLX_BACKEND", "nosuchbackend")
		if _, err := NewBackend(); err == nil || !strings.Contains(err.Error(), "nosuchbackend") {
			t.Errorf("error %v, want one naming nosuchbackend", err)
		}
	})
}

func TestInitRandom(t *testing.T) {
	cfg := tinyConfig(t, "qwen2", "")
	weightsOf := func(seed uint64) ([]TensorSpec, [][]float32) {
		m := New(newTestBackend(t), cfg)
		if err := m.InitRandom(seed, 0.02); err != nil {
			t.Fatal(err)
		}
		specs, values, err := m.Weights()
		if err != nil {
			t.Fatal(err)
		}
		return specs, values
	}
	specs, a := weightsOf(1)
	_, b := weightsOf(1)
	_, c := weightsOf(2)
	for i, spec := range specs {
		if !slices.Equal(a[i], b[i]) {
			t.Errorf("%s: same seed, different values", spec.Name)
		}
		switch {
		case strings.HasSuffix(spec.Name, "norm.weight"):
			if slices.ContainsFunc(a[i], func(v float32) bool { return v != 1 }) {
				t.Errorf("%s: norm gains should be 1", spec.Name)
			}
		case strings.HasSuffix(spec.Name, ".bias"):
			if slices.ContainsFunc(a[i], func(v float32) bool { return v != 0 }) {
				t.Errorf("%s: biases should be 0", spec.Name)
			}
		default:
			if slices.Equal(a[i], c[i]) {
				t.Errorf("%s: seeds 1 and 2 gave the same values", spec.Name)
			}
			var sumSq float64
			for _, v := range a[i] {
				sumSq += float64(v) * float64(v)
			}
			if std := math.Sqrt(sumSq / float64(len(a[i]))); std < 0.015 || std > 0.025 {
				t.Errorf("%s: std %.4f, want about 0.02", spec.Name, std)
			}
		}
	}
}
