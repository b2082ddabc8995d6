package eval

import (
	"errors"
	"fmt"
	"time"

	"github.com/tooltune/tooltune/lib/tools"
)

// Generator writes assistant turns: for each prompt, the text the model generates after it
// (the continuation only, not the prompt). Implementations batch the prompts as they can.
type Generator interface {
	Generate(prompts []string) ([]string, error)
}

// ToolGenerator is a Generator that can also be told which tools each prompt offers, so that
// it can keep its calls to them (lib/guide). Evaluate passes the cases' tools to a generator
// that has the method.
type ToolGenerator interface {
	Generator
	GenerateWithTools(prompts []string, offered [][]tools.Tool) ([]string, error)
}

// DefaultBatchSize is the number of prompts given to the Generator at once when EvalConfig
// leaves BatchSize zero: enough to keep a batched model busy on a CPU without holding many
// long key/value caches in memory.
const DefaultBatchSize = 8

// EvalConfig configures Evaluate. The zero value is usable.
type EvalConfig struct {
	// BatchSize is the number of prompts per Generate call; DefaultBatchSize when zero.
	BatchSize int
	// Path is where the evaluated weights live (a checkpoint directory, the base model); it
	// is copied into the Evaluation for the report.
	Path string
	// Progress, when set, is called after every batch with the cases done so far and the total.
	Progress func(done, total int)
}

// Evaluation is one model or checkpoint evaluated on a set of cases.
type Evaluation struct {
	// Name is "base" for the base model and "checkpoint-STEP" for a checkpoint (see
	// CheckpointName).
	Name string `json:"name"`
	// Step is the training step of the checkpoint, 0 for the base model.
	Step        int                `json:"step"`
	Path        string             `json:"path"`
	Metrics     Metrics            `json:"metrics"`
	PerTool     map[string]Metrics `json:"per_tool"`
	PerScenario map[string]Metrics `json:"per_scenario"`
	Samples     []Sample           `json:"samples"`
	// Seconds is the wall time of generation and scoring; ExamplesPerSecond is cases per
	// second over it.
	Seconds           float64 `json:"seconds"`
	ExamplesPerSecond float64 `json:"examples_per_second"`
}

// Evaluate has gen write the assistant turn of every case, BatchSize prompts at a time,
// scores each output and aggregates the metrics. It fails, naming the batch, when the
// generator fails or returns the wrong number of outputs.
func Evaluate(name string, step int, gen Generator, cases []Case, cfg EvalConfig) (Evaluation, error) {
	switch {
	case name == "":
		return Evaluation{}, errors.New("evaluate: empty evaluation name")
	case step < 0:
		return Evaluation{}, fmt.Errorf("evaluate %s: negative step %d", name, step)
	case gen == nil:
		return Evaluation{}, fmt.Errorf("evaluate %s: no generator", name)
	case len(cases) == 0:
		return Evaluation{}, fmt.Errorf("evaluate %s: no cases to evaluate", name)
	case cfg.BatchSize < 0:
		return Evaluation{}, fmt.Errorf("evaluate %s: negative batch size %d", name, cfg.BatchSize)
	}
	batch := cfg.BatchSize
	if batch == 0 {
		batch = DefaultBatchSize
	}
	start := time.Now()
	samples := make([]Sample, 0, len(cases))
	for lo := 0; lo < len(cases); lo += batch {
		hi := min(lo+batch, len(cases))
		outs, err := generateBatch(gen, cases[lo:hi])
		if err != nil {
			return Evaluation{}, fmt.Errorf("evaluate %s: cases %d to %d: %w", name, lo, hi-1, err)
		}
		for i, out := range outs {
			samples = append(samples, Score(cases[lo+i], out))
		}
		if cfg.Progress != nil {
			cfg.Progress(hi, len(cases))
		}
	}
	ev := Evaluation{
		Name:        name,
		Step:        step,
		Path:        cfg.Path,
		Metrics:     Aggregate(samples),
		PerTool:     PerTool(samples),
		PerScenario: PerScenario(samples),
		Samples:     samples,
	}
	ev.Seconds = time.Since(start).Seconds()
	if ev.Seconds > 0 {
		ev.ExamplesPerSecond = float64(len(samples)) / ev.Seconds
	}
	return ev, nil
}

// generateBatch runs the generator on the prompts of one batch of cases.
func generateBatch(gen Generator, cases []Case) ([]string, error) {
	prompts := make([]string, len(cases))
	offered := make([][]tools.Tool, len(cases))
	for i, c := range cases {
		prompts[i], offered[i] = c.Prompt, c.Tools
	}
	var outs []string
	var err error
	if tg, ok := gen.(ToolGenerator); ok {
		outs, err = tg.GenerateWithTools(prompts, offered)
	} else {
		outs, err = gen.Generate(prompts)
	}
	if err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	if len(outs) != len(prompts) {
		return nil, fmt.Errorf("generator returned %d outputs for %d prompts", len(outs), len(prompts))
	}
	return outs, nil
}
