package pipeline

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/hub"
	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/tools"
	"github.com/tooltune/tooltune/lib/train/tinymodel"
)

// tinyModel writes a small random model with a tokenizer trained on chat-like text and loads it.
func tinyModel(t *testing.T) *LoadedModel {
	t.Helper()
	texts := make([]string, 60)
	for i := range texts {
		texts[i] = strings.Repeat("<|user|>\nWhat is the weather in Paris, Oslo or Lima today?\n<|assistant|>\nIt is sunny and mild.<|end|>\n", 1+i%3)
	}
	opts := tinymodel.DefaultOptions(texts)
	opts.VocabSize = 300
	dir := t.TempDir()
	if err := tinymodel.Write(dir, opts); err != nil {
		t.Fatal(err)
	}
	lm, err := LoadModel(context.Background(), dir, nil, hub.Config{})
	if err != nil {
		t.Fatal(err)
	}
	return lm
}

func TestTextGeneratorMatchesModelGenerate(t *testing.T) {
	lm := tinyModel(t)
	prompts := []string{
		"<|user|>\nWhat is the weather in Paris?\n<|assistant|>\n",
		"<|user|>\nHi\n<|assistant|>\n",
		"<|user|>\nWhat is the weather in Oslo or Lima today, and tomorrow?\n<|assistant|>\n",
	}
	cfg := model.GenerateConfig{MaxNewTokens: 12}
	gen := lm.Generator(cfg, 2) // two batches: 2 prompts, then 1
	got, err := gen.Generate(prompts)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(prompts) {
		t.Fatalf("got %d outputs for %d prompts", len(got), len(prompts))
	}
	full := gen.config()
	for i, p := range prompts {
		prefix, err := lm.Tokenizer.Encode("", true)
		if err != nil {
			t.Fatal(err)
		}
		body, err := lm.Tokenizer.Encode(p, false)
		if err != nil {
			t.Fatal(err)
		}
		ids, err := lm.Model.Generate([][]int{append(prefix, body...)}, full)
		if err != nil {
			t.Fatal(err)
		}
		if want := lm.Tokenizer.Decode(ids[0], false); got[i] != want {
			t.Errorf("prompt %d: generator gave %q, the model alone %q", i, got[i], want)
		}
		if n := len(ids[0]); n > cfg.MaxNewTokens {
			t.Errorf("prompt %d: %d new tokens, limit %d", i, n, cfg.MaxNewTokens)
		}
	}
}

func TestTextGeneratorStops(t *testing.T) {
	lm := tinyModel(t)
	gen := &TextGenerator{Model: lm.Model, Tokenizer: lm.Tokenizer, StopStrings: []string{chat.EndOfTurn, "sunny and"}}
	cfg := gen.config()
	endID, ok := lm.Tokenizer.TokenID(chat.EndOfTurn)
	if !ok {
		t.Fatal("the tiny tokenizer has no end-of-turn token")
	}
	if !slices.Contains(cfg.StopTokens, endID) {
		t.Errorf("stop tokens %v lack the end-of-turn token %d", cfg.StopTokens, endID)
	}
	if cfg.StopFunc == nil {
		t.Fatal("a multi-token stop string needs a StopFunc")
	}
	for text, want := range map[string]bool{"It is sunny and mild.": true, "It is sunny.": false, "": false} {
		ids, err := lm.Tokenizer.Encode(text, false)
		if err != nil {
			t.Fatal(err)
		}
		if got := cfg.StopFunc(ids); got != want {
			t.Errorf("StopFunc(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestLoadModelErrors(t *testing.T) {
	_, err := LoadModel(context.Background(), t.TempDir()+"/missing", nil, hub.Config{})
	if err == nil || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("want an error naming the missing model, got %v", err)
	}
}

// TestGuidedGenerationWritesAnOfferedCall starts a random model inside a call block: guided,
// it can only write the call syntax, an offered tool's name and its parameters' keys.
func TestGuidedGenerationWritesAnOfferedCall(t *testing.T) {
	lm := tinyModel(t)
	reg, err := tools.Select("get_current_weather,send_email")
	if err != nil {
		t.Fatal(err)
	}
	offered := reg.Tools()
	gen := lm.Generator(model.GenerateConfig{MaxNewTokens: 40}, 2)
	if gen.Guider, err = NewGuider(chat.Compact{}, lm.Tokenizer); err != nil {
		t.Fatal(err)
	}
	prompts := []string{
		"<|user|>\nWhat is the weather in Paris?\n<|assistant|>\n" + chat.CallOpen,
		"<|user|>\nHi\n<|assistant|>\n" + chat.CallOpen,
		"<|user|>\nWhat is the weather in Lima?\n<|assistant|>\nIt is",
	}
	outs, err := gen.GenerateWithTools(prompts, [][]tools.Tool{offered, offered, offered})
	if err != nil {
		t.Fatal(err)
	}
	free, err := gen.Generate(prompts)
	if err != nil {
		t.Fatal(err)
	}
	for i, out := range outs[:2] {
		if !strings.HasPrefix(out, "\nname: get_current_weather\nparameters: {\"") && !strings.HasPrefix(out, "\nname: send_email\nparameters: {\"") {
			t.Errorf("prompt %d: guided output %q does not start a call to an offered tool (unguided: %q)", i, out, free[i])
		}
	}
	if outs[2] != free[2] {
		t.Errorf("outside a block guidance changed the text: %q, unguided %q", outs[2], free[2])
	}
	if _, err := gen.GenerateWithTools(prompts, [][]tools.Tool{offered}); err == nil {
		t.Error("no error for one tool list for three prompts")
	}
}
