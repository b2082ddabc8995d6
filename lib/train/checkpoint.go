package train

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/tooltune/tooltune/lib/lora"
	"github.com/tooltune/tooltune/lib/safetensors"
)

// Files of a checkpoint directory, output_dir/checkpoint-STEP/, besides the adapter's
// adapter_config.json and adapter_model.safetensors.
const (
	// TrainerStateFile is Hugging Face's trainer_state.json: global_step, epoch, log_history.
	TrainerStateFile = "trainer_state.json"
	// OptimizerFile holds the AdamW moments (exp_avg.NAME, exp_avg_sq.NAME) and, in its
	// metadata, the step count.
	OptimizerFile = "optimizer.safetensors"
	// RNGStateFile holds what fixes the rest of the run: the seed (dropout masks and data
	// order derive from it and the step), the position in the data and a fingerprint of it.
	RNGStateFile = "rng_state.json"

	checkpointPrefix = "checkpoint-"
	// tempPrefix starts the names of checkpoints being written; they never match
	// checkpointPrefix, so a crash mid-save leaves nothing that looks like a checkpoint.
	tempPrefix = ".tmp-checkpoint-"
)

// LogEntry is one element of trainer_state.json's log_history, with Hugging Face's keys:
// training entries have loss, grad_norm and learning_rate; evaluation entries eval_loss.
type LogEntry struct {
	Epoch        float64  `json:"epoch"`
	Step         int      `json:"step"`
	Loss         *float64 `json:"loss,omitempty"`
	GradNorm     *float64 `json:"grad_norm,omitempty"`
	LearningRate *float64 `json:"learning_rate,omitempty"`
	EvalLoss     *float64 `json:"eval_loss,omitempty"`
	EvalRuntime  *float64 `json:"eval_runtime,omitempty"`
	TrainLoss    *float64 `json:"train_loss,omitempty"`
	TrainRuntime *float64 `json:"train_runtime,omitempty"`
	// TokensPerSecond is ToolTune's addition: real (non-padding) tokens per second.
	TokensPerSecond *float64 `json:"tokens_per_second,omitempty"`
}

// TrainerState is trainer_state.json in Hugging Face's layout.
type TrainerState struct {
	BestMetric          *float64   `json:"best_metric"`
	BestModelCheckpoint *string    `json:"best_model_checkpoint"`
	Epoch               float64    `json:"epoch"`
	EvalSteps           int        `json:"eval_steps"`
	GlobalStep          int        `json:"global_step"`
	IsHyperParamSearch  bool       `json:"is_hyper_param_search"`
	IsLocalProcessZero  bool       `json:"is_local_process_zero"`
	IsWorldProcessZero  bool       `json:"is_world_process_zero"`
	LogHistory          []LogEntry `json:"log_history"`
	LoggingSteps        int        `json:"logging_steps"`
	MaxSteps            int        `json:"max_steps"`
	NumInputTokensSeen  int        `json:"num_input_tokens_seen"`
	NumTrainEpochs      int        `json:"num_train_epochs"`
	SaveSteps           int        `json:"save_steps"`
	TotalFlos           float64    `json:"total_flos"`
	TrainBatchSize      int        `json:"train_batch_size"`
	TrialName           *string    `json:"trial_name"`
	TrialParams         *string    `json:"trial_params"`
}

// ResumeState is rng_state.json. No generator state needs saving: the data order of epoch e is
// a function of (Seed, e) and the dropout masks of micro-batch k of step s of (Seed, s, k),
// so the step alone says where the run is. The other fields detect a resume with different
// data or batch settings, which could not continue the same run.
type ResumeState struct {
	Seed           uint64 `json:"seed"`
	GlobalStep     int    `json:"global_step"`
	BatchRows      int    `json:"batch_rows"`
	GradAccumSteps int    `json:"gradient_accumulation_steps"`
	// MaxBatchTokens decides how micro-batches are split, and so the dropout masks.
	MaxBatchTokens int `json:"max_batch_tokens"`
	// SharedPrefixes decides the batches (Config.SharedPrefixes).
	SharedPrefixes  bool   `json:"shared_prefixes,omitempty"`
	BatchesPerEpoch int    `json:"batches_per_epoch"`
	DataFingerprint string `json:"data_fingerprint"`
	// NextEpoch and NextBatch locate the next micro-batch (informative: they follow from
	// GlobalStep).
	NextEpoch int `json:"next_epoch"`
	NextBatch int `json:"next_batch"`
	// Dropout describes how dropout masks are derived, for readers of the file.
	Dropout string `json:"dropout"`
}

