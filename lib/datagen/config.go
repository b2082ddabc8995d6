package datagen

import (
	"fmt"
	"math"

	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

// Splits. Held-out examples use phrasing templates and values (cities, people, companies,
// texts, ...) that training examples never contain, so that an evaluation on them measures
// generalization rather than recall.
const (
	SplitTrain   = "train"
	SplitHeldout = "heldout"
)

// Config controls Generate. The zero value of every field but NumExamples means "use the
// default"; DefaultConfig spells the defaults out.
type Config struct {
	// NumExamples is how many conversations to generate.
	NumExamples int
	// Seed fixes every random choice: the same Config always gives the same examples. Example i
	// depends only on Seed, Split, the weights, the registry and i, so raising NumExamples keeps
	// the earlier examples unchanged.
	Seed uint64
	// Split is SplitTrain or SplitHeldout ("" means train).
	Split string
	// ValueSplit is the split whose pool values (cities, people, companies, texts, ...) fill
	// the phrasings; "" means Split. Split SplitHeldout with ValueSplit SplitTrain gives
	// phrasings training never used, filled with values it did use: an evaluation on it
	// separates generalizing to new wording from copying new values.
	ValueSplit string
	// ScenarioWeights gives the relative frequency of each scenario kind (keys from
	// dataset.Scenarios()); missing kinds get weight 0. Nil means DefaultScenarioWeights().
	ScenarioWeights map[string]float64
	// SkipUnsupported gives weight 0 to the scenarios the registry's tools cannot serve (multi-step
	// needs two tools that chain, error recovery one with a scripted error) instead of failing,
	// so that data can be generated for any subset of the built-in tools. At least one weighted
	// scenario must remain.
	SkipUnsupported bool
	// Registry holds the tools to generate calls for and to offer as distractors. Nil means
	// tools.Builtins(). Tools without a generator in this package, or without an executor,
	// are only offered as distractors.
	Registry *tools.Registry
	// ToolsPerExample is the size of an example's tool list: the tools its conversation needs
	// plus random distractors. 0 draws a size from 3 to 6 per example, so that models see lists
	// of varied length. A conversation that needs more tools gets them all.
	ToolsPerExample int
	// Noise is the probability that a user message gets casual typing noise: lower case,
	// missing final punctuation, doubled spaces, a trailing "pls". Values are never altered.
	Noise float64
}

// DefaultScenarioWeights is the scenario mix of DefaultConfig: mostly calls, with enough
// no-call, clarification and error cases that a model learns when not to call.
func DefaultScenarioWeights() map[string]float64 {
	return map[string]float64{
		dataset.ScenarioSingle:        0.35,
		dataset.ScenarioParallel:      0.15,
		dataset.ScenarioMultiStep:     0.15,
		dataset.ScenarioNoTool:        0.15,
		dataset.ScenarioClarify:       0.10,
		dataset.ScenarioErrorRecovery: 0.10,
	}
}

// DefaultConfig returns the defaults: 1000 training examples, seed 42, the default scenario
// mix, the built-in tools, 3-6 tools per example and 15% noisy user messages.
func DefaultConfig() Config {
	return Config{
		NumExamples:     1000,
		Seed:            42,
		Split:           SplitTrain,
		ScenarioWeights: DefaultScenarioWeights(),
		Registry:        tools.Builtins(),
		ToolsPerExample: 0,
		Noise:           0.15,
	}
}

// Default tool-list sizes when Config.ToolsPerExample is 0.
const (
	minToolsOffered = 3
	maxToolsOffered = 6
)

// withDefaults checks cfg and fills in the defaults of its zero fields.
func (cfg Config) withDefaults() (Config, error) {
	if cfg.NumExamples < 0 {
		return cfg, fmt.Errorf("datagen: NumExamples is %d, want >= 0", cfg.NumExamples)
	}
	switch cfg.Split {
	case "":
		cfg.Split = SplitTrain
	case SplitTrain, SplitHeldout:
	default:
		return cfg, fmt.Errorf("datagen: Split is %q, want %q or %q", cfg.Split, SplitTrain, SplitHeldout)
	}
	switch cfg.ValueSplit {
	case "":
		cfg.ValueSplit = cfg.Split
	case SplitTrain, SplitHeldout:
	default:
		return cfg, fmt.Errorf("datagen: ValueSplit is %q, want %q, %q or empty (Split's)", cfg.ValueSplit, SplitTrain, SplitHeldout)
	}
	if cfg.ScenarioWeights == nil {
		cfg.ScenarioWeights = DefaultScenarioWeights()
	}
	if err := checkWeights(cfg.ScenarioWeights); err != nil {
		return cfg, err
	}
	if cfg.Registry == nil {
		cfg.Registry = tools.Builtins()
	}
	if cfg.ToolsPerExample < 0 {
		return cfg, fmt.Errorf("datagen: ToolsPerExample is %d, want >= 0", cfg.ToolsPerExample)
	}
	if math.IsNaN(cfg.Noise) || cfg.Noise < 0 || cfg.Noise > 1 {
		return cfg, fmt.Errorf("datagen: Noise is %v, want a probability in [0, 1]", cfg.Noise)
	}
	return cfg, nil
}

func checkWeights(weights map[string]float64) error {
	known := map[string]bool{}
	for _, s := range dataset.Scenarios() {
		known[s] = true
	}
	total := 0.0
	for _, s := range sortedKeys(weights) {
		w := weights[s]
		if !known[s] {
			return fmt.Errorf("datagen: ScenarioWeights has unknown scenario %q (want one of %v)", s, dataset.Scenarios())
		}
		if math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
			return fmt.Errorf("datagen: ScenarioWeights[%q] is %v, want a finite weight >= 0", s, w)
		}
		total += w
	}
	if total == 0 {
		return fmt.Errorf("datagen: ScenarioWeights are all zero")
	}
	return nil
}
