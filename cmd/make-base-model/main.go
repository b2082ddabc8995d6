// Command make-base-model builds ToolTune's tiny base model from nothing, offline and
// deterministically: it generates a general chat corpus (lib/corpus: greetings, facts,
// arithmetic, how-tos, definitions, refusals, writing help; never a tool), trains a byte-level
// BPE tokenizer with the chat markers as special tokens, trains a small Llama decoder on the
// corpus from random weights, and writes a Hugging Face model directory:
//
//	config.json  model.safetensors  tokenizer.json  tokenizer_config.json
//	generation_config.json  README.md (the model card: how it was made)
//
// The model is trained on the corpus only and never sees a tool list, a call or a result.
// Fine-tuning then has to teach it tool use, which is the point of the demonstration. By
// default the tokenizer is trained on the corpus alone too (--tool_texts 0): a tokenizer that
// also saw tool-use text makes compact tokens of tool words ("parameters", `":Ġ{"`) that the
// model never trained on as inputs, and a fifth of a tool list's tokens were then unreadable to
// it. The corpus mix leans on the skills a tool call needs: copying a user's words into a
// structured answer (copy, form) and finding the item of a system-message catalog that fits a
// request (lookup), besides general chat.
//
// The model card reports, besides losses and sample answers, a copy probe: how many of 48
// unseen requests to repeat or look up made-up words the model answers exactly. Fine-tuning
// cannot teach tool calls to a model that cannot copy a word into its answer, so this is the
// number to watch when changing the recipe (--kind_weights, --pretokenizer, --tool_texts,
// --steps). A catalog probe follows: held-out requests for the basic tools, with the tools
// written as a form catalog (the format of lib/corpus's form and catalog kinds), answered
// with no fine-tuning. It tells whether the model reads a catalog it never saw, which is what
// fine-tuning builds on; --probe_only runs both probes on an existing model.
//
// The defaults rebuild the shipped models/tooltune-tiny (2.56M parameters, 147M training
// tokens). That is a GPU job: 5m25s on one H100 with XLA (eval "$(scripts/jax-pjrt-env)"
// sets it up); on CPU cores it takes hours, and the held-out pass on 32 rows of 2,048 tokens
// needs more than 24 GB. A small CPU build for experiments takes about 25 minutes on 2 cores.
//
// Usage:
//
//	go run ./cmd/make-base-model                       # the shipped model, on a GPU
//	go run ./cmd/make-base-model --out /tmp/small --hidden 128 --heads 4 --kv_heads 2 --corpus_examples 20000 \
//	    --steps 1200 --batch 8 --seq_len 256 --long_fraction 0.2 --warmup 0.05   # CPU, ~25 minutes
//	go run ./cmd/make-base-model --steps 50 --corpus_examples 2000 --out /tmp/smoke   # a quick check
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/tooltune/tooltune/lib/corpus"
	"github.com/tooltune/tooltune/lib/datagen"
	"github.com/tooltune/tooltune/lib/tokenizer/trainer"
)

// options are the command-line flags.
type options struct {
	Out                   string
	InitFrom              string
	Seed                  uint64
	CorpusExamples        int
	KindWeights           string
	HeldoutExamples       int
	ToolTexts             int
	VocabSize             int
	PreTokenizer          string
	Hidden, Layers        int
	Heads, KVHeads, FFN   int
	Steps, Batch, SeqLen  int
	LongSeqLen            int
	LongFraction          float64
	LR, Warmup            float64
	WeightDecay, GradClip float64
	InitStd               float64
	LogEvery, EvalEvery   int
	ProbeOnly             bool
}

// shippedKindWeights is the corpus mix of the shipped model: copying and form filling make up
// two fifths of it, because a tiny model learns to copy only when its corpus demands it, and
// everyday errands a fifth, because fine-tuning cannot connect a request to a tool through
// words the model has never read (with them the default run gained 2.5 and 7.9 points of
// tool-call accuracy on two seeds).
const shippedKindWeights = "everyday=0.2,copy=0.24,lookup=0.08,form=0.16,codes=0.08,fact=0.08,greeting=0.024," +
	"small_talk=0.024,arithmetic=0.032,how_to=0.024,definition=0.024,refusal=0.016,writing=0.016"