// checkpointFiles are the files a complete checkpoint holds.
func checkpointFiles() []string {
	return []string{lora.ConfigFile, lora.WeightsFile, OptimizerFile, TrainerStateFile, RNGStateFile}
}

// CheckpointDir returns output_dir/checkpoint-STEP.
func CheckpointDir(outputDir string, step int) string {
	return filepath.Join(outputDir, checkpointPrefix+strconv.Itoa(step))
}

// Checkpoints lists the complete checkpoints in outputDir, oldest (lowest step) first.
// Directories that lack any checkpoint file are skipped.
func Checkpoints(outputDir string) ([]string, error) {
	entries, err := os.ReadDir(outputDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("listing checkpoints: %w", err)
	}
	type ckpt struct {
		step int
		dir  string
	}
	var found []ckpt
	for _, e := range entries {
		step, ok := CheckpointStep(e.Name())
		if !ok || !e.IsDir() {
			continue
		}
		dir := filepath.Join(outputDir, e.Name())
		if isComplete(dir) {
			found = append(found, ckpt{step, dir})
		}
	}
	slices.SortFunc(found, func(a, b ckpt) int { return a.step - b.step })
	dirs := make([]string, len(found))
	for i, c := range found {
		dirs[i] = c.dir
	}
	return dirs, nil
}

// CheckpointStep returns STEP of a directory named checkpoint-STEP (a path's last element
// counts); ok is false for any other name.
func CheckpointStep(name string) (int, bool) {
	name = filepath.Base(name)
	rest, ok := strings.CutPrefix(name, checkpointPrefix)
	if !ok {
		return 0, false
	}
	step, err := strconv.Atoi(rest)
	return step, err == nil && step >= 0 && strconv.Itoa(step) == rest
}

func isComplete(dir string) bool {
	for _, f := range checkpointFiles() {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.IsDir() {
			return false
		}
	}
	return true
}

// LatestCheckpoint returns the newest complete checkpoint in outputDir.
func LatestCheckpoint(outputDir string) (string, error) {
	dirs, err := Checkpoints(outputDir)
	if err != nil {
		return "", err
	}
	if len(dirs) == 0 {
		return "", fmt.Errorf("no checkpoint-* directory in %s to resume from", outputDir)
	}
	return dirs[len(dirs)-1], nil
}

// ResolveCheckpoint turns --resume_from_checkpoint's value into a directory: "latest" is the
// newest checkpoint in outputDir, anything else a path that must hold a complete checkpoint.
func ResolveCheckpoint(value, outputDir string) (string, error) {
	if value == "latest" {
		return LatestCheckpoint(outputDir)
	}
	if !isComplete(value) {
		return "", fmt.Errorf("resume_from_checkpoint: %s is not a complete checkpoint (want %s)", value, strings.Join(checkpointFiles(), ", "))
	}
	return value, nil
}

// removeStaleTemps deletes checkpoints a crashed run left half-written.
func removeStaleTemps(outputDir string) error {
	entries, err := os.ReadDir(outputDir)
	if err != nil {
		return fmt.Errorf("cleaning %s: %w", outputDir, err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tempPrefix) {
			if err := os.RemoveAll(filepath.Join(outputDir, e.Name())); err != nil {
				return fmt.Errorf("removing a half-written checkpoint: %w", err)
			}
		}
	}
	return nil
}

// rotateCheckpoints deletes the oldest checkpoints so that at most limit remain (limit ≤ 0
// keeps all), as save_total_limit does in Hugging Face's Trainer.
func rotateCheckpoints(outputDir string, limit int) error {
	if limit <= 0 {
		return nil
	}
	dirs, err := Checkpoints(outputDir)
	if err != nil {
		return err
	}
	for len(dirs) > limit {
		if err := os.RemoveAll(dirs[0]); err != nil {
			return fmt.Errorf("save_total_limit: removing %s: %w", dirs[0], err)
		}
		dirs = dirs[1:]
	}
	return nil
}

