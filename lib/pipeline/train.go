package pipeline

import (
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/hub"
	"github.com/tooltune/tooltune/lib/lora"
	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/tokenizer"
	"github.com/tooltune/tooltune/lib/train"
)

// TrainConfig is the training stage: which model, which adapters, how to train.
type TrainConfig struct {
	// ModelName is the base model (a directory or a Hugging Face id in the local cache).
	ModelName string
	LoRA      lora.Config
	// Train holds the optimizer, schedule, checkpointing and output directory settings.
	Train train.Config
	// MaxSeqLength truncates tokenized examples.
	MaxSeqLength int
	// ChatTemplate renders the conversations: "" for DefaultTemplate, "original",
	// "compact", "hermes", or ModelTemplate for the model's own Jinja template. Train records
	// it in Train.OutputDir (TemplateRecordFile) for evaluation and chat to find.
	ChatTemplate string
	// ResumeFromCheckpoint is a checkpoint directory, or "latest" for the newest in
	// Train.OutputDir; "" starts from scratch.
	ResumeFromCheckpoint string
	// FirstTurnsOnly trains (and measures the held-out loss) on each conversation up to its
	// first assistant turn (dataset.FirstTurns): the decision that evaluation scores, in
	// shorter sequences, but nothing about answering from tool results.
	FirstTurnsOnly bool
	// DecisionWeight weighs the training loss of the decision tokens (call, answer or ask
	// back; another call or the end: train.TokenizeConfig.DecisionWeight); 0 or 1 weighs every
	// token alike. The held-out loss always weighs every token alike, so runs compare.
	DecisionWeight float64
}

// AutoModulesToSave in LoRA.ModulesToSave lets Train choose: embed_tokens for small models with
// tied embeddings, nothing otherwise (see autoModulesToSave).
const AutoModulesToSave = "auto"

// autoModulesToSave trains the token embeddings of models under 100M parameters whose lm_head
// is the embedding table. Such models (the shipped tiny one) were built without tool calls, so
// the tool-call markers and many pieces of tool names have the random embeddings they started
// with: the model can neither read nor write them, and LoRA's updates to the projections cannot
// change that. The table is a few percent of such a model and cheap to train. Large models get
// plain LoRA, as PEFT's defaults do.
func autoModulesToSave(c *model.Config) []string {
	if c.TieWordEmbeddings && c.NumParameters() < 100_000_000 {
		return []string{lora.EmbedTokens}
	}
	return nil
}

// savedModules says which base modules train in full, for the log.
func savedModules(names []string) string {
	if len(names) == 0 {
		return ""
	}
	return ", plus " + strings.Join(names, ", ") + " trained in full"
}

// Train LoRA fine-tunes the base model on the prepared data: it loads the model and its
// tokenizer, attaches adapters, tokenizes with the assistant-only loss mask, trains with
// checkpoints (resuming when asked) and says where everything was written. Cancelling ctx
// (Ctrl-C) stops after the current step with a checkpoint saved.
func Train(ctx context.Context, cfg TrainConfig, data *Data, log io.Writer) (*train.Result, error) {
	lm, err := LoadModel(ctx, cfg.ModelName, nil, hub.Config{})
	if err != nil {
		return nil, fmt.Errorf("training: %w", err)
	}
	m := lm.Model
	fmt.Fprintf(log, "\nModel %s (%s): %s, backend %s\n", cfg.ModelName, lm.Dir, m.Config, model.DescribeBackend(m.Backend))

	loraCfg := cfg.LoRA
	if loraCfg.BaseModel == "" {
		loraCfg.BaseModel = cfg.ModelName
	}
	if slices.Equal(loraCfg.ModulesToSave, []string{AutoModulesToSave}) {
		loraCfg.ModulesToSave = autoModulesToSave(m.Config)
	}
	adapters, err := lora.Attach(m, loraCfg, cfg.Train.Seed)
	if err != nil {
		return nil, fmt.Errorf("training: %w", err)
	}
	tmpl, err := Template(cfg.ChatTemplate, lm.Dir)
	if err != nil {
		return nil, fmt.Errorf("training: %w", err)
	}
	if cfg.FirstTurnsOnly {
		cut := *data
		cut.Train, cut.Heldout = dataset.FirstTurns(data.Train), dataset.FirstTurns(data.Heldout)
		data = &cut
		fmt.Fprintln(log, "Training on each conversation up to its first assistant turn (--train_turns first)")
	}
	trainSeqs, heldout, err := tokenizeData(train.TokenizeConfig{Template: tmpl, MaxSeqLength: cfg.MaxSeqLength, DecisionWeight: cfg.DecisionWeight}, data, lm.Tokenizer, log)
	if err != nil {
		return nil, err
	}
	trainer, err := train.New(adapters, trainSeqs, heldout, cfg.Train)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(log, "LoRA r=%d alpha=%g on %d modules%s; %d optimizer steps\n", loraCfg.R, loraCfg.Alpha, len(adapters.Modules()),
		savedModules(loraCfg.ModulesToSave), trainer.MaxSteps())
	if cfg.ResumeFromCheckpoint != "" {
		dir, err := train.ResolveCheckpoint(cfg.ResumeFromCheckpoint, cfg.Train.OutputDir)
		if err != nil {
			return nil, fmt.Errorf("training: %w", err)
		}
		if err := trainer.Resume(dir); err != nil {
			return nil, err
		}
		fmt.Fprintf(log, "Resumed from %s at step %d\n", dir, trainer.Step())
	}
	if err := recordTemplate(cfg.Train.OutputDir, cfg.ChatTemplate); err != nil {
		return nil, fmt.Errorf("training: recording the chat template: %w", err)
	}
	res, err := trainer.Train(ctx)
	if err != nil {
		return nil, err
	}
	printOutputs(log, cfg.Train.OutputDir, res)
	return res, nil
}

// tokenizeData renders and tokenizes both sets and prints what truncation did. Only the
// training set weighs decision tokens apart.
func tokenizeData(tc train.TokenizeConfig, data *Data, tok *tokenizer.Tokenizer, stdout io.Writer) (trainSeqs, heldout []train.Sequence, err error) {
	if trainSeqs, err = tokenizeSet(tc, "training", data.TrainPath, data.Train, tok, stdout); err != nil {
		return nil, nil, err
	}
	if len(trainSeqs) == 0 {
		return nil, nil, fmt.Errorf("training: no training example keeps an assistant token within --max_seq_length %d; raise it", tc.MaxSeqLength)
	}
	plain := tc
	plain.DecisionWeight = 0
	if heldout, err = tokenizeSet(plain, "held-out", data.HeldoutPath, data.Heldout, tok, stdout); err != nil {
		return nil, nil, err
	}
	return trainSeqs, heldout, nil
}

func tokenizeSet(tc train.TokenizeConfig, name, path string, exs []dataset.Example, tok *tokenizer.Tokenizer, stdout io.Writer) ([]train.Sequence, error) {
	seqs, st, err := train.Tokenize(exs, tok, tc)
	if err != nil {
		return nil, fmt.Errorf("training: %s: %w", path, err)
	}
	fmt.Fprintf(stdout, "Tokenized %d %s examples: %d tokens, %d in assistant turns (trained on); %d truncated to %d tokens, %d dropped (no assistant token left)\n",
		st.Examples, name, st.Tokens, st.TargetTokens, st.Truncated, tc.MaxSeqLength, st.Dropped)
	if st.Dropped*10 > st.Examples {
		fmt.Fprintf(stdout, "Warning: %d of %d %s examples have no assistant token within --max_seq_length %d (the system turn with the tool list comes first); raise --max_seq_length to train on them\n",
			st.Dropped, st.Examples, name, tc.MaxSeqLength)
	}
	return seqs, nil
}

func printOutputs(stdout io.Writer, outputDir string, res *train.Result) {
	fmt.Fprintf(stdout, "\nTrained %d steps: mean training loss %.4f, last %.4f", res.GlobalStep, res.TrainLoss, res.LastLoss)
	if !math.IsNaN(res.EvalLoss) {
		fmt.Fprintf(stdout, ", held-out loss %.4f", res.EvalLoss)
	}
	fmt.Fprintf(stdout, "; %.0f tokens/s\n", res.TokensPerSecond)
	fmt.Fprintf(stdout, "Final adapter (PEFT format): %s, %s\n", filepath.Join(outputDir, lora.ConfigFile), filepath.Join(outputDir, lora.WeightsFile))
	fmt.Fprintf(stdout, "Trainer state: %s\n", filepath.Join(outputDir, train.TrainerStateFile))
	fmt.Fprintf(stdout, "Metrics log: %s\n", filepath.Join(outputDir, train.LogFile))
	fmt.Fprintf(stdout, "Chat template used (read by evaluate_checkpoints and tooltune chat): %s\n", filepath.Join(outputDir, TemplateRecordFile))
	for _, c := range res.Checkpoints {
		fmt.Fprintf(stdout, "Checkpoint: %s\n", c)
	}
}
