package train

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/lora"
)

func newTestTrainer(t *testing.T, f *fixture, cfg Config) *Trainer {
	t.Helper()
	tr, err := New(f.adapters, f.train, f.heldout, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// TestCheckpointsRotationAndState saves every step with save_total_limit 2: exactly the two
// newest checkpoints remain, each complete, with Hugging Face's trainer_state.json fields.
func TestCheckpointsRotationAndState(t *testing.T) {
	f := loadFixture(t, t.TempDir(), 24, 8, lora.DefaultConfig())
	out := t.TempDir()
	cfg := testConfig(out)
	cfg.MaxSteps, cfg.SaveStrategy, cfg.SaveSteps, cfg.SaveTotalLimit, cfg.EvalSteps = 5, SaveSteps, 1, 2, 2
	var saved []int
	cfg.OnCheckpoint = func(step int, dir string) {
		saved = append(saved, step)
		if dir != CheckpointDir(out, step) {
			t.Errorf("OnCheckpoint(%d, %s)", step, dir)
		}
	}
	res, err := newTestTrainer(t, f, cfg).Train(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(saved, []int{1, 2, 3, 4, 5}) {
		t.Errorf("checkpoints saved at %v, want every step", saved)
	}
	want := []string{CheckpointDir(out, 4), CheckpointDir(out, 5)}
	if !slices.Equal(res.Checkpoints, want) {
		t.Errorf("checkpoints %v, want %v", res.Checkpoints, want)
	}
	entries, _ := os.ReadDir(out)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	wantNames := []string{lora.ConfigFile, lora.WeightsFile, "checkpoint-4", "checkpoint-5", TrainerStateFile, LogFile}
	slices.Sort(wantNames)
	if !slices.Equal(names, wantNames) {
		t.Errorf("output dir holds %v, want %v", names, wantNames)
	}
	for _, dir := range want {
		files, _ := os.ReadDir(dir)
		if len(files) != len(checkpointFiles()) {
			t.Errorf("%s holds %d files, want %v", dir, len(files), checkpointFiles())
		}
	}
	var st TrainerState
	if err := readJSON(filepath.Join(want[1], TrainerStateFile), &st); err != nil {
		t.Fatal(err)
	}
	if st.GlobalStep != 5 || st.MaxSteps != 5 || st.TrainBatchSize != 4 || st.Epoch <= 0 {
		t.Errorf("trainer_state %+v", st)
	}
	var trainLogs, evalLogs []int
	for _, e := range st.LogHistory {
		switch {
		case e.Loss != nil && e.LearningRate != nil && e.GradNorm != nil:
			trainLogs = append(trainLogs, e.Step)
		case e.EvalLoss != nil:
			evalLogs = append(evalLogs, e.Step)
		}
	}
	if !slices.Equal(trainLogs, []int{1, 2, 3, 4, 5}) || !slices.Equal(evalLogs, []int{2, 4, 5}) {
		t.Errorf("log_history has training entries at %v and evaluations at %v", trainLogs, evalLogs)
	}
	if st.BestMetric == nil || st.BestModelCheckpoint == nil {
		t.Errorf("best_metric %v, best_model_checkpoint %v: want both set", st.BestMetric, st.BestModelCheckpoint)
	}
	// The final adapter in output_dir is the adapter of the last checkpoint.
	for _, name := range []string{lora.WeightsFile, lora.ConfigFile} {
		a, _ := os.ReadFile(filepath.Join(out, name))
		b, _ := os.ReadFile(filepath.Join(want[1], name))
		if len(a) == 0 || string(a) != string(b) {
			t.Errorf("final %s differs from checkpoint-5's", name)
		}
	}
}

// TestFailedSaveLeavesNothing makes every stage of a checkpoint save fail in turn: the error
// is reported, and neither a checkpoint nor a temporary directory is left behind.
func TestFailedSaveLeavesNothing(t *testing.T) {
	f := loadFixture(t, t.TempDir(), 24, 0, lora.DefaultConfig())
	for _, failAt := range []string{lora.WeightsFile, OptimizerFile, TrainerStateFile, RNGStateFile} {
		t.Run(failAt, func(t *testing.T) {
			out := t.TempDir()
			cfg := testConfig(out)
			cfg.MaxSteps, cfg.SaveStrategy, cfg.SaveSteps = 1, SaveSteps, 1
			tr := newTestTrainer(t, f, cfg)
			injected := errors.New("disk full")
			tr.afterFile = func(name string) error {
				if name == failAt {
					return injected
				}
				return nil
			}
			_, err := tr.Train(context.Background())
			if !errors.Is(err, injected) {
				t.Fatalf("Train error %v, want the injected failure", err)
			}
			entries, _ := os.ReadDir(out)
			for _, e := range entries {
				if strings.Contains(e.Name(), "checkpoint") {
					t.Errorf("%s left behind after a failed save", e.Name())
				}
			}
		})
	}
}

// TestCancelSavesCheckpoint cancels the context during a run (as Ctrl-C does): Train returns
// ErrInterrupted after saving a checkpoint of the last finished step.
func TestCancelSavesCheckpoint(t *testing.T) {
	f := loadFixture(t, t.TempDir(), 24, 0, lora.DefaultConfig())
	out := t.TempDir()
	cfg := testConfig(out)
	cfg.MaxSteps, cfg.SaveStrategy, cfg.SaveSteps = 10, SaveSteps, 2
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg.OnCheckpoint = func(step int, _ string) {
		if step == 2 {
			cancel()
		}
	}
	_, err := newTestTrainer(t, f, cfg).Train(ctx)
	if !errors.Is(err, ErrInterrupted) {
		t.Fatalf("error %v, want ErrInterrupted", err)
	}
	// Cancelled after step 2's checkpoint; the loop notices before step 3.
	dirs, _ := Checkpoints(out)
	if !slices.Equal(dirs, []string{CheckpointDir(out, 2)}) {
		t.Errorf("checkpoints %v, want only checkpoint-2 (already saved when cancelled)", dirs)
	}
}

func TestResumeRejectsDifferentRun(t *testing.T) {
	f := loadFixture(t, t.TempDir(), 24, 0, lora.DefaultConfig())
	out := t.TempDir()
	cfg := testConfig(out)
	cfg.MaxSteps, cfg.SaveStrategy, cfg.SaveSteps = 2, SaveSteps, 2
	if _, err := newTestTrainer(t, f, cfg).Train(context.Background()); err != nil {
		t.Fatal(err)
	}
	ckpt := CheckpointDir(out, 2)
	tests := []struct {
		name   string
		change func(c *Config, f *fixture) []Sequence
		want   string
	}{
		{"seed", func(c *Config, f *fixture) []Sequence { c.Seed++; return f.train }, "field seed"},
		{"batch", func(c *Config, f *fixture) []Sequence { c.BatchSize = 3; return f.train }, "field batch_rows"},
		{"data", func(c *Config, f *fixture) []Sequence { return f.train[1:] }, "field "},
		{"past the end", func(c *Config, f *fixture) []Sequence { c.MaxSteps = 1; return f.train }, "past this run"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := loadFixture(t, t.TempDir(), 24, 0, lora.DefaultConfig())
			c := cfg
			data := tc.change(&c, g)
			tr, err := New(g.adapters, data, nil, c)
			if err != nil {
				t.Fatal(err)
			}
			if err := tr.Resume(ckpt); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Resume error %v, want one containing %q", err, tc.want)
			}
		})
	}
	if _, err := ResolveCheckpoint(filepath.Join(out, "nope"), out); err == nil {
		t.Error("ResolveCheckpoint accepted a missing directory")
	}
	if got, err := ResolveCheckpoint("latest", out); err != nil || got != ckpt {
		t.Errorf("ResolveCheckpoint(latest) = %q, %v; want %s", got, err, ckpt)
	}
}

func TestConfigValidation(t *testing.T) {
	f := loadFixture(t, t.TempDir(), 8, 0, lora.DefaultConfig())
	tests := []struct {
		name   string
		change func(*Config)
		want   string
	}{
		{"no output dir", func(c *Config) { c.OutputDir = "" }, "output_dir"},
		{"zero batch", func(c *Config) { c.BatchSize = 0 }, "per_device_train_batch_size"},
		{"zero accumulation", func(c *Config) { c.GradAccumSteps = 0 }, "gradient_accumulation_steps"},
		{"negative lr", func(c *Config) { c.LearningRate = -1 }, "learning_rate"},
		{"strategy", func(c *Config) { c.SaveStrategy = "often" }, "save_strategy"},
		{"scheduler", func(c *Config) { c.Scheduler = "step" }, "lr_scheduler_type"},
		{"epochs", func(c *Config) { c.Epochs, c.MaxSteps = 0, 0 }, "num_train_epochs"},
		{"token budget", func(c *Config) { c.MaxBatchTokens = -1 }, "max_batch_tokens"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig(t.TempDir())
			tc.change(&cfg)
			if _, err := New(f.adapters, f.train, nil, cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("New error %v, want one naming %s", err, tc.want)
			}
		})
	}
}
