package train

import (
	"math"
	"math/rand/v2"
	"testing"

	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive // GoMLX graph code reads best with the dot import.
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/tooltune/tooltune/lib/model"
)

// refAdamW is torch.optim.AdamW with clip_grad_norm_ in float64: the reference for
// applyGraph.
type refAdamW struct {
	params, avg, avgSq [][]float64
	step               int
}

func (r *refAdamW) apply(grads [][]float64, lr, wd, maxNorm float64) float64 {
	r.step++
	var sumSq float64
	for _, g := range grads {
		for _, x := range g {
			sumSq += x * x
		}
	}
	norm := math.Sqrt(sumSq)
	coef := 1.0
	if maxNorm > 0 {
		coef = math.Min(1, maxNorm/(norm+1e-6))
	}
	bc1 := 1 - math.Pow(0.9, float64(r.step))
	bc2 := 1 - math.Pow(0.999, float64(r.step))
	for i, p := range r.params {
		for j := range p {
			g := grads[i][j] * coef
			r.avg[i][j] = 0.9*r.avg[i][j] + 0.1*g
			r.avgSq[i][j] = 0.999*r.avgSq[i][j] + 0.001*g*g
			p[j] *= 1 - lr*wd
			p[j] -= lr / bc1 * r.avg[i][j] / (math.Sqrt(r.avgSq[i][j])/math.Sqrt(bc2) + 1e-8)
		}
	}
	return norm
}

// TestAdamWMatchesReference runs accumulate+apply on a loss with a known gradient,
// Σ c₁·p₁ + Σ c₂·p₂² over two micro-batches, and compares parameters, moments and gradient
// norms with the float64 reference over several steps, with and without clipping.
func TestAdamWMatchesReference(t *testing.T) {
	tests := []struct {
		name        string
		wd, maxNorm float64
	}{
		{"clipped with decay", 0.1, 0.5},
		{"unclipped", 0, 0},
		{"clip bound not reached", 0, 1e6},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			backend, err := model.NewBackend()
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.New()
			rng := rand.New(rand.NewPCG(1, 2))
			dims := [][]int{{3, 4}, {5}}
			ref := &refAdamW{}
			var vars []*context.Variable
			var consts [][]float32
			for i, d := range dims {
				n := 1
				for _, x := range d {
					n *= x
				}
				p32, c32 := make([]float32, n), make([]float32, n)
				p64 := make([]float64, n)
				for j := range p32 {
					p32[j] = float32(rng.NormFloat64())
					c32[j] = float32(rng.NormFloat64())
					p64[j] = float64(p32[j])
				}
				vars = append(vars, ctx.In("p").Checked(false).VariableWithValue(string(rune('a'+i)), tensors.FromFlatDataAndDimensions(p32, d...)))
				consts = append(consts, c32)
				ref.params = append(ref.params, p64)
				ref.avg = append(ref.avg, make([]float64, n))
				ref.avgSq = append(ref.avgSq, make([]float64, n))
			}
			states := newParamStates(ctx, []string{"p.a", "p.b"}, vars)
			accumulate, err := context.NewExec(backend, ctx, func(ctx *context.Context, scale *Node) *Node {
				g := scale.Graph()
				p1, p2 := vars[0].ValueGraph(g), vars[1].ValueGraph(g)
				c1 := Const(g, tensors.FromFlatDataAndDimensions(consts[0], dims[0]...))
				c2 := Const(g, tensors.FromFlatDataAndDimensions(consts[1], dims[1]...))
				loss := Add(ReduceAllSum(Mul(c1, p1)), ReduceAllSum(Mul(c2, Square(p2))))
				return accumulateGraph(states, Mul(loss, scale))
			})
			if err != nil {
				t.Fatal(err)
			}
			apply, err := context.NewExec(backend, ctx, func(ctx *context.Context, in []*Node) []*Node {
				return []*Node{applyGraph(states, in)}
			})
			if err != nil {
				t.Fatal(err)
			}
			const lr, targets = 0.05, 4
			for step := 1; step <= 5; step++ {
				// Two micro-batches whose summed loss is 4× the loss: the apply step divides
				// by 4 targets, so the gradient is that of the loss itself.
				grads := [][]float64{make([]float64, len(consts[0])), make([]float64, len(consts[1]))}
				for j, c := range consts[0] {
					grads[0][j] = float64(c)
				}
				for j, c := range consts[1] {
					grads[1][j] = 2 * float64(c) * ref.params[1][j]
				}
				for _, scale := range []float32{1, 3} {
					if _, err := accumulate.Exec(scale); err != nil {
						t.Fatal(err)
					}
				}
				sc := stepScalars{lr: lr, weightDecay: tc.wd, maxGradNorm: tc.maxNorm, step: step, targets: targets}
				out, err := apply.Exec(sc.tensors()...)
				if err != nil {
					t.Fatal(err)
				}
				wantNorm := ref.apply(grads, lr, tc.wd, tc.maxNorm)
				if got, _ := scalarFloat(out[0]); math.Abs(got-wantNorm) > 1e-5*wantNorm {
					t.Errorf("step %d: grad norm %g, want %g", step, got, wantNorm)
				}
				for i, s := range states {
					for _, c := range []struct {
						what string
						v    *context.Variable
						want []float64
					}{{"param", s.param, ref.params[i]}, {"exp_avg", s.avg, ref.avg[i]}, {"exp_avg_sq", s.avgSq, ref.avgSq[i]}} {
						value, _ := c.v.Value()
						got := tensors.MustCopyFlatData[float32](value)
						for j := range got {
							if d := math.Abs(float64(got[j]) - c.want[j]); d > 2e-5*(1+math.Abs(c.want[j])) {
								t.Fatalf("step %d, %s %s[%d] = %g, want %g", step, s.name, c.what, j, got[j], c.want[j])
							}
						}
					}
					acc, _ := s.grad.Value()
					for _, x := range tensors.MustCopyFlatData[float32](acc) {
						if x != 0 {
							t.Fatalf("gradient accumulator of %s not reset after the step", s.name)
						}
					}
				}
			}
		})
	}
}