func defaultOptions() options {
	return options{
		Out: "models/tooltune-tiny", Seed: 42, CorpusExamples: 400000, KindWeights: shippedKindWeights, HeldoutExamples: 200, ToolTexts: 0,
		VocabSize: 4096, PreTokenizer: "bare_words", Hidden: 192, Layers: 4, Heads: 6, KVHeads: 6, FFN: 0,
		Steps: 4500, Batch: 32, SeqLen: 1024, LongSeqLen: 2048, LongFraction: 0.1, LR: 3e-3, Warmup: 0.02, WeightDecay: 0.01, GradClip: 1, InitStd: 0.02,
		LogEvery: 10, EvalEvery: 250,
	}
}

func parseFlags(args []string) (options, error) {
	o := defaultOptions()
	fs := flag.NewFlagSet("make-base-model", flag.ContinueOnError)
	fs.StringVar(&o.Out, "out", o.Out, "output model directory (Hugging Face layout)")
	fs.StringVar(&o.InitFrom, "init_from", "", "continue training the model in this directory (its tokenizer and weights; the architecture and tokenizer flags are then ignored) instead of starting from random weights")
	fs.Uint64Var(&o.Seed, "seed", o.Seed, "seed of the corpus, tokenizer data, initial weights and batch order")
	fs.IntVar(&o.CorpusExamples, "corpus_examples", o.CorpusExamples, "conversations in the training corpus")
	fs.StringVar(&o.KindWeights, "kind_weights", o.KindWeights, "corpus topic mix as KIND=WEIGHT,... (kinds of lib/corpus; empty: lib/corpus's default mix, without copy, lookup, codes and form)")
	fs.IntVar(&o.HeldoutExamples, "heldout_examples", o.HeldoutExamples, "conversations (another seed) for the held-out loss")
	fs.IntVar(&o.ToolTexts, "tool_texts", o.ToolTexts, "rendered tool-use conversations added to the TOKENIZER's training text (never the model's)")
	fs.IntVar(&o.VocabSize, "vocab_size", o.VocabSize, "tokenizer vocabulary size")
	fs.StringVar(&o.PreTokenizer, "pretokenizer", o.PreTokenizer, "how text is split before BPE: bare_words (words never carry a space or quote, so copied words keep their tokens) or leading_space (Llama-3 style)")
	fs.IntVar(&o.Hidden, "hidden", o.Hidden, "hidden size")
	fs.IntVar(&o.Layers, "layers", o.Layers, "decoder layers")
	fs.IntVar(&o.Heads, "heads", o.Heads, "attention heads")
	fs.IntVar(&o.KVHeads, "kv_heads", o.KVHeads, "key/value heads (grouped-query attention)")
	fs.IntVar(&o.FFN, "ffn", o.FFN, "MLP intermediate size (0: 8/3 of hidden, rounded up to a multiple of 32)")
	fs.IntVar(&o.Steps, "steps", o.Steps, "optimizer steps")
	fs.IntVar(&o.Batch, "batch", o.Batch, "rows per batch")
	fs.IntVar(&o.SeqLen, "seq_len", o.SeqLen, "tokens per row (conversations are packed into rows)")
	fs.IntVar(&o.LongSeqLen, "long_seq_len", o.LongSeqLen, "tokens per row in the final long-context phase (fine-tuning examples with tool lists are ~1,000 tokens)")
	fs.Float64Var(&o.LongFraction, "long_fraction", o.LongFraction, "share of the steps trained on long rows, at the end (same tokens per step: fewer rows)")
	fs.Float64Var(&o.LR, "lr", o.LR, "peak learning rate (linear warmup, cosine decay to 0)")
	fs.Float64Var(&o.Warmup, "warmup", o.Warmup, "share of the steps spent warming up")
	fs.Float64Var(&o.WeightDecay, "weight_decay", o.WeightDecay, "AdamW weight decay")
	fs.Float64Var(&o.GradClip, "max_grad_norm", o.GradClip, "clip gradients to this global norm (0: off)")
	fs.Float64Var(&o.InitStd, "init_std", o.InitStd, "standard deviation of the initial weights")
	fs.IntVar(&o.LogEvery, "log_every", o.LogEvery, "print progress every N steps")
	fs.IntVar(&o.EvalEvery, "eval_every", o.EvalEvery, "held-out loss every N steps (0: only at the end)")
	fs.BoolVar(&o.ProbeOnly, "probe_only", false, "build nothing: run the copy and catalog probes on the model in --out and print their scores")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if o.FFN == 0 {
		o.FFN = (8*o.Hidden/3 + 31) / 32 * 32
	}
	return o, o.validate()
}

