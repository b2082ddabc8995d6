package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/tooltune/tooltune/lib/datagen"
	"github.com/tooltune/tooltune/lib/pipeline"
)

// options holds every flag of the original tool_using.py, with the same names, so that
// commands written for the Python script keep working. The defaults are sized so that the
// run with no flags (the shipped tiny model, 2 CPU cores) finishes within ten minutes and
// shows the model learning: 5,600 examples of the 11 basic tools offering 2 tools each,
// written with the compact template (one signature line per tool: half the tokens of the
// original's JSON schemas), one epoch on the conversations up to their first assistant turn
// (1,400 steps), in shared-prefix batches (four examples that offer the same tools compute
// their tool list once, and more steps fit in the time), learning rate 2e-3, LoRA r 16 with
// the embedding table at 3e-4, a checkpoint and a held-out loss every 700 steps, and all of
// 240 held-out examples evaluated (40 gave tables that moved by 10 points with the selection).
type options struct {
	// Stages.
	GenerateOnly       bool
	BaseModelInference bool

	// Data.
	DataPath        string
	EvalDataPath    string
	NumExamples     int
	NumEvalExamples int
	ToolsPerExample int
	Tools           string
	ScenarioWeights string
	scenarioMix     map[string]float64 // ScenarioWeights parsed; nil for the default
	Seed            int64

	// Model.
	ModelName    string
	MaxSeqLength int
	ChatTemplate string
	TrainTurns   string
	GuidedCalls  bool
	// DecisionTokenWeight weighs the loss of the decision tokens (pipeline.TrainConfig).
	DecisionTokenWeight float64
	SharedPrefixBatches bool

	// Training (Hugging Face TrainingArguments names).
	OutputDir                 string
	NumTrainEpochs            float64
	PerDeviceTrainBatchSize   int
	GradientAccumulationSteps int
	LearningRate              float64
	EmbeddingLearningRate     float64
	LoraPlusLRRatio           float64
	SaveStrategy              string
	SaveSteps                 int
	EvalSteps                 int
	SaveTotalLimit            int
	WarmupRatio               float64
	LRSchedulerType           string
	MaxGradNorm               float64
	WeightDecay               float64
	ResumeFromCheckpoint      string

	// LoRA (peft LoraConfig names).
	LoraR             int
	LoraAlpha         float64
	LoraDropout       float64
	LoraTargetModules string
	UseRSLoRA         bool
	LoraModulesToSave string

	// Generation, for --base_model_inference and evaluation.
	MaxNewTokens int
	Temperature  float64
	// EvalExamples is how many held-out examples the evaluation after training uses.
	EvalExamples int
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("tool_using", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: tool_using [flags]\n\n"+
			"Generates a synthetic tool-use dataset, measures the base model, LoRA fine-tunes it\n"+
			"with checkpoints and evaluates them. Flags keep the names of the original tool_using.py.\n\n")
		fs.PrintDefaults()
	}
	fs.BoolVar(&o.GenerateOnly, "generate_only", false, "only generate the dataset (and its held-out split), print statistics and exit")
	fs.BoolVar(&o.BaseModelInference, "base_model_inference", false, "run the base model on held-out examples and report its tool-call accuracy, then exit")

	fs.StringVar(&o.DataPath, "data_path", "tool_usage_dataset.json", "training dataset (.json array or .jsonl); generated when missing")
	fs.StringVar(&o.EvalDataPath, "eval_data_path", "", "held-out dataset; default: data_path with _heldout before the extension")
	fs.IntVar(&o.NumExamples, "num_examples", 5600, "number of training examples to generate")
	fs.IntVar(&o.NumEvalExamples, "num_eval_examples", 240, "number of held-out examples to generate (0: num_examples/10, at least 20); all of them are evaluated")
	fs.IntVar(&o.ToolsPerExample, "tools_per_example", 2, "tools offered in each generated example (0: 3 to 6, varied); the tool list is most of an example's tokens")
	fs.StringVar(&o.ScenarioWeights, "scenario_weights", "", "the generated training set's "+datagen.ScenarioWeightsUsage()+"; the held-out set keeps the default mix, so that runs compare")
	fs.StringVar(&o.Tools, "tools", "basic", "tools to generate data for: \"basic\" (the 11 built-in tools whose arguments come from the request's words: no airport codes, time zones, tickers or date arithmetic), \"builtin\" (all 19), built-in tool names (comma-separated), or a JSON file of tool schemas")
	fs.Int64Var(&o.Seed, "seed", 42, "random seed for data generation, data order, LoRA initialisation and dropout")

	fs.StringVar(&o.ModelName, "model_name", pipeline.DefaultModel, "base model: a local directory or a Hugging Face model id (resolved from the local cache)")
	fs.IntVar(&o.MaxSeqLength, "max_seq_length", 1024, "truncate tokenized examples to this many tokens (the system turn that lists the tools alone takes hundreds)")

	fs.StringVar(&o.ChatTemplate, "chat_template", pipeline.DefaultTemplate, "how conversations are written for the model: compact (the original format with one-line tool signatures, half the tokens), original, hermes, or model (the model's own Jinja chat_template from tokenizer_config.json)")
	fs.StringVar(&o.TrainTurns, "train_turns", "first", "which assistant turns to train on: all, or first (each conversation up to its first assistant turn: the call decision that evaluation scores, in shorter sequences, but no answering from tool results)")
	fs.Float64Var(&o.DecisionTokenWeight, "decision_token_weight", 1, "loss weight of the tokens where the assistant decides (the first of its turn: call, answer or ask back; the first after each tool-call block: another call or the end) against 1 for the others; the held-out loss weighs all alike")
	fs.BoolVar(&o.SharedPrefixBatches, "shared_prefix_batches", true, "batch examples that offer the same tools together and compute their common system turn (the tool list) once per batch: each example's loss and gradient are what they are alone, in about half the work when the tool list is most of each example")
	fs.StringVar(&o.OutputDir, "output_dir", "./tool_model_output", "where checkpoints, the final adapter and logs are written")
	fs.Float64Var(&o.NumTrainEpochs, "num_train_epochs", 1, "training epochs (may be fractional)")
	fs.IntVar(&o.PerDeviceTrainBatchSize, "per_device_train_batch_size", 4, "examples per micro-batch")
	fs.IntVar(&o.GradientAccumulationSteps, "gradient_accumulation_steps", 1, "micro-batches per optimizer step")
	fs.Float64Var(&o.LearningRate, "learning_rate", 2e-3, "peak learning rate")
	fs.Float64Var(&o.EmbeddingLearningRate, "embedding_learning_rate", 3e-4, "peak learning rate of the embedding table when --lora_modules_to_save trains it (0: --learning_rate); lower moves the pretrained table, and tied output layer, less")
	fs.Float64Var(&o.LoraPlusLRRatio, "loraplus_lr_ratio", 0, "LoRA+: the adapters' B matrices learn this many times faster than --learning_rate (peft suggests 16; 0: same rate as A)")
	fs.StringVar(&o.SaveStrategy, "save_strategy", "steps", "when to save checkpoints: steps, epoch or no")
	fs.IntVar(&o.SaveSteps, "save_steps", 700, "save a checkpoint every N optimizer steps (save_strategy=steps)")
	fs.IntVar(&o.EvalSteps, "eval_steps", 700, "compute the held-out loss every N optimizer steps")
	fs.IntVar(&o.SaveTotalLimit, "save_total_limit", 3, "keep only the newest N checkpoints (0: keep all)")
	fs.Float64Var(&o.WarmupRatio, "warmup_ratio", 0.03, "fraction of optimizer steps for linear warmup")
	fs.StringVar(&o.LRSchedulerType, "lr_scheduler_type", "cosine", "learning-rate schedule after warmup: cosine, linear or constant")
	fs.Float64Var(&o.MaxGradNorm, "max_grad_norm", 1.0, "clip gradients to this global norm (0: no clipping)")
	fs.Float64Var(&o.WeightDecay, "weight_decay", 0.0, "AdamW weight decay")
	fs.StringVar(&o.ResumeFromCheckpoint, "resume_from_checkpoint", "", "checkpoint directory to resume from, or \"latest\" for the newest in output_dir")

	fs.IntVar(&o.LoraR, "lora_r", 16, "LoRA rank")
	fs.Float64Var(&o.LoraAlpha, "lora_alpha", 32, "LoRA alpha (scaling alpha/r, or alpha/sqrt(r) with --use_rslora)")
	fs.Float64Var(&o.LoraDropout, "lora_dropout", 0.05, "dropout on the LoRA adapter input")
	fs.StringVar(&o.LoraTargetModules, "lora_target_modules", "q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj", "comma-separated linear layers that get adapters")
	fs.BoolVar(&o.UseRSLoRA, "use_rslora", false, "rank-stabilised LoRA scaling alpha/sqrt(r)")
	fs.StringVar(&o.LoraModulesToSave, "lora_modules_to_save", pipeline.AutoModulesToSave, "base modules trained in full and saved with the adapter (peft modules_to_save): embed_tokens, none, or auto (embed_tokens for models under 100M parameters with tied embeddings, which cannot write the tool-call tokens otherwise)")

	fs.IntVar(&o.MaxNewTokens, "max_new_tokens", 96, "generation length limit for inference and evaluation")
	fs.Float64Var(&o.Temperature, "temperature", 0, "sampling temperature for inference (0: greedy)")
	fs.BoolVar(&o.GuidedCalls, "guided_calls", false, pipeline.GuidedCallsUsage)
	fs.IntVar(&o.EvalExamples, "eval_examples", 0, "held-out examples to evaluate the base model and checkpoints on (0: all, -1: skip the evaluation after training)")

	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	return o, o.check()
}

