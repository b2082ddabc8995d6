// Command tool_using is the Go port of the original tool_using.py: it generates a synthetic
// tool-use dataset, measures the base model, LoRA fine-tunes it with checkpoints and evaluates
// them. Its flags keep the original names and defaults.
//
//	go run ./cmd/tool_using --generate_only --num_examples 2000 --data_path /tmp/d.json
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/tooltune/tooltune/lib/eval"
	"github.com/tooltune/tooltune/lib/pipeline"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command and returns the process exit code; main is only its wrapper, so
// tests drive run directly.
func run(args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "tool_using:", err)
		return 2
	}
	if err := execute(o, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "tool_using:", err)
		return 1
	}
	return 0
}

func execute(o *options, stdout, stderr io.Writer) error {
	data, err := prepareData(o, stdout)
	if err != nil {
		return err
	}
	if o.GenerateOnly {
		return nil
	}
	// Ctrl-C or SIGTERM stops training after the current step, with a checkpoint saved.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if o.BaseModelInference {
		return timed(stdout, "base model inference", func() error {
			_, err := pipeline.EvaluateBase(ctx, evalConfig(o, data, filepath.Join(o.OutputDir, baseReportFile)), stdout)
			return err
		})
	}
	if err := timed(stdout, "training", func() error { return trainStage(ctx, o, data, stdout) }); err != nil {
		return err
	}
	if o.EvalExamples < 0 {
		return nil
	}
	return timed(stdout, "evaluation of the base model and every checkpoint", func() error {
		_, err := pipeline.EvaluateCheckpoints(ctx, o.OutputDir, evalConfig(o, data, filepath.Join(o.OutputDir, eval.ReportFile)), stdout)
		return err
	})
}

// baseReportFile is where --base_model_inference writes its report, in output_dir.
const baseReportFile = "base_model_evaluation.json"

// evalConfig is the evaluation part of the options: the held-out set, the base model and the
// generation settings.
func evalConfig(o *options, data *pipeline.Data, outputFile string) pipeline.EvalConfig {
	return pipeline.EvalConfig{
		DataPath:     data.HeldoutPath,
		NumExamples:  o.EvalExamples,
		Seed:         uint64(o.Seed),
		BaseModel:    o.ModelName,
		MaxNewTokens: o.MaxNewTokens,
		Temperature:  o.Temperature,
		OutputFile:   outputFile,
		ChatTemplate: o.ChatTemplate,
		GuidedCalls:  o.GuidedCalls,
	}
}

// timed runs one stage of the pipeline and says how long it took.
func timed(stdout io.Writer, stage string, f func() error) error {
	start := time.Now()
	err := f()
	if err == nil {
		fmt.Fprintf(stdout, "\n[%s took %s]\n", stage, time.Since(start).Round(100*time.Millisecond))
	}
	return err
}
