// Command evaluate_checkpoints is the Go port of the original evaluate_checkpoints.py: it
// measures the base model and every LoRA checkpoint in a directory on held-out tool-use
// examples and writes checkpoint_evaluation.json with the metrics and every sample. Its flags
// keep the original names.
//
//	go run ./cmd/evaluate_checkpoints --checkpoint_dir ./tool_model_output --num_examples 100
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/tooltune/tooltune/lib/pipeline"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("evaluate_checkpoints", flag.ContinueOnError)
	fs.SetOutput(stderr)
	checkpointDir := fs.String("checkpoint_dir", "./tool_model_output", "directory holding checkpoint-STEP adapter directories")
	var cfg pipeline.EvalConfig
	fs.StringVar(&cfg.DataPath, "data_path", pipeline.HeldoutPathFor("tool_usage_dataset.json"), "held-out dataset (.json or .jsonl)")
	fs.StringVar(&cfg.BaseModel, "base_model_name", "", "base model; default: base_model_name_or_path of the first checkpoint's adapter_config.json")
	fs.IntVar(&cfg.NumExamples, "num_examples", 100, "examples to evaluate, picked at random with --seed (0: all)")
	fs.StringVar(&cfg.OutputFile, "output_file", "checkpoint_evaluation.json", "where the JSON report goes")
	fs.IntVar(&cfg.MaxNewTokens, "max_new_tokens", 256, "generation length limit")
	fs.Float64Var(&cfg.Temperature, "temperature", 0, "sampling temperature (0: greedy, reproducible)")
	fs.Uint64Var(&cfg.Seed, "seed", 42, "seed of the example selection (and of sampling)")
	fs.IntVar(&cfg.BatchSize, "batch_size", 8, "prompts generated together")
	fs.StringVar(&cfg.ChatTemplate, "chat_template", "", "the chat template the adapters were trained with: compact, original, hermes, or model (the model's own Jinja template); default: the one the training run recorded in --checkpoint_dir, else original")
	fs.BoolVar(&cfg.SkipBase, "skip_base", false, "do not evaluate the base model")
	fs.BoolVar(&cfg.GuidedCalls, "guided_calls", false, pipeline.GuidedCallsUsage)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "evaluate_checkpoints: unexpected arguments %v\n", fs.Args())
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	report, err := pipeline.EvaluateCheckpoints(ctx, *checkpointDir, cfg, stdout)
	if err != nil {
		fmt.Fprintln(stderr, "evaluate_checkpoints:", err)
		return 1
	}
	if best, ok := report.Best(); ok {
		fmt.Fprintf(stdout, "Best: %s (%s %.3f)\n", best.Name, best.Metric, best.Value)
	}
	return 0
}
