package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/internal/testenv"
	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/eval"
	"github.com/tooltune/tooltune/lib/lora"
	"github.com/tooltune/tooltune/lib/train"
)

func TestTrainStageWritesAdapterAndResumes(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "d.json")
	modelDir := testenv.TinyModel(t, data, 12)
	out := filepath.Join(dir, "out")
	args := []string{"--model_name", modelDir, "--data_path", data, "--num_examples", "12", "--num_eval_examples", "4",
		"--max_seq_length", "384", "--per_device_train_batch_size", "4", "--gradient_accumulation_steps", "1",
		"--num_train_epochs", "1", "--save_steps", "2", "--eval_steps", "2", "--save_total_limit", "1",
		"--lora_r", "4", "--lora_alpha", "8", "--lora_target_modules", "q_proj,v_proj", "--learning_rate", "1e-3",
		"--eval_examples", "2", "--max_new_tokens", "8", "--output_dir", out}
	code, stdout, stderr := runTool(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, stderr, stdout)
	}
	for _, want := range []string{"Tokenized 12 training examples", "Final adapter (PEFT format): " + filepath.Join(out, lora.ConfigFile),
		"Metrics log: " + filepath.Join(out, train.LogFile), "Checkpoint: " + filepath.Join(out, "checkpoint-3")} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	checkReport(t, filepath.Join(out, eval.ReportFile), "checkpoint-3")
	cfgJSON, err := os.ReadFile(filepath.Join(out, lora.ConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := lora.ParseConfig(cfgJSON, "adapter_config.json")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.R != 4 || cfg.Alpha != 8 || strings.Join(cfg.TargetModules, ",") != "q_proj,v_proj" || cfg.BaseModel != modelDir {
		t.Errorf("adapter config %+v does not reflect the flags", cfg)
	}
	var st train.TrainerState
	raw, _ := os.ReadFile(filepath.Join(out, train.TrainerStateFile))
	if err := json.Unmarshal(raw, &st); err != nil || st.GlobalStep != 3 {
		t.Fatalf("trainer_state.json: global_step %d, err %v; want 3 (12 examples / batch 4, one epoch)", st.GlobalStep, err)
	}

	// A second epoch resumed from the latest checkpoint continues at step 3.
	args = append(args, "--resume_from_checkpoint", "latest")
	code, stdout, stderr = runTool(t, replaceFlag(args, "--num_train_epochs", "2")...)
	if code != 0 {
		t.Fatalf("resume: exit %d: %s\n%s", code, stderr, stdout)
	}
	if !strings.Contains(stdout, "Resumed from "+filepath.Join(out, "checkpoint-3")+" at step 3") || !strings.Contains(stdout, "Trained 6 steps") {
		t.Errorf("resume output:\n%s", stdout)
	}
	checkReport(t, filepath.Join(out, eval.ReportFile), "checkpoint-6")
	entries, _ := filepath.Glob(filepath.Join(out, "checkpoint-*"))
	if len(entries) != 1 || filepath.Base(entries[0]) != "checkpoint-6" {
		t.Errorf("checkpoints %v, want only checkpoint-6 (save_total_limit 1)", entries)
	}
}

// checkReport checks that the evaluation after training measured the base model and then the
// newest checkpoint, on every selected example.
func checkReport(t *testing.T, path, lastCheckpoint string) {
	t.Helper()
	report, err := eval.ReadReport(path)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, ev := range report.Evaluations {
		names = append(names, ev.Name)
		if len(ev.Samples) != 2 {
			t.Errorf("%s: %d samples, want 2", ev.Name, len(ev.Samples))
		}
	}
	if len(names) != 2 || names[0] != eval.BaseName || names[1] != lastCheckpoint {
		t.Errorf("evaluations %v, want [%s %s]", names, eval.BaseName, lastCheckpoint)
	}
}

func replaceFlag(args []string, flag, value string) []string {
	out := append([]string(nil), args...)
	for i := range out[:len(out)-1] {
		if out[i] == flag {
			out[i+1] = value
		}
	}
	return out
}

// TestTrainTurnsFirst: --train_turns first trains on fewer tokens (the conversations cut after
// their first assistant turn) and says so; the data files keep whole conversations.
func TestTrainTurnsFirst(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "d.json")
	modelDir := testenv.TinyModel(t, data, 12)
	tokens := func(turns string) (all, target int) {
		t.Helper()
		code, stdout, stderr := runTool(t, "--model_name", modelDir, "--data_path", data, "--num_examples", "12", "--num_eval_examples", "4",
			"--max_seq_length", "4096", "--lora_r", "2", "--save_strategy", "no", "--eval_examples", "-1", "--train_turns", turns,
			"--output_dir", filepath.Join(dir, "out-"+turns))
		if code != 0 {
			t.Fatalf("--train_turns %s: exit %d: %s\n%s", turns, code, stderr, stdout)
		}
		if got := strings.Contains(stdout, "up to its first assistant turn"); got != (turns == "first") {
			t.Errorf("--train_turns %s: first-turn notice printed = %v", turns, got)
		}
		if _, err := fmt.Sscanf(stdout[strings.Index(stdout, "Tokenized 12 training examples: "):], "Tokenized 12 training examples: %d tokens, %d in assistant turns", &all, &target); err != nil {
			t.Fatalf("--train_turns %s: %v in:\n%s", turns, err, stdout)
		}
		return all, target
	}
	allTok, allTarget := tokens("all")
	firstTok, firstTarget := tokens("first")
	if firstTok >= allTok || firstTarget >= allTarget || firstTarget == 0 {
		t.Errorf("first turns: %d tokens (%d trained on); all turns: %d (%d); want fewer, and some", firstTok, firstTarget, allTok, allTarget)
	}
	exs, err := dataset.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(exs[0].Messages); n < 3 {
		t.Errorf("the data file was cut: example 0 has %d messages", n)
	}
}

func TestTrainStageErrors(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "d.json")
	modelDir := testenv.TinyModel(t, data, 12)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing model", []string{"--model_name", filepath.Join(dir, "nope")}, "nope"},
		{"bad target module", []string{"--model_name", modelDir, "--lora_target_modules", "qkv"}, `"qkv"`},
		{"sequences too short", []string{"--model_name", modelDir, "--max_seq_length", "8"}, "--max_seq_length 8"},
		{"negative LoRA+ ratio", []string{"--model_name", modelDir, "--loraplus_lr_ratio", "-2"}, "loraplus_lr_ratio"},
		{"no checkpoint to resume", []string{"--model_name", modelDir, "--resume_from_checkpoint", "latest", "--output_dir", filepath.Join(dir, "empty")}, "no checkpoint-"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"--data_path", data, "--num_examples", "12", "--num_eval_examples", "4"}, tc.args...)
			code, _, stderr := runTool(t, args...)
			if code != 1 || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", code, stderr, tc.want)
			}
		})
	}
}
