package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive // GoMLX graph code reads best with the dot import.
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train"
	"github.com/gomlx/gomlx/pkg/ml/train/optimizers"
)

func randomFloat64s(rng *rand.Rand, n int, scale float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = rng.NormFloat64() * scale
	}
	return out
}

// TestMatMulGradientsMatchAutodiff compares the hand-written gradients of MatMulT and
// BatchMatMul with GoMLX's own differentiation of DotGeneral, in float64.
func TestMatMulGradientsMatchAutodiff(t *testing.T) {
	backend := newTestBackend(t)
	tests := []struct {
		name         string
		aDims, bDims []int
		custom       func(a, b *Node) *Node
		reference    func(a, b *Node) *Node
	}{
		{"MatMulT rank 3", []int{2, 3, 5}, []int{4, 5}, MatMulT,
			func(a, b *Node) *Node { return DotGeneral(a, []int{2}, nil, b, []int{1}, nil) }},
		{"BatchMatMul transposed", []int{2, 3, 4, 5}, []int{2, 3, 6, 5},
			func(a, b *Node) *Node { return BatchMatMul(a, b, true) },
			func(a, b *Node) *Node { return DotGeneral(a, []int{3}, []int{0, 1}, b, []int{3}, []int{0, 1}) }},
		{"BatchMatMul", []int{2, 3, 4, 5}, []int{2, 3, 5, 6},
			func(a, b *Node) *Node { return BatchMatMul(a, b, false) },
			func(a, b *Node) *Node { return DotGeneral(a, []int{3}, []int{0, 1}, b, []int{2}, []int{0, 1}) }},
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := tensors.FromFlatDataAndDimensions(randomFloat64s(rng, size(tc.aDims), 1), tc.aDims...)
			b := tensors.FromFlatDataAndDimensions(randomFloat64s(rng, size(tc.bDims), 1), tc.bDims...)
			run := func(product func(a, b *Node) *Node) [][]float64 {
				outs, err := MustNewExec(backend, func(a, b *Node) []*Node {
					y := product(a, b)
					weights := IotaFull(a.Graph(), y.Shape()) // a fixed, non-uniform upstream gradient
					loss := ReduceAllSum(Mul(y, Sin(weights)))
					return append([]*Node{y}, Gradient(loss, a, b)...)
				}).Exec(a, b)
				if err != nil {
					t.Fatal(err)
				}
				flat := make([][]float64, len(outs))
				for i, o := range outs {
					flat[i] = tensors.MustCopyFlatData[float64](o)
				}
				return flat
			}
			got, want := run(tc.custom), run(tc.reference)
			for i, what := range []string{"product", "d/da", "d/db"} {
				if d := maxAbsDiff(got[i], want[i]); d > 1e-12 {
					t.Errorf("%s differs by %g", what, d)
				}
			}
		})
	}
}

func size(dims []int) int {
	n := 1
	for _, d := range dims {
		n *= d
	}
	return n
}

func maxAbsDiff(a, b []float64) float64 {
	var d float64
	for i := range a {
		d = math.Max(d, math.Abs(a[i]-b[i]))
	}
	return d
}

