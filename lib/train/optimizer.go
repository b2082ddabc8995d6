package train

import (
	"fmt"
	"math"
	"strings"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive // GoMLX graph code reads best with the dot import.
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// AdamW with gradient accumulation and clipping by global norm, written as graph code so that
// every piece of optimizer state is a named variable that checkpoints save and restore exactly.
//
// One optimizer step runs two programs:
//
//   - accumulate, once per micro-batch: adds the gradient of the micro-batch's summed token
//     loss to the gradient accumulators;
//   - apply: divides the accumulated gradients by the number of target tokens of the whole
//     step (so every target token weighs the same, however the tokens fall into micro-batches;
//     Hugging Face's Trainer does the same since 4.46), clips them to MaxGradNorm by global
//     norm as torch.nn.utils.clip_grad_norm_ does, takes one AdamW step exactly as
//     torch.optim.AdamW computes it, and zeroes the accumulators.

// paramState holds the optimizer variables of one trainable parameter.
type paramState struct {
	name                    string // the parameter's tensor name
	param, grad, avg, avgSq *context.Variable
	// lrScale multiplies the learning rate for this parameter (Config.lrScale: 1 but for the
	// embedding table under EmbeddingLearningRate and LoRA B matrices under LoraPlusRatio).
	lrScale float64
}

// AdamW hyperparameters beyond the learning rate (PyTorch's defaults).
const (
	adamBeta1   = 0.9
	adamBeta2   = 0.999
	adamEpsilon = 1e-8
	// clipEpsilon is what clip_grad_norm_ adds to the norm before dividing.
	clipEpsilon = 1e-6
)

// Optimizer state lives under this context scope, mirroring the parameters' own scopes.
const optimizerScope = "/optimizer"

// newParamStates creates zeroed accumulator and moment variables for each parameter.
func newParamStates(ctx *context.Context, names []string, params []*context.Variable) []paramState {
	states := make([]paramState, len(params))
	for i, p := range params {
		zeros := func(kind string) *context.Variable {
			scope := optimizerScope + "/" + kind + "/" + strings.ReplaceAll(names[i], ".", "/")
			v := ctx.InAbsPath(scope).Checked(false).VariableWithValue("value", tensors.FromShape(p.Shape()))
			v.SetTrainable(false)
			return v
		}
		states[i] = paramState{name: names[i], param: p, grad: zeros("grad_accum"), avg: zeros("exp_avg"), avgSq: zeros("exp_avg_sq"), lrScale: 1}
	}
	return states
}

// TokenLoss returns Σ weights·(-log softmax(logits)[labels]) for logits [B, T, V], labels
// [B, T] (int32) and weights [B, T]. The log-sum-exp subtracts the (gradient-stopped) row
// maximum, which changes nothing mathematically and keeps exp from overflowing. Labels where
// the weight is 0 may be anything, negative included.
func TokenLoss(logits, labels, weights *Node) *Node {
	rowMax := StopGradient(ReduceAndKeep(logits, ReduceMax, -1))
	logSumExp := Add(Log(ReduceSum(Exp(Sub(logits, rowMax)), -1)), Squeeze(rowMax, -1))
	return ReduceAllSum(Mul(Sub(logSumExp, pickLabels(logits, labels)), ConvertDType(weights, logits.DType())))
}

// pickLabels returns logits[b, t, labels[b, t]] for logits [B, T, V] and labels [B, T]: one
// Gather from the flattened logits, whose gradient scatters B·T values. Multiplying by a
// one-hot of the labels instead builds, multiplies and reduces a [B, T, V] tensor forward and
// again backward: for a small model with a 4k vocabulary that was a seventh of a training step.
func pickLabels(logits, labels *Node) *Node {
	dims := logits.Shape().Dimensions
	b, t, v := dims[0], dims[1], dims[2]
	g := logits.Graph()
	row := Reshape(Iota(g, shapes.Make(dtypes.Int32, b*t), 0), b, t)
	label := Clip(ConvertDType(labels, dtypes.Int32), ScalarZero(g, dtypes.Int32), Const(g, int32(v-1)))
	flat := Add(MulScalar(row, float64(v)), label)
	picked := Gather(Reshape(logits, b*t*v, 1), Reshape(flat, b*t, 1))
	return Reshape(picked, b, t)
}

// accumulateGraph adds the gradients of lossSum to the accumulators and returns lossSum.
func accumulateGraph(states []paramState, lossSum *Node) *Node {
	g := lossSum.Graph()
	params := make([]*Node, len(states))
	for i, s := range states {
		params[i] = s.param.ValueGraph(g)
	}
	grads := Gradient(lossSum, params...)
	for i, s := range states {
		s.grad.SetValueGraph(Add(s.grad.ValueGraph(g), grads[i]))
	}
	return lossSum
}

// stepScalars are the per-step inputs of the apply program, computed on the host in float64.
type stepScalars struct {
	lr, weightDecay, maxGradNorm float64
	step                         int // 1-based AdamW step, for bias correction
	targets                      int // target tokens in the step
}

func (s stepScalars) tensors() []any {
	bc1 := 1 - math.Pow(adamBeta1, float64(s.step))
	bc2 := 1 - math.Pow(adamBeta2, float64(s.step))
	return []any{
		float32(1 - s.lr*s.weightDecay), float32(s.lr / bc1), float32(math.Sqrt(bc2)),
		float32(1 / float64(max(s.targets, 1))), float32(s.maxGradNorm),
	}
}

// applyGraph takes one AdamW step from the accumulated gradients and returns the gradient's
// global norm before clipping. Inputs (see stepScalars.tensors): the decay factor 1-lr·wd, the step size lr/(1-β1ᵗ), √(1-β2ᵗ), 1/targets and max_grad_norm (≤ 0: no clipping).
func applyGraph(states []paramState, in []*Node) *Node {
	g := in[0].Graph()
	decay, stepSize, bc2Sqrt, invTargets, maxNorm := in[0], in[1], in[2], in[3], in[4]
	grads := make([]*Node, len(states))
	var sumSq *Node
	for i, s := range states {
		grads[i] = Mul(s.grad.ValueGraph(g), invTargets)
		sq := ReduceAllSum(Square(grads[i]))
		if sumSq == nil {
			sumSq = sq
		} else {
			sumSq = Add(sumSq, sq)
		}
	}
	norm := Sqrt(sumSq)
	// clip_grad_norm_: multiply by min(1, max_norm/(norm+1e-6)) when max_norm > 0.
	coef := Min(OnesLike(norm), Div(maxNorm, AddScalar(norm, clipEpsilon)))
	coef = Where(GreaterThan(maxNorm, ZerosLike(maxNorm)), coef, OnesLike(norm))
	for i, s := range states {
		decay, stepSize := decay, stepSize
		if s.lrScale != 1 { // 1 - lr·k·wd = k·(1 - lr·wd) + 1 - k, and k·lr/(1-β1ᵗ)
			decay = AddScalar(MulScalar(decay, s.lrScale), 1-s.lrScale)
			stepSize = MulScalar(stepSize, s.lrScale)
		}
		grad := Mul(grads[i], coef)
		avg := Add(MulScalar(s.avg.ValueGraph(g), adamBeta1), MulScalar(grad, 1-adamBeta1))
		avgSq := Add(MulScalar(s.avgSq.ValueGraph(g), adamBeta2), MulScalar(Square(grad), 1-adamBeta2))
		param := Mul(s.param.ValueGraph(g), decay)
		denom := AddScalar(Div(Sqrt(avgSq), bc2Sqrt), adamEpsilon)
		param = Sub(param, Mul(stepSize, Div(avg, denom)))
		s.avg.SetValueGraph(avg)
		s.avgSq.SetValueGraph(avgSq)
		s.param.SetValueGraph(param)
		s.grad.SetValueGraph(ZerosLike(s.grad.ValueGraph(g)))
	}
	return norm
}

// scalarFloat reads a float32 scalar output.
func scalarFloat(t *tensors.Tensor) (float64, error) {
	if t.DType() != dtypes.Float32 || t.Shape().Size() != 1 {
		return 0, fmt.Errorf("expected a float32 scalar, got %s", t.Shape())
	}
	return float64(tensors.MustCopyFlatData[float32](t)[0]), nil
}
