package main

import (
	"fmt"
	"io"

	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/pipeline"
	"github.com/tooltune/tooltune/lib/tools"
)

// prepareData generates the training and held-out sets (always with --generate_only, else only
// when the files are missing) and prints their statistics.
func prepareData(o *options, stdout io.Writer) (*pipeline.Data, error) {
	reg, err := tools.Select(o.Tools)
	if err != nil {
		return nil, fmt.Errorf("--tools: %w", err)
	}
	d, err := pipeline.PrepareData(pipeline.DataConfig{
		TrainPath:            o.DataPath,
		HeldoutPath:          o.EvalDataPath,
		NumTrain:             o.NumExamples,
		NumHeldout:           o.NumEvalExamples,
		Seed:                 uint64(o.Seed),
		ToolsPerExample:      o.ToolsPerExample,
		Registry:             reg,
		Regenerate:           o.GenerateOnly,
		TrainScenarioWeights: o.scenarioMix,
	}, stdout)
	if err != nil {
		return nil, err
	}
	fmt.Fprintln(stdout, "\nTraining set:")
	st := dataset.Stats(d.Train)
	if err := st.WriteTable(stdout); err != nil {
		return nil, err
	}
	fmt.Fprintln(stdout, "\nHeld-out phrasings (words the fine-tuning never shows must come from the base model):")
	if err := dataset.UnseenWords(d.Train, d.Heldout).WriteTable(stdout, 12); err != nil {
		return nil, err
	}
	return d, nil
}