// tinyConfig is a small decoder with every optional feature that has weights: GQA, biases.
func tinyConfig(t testing.TB, modelType string, extra string) *Config {
	t.Helper()
	raw := fmt.Sprintf(`{"model_type": %q, "hidden_size": 16, "intermediate_size": 24,
		"num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
		"vocab_size": 32, "rms_norm_eps": 1e-5 %s}`, modelType, extra)
	cfg, err := ParseConfig([]byte(raw), "tinyConfig")
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// newFloat64Model gives every weight a random float64 value (norm gains around 1).
func newFloat64Model(t testing.TB, cfg *Config, seed uint64) *Model {
	t.Helper()
	m := New(newTestBackend(t), cfg)
	rng := rand.New(rand.NewPCG(seed, 1))
	for _, spec := range cfg.Tensors() {
		data := randomFloat64s(rng, size(spec.Shape), 0.3)
		if len(spec.Shape) == 1 && spec.Name[len(spec.Name)-len("norm.weight"):] == "norm.weight" {
			for i := range data {
				data[i] = 1 + data[i]/3
			}
		}
		if err := setVariable(m.Context, spec.Name, tensors.FromFlatDataAndDimensions(data, spec.Shape...)); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

// lossBatch is a left-padded batch with next-token targets.
type lossBatch struct {
	tokens, positions, mask, targets *tensors.Tensor
}

func newLossBatch(vocab int) lossBatch {
	rows := [][]int{{3, 9, 1, 30, 7, 7, 2}, {11, 5, 19, 4, 8}}
	b := leftPad(rows, 7)
	rng := rand.New(rand.NewPCG(5, 6))
	targets := make([]int32, 14)
	for i := range targets {
		targets[i] = int32(rng.IntN(vocab))
	}
	var tokens, positions []int32
	var mask []bool
	for r := range rows {
		tokens = append(tokens, b.Tokens[r]...)
		positions = append(positions, positionsFromMask(b.Mask[r])...)
		mask = append(mask, b.Mask[r]...)
	}
	return lossBatch{
		tokens:    tensors.FromFlatDataAndDimensions(tokens, 2, 7),
		positions: tensors.FromFlatDataAndDimensions(positions, 2, 7),
		mask:      tensors.FromFlatDataAndDimensions(mask, 2, 7),
		targets:   tensors.FromFlatDataAndDimensions(targets, 2, 7),
	}
}

// maskedCrossEntropy is the mean negative log-likelihood of targets over the real tokens.
func maskedCrossEntropy(logits, targets, mask *Node) *Node {
	logProbs := LogSoftmax(logits, -1)
	picked := ReduceSum(Mul(logProbs, OneHot(targets, logits.Shape().Dimensions[2], logits.DType())), -1)
	weights := ConvertDType(mask, logits.DType())
	return Neg(Div(ReduceAllSum(Mul(picked, weights)), ReduceAllSum(weights)))
}

// TestDecoderGradientsMatchFiniteDifferences checks the gradient of a cross-entropy loss with
// respect to every kind of weight (embeddings, norms, each projection, biases, lm_head) against
// central finite differences in float64, on a padded batch.
func TestDecoderGradientsMatchFiniteDifferences(t *testing.T) {
	tests := []struct {
		name    string
		cfg     *Config
		tensors []string
	}{
		{"llama with biases", tinyConfig(t, "llama", `, "attention_bias": true, "mlp_bias": true`), []string{
			EmbedTensor, "model.layers.0.input_layernorm.weight", LayerModule(0, QProj) + ".weight",
			LayerModule(0, KProj) + ".weight", LayerModule(1, VProj) + ".weight", LayerModule(1, OProj) + ".weight",
			LayerModule(0, OProj) + ".bias", LayerModule(1, QProj) + ".bias", LayerModule(0, GateProj) + ".weight",
			LayerModule(1, UpProj) + ".weight", LayerModule(1, DownProj) + ".weight", LayerModule(0, DownProj) + ".bias",
			finalNormTensor, "lm_head.weight",
		}},
		{"mistral window, tied", tinyConfig(t, "mistral", `, "sliding_window": 3, "tie_word_embeddings": true`), []string{
			EmbedTensor, LayerModule(1, KProj) + ".weight", LayerModule(0, VProj) + ".weight",
			"model.layers.1.post_attention_layernorm.weight",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newFloat64Model(t, tc.cfg, 9)
			batch := newLossBatch(tc.cfg.VocabSize)
			lossOf := func(ctx *context.Context, in []*Node) *Node {
				ctx.SetTraining(in[0].Graph(), true) // use the hand-written matrix gradients
				return maskedCrossEntropy(m.LogitsGraph(ctx, in[0], in[1], in[2]), in[3], in[2])
			}
			lossExec := context.MustNewExec(m.Backend, m.Context, func(ctx *context.Context, in []*Node) *Node {
				return lossOf(ctx, in)
			})
			gradExec := context.MustNewExec(m.Backend, m.Context, func(ctx *context.Context, in []*Node) []*Node {
				params := make([]*Node, len(tc.tensors))
				for i, name := range tc.tensors {
					params[i] = variableIn(ctx, name).ValueGraph(in[0].Graph())
				}
				return Gradient(lossOf(ctx, in), params...)
			})
			args := []any{batch.tokens, batch.positions, batch.mask, batch.targets}
			loss := func() float64 { return tensors.ToScalar[float64](lossExec.MustExec(args...)[0]) }
			grads := gradExec.MustExec(args...)
			rng := rand.New(rand.NewPCG(10, 11))
			const h = 1e-6
			var worst float64
			for i, name := range tc.tensors {
				v := variableIn(m.Context, name)
				orig := tensors.MustCopyFlatData[float64](v.MustValue())
				grad := tensors.MustCopyFlatData[float64](grads[i])
				for range 3 {
					j := rng.IntN(len(orig))
					perturbed := func(delta float64) float64 {
						w := append([]float64(nil), orig...)
						w[j] += delta
						v.MustSetValue(tensors.FromFlatDataAndDimensions(w, v.Shape().Dimensions...))
						return loss()
					}
					numeric := (perturbed(h) - perturbed(-h)) / (2 * h)
					v.MustSetValue(tensors.FromFlatDataAndDimensions(orig, v.Shape().Dimensions...))
					diff := math.Abs(numeric-grad[j]) / math.Max(1, math.Abs(numeric))
					worst = math.Max(worst, diff)
					if diff > 1e-7 {
						t.Errorf("%s[%d]: gradient %.10g, finite difference %.10g", name, j, grad[j], numeric)
					}
				}
			}
			t.Logf("%d gradient entries, max |analytic - numeric| / max(1, |numeric|) = %.2g", 3*len(tc.tensors), worst)
		})
	}
}

// TestFrozenWeightsStayFixed trains with every weight frozen except the final norm: only that
// one changes.
func TestFrozenWeightsStayFixed(t *testing.T) {
	cfg := tinyConfig(t, "llama", "")
	m := New(newTestBackend(t), cfg)
	if err := m.InitRandom(2, 0.1); err != nil {
		t.Fatal(err)
	}
	if err := m.SetWeightsTrainable(false); err != nil {
		t.Fatal(err)
	}
	m.Variable(finalNormTensor).SetTrainable(true)
	_, before, err := m.Weights()
	if err != nil {
		t.Fatal(err)
	}
	trainer := train.NewTrainer(m.Backend, m.Context,
		func(ctx *context.Context, _ any, in []*Node) []*Node {
			return []*Node{m.LogitsGraph(ctx, in[0], in[1], in[2])}
		},
		func(labels, predictions []*Node) *Node {
			return maskedCrossEntropy(predictions[0], labels[0], labels[1])
		},
		optimizers.Adam().LearningRate(1e-2).Done(), nil, nil)
	batch := newLossBatch(cfg.VocabSize)
	for range 2 {
		if _, err := trainer.TrainStep(nil, []*tensors.Tensor{batch.tokens, batch.positions, batch.mask},
			[]*tensors.Tensor{batch.targets, batch.mask}); err != nil {
			t.Fatal(err)
		}
	}
	specs, after, err := m.Weights()
	if err != nil {
		t.Fatal(err)
	}
	for i, spec := range specs {
		changed := maxAbsDiff(float64s(before[i]), float64s(after[i])) > 0
		if changed != (spec.Name == finalNormTensor) {
			t.Errorf("%s: changed=%v", spec.Name, changed)
		}
	}
}

func float64s(x []float32) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = float64(v)
	}
	return out
}

// TestTrainingLoopFinishes runs Adam steps with GoMLX's trainer on the default backend: the
// loss must fall and the loop must not stall (the pure-Go backend once hung after one step).
func TestTrainingLoopFinishes(t *testing.T) {
	cfg := tinyConfig(t, "qwen2", `, "tie_word_embeddings": true`)
	m := New(newTestBackend(t), cfg)
	if err := m.InitRandom(1, 0.1); err != nil {
		t.Fatal(err)
	}
	modelFn := func(ctx *context.Context, _ any, in []*Node) []*Node {
		return []*Node{m.LogitsGraph(ctx, in[0], in[1], in[2])}
	}
	lossFn := func(labels, predictions []*Node) *Node {
		return maskedCrossEntropy(predictions[0], labels[0], labels[1])
	}
	trainer := train.NewTrainer(m.Backend, m.Context, modelFn, lossFn,
		optimizers.Adam().LearningRate(1e-2).Done(), nil, nil)
	batch := newLossBatch(cfg.VocabSize)
	const steps = 8
	losses := make(chan float64, steps)
	errs := make(chan error, 1)
	go func() {
		for range steps {
			metrics, err := trainer.TrainStep(nil, []*tensors.Tensor{batch.tokens, batch.positions, batch.mask},
				[]*tensors.Tensor{batch.targets, batch.mask})
			if err != nil {
				errs <- err
				return
			}
			losses <- float64(tensors.ToScalar[float32](metrics[0]))
		}
	}()
	var got []float64
	timeout := time.After(60 * time.Second)
	for len(got) < steps {
		select {
		case l := <-losses:
			got = append(got, l)
		case err := <-errs:
			t.Fatalf("step %d: %v", len(got), err)
		case <-timeout:
			t.Fatalf("training stalled after %d of %d steps", len(got), steps)
		}
	}
	t.Logf("losses: %.4f", got)
	if got[steps-1] >= got[0]-0.1 {
		t.Errorf("loss did not fall: %.4f", got)
	}
}