// writeCheckpointDir writes a checkpoint into a fresh temporary directory with write, then
// renames it to dir in one step; a failure (or a crash) at any point leaves no directory named
// like a checkpoint. An existing dir (the same step saved again after a resume) is replaced.
func writeCheckpointDir(dir string, write func(tmp string) error) (err error) {
	parent := filepath.Dir(dir)
	tmp, err := os.MkdirTemp(parent, tempPrefix+filepath.Base(dir)+"-")
	if err != nil {
		return fmt.Errorf("saving checkpoint: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("saving checkpoint: %w", err)
	}
	if err := write(tmp); err != nil {
		return fmt.Errorf("saving checkpoint %s: %w", dir, err)
	}
	if _, err := os.Stat(dir); err == nil {
		old := tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("saving checkpoint: %w", err)
		}
		defer os.RemoveAll(old)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("saving checkpoint: %w", err)
	}
	return syncDir(parent)
}

// syncDir makes a rename durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// saveOptimizer writes the AdamW moments as float32 tensors and the step in the metadata.
func saveOptimizer(path string, states []paramState, step int) error {
	var ts []safetensors.Tensor
	for _, s := range states {
		for _, m := range []struct {
			kind string
			v    interface {
				Value() (*tensors.Tensor, error)
			}
		}{{"exp_avg", s.avg}, {"exp_avg_sq", s.avgSq}} {
			value, err := m.v.Value()
			if err != nil {
				return fmt.Errorf("optimizer state %s: %w", s.name, err)
			}
			data, err := tensors.CopyFlatData[float32](value)
			if err != nil {
				return fmt.Errorf("optimizer state %s: %w", s.name, err)
			}
			t, err := safetensors.FromFloat32(m.kind+"."+s.name, value.Shape().Dimensions, data, safetensors.F32)
			if err != nil {
				return err
			}
			ts = append(ts, t)
		}
	}
	return safetensors.Write(path, ts, map[string]string{"step": strconv.Itoa(step), "optimizer": "adamw"})
}

// loadOptimizer restores the moments saved by saveOptimizer and returns the step.
func loadOptimizer(path string, states []paramState) (int, error) {
	f, err := safetensors.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	step, err := strconv.Atoi(f.Metadata()["step"])
	if err != nil {
		return 0, fmt.Errorf("%s: metadata field step: %w", path, err)
	}
	want := 0
	for _, s := range states {
		for _, m := range []struct {
			kind string
			set  func(*tensors.Tensor) error
		}{{"exp_avg", s.avg.SetValue}, {"exp_avg_sq", s.avgSq.SetValue}} {
			name := m.kind + "." + s.name
			data, shape, err := f.Float32(name)
			if err != nil {
				return 0, err
			}
			if !slices.Equal(shape, s.param.Shape().Dimensions) {
				return 0, fmt.Errorf("%s: tensor %s has shape %v, the parameter %v", path, name, shape, s.param.Shape().Dimensions)
			}
			if err := m.set(tensors.FromFlatDataAndDimensions(data, shape...)); err != nil {
				return 0, fmt.Errorf("%s: %w", path, err)
			}
			want++
		}
	}
	if n := len(f.Names()); n != want {
		return 0, fmt.Errorf("%s: %d tensors, want %d (two moments per adapter tensor)", path, n, want)
	}
	return step, nil
}

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// ReadTrainerState reads trainer_state.json from an output or checkpoint directory.
func ReadTrainerState(dir string) (TrainerState, error) {
	var st TrainerState
	err := readJSON(filepath.Join(dir, TrainerStateFile), &st)
	return st, err
}

// ReadLog reads train_log.jsonl as far as it is written: one record per training step and per
// evaluation. A last line that is still being written (no newline yet) is left out.
func ReadLog(path string) ([]LogEntry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("train log: %w", err)
	}
	if i := bytes.LastIndexByte(data, '\n'); i >= 0 {
		data = data[:i+1]
	} else {
		data = nil
	}
	var out []LogEntry
	for i, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var e LogEntry
		if err := json.Unmarshal(line, &e); err != nil {
			return nil, fmt.Errorf("%s: line %d: %w", path, i+1, err)
		}
		out = append(out, e)
	}
	return out, nil
}
