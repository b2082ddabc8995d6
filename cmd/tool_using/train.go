package main

import (
	"context"
	"io"
	"slices"
	"strings"

	"github.com/tooltune/tooltune/lib/lora"
	"github.com/tooltune/tooltune/lib/pipeline"
	"github.com/tooltune/tooltune/lib/train"
)

// trainStage LoRA fine-tunes --model_name on the prepared data with the training flags.
func trainStage(ctx context.Context, o *options, data *pipeline.Data, stdout io.Writer) error {
	_, err := pipeline.Train(ctx, pipeline.TrainConfig{
		ModelName:            o.ModelName,
		LoRA:                 loraConfig(o),
		Train:                trainConfig(o, stdout),
		MaxSeqLength:         o.MaxSeqLength,
		ChatTemplate:         o.ChatTemplate,
		ResumeFromCheckpoint: o.ResumeFromCheckpoint,
		FirstTurnsOnly:       o.TrainTurns == "first",
		DecisionWeight:       o.DecisionTokenWeight,
	}, data, stdout)
	return err
}

func loraConfig(o *options) lora.Config {
	saved := slices.DeleteFunc(moduleList(o.LoraModulesToSave), func(m string) bool { return m == "none" })
	return lora.Config{R: o.LoraR, Alpha: o.LoraAlpha, Dropout: o.LoraDropout, TargetModules: moduleList(o.LoraTargetModules),
		UseRSLoRA: o.UseRSLoRA, BaseModel: o.ModelName, ModulesToSave: saved}
}

// moduleList splits a comma-separated flag value into its non-empty, trimmed names.
func moduleList(s string) []string {
	var names []string
	for _, n := range strings.Split(s, ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	return names
}

func trainConfig(o *options, stdout io.Writer) train.Config {
	cfg := train.DefaultConfig()
	cfg.OutputDir = o.OutputDir
	cfg.Epochs = o.NumTrainEpochs
	cfg.BatchSize, cfg.GradAccumSteps = o.PerDeviceTrainBatchSize, o.GradientAccumulationSteps
	cfg.LearningRate, cfg.WarmupRatio, cfg.Scheduler = o.LearningRate, o.WarmupRatio, o.LRSchedulerType
	cfg.EmbeddingLearningRate, cfg.LoraPlusRatio = o.EmbeddingLearningRate, o.LoraPlusLRRatio
	cfg.MaxGradNorm, cfg.WeightDecay = o.MaxGradNorm, o.WeightDecay
	cfg.Seed = uint64(o.Seed)
	cfg.EvalSteps = o.EvalSteps
	cfg.SaveStrategy, cfg.SaveSteps, cfg.SaveTotalLimit = o.SaveStrategy, o.SaveSteps, o.SaveTotalLimit
	cfg.SharedPrefixes = o.SharedPrefixBatches
	cfg.Progress = stdout
	return cfg
}
