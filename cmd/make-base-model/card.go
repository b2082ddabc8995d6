package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tooltune/tooltune/internal/atomicfile"
	"github.com/tooltune/tooltune/lib/corpus"
	"github.com/tooltune/tooltune/lib/model"
)

// writeGenerationConfig writes generation_config.json: greedy decoding that stops at the
// end-of-turn token, as transformers' GenerationConfig reads it.
func writeGenerationConfig(dir string, cfg *model.Config) error {
	gc := map[string]any{
		"bos_token_id":       cfg.BOSTokenID,
		"eos_token_id":       cfg.EOSTokenIDs[0],
		"pad_token_id":       cfg.PadTokenID,
		"do_sample":          false,
		"max_new_tokens":     256,
		"_from_model_config": false,
	}
	return atomicfile.WriteJSON(filepath.Join(dir, "generation_config.json"), gc)
}

// command is the make-base-model command line that recreates a build with options o.
func command(o options) string {
	d := defaultOptions()
	args := []string{"go run ./cmd/make-base-model"}
	add := func(name string, v, def any) {
		if fmt.Sprint(v) != fmt.Sprint(def) {
			args = append(args, fmt.Sprintf("--%s %v", name, v))
		}
	}
	add("out", o.Out, "")
	add("init_from", o.InitFrom, d.InitFrom)
	add("seed", o.Seed, d.Seed)
	add("corpus_examples", o.CorpusExamples, d.CorpusExamples)
	add("kind_weights", o.KindWeights, d.KindWeights)
	add("heldout_examples", o.HeldoutExamples, d.HeldoutExamples)
	add("tool_texts", o.ToolTexts, d.ToolTexts)
	add("vocab_size", o.VocabSize, d.VocabSize)
	add("pretokenizer", o.PreTokenizer, d.PreTokenizer)
	add("hidden", o.Hidden, d.Hidden)
	add("layers", o.Layers, d.Layers)
	add("heads", o.Heads, d.Heads)
	add("kv_heads", o.KVHeads, d.KVHeads)
	add("ffn", o.FFN, (8*o.Hidden/3+31)/32*32)
	add("steps", o.Steps, d.Steps)
	add("batch", o.Batch, d.Batch)
	add("seq_len", o.SeqLen, d.SeqLen)
	add("long_seq_len", o.LongSeqLen, d.LongSeqLen)
	add("long_fraction", o.LongFraction, d.LongFraction)
	add("lr", o.LR, d.LR)
	add("warmup", o.Warmup, d.Warmup)
	add("weight_decay", o.WeightDecay, d.WeightDecay)
	add("max_grad_norm", o.GradClip, d.GradClip)
	add("init_std", o.InitStd, d.InitStd)
	return strings.Join(args, " ")
}

// kindMix lists the corpus topic weights a build used, in lib/corpus's kind order.
func kindMix(o options) string {
	weights, _ := o.kindWeights() // validated before the build
	var parts []string
	for _, k := range corpus.Kinds() {
		if w := weights[k]; w > 0 {
			parts = append(parts, fmt.Sprintf("%s %g", k, w))
		}
	}
	return strings.Join(parts, ", ")
}