func (o *options) check() error {
	switch {
	case o.NumExamples <= 0:
		return fmt.Errorf("--num_examples must be positive, got %d", o.NumExamples)
	case o.NumEvalExamples < 0:
		return fmt.Errorf("--num_eval_examples must not be negative, got %d", o.NumEvalExamples)
	case o.SaveStrategy != "steps" && o.SaveStrategy != "epoch" && o.SaveStrategy != "no":
		return fmt.Errorf("--save_strategy must be steps, epoch or no, got %q", o.SaveStrategy)
	case o.LRSchedulerType != "cosine" && o.LRSchedulerType != "linear" && o.LRSchedulerType != "constant":
		return fmt.Errorf("--lr_scheduler_type must be cosine, linear or constant, got %q", o.LRSchedulerType)
	case o.TrainTurns != "all" && o.TrainTurns != "first":
		return fmt.Errorf("--train_turns must be all or first, got %q", o.TrainTurns)
	case !(o.DecisionTokenWeight >= 0) || math.IsInf(o.DecisionTokenWeight, 0):
		return fmt.Errorf("--decision_token_weight must be a finite number >= 0, got %g", o.DecisionTokenWeight)
	case o.Seed < 0:
		return fmt.Errorf("--seed must not be negative, got %d", o.Seed)
	}
	if o.ScenarioWeights != "" {
		mix, err := datagen.ParseScenarioWeights(o.ScenarioWeights)
		if err != nil {
			return fmt.Errorf("--scenario_weights: %w", err)
		}
		o.scenarioMix = mix
	}
	return nil
}
