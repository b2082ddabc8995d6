package main

import (
	"context"
	"io"
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
	}, data, stdout)
	return err
}

func loraConfig(o *options) lora.Config {
	var targets []string
	for _, t := range strings.Split(o.LoraTargetModules, ",") {
		if t = strings.TrimSpace(t); t != "" {
			targets = append(targets, t)
		}
	}
	var saved []string
	for _, m := range strings.Split(o.LoraModulesToSave, ",") {
		if m = strings.TrimSpace(m); m != "" && m != "none" {
			saved = append(saved, m)
		}
	}
	return lora.Config{R: o.LoraR, Alpha: o.LoraAlpha, Dropout: o.LoraDropout, TargetModules: targets, UseRSLoRA: o.UseRSLoRA,
		BaseModel: o.ModelName, ModulesToSave: saved}
}

func trainConfig(o *options, stdout io.Writer) train.Config {
	cfg := train.DefaultConfig()
	cfg.OutputDir = o.OutputDir
	cfg.Epochs = o.NumTrainEpochs
	cfg.BatchSize, cfg.GradAccumSteps = o.PerDeviceTrainBatchSize, o.GradientAccumulationSteps
	cfg.LearningRate, cfg.WarmupRatio, cfg.Scheduler = o.LearningRate, o.WarmupRatio, o.LRSchedulerType
	cfg.MaxGradNorm, cfg.WeightDecay = o.MaxGradNorm, o.WeightDecay
	cfg.Seed = uint64(o.Seed)
	cfg.EvalSteps = o.EvalSteps
	cfg.SaveStrategy, cfg.SaveSteps, cfg.SaveTotalLimit = o.SaveStrategy, o.SaveSteps, o.SaveTotalLimit
	cfg.Progress = stdout
	return cfg
}
