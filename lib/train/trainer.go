// Package train fine-tunes LoRA adapters on tokenized conversations: length-bucketed batches
// with a loss on assistant tokens only, AdamW with warmup and cosine/linear/constant decay
// (counted in optimizer steps), gradient accumulation, clipping by global norm, periodic
// evaluation on a held-out set, and checkpoints in Hugging Face's layout from which a run
// resumes exactly where it stopped. Optionally (Config.SharedPrefixes) a batch groups
// sequences that begin with the same system turn and computes that prefix once.
//
// Reading order: data.go (examples to token sequences with a target mask), batch.go (padded,
// bucketed batches, and shared-prefix ones), schedule.go (learning rate), optimizer.go (the
// AdamW graph), this file (the loop), checkpoint.go (what is saved and how), progress.go
// (what is printed).
package train

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	gctx "github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/tooltune/tooltune/internal/atomicfile"
	"github.com/tooltune/tooltune/lib/lora"
	"github.com/tooltune/tooltune/lib/model"
)

// Save strategies, as Hugging Face's TrainingArguments names them.
const (
	SaveSteps = "steps"
	SaveEpoch = "epoch"
	SaveNo    = "no"
)

// LogFile is the file in OutputDir that gets one JSON line per optimizer step and per
// evaluation.
const LogFile = "train_log.jsonl"

// ErrInterrupted is returned by Train when its context is cancelled (Ctrl-C); a checkpoint of
// the last finished step has been saved by then.
var ErrInterrupted = errors.New("training interrupted")

// Config holds the training hyperparameters, with the names of Hugging Face's
// TrainingArguments where one exists.
type Config struct {
	OutputDir string
	// Epochs may be fractional; MaxSteps > 0 overrides it.
	Epochs   float64
	MaxSteps int
	// BatchSize is the number of sequences per micro-batch (per_device_train_batch_size).
	BatchSize int
	// GradAccumSteps micro-batches make one optimizer step.
	GradAccumSteps int
	LearningRate   float64
	// EmbeddingLearningRate is the peak learning rate of the embedding table when it is
	// trained in full (lora.Config.ModulesToSave), on the same schedule; 0 means LearningRate.
	// A pretrained table, and with tied embeddings the output layer, need not move as fast as
	// fresh adapters (Unsloth's embedding_learning_rate is the same knob). Measured on a tiny
	// model, it was not enough alone: its copy probe fell from 43/48 to 0/48 within 150-300
	// LoRA steps at 3e-3 whether the table trained at 3e-3 or at 1e-4.
	EmbeddingLearningRate float64
	// LoraPlusRatio makes every LoRA B matrix learn this many times faster than LearningRate
	// (LoRA+, Hayou et al. 2024; peft's loraplus_lr_ratio, which suggests 16); 0 or 1 trains
	// A and B alike. B starts at zero and A at random: with one rate, B, which alone decides
	// how far the adapter moves the model, is slow to grow.
	LoraPlusRatio float64
	WarmupRatio   float64
	// Scheduler is cosine, linear or constant (after warmup).
	Scheduler string
	// MaxGradNorm clips the gradient to this global norm; 0 disables clipping.
	MaxGradNorm float64
	// WeightDecay is AdamW's decoupled weight decay.
	WeightDecay float64
	// Seed fixes the data order and the dropout masks.
	Seed uint64
	// EvalSteps: evaluate the held-out loss every EvalSteps optimizer steps and at the end
	// (0: only at the end).
	EvalSteps int
	// LoggingSteps: record the mean training loss every LoggingSteps steps in log_history.
	LoggingSteps int
	// SaveStrategy is steps (every SaveSteps and at the end), epoch, or no. An interrupted
	// run saves a checkpoint whatever the strategy, so that it can be resumed.
	SaveStrategy string
	SaveSteps    int
	// SaveTotalLimit keeps only the newest checkpoints (0: all).
	SaveTotalLimit int
	// PadMultiple and BucketWindow shape the batches (see BatchConfig). PadMultiple 0 picks
	// by backend: 32 tokens on the pure-Go backend, 128 where compiles are costly (XLA), which
	// bounds the programs compiled for sequences up to 1,024 tokens at 8.
	PadMultiple  int
	BucketWindow int
	// MaxBatchTokens caps rows·padded length of each batch run (BatchConfig.MaxTokens; 0: no
	// cap): a micro-batch of long sequences runs as several smaller ones whose gradients are
	// accumulated, which bounds memory without changing the loss.
	MaxBatchTokens int
	// SharedPrefixes groups the sequences of each epoch by their prompt (SharedEpochOrder), so
	// that most batches begin with one whole system turn, and runs each micro-batch as that
	// common prefix, computed once, and the rest of each sequence (SharedBatches). The loss of
	// each sequence is what it would be in a row of its own; the batches differ (one tool list
	// per batch instead of length-bucketed sequences) and cost far less when the system turn
	// is most of each sequence, as with a tool list and first turns only.
	SharedPrefixes bool
	// Progress receives a progress bar (when it is a terminal) or one line per logging step.
	// nil prints nothing.
	Progress io.Writer
	// OnCheckpoint, when set, is called after each checkpoint is complete.
	OnCheckpoint func(step int, dir string)
}

