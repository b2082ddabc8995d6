// Command tool_using is the Go port of the original tool_using.py: it generates a synthetic
// tool-use dataset, measures the base model, LoRA fine-tunes it with checkpoints and evaluates
// them. Its flags keep the original names and defaults.
//
//	go run ./cmd/tool_using --generate_only --num_examples 2000 --data_path /tmp/d.json
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
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

// errNotBuilt marks a pipeline stage that this version of ToolTune does not have yet.
var errNotBuilt = errors.New("not built yet")

func execute(o *options, stdout, stderr io.Writer) error {
	data, err := prepareData(o, stdout)
	if err != nil {
		return err
	}
	if o.GenerateOnly {
		return nil
	}
	_ = data
	if o.BaseModelInference {
		return fmt.Errorf("--base_model_inference: base model inference is %w (data is ready in %s)", errNotBuilt, o.DataPath)
	}
	return fmt.Errorf("training: LoRA fine-tuning is %w; use --generate_only to generate data (written to %s)", errNotBuilt, o.DataPath)
}
