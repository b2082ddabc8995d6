// Package lessonrun is the training run that notebooks 04 to 06 share: one small LoRA
// fine-tuning of the shipped tiny model, sized to finish in about a minute on two CPU cores,
// written to a fixed folder so that the evaluation (05) and exploration (06) notebooks read
// what the training notebook (04) wrote. Each notebook can also run alone: Ensure* re-create
// whatever is missing, with the same settings, so the three never disagree on them.
//
// Paths are relative to the notebooks/ folder, where GoNB runs notebook cells.
package lessonrun

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/tooltune/tooltune/lib/datagen"
	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/eval"
	"github.com/tooltune/tooltune/lib/lora"
	"github.com/tooltune/tooltune/lib/pipeline"
	"github.com/tooltune/tooltune/lib/train"
)

// Where things are, seen from notebooks/.
const (
	// ModelPath is the shipped base model (pipeline.DefaultModel, from notebooks/).
	ModelPath = "../" + pipeline.DefaultModel
	// Dir is the run's folder: data/, lora/ (checkpoints) and the evaluation report.
	Dir = "../build/notebook-run"
)

// Run sizes: small enough for about a minute of training on two cores.
const (
	NumTrain        = 48
	NumHeldout      = 12
	ToolsPerExample = 2
	Seed            = 11
	MaxSeqLength    = 768
	// NumEvalExamples held-out examples (all of them) are evaluated by notebook 05, with at
	// most MaxNewTokens generated per answer (a call in the original format takes about 50).
	NumEvalExamples = NumHeldout
	MaxNewTokens    = 80
)

// TrainPath, HeldoutPath, OutputDir and ReportPath name the run's files inside dir.
func TrainPath(dir string) string   { return filepath.Join(dir, "data", "train.jsonl") }
func HeldoutPath(dir string) string { return filepath.Join(dir, "data", "heldout.jsonl") }
func OutputDir(dir string) string   { return filepath.Join(dir, "lora") }
func ReportPath(dir string) string  { return filepath.Join(dir, eval.ReportFile) }

// GuidedReportPath names the report of the guided evaluation (GuidedEvalConfig) inside dir,
// beside ReportPath's, which notebook 06 reads.
func GuidedReportPath(dir string) string {
	return filepath.Join(dir, "checkpoint_evaluation_guided.json")
}

// GeneratorConfig is the data generator's set-up for split (datagen.SplitTrain or
// SplitHeldout): the default scenario mix with ToolsPerExample tools offered per
// conversation, which keeps the prompts short.
func GeneratorConfig(split string) datagen.Config {
	cfg := datagen.DefaultConfig()
	cfg.Seed, cfg.Split, cfg.ToolsPerExample = Seed, split, ToolsPerExample
	cfg.NumExamples = NumTrain
	if split == datagen.SplitHeldout {
		cfg.NumExamples = NumHeldout
	}
	return cfg
}

// Data generates the run's training and held-out sets into dir/data when they are missing,
// then loads and validates them with pipeline.PrepareData.
func Data(dir string, log io.Writer) (*pipeline.Data, error) {
	for _, f := range []struct{ path, split string }{{TrainPath(dir), datagen.SplitTrain}, {HeldoutPath(dir), datagen.SplitHeldout}} {
		if exists(f.path) {
			continue
		}
		exs, err := datagen.Generate(GeneratorConfig(f.split))
		if err != nil {
			return nil, fmt.Errorf("lessonrun: %w", err)
		}
		if err := os.MkdirAll(filepath.Dir(f.path), 0o755); err != nil {
			return nil, fmt.Errorf("lessonrun: %w", err)
		}
		if err := dataset.Save(f.path, exs); err != nil {
			return nil, fmt.Errorf("lessonrun: %w", err)
		}
	}
	return pipeline.PrepareData(pipeline.DataConfig{
		TrainPath: TrainPath(dir), HeldoutPath: HeldoutPath(dir), NumTrain: NumTrain, NumHeldout: NumHeldout, Seed: Seed,
	}, log)
}