// DefaultConfig returns the defaults of the original tool_using.py.
func DefaultConfig() Config {
	return Config{
		OutputDir: "tool_model_output", Epochs: 3, BatchSize: 4, GradAccumSteps: 4, LearningRate: 2e-4,
		WarmupRatio: 0.03, Scheduler: SchedulerCosine, MaxGradNorm: 1, Seed: 42, EvalSteps: 50,
		LoggingSteps: 10, SaveStrategy: SaveSteps, SaveSteps: 50, SaveTotalLimit: 3, PadMultiple: 0, BucketWindow: 16,
		MaxBatchTokens: 2048,
	}
}

func (c Config) validate() error {
	switch {
	case c.OutputDir == "":
		return errors.New("output_dir is empty")
	case c.MaxSteps <= 0 && !(c.Epochs > 0):
		return fmt.Errorf("num_train_epochs must be positive, got %g", c.Epochs)
	case c.BatchSize <= 0:
		return fmt.Errorf("per_device_train_batch_size must be positive, got %d", c.BatchSize)
	case c.GradAccumSteps <= 0:
		return fmt.Errorf("gradient_accumulation_steps must be positive, got %d", c.GradAccumSteps)
	case !(c.LearningRate > 0):
		return fmt.Errorf("learning_rate must be positive, got %g", c.LearningRate)
	case c.PadMultiple < 0:
		return fmt.Errorf("pad multiple must not be negative, got %d", c.PadMultiple)
	case c.EmbeddingLearningRate < 0 || math.IsNaN(c.EmbeddingLearningRate):
		return fmt.Errorf("embedding_learning_rate must not be negative, got %g", c.EmbeddingLearningRate)
	case c.LoraPlusRatio < 0 || math.IsNaN(c.LoraPlusRatio):
		return fmt.Errorf("loraplus_lr_ratio must not be negative, got %g", c.LoraPlusRatio)
	case c.MaxGradNorm < 0 || c.WeightDecay < 0:
		return fmt.Errorf("max_grad_norm (%g) and weight_decay (%g) must not be negative", c.MaxGradNorm, c.WeightDecay)
	case c.SaveStrategy != SaveSteps && c.SaveStrategy != SaveEpoch && c.SaveStrategy != SaveNo:
		return fmt.Errorf("save_strategy must be steps, epoch or no, got %q", c.SaveStrategy)
	case c.SaveStrategy == SaveSteps && c.SaveSteps <= 0:
		return fmt.Errorf("save_steps must be positive with save_strategy steps, got %d", c.SaveSteps)
	case c.EvalSteps < 0 || c.LoggingSteps < 0 || c.SaveTotalLimit < 0 || c.MaxBatchTokens < 0:
		return errors.New("eval_steps, logging_steps, save_total_limit and max_batch_tokens must not be negative")
	}
	return nil
}

