package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/internal/testenv"
	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/eval"
	"github.com/tooltune/tooltune/lib/lora"
	"github.com/tooltune/tooltune/lib/pipeline"
	"github.com/tooltune/tooltune/lib/train"
)

func runEval(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// trainTwoCheckpoints trains a tiny model for two steps, saving a checkpoint after each.
func trainTwoCheckpoints(t *testing.T) (modelDir, heldout, out string) {
	t.Helper()
	dir := t.TempDir()
	dataPath := filepath.Join(dir, "d.json")
	modelDir = testenv.TinyModel(t, dataPath, 8)
	data, err := pipeline.PrepareData(pipeline.DataConfig{TrainPath: dataPath, NumTrain: 8}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	out = filepath.Join(dir, "out")
	tc := train.DefaultConfig()
	tc.OutputDir, tc.Epochs, tc.BatchSize, tc.GradAccumSteps, tc.SaveSteps, tc.SaveTotalLimit = out, 1, 4, 1, 1, 0
	tc.LearningRate = 1e-2
	lc := lora.DefaultConfig()
	lc.R, lc.Alpha = 4, 8
	if _, err := pipeline.Train(context.Background(), pipeline.TrainConfig{ModelName: modelDir, LoRA: lc, Train: tc, MaxSeqLength: 384}, data, io.Discard); err != nil {
		t.Fatal(err)
	}
	return modelDir, data.HeldoutPath, out
}

func TestEvaluatesBaseAndEveryCheckpoint(t *testing.T) {
	modelDir, heldout, out := trainTwoCheckpoints(t)
	reportPath := filepath.Join(t.TempDir(), "checkpoint_evaluation.json")
	code, stdout, stderr := runEval("--checkpoint_dir", out, "--data_path", heldout, "--num_examples", "3",
		"--max_new_tokens", "8", "--output_file", reportPath)
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, stderr, stdout)
	}
	report, err := eval.ReadReport(reportPath)
	if err != nil {
		t.Fatal(err)
	}
	if report.BaseModel != modelDir {
		t.Errorf("base model %q, want %q (read from adapter_config.json)", report.BaseModel, modelDir)
	}
	var names []string
	for _, ev := range report.Evaluations {
		names = append(names, ev.Name)
		if len(ev.Samples) != 3 {
			t.Errorf("%s: %d samples, want 3", ev.Name, len(ev.Samples))
		}
	}
	if got := strings.Join(names, ","); got != "base,checkpoint-1,checkpoint-2" {
		t.Errorf("evaluations %s, want base,checkpoint-1,checkpoint-2 (sorted by step)", got)
	}
	best, ok := report.Best()
	if !ok || !strings.Contains(stdout, "Best: "+best.Name) {
		t.Errorf("the best evaluation (%v) is not named in the output:\n%s", best, stdout)
	}
	// The run recorded its (default) template, and the prompts are written in it.
	if !strings.Contains(stdout, `Chat template "compact", recorded by the training run`) ||
		!strings.Contains(report.Evaluations[1].Samples[0].Prompt, chat.CompactInstruction) {
		t.Errorf("the prompts are not in the recorded compact template:\n%s", stdout)
	}
}

// TestRunsWithoutARecordUseTheOriginalTemplate: adapters from before the template was
// recorded (or from the Python script) were trained with the original format.
func TestRunsWithoutARecordUseTheOriginalTemplate(t *testing.T) {
	_, heldout, out := trainTwoCheckpoints(t)
	if err := os.Remove(filepath.Join(out, pipeline.TemplateRecordFile)); err != nil {
		t.Fatal(err)
	}
	reportPath := filepath.Join(t.TempDir(), "r.json")
	code, stdout, stderr := runEval("--checkpoint_dir", out, "--data_path", heldout, "--num_examples", "2",
		"--max_new_tokens", "4", "--skip_base", "--output_file", reportPath)
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, stderr, stdout)
	}
	report, err := eval.ReadReport(reportPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout, `using "original"`) || !strings.Contains(report.Evaluations[0].Samples[0].Prompt, chat.OriginalInstruction) {
		t.Errorf("without a record the prompts are not in the original template:\n%s", stdout)
	}
}

func TestErrors(t *testing.T) {
	empty := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--checkpoint_dir", empty}, "no checkpoint"},
		{[]string{"--checkpoint_dir", filepath.Join(empty, "missing")}, "no checkpoint"},
		{[]string{"--no_such_flag"}, "no_such_flag"},
	} {
		code, _, stderr := runEval(tc.args...)
		if code == 0 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want an error containing %q", tc.args, code, stderr, tc.want)
		}
	}
}
