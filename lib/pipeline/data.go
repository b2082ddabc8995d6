// Package pipeline strings ToolTune's stages together the way the command-line tools and the
// notebooks run them: prepare the data, measure the base model, train, evaluate. Each stage is
// a function with a config struct, so that a notebook can run one stage and look at its output
// before running the next.
package pipeline

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/tooltune/tooltune/lib/datagen"
	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

// DataConfig says where the training and held-out sets live and how to generate them when they
// are missing (or when Regenerate is set).
type DataConfig struct {
	TrainPath   string
	HeldoutPath string // "" means HeldoutPathFor(TrainPath)
	NumTrain    int
	NumHeldout  int // 0 means max(NumTrain/10, 20)
	Seed        uint64
	// Regenerate writes new files even when they exist.
	Regenerate bool
	// Registry holds the tools to generate data for; nil means the built-in tools. Scenarios
	// its tools cannot serve (see datagen.Config.SkipUnsupported) are left out.
	Registry *tools.Registry
	// ToolsPerExample is the size of each example's tool list (0: 3 to 6, varied). The list
	// is most of a rendered example's tokens, so it sets the cost of training on it.
	ToolsPerExample int
	// TrainScenarioWeights is the scenario mix of a generated training set; nil means
	// datagen's default. A generated held-out set always has the default mix, so that the
	// scores of runs with different mixes compare.
	TrainScenarioWeights map[string]float64
}

// Data is a prepared training set and held-out set, both validated.
type Data struct {
	Train, Heldout         []dataset.Example
	TrainPath, HeldoutPath string
	// Generated is true when this call wrote at least one of the files, false when both were
	// loaded.
	Generated bool
}

// HeldoutPathFor derives the held-out file name from the training file name:
// data/train.json -> data/train_heldout.json.
func HeldoutPathFor(trainPath string) string {
	ext := filepath.Ext(trainPath)
	return strings.TrimSuffix(trainPath, ext) + "_heldout" + ext
}

func (c DataConfig) withDefaults() (DataConfig, error) {
	if c.TrainPath == "" {
		return c, errors.New("pipeline: no training data path")
	}
	if c.HeldoutPath == "" {
		c.HeldoutPath = HeldoutPathFor(c.TrainPath)
	}
	if c.NumHeldout == 0 {
		c.NumHeldout = max(c.NumTrain/10, 20)
	}
	if c.NumTrain <= 0 || c.NumHeldout < 0 {
		return c, fmt.Errorf("pipeline: want a positive number of training examples, got %d (held-out %d)", c.NumTrain, c.NumHeldout)
	}
	return c, nil
}

// PrepareData loads the training and held-out sets, generating and saving each one first when
// its file is missing or cfg.Regenerate is set. A file that exists is never overwritten
// unless cfg.Regenerate says so: a held-out set of one's own, given with a training file still
// to be generated, stays as it is (each split is generated on its own, so generating one is
// the same as generating both). Loaded files are validated: a problem in any example is an
// error that names the file, the example and the field. A summary goes to log.
func PrepareData(cfg DataConfig, log io.Writer) (*Data, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	d := &Data{TrainPath: cfg.TrainPath, HeldoutPath: cfg.HeldoutPath}
	for _, f := range []struct {
		path, split, what string
		n                 int
		dst               *[]dataset.Example
	}{
		{d.TrainPath, datagen.SplitTrain, "training examples", cfg.NumTrain, &d.Train},
		{d.HeldoutPath, datagen.SplitHeldout, "held-out examples", cfg.NumHeldout, &d.Heldout},
	} {
		if !cfg.Regenerate && exists(f.path) {
			if *f.dst, err = loadValid(f.path); err != nil {
				return nil, err
			}
			fmt.Fprintf(log, "Loaded %d %s from %s\n", len(*f.dst), f.what, f.path)
			continue
		}
		if *f.dst, err = generate(cfg, f.split, f.n); err != nil {
			return nil, err
		}
		if dir := filepath.Dir(f.path); dir != "." {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, err
			}
		}
		if err := dataset.Save(f.path, *f.dst); err != nil {
			return nil, err
		}
		d.Generated = true
		note := ""
		if f.split == datagen.SplitHeldout {
			note = " (phrasings and values unseen in training)"
		}
		fmt.Fprintf(log, "Generated %d %s%s -> %s\n", len(*f.dst), f.what, note, f.path)
	}
	return d, nil
}

func generate(cfg DataConfig, split string, n int) ([]dataset.Example, error) {
	gc := datagen.DefaultConfig()
	gc.NumExamples, gc.Seed, gc.Split, gc.ToolsPerExample = n, cfg.Seed, split, cfg.ToolsPerExample
	if cfg.Registry != nil {
		gc.Registry, gc.SkipUnsupported = cfg.Registry, true
	}
	if split == datagen.SplitTrain && cfg.TrainScenarioWeights != nil {
		gc.ScenarioWeights = cfg.TrainScenarioWeights
	}
	exs, err := datagen.Generate(gc)
	if err != nil {
		return nil, fmt.Errorf("generate %s set: %w", split, err)
	}
	if err := dataset.Validate(split, exs).Err(); err != nil {
		return nil, fmt.Errorf("generated %s set is invalid (a generator bug): %w", split, err)
	}
	return exs, nil
}

func loadValid(path string) ([]dataset.Example, error) {
	exs, err := dataset.Load(path)
	if err != nil {
		return nil, err
	}
	if err := dataset.Validate(path, exs).Err(); err != nil {
		return nil, err
	}
	return exs, nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}