// lrScale is how many times LearningRate the trained tensor called name learns at.
func (c Config) lrScale(name string) float64 {
	switch {
	case name == model.EmbedTensor && c.EmbeddingLearningRate > 0:
		return c.EmbeddingLearningRate / c.LearningRate
	case lora.IsB(name) && c.LoraPlusRatio > 0:
		return c.LoraPlusRatio
	}
	return 1
}

// Trainer trains the adapters of one model. Build it with New, optionally Resume, then Train.
type Trainer struct {
	cfg      Config
	adapters *lora.Adapters
	model    *model.Model
	data     []Sequence // training set
	heldout  []Sequence
	batches  BatchConfig
	schedule Schedule

	batchesPerEpoch, stepsPerEpoch, maxSteps int
	fingerprint                              string
	states                                   []paramState
	accumulate, apply, evaluate              *gctx.Exec

	step      int // optimizer steps done
	lastSaved int // step of the newest checkpoint, -1 when none
	state     TrainerState
	order     map[int][][]int // batch order of the current epoch, by epoch
	release   model.Releaser  // frees the buffers of past steps' shapes

	// afterFile, when set (by tests), runs after each file of a checkpoint is written, and its
	// error aborts the save: a way to fail or crash in the middle of one.
	afterFile func(name string) error
}

// padMultipleFor is Config.PadMultiple's automatic choice.
func padMultipleFor(b backends.Backend) int {
	if model.CompilesAreCostly(b) {
		return 128
	}
	return 32
}

// New prepares training of a's adapters on data, evaluating on heldout (which may be empty).
func New(a *lora.Adapters, data, heldout []Sequence, cfg Config) (*Trainer, error) {
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	if len(data) == 0 {
		return nil, errors.New("train: no training sequences")
	}
	if cfg.PadMultiple == 0 {
		cfg.PadMultiple = padMultipleFor(a.Model().Backend)
	}
	t := &Trainer{
		cfg: cfg, adapters: a, model: a.Model(), data: data, heldout: heldout, lastSaved: -1,
		batches: BatchConfig{Rows: cfg.BatchSize, PadMultiple: cfg.PadMultiple, Window: cfg.BucketWindow, MaxTokens: cfg.MaxBatchTokens},
		order:   map[int][][]int{}, release: model.Releaser{Slack: 1 << 30},
	}
	t.batchesPerEpoch = (len(data) + cfg.BatchSize - 1) / cfg.BatchSize
	t.stepsPerEpoch = (t.batchesPerEpoch + cfg.GradAccumSteps - 1) / cfg.GradAccumSteps
	t.maxSteps = cfg.MaxSteps
	if t.maxSteps <= 0 {
		t.maxSteps = int(math.Ceil(cfg.Epochs * float64(t.stepsPerEpoch)))
	}
	var err error
	if t.schedule, err = NewSchedule(cfg.Scheduler, cfg.LearningRate, cfg.WarmupRatio, t.maxSteps); err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	t.fingerprint = fingerprint(data)
	t.states = newParamStates(t.model.Context, a.TensorNames(), a.Variables())
	for i := range t.states {
		t.states[i].lrScale = cfg.lrScale(t.states[i].name)
	}
	if err := t.compile(); err != nil {
		return nil, err
	}
	t.state = TrainerState{
		EvalSteps: cfg.EvalSteps, IsLocalProcessZero: true, IsWorldProcessZero: true, LogHistory: []LogEntry{},
		LoggingSteps: cfg.LoggingSteps, MaxSteps: t.maxSteps, NumTrainEpochs: int(math.Ceil(float64(t.maxSteps) / float64(t.stepsPerEpoch))),
		SaveSteps: cfg.SaveSteps, TrainBatchSize: cfg.BatchSize,
	}
	return t, nil
}

// MaxSteps is the number of optimizer steps the run takes.
func (t *Trainer) MaxSteps() int { return t.maxSteps }

