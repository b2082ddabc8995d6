package pipeline

import (
	"fmt"
	"strings"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/guide"
	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/tokenizer"
	"github.com/tooltune/tooltune/lib/tools"
)

// TextGenerator turns a model and its tokenizer into a text-in, text-out generator (it
// implements eval.Generator): prompts are encoded, continued in batches with the KV cache, and
// the new tokens decoded.
//
// Prompts are encoded the way lib/train encodes the text before an assistant turn: the
// tokenizer's special prefix (a BOS, where the tokenizer adds one) followed by the prompt
// encoded on its own, so that the model sees at evaluation exactly what it was trained on.
type TextGenerator struct {
	Model     *model.Model
	Tokenizer *tokenizer.Tokenizer
	// Config sets the generation length, temperature, top-p and seed. StopTokens and StopFunc
	// are filled in by the generator from StopStrings and the tokenizer's EOS.
	Config model.GenerateConfig
	// StopStrings end a generation as soon as the decoded text contains one; nil means the
	// chat template's end-of-turn marker and the markers that would start another turn.
	StopStrings []string
	// BatchSize is how many prompts go through the model at once; 0 means all of them.
	BatchSize int
	// Guider, when set, guides tool calls in GenerateWithTools (lib/guide): inside a
	// <tool_call> block only tokens that keep a well-formed call to an offered tool are picked.
	Guider *guide.Guider
}

// DefaultStopStrings are the markers after which an assistant turn is over.
func DefaultStopStrings() []string {
	return []string{chat.EndOfTurn, chat.UserMarker, chat.ToolMarker, chat.SystemMarker}
}

// Generate continues each prompt and returns the generated text, stop marker included.
func (g *TextGenerator) Generate(prompts []string) ([]string, error) {
	return g.GenerateWithTools(prompts, nil)
}

// GenerateWithTools is Generate for prompts that offer tools (offered[i] for prompts[i]):
// with a Guider, the calls are guided to those tools; with none, or offered nil, it is
// Generate.
func (g *TextGenerator) GenerateWithTools(prompts []string, offered [][]tools.Tool) ([]string, error) {
	if offered != nil && len(offered) != len(prompts) {
		return nil, fmt.Errorf("generate: %d tool lists for %d prompts", len(offered), len(prompts))
	}
	prefix, err := g.Tokenizer.Encode("", true)
	if err != nil {
		return nil, fmt.Errorf("generate: encode special prefix: %w", err)
	}
	ids := make([][]int, len(prompts))
	for i, p := range prompts {
		body, err := g.Tokenizer.Encode(p, false)
		if err != nil {
			return nil, fmt.Errorf("generate: encode prompt %d: %w", i, err)
		}
		ids[i] = append(append([]int(nil), prefix...), body...)
	}
	cfg := g.config()
	out := make([]string, 0, len(prompts))
	batch := g.BatchSize
	if batch <= 0 {
		batch = max(len(ids), 1)
	}
	for start := 0; start < len(ids); start += batch {
		end := min(start+batch, len(ids))
		if g.Guider != nil && offered != nil {
			if cfg.Constrain, err = g.constrain(prompts[start:end], offered[start:end]); err != nil {
				return nil, fmt.Errorf("generate: prompts %d to %d: %w", start, end-1, err)
			}
		}
		gen, err := g.Model.Generate(ids[start:end], cfg)
		if err != nil {
			return nil, err
		}
		for _, toks := range gen {
			out = append(out, g.Tokenizer.Decode(toks, false))
		}
	}
	return out, nil
}

// constrain returns the Constrain function of a batch of prompts offering these tools.
func (g *TextGenerator) constrain(prompts []string, offered [][]tools.Tool) (func(int, []int, []float32), error) {
	guides := make([]*guide.Guide, len(offered))
	for i, ts := range offered {
		var err error
		if guides[i], err = g.Guider.Guide(ts, prompts[i]); err != nil {
			return nil, err
		}
	}
	return func(row int, generated []int, logits []float32) { guides[row].Mask(generated, logits) }, nil
}

// config completes g.Config with stop tokens and a stop-string check.
func (g *TextGenerator) config() model.GenerateConfig {
	cfg := g.Config
	stops := g.StopStrings
	if stops == nil {
		stops = DefaultStopStrings()
	}
	if eos, ok := g.Tokenizer.EOS(); ok {
		cfg.StopTokens = append(append([]int(nil), cfg.StopTokens...), eos)
	}
	var multiToken []string
	for _, s := range stops {
		if id, ok := g.Tokenizer.TokenID(s); ok {
			cfg.StopTokens = append(cfg.StopTokens, id)
		} else {
			multiToken = append(multiToken, s)
		}
	}
	if len(multiToken) > 0 {
		cfg.StopFunc = func(generated []int) bool {
			// Only the tail can hold a stop string that the previous call did not see.
			tail := generated[max(0, len(generated)-16):]
			text := g.Tokenizer.Decode(tail, false)
			for _, s := range multiToken {
				if strings.Contains(text, s) {
					return true
				}
			}
			return false
		}
	}
	return cfg
}