// optionalKinds describes the corpus kinds the base text of the card leaves out, for those
// the mix weighs.
func optionalKinds(o options) string {
	weights, _ := o.kindWeights() // validated before the build
	var parts []string
	for _, k := range []struct{ kind, text string }{
		{corpus.KindEveryday, "everyday errands (what casual requests such as \"spin some jazz\" mean in plain words, other ways to say them, whether a request says all it needs, two requests in one message)"},
		{corpus.KindChoice, "forms whose fields list their values, filled from requests that say them in other words"},
		{corpus.KindCatalog, "catalogs of town-and-home services (book, cancel, pay, report) asked for in casual words, including requests no form fits, requests that leave out a required field and two requests in one message"},
	} {
		if weights[k.kind] > 0 {
			parts = append(parts, k.text)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return ", " + strings.Join(parts, ", ")
}

// earlierRecipe quotes how the model a build continues was made: the "How it was made"
// section of its model card, so that the card of a continued model holds the whole recipe.
func earlierRecipe(o options) string {
	if o.InitFrom == "" {
		return ""
	}
	card, err := os.ReadFile(filepath.Join(o.InitFrom, "README.md"))
	_, section, found := strings.Cut(string(card), "## How it was made\n")
	if err != nil || !found {
		return fmt.Sprintf("\nThe weights it continues come from %s, which has no model card to quote.\n", o.InitFrom)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	return fmt.Sprintf("\n### Before: how %s was made\n\nThis build continued training the model below (quoted from its model card).\n\n%s\n",
		o.InitFrom, strings.TrimSpace(section))
}

// preTokenizerDescription says what --pretokenizer chose, for the model card.
func preTokenizerDescription(name string) string {
	if name == "bare_words" {
		return "bare words (spaces and quotes are pieces of their own, so a word is the same tokens in a question, in a list and inside JSON, and copying it is copying tokens)"
	}
	return "Llama-3 style (a word carries the space or quote before it)"
}

// tokenizerItem describes the tokenizer of a build for the model card.
func tokenizerItem(s *summary) string {
	if s.Opts.InitFrom != "" {
		return fmt.Sprintf("the tokenizer of %s (see its model card), unchanged.", s.Opts.InitFrom)
	}
	trainedOn := fmt.Sprintf(`trained on the rendered corpus alone (%d texts), so every token of a tool
   list or call is a token the model trained on.`, s.TokenizerTexts)
	if s.Opts.ToolTexts > 0 {
		trainedOn = fmt.Sprintf(`trained on the rendered corpus plus %d rendered tool-use conversations from
   lib/datagen (%d texts in all) so that tool names and JSON compress well. The tokenizer saw
   tool-use text; the model did not.`, s.Opts.ToolTexts, s.TokenizerTexts)
	}
	return fmt.Sprintf(`lib/tokenizer/trainer, byte-level BPE, %d tokens, the chat markers as
   special tokens, %s Pre-tokenizer: %s.`, s.Config.VocabSize, trainedOn, preTokenizerDescription(s.Opts.PreTokenizer))
}

// initItem says where training started.
func initItem(o options) string {
	if o.InitFrom != "" {
		return "continued from the weights of " + o.InitFrom
	}
	return fmt.Sprintf("from random init N(0, %g²)", o.InitStd)
}

// writeSamples lists prompt → answer pairs as Markdown bullets.
func writeSamples(b *strings.Builder, samples []sample) {
	for _, smp := range samples {
		fmt.Fprintf(b, "- %q → %q\n", smp.Prompt, smp.Answer)
	}
}

// writeModelCard writes README.md: what the model is, how it was made, and how well it
// trained.
func writeModelCard(dir string, s *summary) error {
	var b strings.Builder
	c := s.Config
	ph := s.Opts.phases()
	fmt.Fprintf(&b, `---
license: apache-2.0
library_name: transformers
pipeline_tag: text-generation
tags: [llama, tiny, tooltune, chat]
---

# %s

A tiny Llama-family chat model (%.2fM parameters) that ToolTune builds from nothing, offline, to
demonstrate tool-use fine-tuning on a laptop CPU. It speaks ToolTune's chat format
(<|system|>, <|user|>, <|assistant|>, <|end|>) but has **never seen a tool, a tool list or a
tool call**: teaching that is the job of LoRA fine-tuning (`+"`go run ./cmd/tool_using`"+`).
It knows only what its small synthetic corpus taught it; do not rely on it for facts.

## How it was made

    %s

The command is deterministic: the same flags give the same tokenizer and, on the same backend
and matrix kernel (recorded below), the same weights bit for bit; other kernels sum in another
order and give slightly different floats.

1. **Corpus** (lib/corpus, seed %d): %d synthetic conversations (%d tokens) of greetings, small
   talk, facts (capitals, currencies, climates, science, animals, calendar, units), arithmetic,
   definitions, how-to steps, writing help with names, dates and email addresses, refusals of
   harmful or impossible requests, copying (repeating made-up names, codes and numbers; writing
   a user's data as lists, "key: value" lines or JSON), lookup (answering with the code of
   the item a system message lists for a question), codes (airport codes, IANA time zones and
   ticker symbols; dates as YYYY-MM-DD) and forms (filling the form that fits from a JSON-Schema
   catalog in the system message, as a JSON object)%s. Topic weights: %s. No tools, no calls,
   and no questions about live data.
2. **Tokenizer**: %s
3. **Model**: %s, RoPE θ=%g, RMSNorm ε=%g, float32.
4. **Training** (every weight, %s): %d steps of %d rows × %d tokens, then
   %d steps of %d rows × %d tokens so that every position fine-tuning uses has been trained
   (conversations packed into rows, loss on every token), about %.2f epochs; AdamW (lr %g, warmup
   %.0f%%, cosine decay, weight decay %g, gradient clipping %g), backend %s.
%s
## Results

| | |
|---|---|
| training loss, first %d steps | %.4f |
| training loss, last %d steps | %.4f |
| held-out loss (%d conversations, another seed), rows of %d / %d | %.4f / %.4f |
| copy probe: exact answers to %d unseen copy and lookup requests | %d |
| catalog probe: held-out tool requests, the tools written as a form catalog, no fine-tuning: right form (and fields) of %d that need a call; no form for %d that need none | %d (%d); %d |
| training throughput | %.0f tokens/s |
| training time | %s (whole build %s) |

Greedy answers of the finished model:

`, filepath.Base(s.Opts.Out), float64(s.Params)/1e6, command(s.Opts), s.Opts.Seed, s.CorpusExamples, s.CorpusTokens, optionalKinds(s.Opts), kindMix(s.Opts),
		tokenizerItem(s), c, c.RopeTheta, c.RMSNormEps, initItem(s.Opts), ph.shortSteps, s.Opts.Batch, s.Opts.SeqLen,
		ph.longSteps, ph.longRows, s.Opts.LongSeqLen, s.Epochs,
		s.Opts.LR, 100*s.Opts.Warmup, s.Opts.WeightDecay, s.Opts.GradClip, s.Backend, earlierRecipe(s.Opts),
		s.Opts.LogEvery, s.FirstLoss, s.Opts.LogEvery, s.FinalLoss, s.Opts.HeldoutExamples,
		s.Opts.SeqLen, s.Opts.LongSeqLen, s.HeldoutLoss, s.HeldoutLossLong,
		s.Probe.Total, s.Probe.Exact, s.Catalog.CallCases, s.Catalog.NoCallCases, s.Catalog.RightForm, s.Catalog.RightFields, s.Catalog.NoForm, s.TokensPerSecond, s.TrainTime.Round(time.Second), s.TotalTime.Round(time.Second))
	writeSamples(&b, s.Samples)
	if len(s.Probe.Misses) > 0 {
		b.WriteString("\nCopy probe answers that missed (reference → answer):\n\n")
		writeSamples(&b, s.Probe.Misses)
	}
	b.WriteString(`
## Files

config.json and model.safetensors (LlamaForCausalLM layout, tied embeddings), tokenizer.json and
tokenizer_config.json (bos <|endoftext|>, eos <|end|>, pad <|pad|>), generation_config.json
(greedy, stops at <|end|>). lib/modelcheck verifies them (go test ./lib/modelcheck).
`)
	return atomicfile.WriteFile(filepath.Join(dir, "README.md"), []byte(b.String()))
}