// Step is the number of optimizer steps done.
func (t *Trainer) Step() int { return t.step }

// State returns the trainer state as trainer_state.json holds it.
func (t *Trainer) State() TrainerState { return t.state }

// compile creates the three programs; GoMLX compiles each for every new batch shape, and
// the bucketed lengths keep those few.
func (t *Trainer) compile() error {
	m := t.model
	lossOf := func(ctx *gctx.Context, in []*graph.Node) *graph.Node {
		var logits *graph.Node
		if len(in) == rowInputs+prefixInputs {
			logits = m.PrefixedLogitsGraph(ctx, in[rowInputs], in[rowInputs+1], in[0], in[1], in[2])
		} else {
			logits = m.LogitsGraph(ctx, in[0], in[1], in[2])
		}
		return TokenLoss(logits, in[3], in[4])
	}
	var err error
	t.accumulate, err = gctx.NewExec(m.Backend, m.Context, func(ctx *gctx.Context, in []*graph.Node) []*graph.Node {
		ctx.SetTraining(in[0].Graph(), true) // the decoder's products with fast gradients
		lora.EnableDropout(ctx, in[0])
		return []*graph.Node{accumulateGraph(t.states, lossOf(ctx, in[1:]))}
	})
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	t.apply, err = gctx.NewExec(m.Backend, m.Context, func(ctx *gctx.Context, in []*graph.Node) []*graph.Node {
		return []*graph.Node{applyGraph(t.states, in)}
	})
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	t.evaluate, err = gctx.NewExec(m.Backend, m.Context, func(ctx *gctx.Context, in []*graph.Node) []*graph.Node {
		return []*graph.Node{lossOf(ctx, in)}
	})
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	for _, e := range []*gctx.Exec{t.accumulate, t.apply, t.evaluate} {
		e.SetMaxCache(-1)
	}
	return nil
}

// fingerprint hashes the token ids, targets and loss weights (when set), to recognise the
// same training data.
func fingerprint(seqs []Sequence) string {
	h := fnv.New64a()
	var buf [5]byte
	for _, s := range seqs {
		for i, id := range s.IDs {
			buf[0], buf[1], buf[2], buf[3] = byte(id), byte(id>>8), byte(id>>16), byte(id>>24)
			buf[4] = 0
			if s.Target[i] {
				buf[4] = 1
			}
			h.Write(buf[:])
			if s.Weight != nil {
				w := math.Float32bits(s.Weight[i])
				h.Write([]byte{byte(w), byte(w >> 8), byte(w >> 16), byte(w >> 24)})
			}
		}
		h.Write([]byte{0xff, 0xff, 0xff, 0xff, 2})
	}
	return fmt.Sprintf("fnv64a:%016x", h.Sum64())
}

// The programs' inputs: rowInputs tensors of the rows, then, for a shared-prefix batch,
// prefixInputs of its prefix (batchTensors).
const rowInputs, prefixInputs = 5, 2

// batchTensors converts a batch to the programs' inputs: tokens, positions, validity, labels
// and weights of the rows, then the prefix's tokens and validity, if any.
func batchTensors(b Batch) []any {
	in := []any{
		tensors.FromFlatDataAndDimensions(b.Tokens, b.Rows, b.Len),
		tensors.FromFlatDataAndDimensions(b.Positions, b.Rows, b.Len),
		tensors.FromFlatDataAndDimensions(b.Valid, b.Rows, b.Len),
		tensors.FromFlatDataAndDimensions(b.Labels, b.Rows, b.Len),
		tensors.FromFlatDataAndDimensions(b.Weights, b.Rows, b.Len),
	}
	if b.Prefix == nil {
		return in
	}
	return append(in,
		tensors.FromFlatDataAndDimensions(b.Prefix, 1, b.PrefixLen),
		tensors.FromFlatDataAndDimensions(b.PrefixValid, 1, b.PrefixLen))
}