// TrainConfig is the run's training set-up: LoRA rank 8, alpha 16 on the seven projections
// of every layer and on the output layer (lm_head), 48 optimizer steps of 2 sequences (two
// epochs of the 48 examples) at a high learning rate, as a tiny adapter and a short run
// allow, and a held-out loss and a checkpoint every 16 steps.
//
// The output layer is adapted because the base model has never written the call format's
// tokens (<tool_call>, "name:", "parameters:"): its output layer, tied to the embeddings,
// gives them almost no probability, and the projections alone take many more steps to lift
// them.
func TrainConfig(dir string) pipeline.TrainConfig {
	t := train.DefaultConfig()
	t.OutputDir = OutputDir(dir)
	t.MaxSteps, t.BatchSize, t.GradAccumSteps = 48, 2, 1
	t.LearningRate, t.WarmupRatio = 1e-2, 0.1
	t.LoggingSteps, t.EvalSteps, t.SaveSteps, t.SaveTotalLimit = 1, 16, 16, 0
	t.Seed = Seed
	l := lora.DefaultConfig()
	l.Dropout = 0
	l.TargetModules = append(l.TargetModules, "lm_head")
	return pipeline.TrainConfig{ModelName: ModelPath, LoRA: l, Train: t, MaxSeqLength: MaxSeqLength}
}

// Trained reports whether dir holds a finished run: trainer_state.json at the last step.
func Trained(dir string) bool {
	st, err := train.ReadTrainerState(OutputDir(dir))
	if err != nil {
		return false
	}
	return st.GlobalStep > 0 && st.GlobalStep == TrainConfig(dir).Train.MaxSteps
}

// EnsureTrained trains the run from scratch unless dir already holds a finished one.
func EnsureTrained(ctx context.Context, dir string, log io.Writer) error {
	if Trained(dir) {
		fmt.Fprintf(log, "Using the finished training run in %s\n", OutputDir(dir))
		return nil
	}
	data, err := Data(dir, log)
	if err != nil {
		return err
	}
	cfg := TrainConfig(dir)
	if err := os.RemoveAll(cfg.Train.OutputDir); err != nil {
		return fmt.Errorf("lessonrun: %w", err)
	}
	_, err = pipeline.Train(ctx, cfg, data, log)
	return err
}

// EvalConfig is notebook 05's evaluation: NumEvalExamples held-out examples, greedy
// decoding, the report written to ReportPath.
func EvalConfig(dir string) pipeline.EvalConfig {
	return pipeline.EvalConfig{
		DataPath: HeldoutPath(dir), NumExamples: NumEvalExamples, Seed: Seed, BaseModel: ModelPath,
		MaxNewTokens: MaxNewTokens, BatchSize: NumEvalExamples, OutputFile: ReportPath(dir),
	}
}

// GuidedEvalConfig is EvalConfig with guided decoding of tool calls (lib/guide), for the
// checkpoints only (the base model opens no call to guide), its report written to
// GuidedReportPath: the same cases and settings, so the two reports differ only in the
// decoding.
func GuidedEvalConfig(dir string) pipeline.EvalConfig {
	cfg := EvalConfig(dir)
	cfg.GuidedCalls, cfg.SkipBase, cfg.OutputFile = true, true, GuidedReportPath(dir)
	return cfg
}

// EnsureReport returns the run's evaluation report, training and evaluating first when the
// report is missing.
func EnsureReport(ctx context.Context, dir string, log io.Writer) (*eval.Report, error) {
	if exists(ReportPath(dir)) {
		return eval.ReadReport(ReportPath(dir))
	}
	if err := EnsureTrained(ctx, dir, log); err != nil {
		return nil, err
	}
	if _, err := pipeline.EvaluateCheckpoints(ctx, OutputDir(dir), EvalConfig(dir), log); err != nil {
		return nil, err
	}
	return eval.ReadReport(ReportPath(dir))
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}