// TestTokenLossMatchesLogSoftmax compares the graph's weighted cross-entropy with a float64
// log-softmax computed directly, and its gradient with the closed form w·(softmax − onehot).
func TestTokenLossMatchesLogSoftmax(t *testing.T) {
	backend, err := model.NewBackend()
	if err != nil {
		t.Fatal(err)
	}
	const b, tt, v = 2, 3, 7
	rng := rand.New(rand.NewPCG(3, 4))
	logits := make([]float32, b*tt*v)
	for i := range logits {
		logits[i] = float32(rng.NormFloat64() * 3)
	}
	labels := []int32{1, 6, 0, 3, -100, 2} // a masked position may hold any label
	weights := []float32{1, 0, 1, 1, 0, 1}
	// The loss, and its gradient w·(softmax − onehot), computed directly in float64.
	var want float64
	wantGrad := make([]float64, len(logits))
	for p := range b * tt {
		row := logits[p*v : (p+1)*v]
		var sum float64
		for _, x := range row {
			sum += math.Exp(float64(x))
		}
		if weights[p] == 0 {
			continue
		}
		want += float64(weights[p]) * (math.Log(sum) - float64(row[labels[p]]))
		for j, x := range row {
			wantGrad[p*v+j] = float64(weights[p]) * math.Exp(float64(x)) / sum
		}
		wantGrad[p*v+int(labels[p])] -= float64(weights[p])
	}
	out, err := MustNewExec(backend, func(l, lab, w *Node) []*Node {
		loss := TokenLoss(l, lab, w)
		return []*Node{loss, Gradient(loss, l)[0]}
	}).Exec(
		tensors.FromFlatDataAndDimensions(logits, b, tt, v),
		tensors.FromFlatDataAndDimensions(labels, b, tt),
		tensors.FromFlatDataAndDimensions(weights, b, tt))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := scalarFloat(out[0]); math.Abs(got-want) > 1e-5*math.Abs(want) {
		t.Errorf("token loss %g, want %g", got, want)
	}
	grad := out[1].Value().([][][]float32)
	for p := range b * tt {
		for j := range v {
			if got, want := float64(grad[p/tt][p%tt][j]), wantGrad[p*v+j]; math.Abs(got-want) > 1e-6 {
				t.Errorf("d loss / d logits[%d][%d][%d] = %g, want %g", p/tt, p%tt, j, got, want)
			}
		}
	}
}