// dropoutSeed derives the dropout seed of micro-batch micro of optimizer step step
// (splitmix64 finaliser over the mixed inputs).
func dropoutSeed(seed uint64, step, micro int) int64 {
	x := seed ^ 0x9e3779b97f4a7c15*uint64(step+1) ^ 0xc2b2ae3d27d4eb4f*uint64(micro+1)
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return int64(x >> 1)
}

// epochOrder returns (and caches) the batch order of an epoch.
func (t *Trainer) epochOrder(epoch int) [][]int {
	if o, ok := t.order[epoch]; ok {
		return o
	}
	clear(t.order) // only the current epoch is ever needed again
	var o [][]int
	if t.cfg.SharedPrefixes {
		o = SharedEpochOrder(promptKeysOf(t.data), lengthsOf(t.data), t.cfg.BatchSize, t.cfg.Seed, epoch)
	} else {
		o = EpochOrder(lengthsOf(t.data), t.batches, t.cfg.Seed, epoch)
	}
	t.order[epoch] = o
	return o
}

// batchesOf builds the batches that run the micro-batch seqs[idx...]: shared-prefix rows or
// plain ones (split under the token budget either way).
func (t *Trainer) batchesOf(seqs []Sequence, idx []int) []Batch {
	if t.cfg.SharedPrefixes {
		return SharedBatches(seqs, idx, t.batches)
	}
	return SplitBatch(seqs, idx, t.batches)
}

// stepResult describes one optimizer step.
type stepResult struct {
	loss, lr, gradNorm float64
	tokens             int
	duration           time.Duration
}

// trainStep runs the micro-batches of the next optimizer step and applies it.
func (t *Trainer) trainStep() (stepResult, error) {
	start := time.Now()
	epoch, j := t.step/t.stepsPerEpoch, t.step%t.stepsPerEpoch
	order := t.epochOrder(epoch)
	micro := order[j*t.cfg.GradAccumSteps : min((j+1)*t.cfg.GradAccumSteps, len(order))]
	var lossSum float64
	var targets, tokens int
	var batches []Batch
	for _, idx := range micro {
		batches = append(batches, t.batchesOf(t.data, idx)...)
	}
	// k numbers the batches run in this step: without splitting, the micro-batches.
	for k, b := range batches {
		rng, err := graph.RNGStateFromSeed(dropoutSeed(t.cfg.Seed, t.step, k))
		if err != nil {
			return stepResult{}, err
		}
		out, err := t.accumulate.Exec(append([]any{rng}, batchTensors(b)...)...)
		if err != nil {
			return stepResult{}, fmt.Errorf("train: step %d, batch %d (%d×%d tokens): %w", t.step+1, k, b.Rows, b.Len, err)
		}
		l, err := scalarFloat(out[0])
		if err != nil {
			return stepResult{}, err
		}
		lossSum += l
		targets += b.Targets
		tokens += b.RealTokens
	}
	sc := stepScalars{lr: t.schedule.At(t.step), weightDecay: t.cfg.WeightDecay, maxGradNorm: t.cfg.MaxGradNorm, step: t.step + 1, targets: targets}
	out, err := t.apply.Exec(sc.tensors()...)
	if err != nil {
		return stepResult{}, fmt.Errorf("train: step %d: optimizer: %w", t.step+1, err)
	}
	norm, err := scalarFloat(out[0])
	if err != nil {
		return stepResult{}, err
	}
	t.release.Step() // the next step may have other lengths: free this one's buffers in time
	t.step++
	return stepResult{loss: lossSum / float64(max(targets, 1)), lr: sc.lr, gradNorm: norm, tokens: tokens, duration: time.Since(start)}, nil
}

