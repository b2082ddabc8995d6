package train

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/tooltune/tooltune/lib/lora"
	"github.com/tooltune/tooltune/lib/model"
)

func snapshot(t testing.TB, f *fixture) [][]float32 {
	t.Helper()
	_, values, err := f.model.Weights()
	if err != nil {
		t.Fatal(err)
	}
	return values
}

// TestLossFallsAndOnlyAdaptersChange trains a few dozen steps on generated conversations: the
// training and held-out losses must fall clearly, every base weight must stay bitwise equal,
// and optimizer state must exist for the adapters only.
func TestLossFallsAndOnlyAdaptersChange(t *testing.T) {
	f := loadFixture(t, t.TempDir(), 96, 16, lora.DefaultConfig())
	cfg := testConfig(t.TempDir())
	cfg.MaxSteps = 30
	cfg.BatchSize, cfg.GradAccumSteps = 4, 2
	before := snapshot(t, f)
	adaptersBefore, _, _ := f.adapters.Values()
	tr, err := New(f.adapters, f.train, f.heldout, cfg)
	if err != nil {
		t.Fatal(err)
	}
	evalBefore, err := tr.EvalLoss()
	if err != nil {
		t.Fatal(err)
	}
	res, err := tr.Train(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// The base model is random and frozen, so only what rank-8 adapters can learn in 30 steps
	// counts: about the unigram statistics of the assistant turns. Uniform guessing is
	// ln(vocab) = 6.24 nats.
	var first, last []float64
	for _, e := range tr.State().LogHistory {
		if e.Loss != nil && e.Step <= 5 {
			first = append(first, *e.Loss)
		}
		if e.Loss != nil && e.Step > cfg.MaxSteps-5 {
			last = append(last, *e.Loss)
		}
	}
	t.Logf("eval loss %.3f -> %.3f, train loss (mean of 5 steps) %.3f -> %.3f", evalBefore, res.EvalLoss, mean(first), mean(last))
	if !(res.EvalLoss < evalBefore-0.4) {
		t.Errorf("held-out loss went from %.3f to %.3f, want a drop of more than 0.4 nat", evalBefore, res.EvalLoss)
	}
	if !(mean(last) < mean(first)-0.8) {
		t.Errorf("training loss went from %.3f to %.3f, want a drop of more than 0.8 nat", mean(first), mean(last))
	}
	after := snapshot(t, f)
	for i := range before {
		for j := range before[i] {
			if math.Float32bits(before[i][j]) != math.Float32bits(after[i][j]) {
				t.Fatalf("base tensor %s changed at %d", f.model.Config.Tensors()[i].Name, j)
			}
		}
	}
	adaptersAfter, _, _ := f.adapters.Values()
	for i := range adaptersBefore {
		if slices.Equal(adaptersBefore[i], adaptersAfter[i]) {
			t.Errorf("adapter tensor %s did not change", f.adapters.TensorNames()[i])
		}
	}
	var stateNames []string
	for _, s := range tr.states {
		stateNames = append(stateNames, s.name)
		v, _ := s.avgSq.Value()
		if slices.Max(tensors.MustCopyFlatData[float32](v)) == 0 {
			t.Errorf("no second moment for %s", s.name)
		}
	}
	if !slices.Equal(stateNames, f.adapters.TensorNames()) {
		t.Errorf("optimizer state for %v, want exactly the adapters %v", stateNames, f.adapters.TensorNames())
	}
}

// TestTokenBudgetKeepsTheUpdate trains the same steps with and without a token budget that
// cuts every micro-batch into one-row batches: the step losses and the trained adapters must
// agree up to float32 summation order, since the loss is normalised by the step's target
// tokens however they are batched. Dropout is off: its masks depend on the batching.
func TestTokenBudgetKeepsTheUpdate(t *testing.T) {
	loraCfg := lora.DefaultConfig()
	loraCfg.Dropout = 0
	dir := t.TempDir()
	run := func(maxTokens int) ([]float64, [][]float32) {
		f := loadFixture(t, dir, 16, 0, loraCfg)
		cfg := testConfig(t.TempDir())
		cfg.MaxSteps, cfg.GradAccumSteps, cfg.MaxBatchTokens = 3, 2, maxTokens
		tr, err := New(f.adapters, f.train, nil, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tr.Train(context.Background()); err != nil {
			t.Fatal(err)
		}
		var losses []float64
		for _, e := range tr.State().LogHistory {
			if e.Loss != nil {
				losses = append(losses, *e.Loss)
			}
		}
		values, _, err := f.adapters.Values()
		if err != nil {
			t.Fatal(err)
		}
		return losses, values
	}
	wholeLosses, whole := run(0)
	splitLosses, split := run(testMaxSeqLength) // one row of at most 128 tokens per batch
	if len(wholeLosses) != 3 || len(splitLosses) != 3 {
		t.Fatalf("logged losses %v and %v, want 3 each", wholeLosses, splitLosses)
	}
	for i := range wholeLosses {
		if math.Abs(wholeLosses[i]-splitLosses[i]) > 1e-5*wholeLosses[i] {
			t.Errorf("step %d loss %.7f with one-row batches, %.7f without", i+1, splitLosses[i], wholeLosses[i])
		}
	}
	for i := range whole {
		for j := range whole[i] {
			if d := math.Abs(float64(whole[i][j] - split[i][j])); d > 1e-5 {
				t.Fatalf("adapter tensor %d differs at %d by %g", i, j, d)
			}
		}
	}
}

// TestModulesToSaveTrainsTheEmbeddings: with modules_to_save embed_tokens, the embedding table
// changes, every other base weight stays, and the table has optimizer state like the adapters.
func TestModulesToSaveTrainsTheEmbeddings(t *testing.T) {
	loraCfg := lora.DefaultConfig()
	loraCfg.ModulesToSave = []string{lora.EmbedTokens}
	f := loadFixture(t, t.TempDir(), 32, 8, loraCfg)
	cfg := testConfig(t.TempDir())
	cfg.MaxSteps = 4
	before := snapshot(t, f)
	tr, err := New(f.adapters, f.train, f.heldout, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Train(context.Background()); err != nil {
		t.Fatal(err)
	}
	after := snapshot(t, f)
	for i, spec := range f.model.Config.Tensors() {
		changed := !slices.Equal(before[i], after[i])
		if changed != (spec.Name == "model.embed_tokens.weight") {
			t.Errorf("%s changed: %v", spec.Name, changed)
		}
	}
	var stateNames []string
	for _, s := range tr.states {
		stateNames = append(stateNames, s.name)
	}
	if !slices.Contains(stateNames, "model.embed_tokens.weight") {
		t.Errorf("no optimizer state for the embedding table: %v", stateNames)
	}
}

// TestPerTensorLearningRates takes one AdamW step with a constant schedule and no weight decay:
// every parameter then moves by lr·g/(|g|+ε), so the largest move of the embedding table is
// its own learning rate (EmbeddingLearningRate, or LearningRate when 0) and the largest move of
// a LoRA B matrix (zero before the step) is LearningRate times LoraPlusRatio (1 when 0). The A
// matrices get no gradient while B is zero, so they must not move at all.
func TestPerTensorLearningRates(t *testing.T) {
	const lr = 1e-2
	for _, tc := range []struct {
		embLR, loraPlus, wantEmb, wantB float64
	}{
		{0, 0, lr, lr},
		{1e-3, 0, 1e-3, lr},
		{0, 16, lr, 16 * lr},
		{1e-3, 4, 1e-3, 4 * lr},
	} {
		loraCfg := lora.DefaultConfig()
		loraCfg.ModulesToSave = []string{lora.EmbedTokens}
		f := loadFixture(t, t.TempDir(), 16, 4, loraCfg)
		cfg := testConfig(t.TempDir())
		cfg.MaxSteps, cfg.Scheduler, cfg.WarmupRatio, cfg.WeightDecay = 1, "constant", 0, 0
		cfg.LearningRate, cfg.EmbeddingLearningRate, cfg.LoraPlusRatio = lr, tc.embLR, tc.loraPlus
		tr, err := New(f.adapters, f.train, f.heldout, cfg)
		if err != nil {
			t.Fatal(err)
		}
		embIndex := slices.IndexFunc(f.model.Config.Tensors(), func(s model.TensorSpec) bool { return s.Name == model.EmbedTensor })
		before := snapshot(t, f)[embIndex]
		aBefore := map[string][]float32{}
		for _, s := range tr.states {
			if strings.HasSuffix(s.name, "lora_A.weight") {
				aBefore[s.name] = tensors.MustCopyFlatData[float32](s.param.MustValue())
			}
		}
		if _, err := tr.Train(context.Background()); err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("embedding_learning_rate %g, loraplus_lr_ratio %g", tc.embLR, tc.loraPlus)
		after := snapshot(t, f)[embIndex]
		if got := maxAbsDiff(before, after); math.Abs(got-tc.wantEmb) > 1e-3*tc.wantEmb {
			t.Errorf("%s: the table moved by at most %g, want %g", name, got, tc.wantEmb)
		}
		var checkedB int
		for _, s := range tr.states {
			v := tensors.MustCopyFlatData[float32](s.param.MustValue())
			switch {
			case lora.IsB(s.name):
				checkedB++
				if got := maxAbsDiff(make([]float32, len(v)), v); math.Abs(got-tc.wantB) > 1e-3*tc.wantB {
					t.Errorf("%s: %s moved by at most %g, want %g", name, s.name, got, tc.wantB)
				}
			case strings.HasSuffix(s.name, "lora_A.weight"):
				if got := maxAbsDiff(aBefore[s.name], v); got != 0 {
					t.Errorf("%s: %s moved by %g in the first step, want 0 (B was zero)", name, s.name, got)
				}
			}
		}
		if checkedB == 0 {
			t.Fatalf("%s: no LoRA B matrix among the trained tensors", name)
		}
	}
}

// TestLoraPlusRatioValidation: a negative or NaN ratio is refused with the flag's name.
func TestLoraPlusRatioValidation(t *testing.T) {
	for _, r := range []float64{-1, math.NaN()} {
		cfg := testConfig(t.TempDir())
		cfg.LoraPlusRatio = r
		if err := cfg.validate(); err == nil || !strings.Contains(err.Error(), "loraplus_lr_ratio") {
			t.Errorf("LoraPlusRatio %g: validate() = %v, want an error naming loraplus_lr_ratio", r, err)
		}
	}
}

func maxAbsDiff(a, b []float32) float64 {
	worst := 0.0
	for i := range a {
		worst = max(worst, math.Abs(float64(a[i])-float64(b[i])))
	}
	return worst
}

// TestPadMultipleByBackend: PadMultiple 0 pads to 32 tokens on the pure-Go backend and 128
// where compiles are costly; a value given is kept.
func TestPadMultipleByBackend(t *testing.T) {
	if padMultipleFor(nil) != 32 {
		t.Errorf("padMultipleFor(nil) = %d, want 32", padMultipleFor(nil))
	}
	f := loadFixture(t, t.TempDir(), 8, 2, lora.DefaultConfig())
	for _, tc := range []struct{ given, want int }{{0, 32}, {16, 16}} {
		cfg := testConfig(t.TempDir())
		cfg.PadMultiple = tc.given
		tr, err := New(f.adapters, f.train, f.heldout, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if tr.batches.PadMultiple != tc.want {
			t.Errorf("PadMultiple %d on %s: batches pad to %d, want %d", tc.given, f.model.Backend.Name(), tr.batches.PadMultiple, tc.want)
		}
	}
	cfg := testConfig(t.TempDir())
	cfg.PadMultiple = -1
	if _, err := New(f.adapters, f.train, f.heldout, cfg); err == nil {
		t.Error("New accepted PadMultiple -1")
	}
}
