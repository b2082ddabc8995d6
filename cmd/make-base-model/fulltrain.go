package main

import (
	"fmt"
	"math"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive // GoMLX graph code reads best with the dot import.
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	gtrain "github.com/gomlx/gomlx/pkg/ml/train"
	"github.com/gomlx/gomlx/pkg/ml/train/optimizers"
	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/train"
)

// Full training of every weight of a model.Model, from scratch.
//
// lib/train trains LoRA adapters only, so the base model is trained here with GoMLX's own
// train.Trainer: one compiled program per batch shape computes the loss, the gradients of every
// weight (lib/model's matrix products carry hand-written gradients, see lib/model/matmul.go),
// clips them by global norm and takes one AdamW step. The learning rate follows lib/train's
// warmup + cosine Schedule, counted in optimizer steps, and is fed to the program through
// GoMLX's learning-rate variable before each step, so no recompilation is needed.

// fullTrainer trains all weights of one model.
type fullTrainer struct {
	model    *model.Model
	trainer  *gtrain.Trainer
	schedule train.Schedule
	lrVar    *context.Variable
	step     int
}

// optimConfig holds the optimizer hyperparameters.
type optimConfig struct {
	LearningRate float64 // peak learning rate
	WarmupRatio  float64 // share of the steps spent warming up linearly from 0
	WeightDecay  float64 // AdamW's decoupled weight decay
	MaxGradNorm  float64 // clip the gradient to this global norm; 0 disables clipping
	Steps        int     // total optimizer steps (the cosine decay reaches 0 there)
}

// newFullTrainer prepares AdamW training of every weight of m (which must hold weights).
func newFullTrainer(m *model.Model, oc optimConfig) (*fullTrainer, error) {
	if err := m.SetWeightsTrainable(true); err != nil {
		return nil, err
	}
	return newTrainer(m, oc)
}

// newTrainer prepares AdamW training of the variables of m's context that are trainable.
func newTrainer(m *model.Model, oc optimConfig) (*fullTrainer, error) {
	schedule, err := train.NewSchedule(train.SchedulerCosine, oc.LearningRate, oc.WarmupRatio, oc.Steps)
	if err != nil {
		return nil, err
	}
	adamW := optimizers.Adam().WeightDecay(oc.WeightDecay).LearningRate(oc.LearningRate).Done()
	opt := &clippedOptimizer{inner: adamW.(adamWithGradients), maxNorm: oc.MaxGradNorm}
	modelFn := func(ctx *context.Context, _ any, in []*Node) []*Node {
		return []*Node{m.LogitsGraph(ctx, in[0], in[1], in[2])}
	}
	lossFn := func(labels, predictions []*Node) *Node {
		return meanTokenLoss(predictions[0], labels[0], labels[1])
	}
	t := gtrain.NewTrainer(m.Backend, m.Context, modelFn, lossFn, opt, nil, nil)
	return &fullTrainer{model: m, trainer: t, schedule: schedule}, nil
}

// meanTokenLoss is the mean of -log softmax(logits)[labels] over the positions whose weight
// is 1: logits [B, T, V], labels [B, T] int32, weights [B, T] float32.
func meanTokenLoss(logits, labels, weights *Node) *Node {
	count := ReduceAllSum(ConvertDType(weights, logits.DType()))
	return Div(train.TokenLoss(logits, labels, weights), Max(count, OnesLike(count)))
}

// stepResult is what one optimizer step reports.
type stepResult struct {
	Loss, LearningRate float64
}

// trainStep runs one optimizer step on a batch.
func (t *fullTrainer) trainStep(b packedBatch) (stepResult, error) {
	lr := t.schedule.At(t.step)
	if t.lrVar != nil { // the variable exists once the first step has built the program
		if err := t.lrVar.SetValue(tensors.FromScalar(float32(lr))); err != nil {
			return stepResult{}, fmt.Errorf("setting the learning rate: %w", err)
		}
	}
	inputs := []*tensors.Tensor{
		tensors.FromFlatDataAndDimensions(b.Tokens, b.Rows, b.Len),
		tensors.FromFlatDataAndDimensions(b.Positions, b.Rows, b.Len),
		tensors.FromFlatDataAndDimensions(b.Valid, b.Rows, b.Len),
	}
	labels := []*tensors.Tensor{
		tensors.FromFlatDataAndDimensions(b.Labels, b.Rows, b.Len),
		tensors.FromFlatDataAndDimensions(b.Weights, b.Rows, b.Len),
	}
	if t.lrVar == nil && t.step == 0 {
		// Create the variable with the warmup's first value before the program is built.
		t.lrVar = optimizers.LearningRateVarWithValue(t.model.Context, dtypes.Float32, lr)
	}
	metrics, err := t.trainer.TrainStep(nil, inputs, labels)
	if err != nil {
		return stepResult{}, fmt.Errorf("training step %d: %w", t.step+1, err)
	}
	loss := float64(tensors.ToScalar[float32](metrics[0]))
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return stepResult{}, fmt.Errorf("training step %d: loss is %g", t.step+1, loss)
	}
	t.step++
	return stepResult{Loss: loss, LearningRate: lr}, nil
}

// adamWithGradients is what GoMLX's Adam implements: the optimizer interface plus updates from
// precomputed gradients.
type adamWithGradients interface {
	optimizers.Interface
	gtrain.OptimizeWithGradients
}

// clippedOptimizer clips the gradients of all trainable variables to a global L2 norm (as
// torch.nn.utils.clip_grad_norm_ does) before handing them to an optimizer that accepts
// precomputed gradients (GoMLX's Adam).
type clippedOptimizer struct {
	inner   adamWithGradients
	maxNorm float64
}

// UpdateGraph implements optimizers.Interface.
func (o *clippedOptimizer) UpdateGraph(ctx *context.Context, g *Graph, loss *Node) {
	grads := ctx.BuildTrainableVariablesGradientsGraph(loss)
	if o.maxNorm > 0 {
		grads = clipByGlobalNorm(grads, o.maxNorm)
	}
	o.inner.UpdateGraphWithGradients(ctx, grads, loss.DType())
}

// Clear implements optimizers.Interface.
func (o *clippedOptimizer) Clear(ctx *context.Context) error { return o.inner.Clear(ctx) }

// clipByGlobalNorm scales grads by min(1, maxNorm/(‖grads‖+1e-6)).
func clipByGlobalNorm(grads []*Node, maxNorm float64) []*Node {
	var sumSq *Node
	for _, gr := range grads {
		sq := ReduceAllSum(Square(gr))
		if sumSq == nil {
			sumSq = sq
		} else {
			sumSq = Add(sumSq, sq)
		}
	}
	norm := Sqrt(sumSq)
	coef := Min(OnesLike(norm), Div(Scalar(norm.Graph(), norm.DType(), maxNorm), AddScalar(norm, 1e-6)))
	out := make([]*Node, len(grads))
	for i, gr := range grads {
		out[i] = Mul(gr, coef)
	}
	return out
}