// EvalLoss is the mean loss per target token over the held-out set (NaN when it is empty).
func (t *Trainer) EvalLoss() (float64, error) {
	if len(t.heldout) == 0 {
		return math.NaN(), nil
	}
	var lossSum float64
	var targets int
	var batches []Batch
	var order [][]int
	if t.cfg.SharedPrefixes {
		order = SharedEvalOrder(promptKeysOf(t.heldout), lengthsOf(t.heldout), t.cfg.BatchSize)
	} else {
		order = EvalOrder(lengthsOf(t.heldout), t.cfg.BatchSize)
	}
	for _, idx := range order {
		batches = append(batches, t.batchesOf(t.heldout, idx)...)
	}
	for _, b := range batches {
		out, err := t.evaluate.Exec(batchTensors(b)...)
		if err != nil {
			return 0, fmt.Errorf("train: evaluation: %w", err)
		}
		l, err := scalarFloat(out[0])
		if err != nil {
			return 0, err
		}
		lossSum += l
		targets += b.Targets
		t.release.Step()
	}
	return lossSum / float64(max(targets, 1)), nil
}

// epoch is the fractional epoch after step optimizer steps.
func (t *Trainer) epoch(step int) float64 {
	return float64(step) / float64(t.stepsPerEpoch)
}

// Result summarises a finished Train call.
type Result struct {
	GlobalStep int
	// TrainLoss is the mean of the step losses of this call; LastLoss the last step's.
	TrainLoss, LastLoss float64
	// EvalLoss is the final held-out loss (NaN without a held-out set).
	EvalLoss float64
	// AdapterDir holds the final adapter (OutputDir).
	AdapterDir string
	// Checkpoints lists the checkpoints in OutputDir at the end.
	Checkpoints []string
	// TokensPerSecond counts real (non-padding) training tokens over training time.
	TokensPerSecond float64
}