func (o options) validate() error {
	positive := []struct {
		name  string
		value int
	}{
		{"corpus_examples", o.CorpusExamples}, {"vocab_size", o.VocabSize}, {"hidden", o.Hidden}, {"layers", o.Layers},
		{"heads", o.Heads}, {"kv_heads", o.KVHeads}, {"ffn", o.FFN}, {"steps", o.Steps}, {"batch", o.Batch},
		{"seq_len", o.SeqLen}, {"log_every", o.LogEvery},
	}
	for _, p := range positive {
		if p.value <= 0 {
			return fmt.Errorf("--%s must be positive, got %d", p.name, p.value)
		}
	}
	switch {
	case o.Out == "":
		return fmt.Errorf("--out is empty")
	case splitPatterns()[o.PreTokenizer] == "":
		return fmt.Errorf("--pretokenizer must be bare_words or leading_space, got %q", o.PreTokenizer)
	case o.LongSeqLen < o.SeqLen || o.LongFraction < 0 || o.LongFraction > 1:
		return fmt.Errorf("need --long_seq_len >= --seq_len and 0 <= --long_fraction <= 1")
	case o.HeldoutExamples < 0 || o.ToolTexts < 0 || o.EvalEvery < 0:
		return fmt.Errorf("--heldout_examples, --tool_texts and --eval_every must not be negative")
	case !(o.LR > 0) || o.Warmup < 0 || o.Warmup > 1 || o.WeightDecay < 0 || o.GradClip < 0 || !(o.InitStd > 0):
		return fmt.Errorf("need --lr > 0, 0 <= --warmup <= 1, --weight_decay >= 0, --max_grad_norm >= 0, --init_std > 0")
	}
	_, err := o.kindWeights()
	return err
}

// kindWeights is the corpus topic mix of the build: --kind_weights ("copy=2,fact=1", kinds of
// lib/corpus) when given, else lib/corpus's default.
func (o options) kindWeights() (map[string]float64, error) {
	if o.KindWeights == "" {
		return corpus.DefaultKindWeights(), nil
	}
	bad := fmt.Errorf("--kind_weights must be KIND=WEIGHT,... with kinds from lib/corpus, got %q", o.KindWeights)
	out, err := datagen.ParseWeights(o.KindWeights)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", bad, err)
	}
	for k := range out {
		if !slices.Contains(corpus.Kinds(), k) {
			return nil, fmt.Errorf("%w: unknown kind %q (want one of %v)", bad, k, corpus.Kinds())
		}
	}
	return out, nil
}

// splitPatterns maps --pretokenizer values to the tokenizer trainer's split patterns.
func splitPatterns() map[string]string {
	return map[string]string{"bare_words": trainer.BareWordsPattern, "leading_space": trainer.LeadingSpacePattern}
}

func main() {
	o, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "make-base-model:", err)
		os.Exit(2)
	}
	start := time.Now()
	if o.ProbeOnly {
		err = printProbes(o, os.Stdout)
	} else {
		_, err = build(o, os.Stderr)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "make-base-model:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "done in %s: %s\n", time.Since(start).Round(time.Second), o.Out)
}