// Train runs the remaining optimizer steps, logging, evaluating and checkpointing as
// configured, and saves the final adapter in OutputDir. Cancelling ctx stops it after the
// current step with a checkpoint saved and ErrInterrupted returned.
func (t *Trainer) Train(ctx context.Context) (*Result, error) {
	if err := os.MkdirAll(t.cfg.OutputDir, 0o755); err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	if err := removeStaleTemps(t.cfg.OutputDir); err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	logf, err := os.OpenFile(filepath.Join(t.cfg.OutputDir, LogFile), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	defer logf.Close()
	rep := newReporter(t.cfg.Progress, logf, t.maxSteps, t.step)
	defer rep.finish()
	defer t.release.Hold()() // collect between steps only (model.Releaser.Hold)

	res := &Result{AdapterDir: t.cfg.OutputDir, EvalLoss: math.NaN()}
	var window []float64 // step losses since the last log_history entry
	var lossTotal float64
	var trainTime time.Duration
	var tokens, steps int
	for t.step < t.maxSteps {
		if ctx.Err() != nil {
			return nil, t.interrupt(rep)
		}
		r, err := t.trainStep()
		if err != nil {
			return nil, err
		}
		steps++
		lossTotal += r.loss
		trainTime += r.duration
		tokens += r.tokens
		res.LastLoss = r.loss
		window = append(window, r.loss)
		tps := float64(r.tokens) / r.duration.Seconds()
		rep.step(t.step, t.epoch(t.step), r, tps)
		if t.cfg.LoggingSteps > 0 && t.step%t.cfg.LoggingSteps == 0 || t.step == t.maxSteps {
			t.state.LogHistory = append(t.state.LogHistory, LogEntry{
				Epoch: round4(t.epoch(t.step)), Step: t.step, Loss: ptr(mean(window)), GradNorm: ptr(r.gradNorm), LearningRate: ptr(r.lr),
			})
			window = window[:0]
		}
		if t.cfg.EvalSteps > 0 && t.step%t.cfg.EvalSteps == 0 || t.step == t.maxSteps {
			if res.EvalLoss, err = t.evalAndLog(rep); err != nil {
				return nil, err
			}
		}
		if t.shouldSave() {
			if err := t.saveCheckpoint(); err != nil {
				return nil, err
			}
		}
	}
	if steps > 0 {
		res.TrainLoss = lossTotal / float64(steps)
		res.TokensPerSecond = float64(tokens) / trainTime.Seconds()
	}
	res.GlobalStep = t.step
	if err := t.saveFinal(); err != nil {
		return nil, err
	}
	if res.Checkpoints, err = Checkpoints(t.cfg.OutputDir); err != nil {
		return nil, err
	}
	rep.printf("Training done: %d steps, final adapter in %s", t.step, t.cfg.OutputDir)
	return res, nil
}

func (t *Trainer) evalAndLog(rep *reporter) (float64, error) {
	if len(t.heldout) == 0 {
		return math.NaN(), nil
	}
	start := time.Now()
	loss, err := t.EvalLoss()
	if err != nil {
		return 0, err
	}
	runtime := time.Since(start).Seconds()
	t.state.LogHistory = append(t.state.LogHistory, LogEntry{Epoch: round4(t.epoch(t.step)), Step: t.step, EvalLoss: ptr(loss), EvalRuntime: ptr(round4(runtime))})
	if t.state.BestMetric == nil || loss < *t.state.BestMetric {
		t.state.BestMetric = ptr(loss)
		t.state.BestModelCheckpoint = nil // set when this step's checkpoint is saved
	}
	rep.eval(t.step, t.epoch(t.step), loss)
	return loss, nil
}

func (t *Trainer) shouldSave() bool {
	switch t.cfg.SaveStrategy {
	case SaveSteps:
		return t.step%t.cfg.SaveSteps == 0 || t.step == t.maxSteps
	case SaveEpoch:
		return t.step%t.stepsPerEpoch == 0 || t.step == t.maxSteps
	}
	return false
}

// interrupt saves a checkpoint of the last finished step (unless there is one) and returns
// ErrInterrupted naming it.
func (t *Trainer) interrupt(rep *reporter) error {
	if t.step == 0 {
		return fmt.Errorf("%w before the first step: nothing to save", ErrInterrupted)
	}
	if t.lastSaved != t.step {
		if err := t.saveCheckpoint(); err != nil {
			return fmt.Errorf("%w, and saving a checkpoint failed: %v", ErrInterrupted, err)
		}
	}
	dir := CheckpointDir(t.cfg.OutputDir, t.step)
	rep.printf("Interrupted at step %d; resume with --resume_from_checkpoint %s", t.step, dir)
	return fmt.Errorf("%w at step %d; checkpoint saved in %s", ErrInterrupted, t.step, dir)
}

// saveCheckpoint writes output_dir/checkpoint-STEP atomically and applies save_total_limit.
func (t *Trainer) saveCheckpoint() error {
	dir := CheckpointDir(t.cfg.OutputDir, t.step)
	t.state.GlobalStep, t.state.Epoch = t.step, round4(t.epoch(t.step))
	if t.state.BestMetric != nil && t.state.BestModelCheckpoint == nil {
		t.state.BestModelCheckpoint = ptr(dir)
	}
	epoch, j := t.step/t.stepsPerEpoch, t.step%t.stepsPerEpoch
	resume := ResumeState{
		Seed: t.cfg.Seed, GlobalStep: t.step, BatchRows: t.cfg.BatchSize, GradAccumSteps: t.cfg.GradAccumSteps, MaxBatchTokens: t.cfg.MaxBatchTokens, SharedPrefixes: t.cfg.SharedPrefixes,
		BatchesPerEpoch: t.batchesPerEpoch, DataFingerprint: t.fingerprint, NextEpoch: epoch, NextBatch: j * t.cfg.GradAccumSteps,
		Dropout: "batch k of step s (micro-batches after splitting by max_batch_tokens) draws its masks from graph.RNGStateFromSeed(mix(seed, s, k))",
	}
	err := writeCheckpointDir(dir, func(tmp string) error {
		steps := []struct {
			name  string
			write func() error
		}{
			{lora.WeightsFile, func() error { return t.adapters.Save(tmp) }},
			{OptimizerFile, func() error { return saveOptimizer(filepath.Join(tmp, OptimizerFile), t.states, t.step) }},
			{TrainerStateFile, func() error { return atomicfile.WriteJSON(filepath.Join(tmp, TrainerStateFile), t.state) }},
			{RNGStateFile, func() error { return atomicfile.WriteJSON(filepath.Join(tmp, RNGStateFile), resume) }},
		}
		for _, s := range steps {
			if err := s.write(); err != nil {
				return err
			}
			if t.afterFile != nil {
				if err := t.afterFile(s.name); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	t.lastSaved = t.step
	if err := rotateCheckpoints(t.cfg.OutputDir, t.cfg.SaveTotalLimit); err != nil {
		return fmt.Errorf("train: %w", err)
	}
	if t.cfg.OnCheckpoint != nil {
		t.cfg.OnCheckpoint(t.step, dir)
	}
	return nil
}

// saveFinal writes the final adapter and trainer_state.json into OutputDir itself.
func (t *Trainer) saveFinal() error {
	t.state.GlobalStep, t.state.Epoch = t.step, round4(t.epoch(t.step))
	if err := t.adapters.Save(t.cfg.OutputDir); err != nil {
		return fmt.Errorf("train: final adapter: %w", err)
	}
	if err := atomicfile.WriteJSON(filepath.Join(t.cfg.OutputDir, TrainerStateFile), t.state); err != nil {
		return fmt.Errorf("train: %w", err)
	}
	return nil
}

// Resume restores a checkpoint written by this package: adapter weights, AdamW moments and
// step, trainer state. Training then continues exactly as the original run would have. The
// checkpoint must come from a run with the same seed, batch settings and training data.
func (t *Trainer) Resume(dir string) error {
	var rs ResumeState
	if err := readJSON(filepath.Join(dir, RNGStateFile), &rs); err != nil {
		return fmt.Errorf("train: resume: %w", err)
	}
	for _, c := range []struct {
		field     string
		got, want any
	}{
		{"seed", rs.Seed, t.cfg.Seed},
		{"batch_rows", rs.BatchRows, t.cfg.BatchSize},
		{"gradient_accumulation_steps", rs.GradAccumSteps, t.cfg.GradAccumSteps},
		{"batches_per_epoch", rs.BatchesPerEpoch, t.batchesPerEpoch},
		{"max_batch_tokens", rs.MaxBatchTokens, t.cfg.MaxBatchTokens},
		{"shared_prefixes", rs.SharedPrefixes, t.cfg.SharedPrefixes},
		{"data_fingerprint", rs.DataFingerprint, t.fingerprint},
	} {
		if c.got != c.want {
			return fmt.Errorf("train: resume: %s: field %s is %v, this run has %v; resuming needs the same data and settings",
				filepath.Join(dir, RNGStateFile), c.field, c.got, c.want)
		}
	}
	if rs.GlobalStep > t.maxSteps {
		return fmt.Errorf("train: resume: checkpoint is at step %d, past this run's %d steps", rs.GlobalStep, t.maxSteps)
	}
	if err := t.adapters.SetFrom(dir); err != nil {
		return fmt.Errorf("train: resume: %w", err)
	}
	step, err := loadOptimizer(filepath.Join(dir, OptimizerFile), t.states)
	if err != nil {
		return fmt.Errorf("train: resume: %w", err)
	}
	if step != rs.GlobalStep {
		return fmt.Errorf("train: resume: %s is at step %d but %s at %d", OptimizerFile, step, RNGStateFile, rs.GlobalStep)
	}
	var st TrainerState
	if err := readJSON(filepath.Join(dir, TrainerStateFile), &st); err != nil {
		return fmt.Errorf("train: resume: %w", err)
	}
	st.MaxSteps = t.maxSteps
	t.state, t.step, t.lastSaved = st, step, step
	return trimLog(filepath.Join(t.cfg.OutputDir, LogFile), step)
}

func ptr[T any](v T) *T { return &v }

func mean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(max(len(xs), 1))
}

// round4 keeps epochs and runtimes readable in JSON, as Hugging Face rounds them.
func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }
