package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/model"
)

// The card says what the tokenizer was trained on: a card that claims tool-use text the
// tokenizer never saw (or hides text it did see) misleads whoever reads it.
func TestTokenizerItem(t *testing.T) {
	for _, tc := range []struct {
		toolTexts     int
		initFrom      string
		want, wantNot string
	}{
		{0, "", "rendered corpus alone (900 texts)", "tool-use text"},
		{2000, "", "plus 2000 rendered tool-use conversations", "corpus alone"},
		{0, "models/x", "the tokenizer of models/x", "byte-level BPE"},
	} {
		s := &summary{Config: &model.Config{VocabSize: 4096}, TokenizerTexts: 900}
		s.Opts.ToolTexts, s.Opts.InitFrom = tc.toolTexts, tc.initFrom
		got := tokenizerItem(s)
		if !strings.Contains(got, tc.want) || strings.Contains(got, tc.wantNot) {
			t.Errorf("tool_texts %d, init_from %q:\n%s\nwant %q and not %q", tc.toolTexts, tc.initFrom, got, tc.want, tc.wantNot)
		}
	}
}

// A continued model's card quotes the recipe of the model it continues, so that one card
// holds the whole recipe even after the continued model replaces the first one.
func TestEarlierRecipe(t *testing.T) {
	dir := t.TempDir()
	card := "# first\n\n## How it was made\n\n    go run ./cmd/make-base-model --steps 9\n\n1. **Corpus**: forms.\n\n## Results\n\n| loss | 1 |\n"
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte(card), 0o644); err != nil {
		t.Fatal(err)
	}
	got := earlierRecipe(options{InitFrom: dir})
	for _, want := range []string{"### Before: how " + dir + " was made", "--steps 9", "**Corpus**: forms."} {
		if !strings.Contains(got, want) {
			t.Errorf("earlier recipe lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "loss") {
		t.Errorf("earlier recipe quotes past the recipe:\n%s", got)
	}
	if got := earlierRecipe(options{InitFrom: t.TempDir()}); !strings.Contains(got, "no model card") {
		t.Errorf("a model without a card: %q", got)
	}
	if got := earlierRecipe(options{}); got != "" {
		t.Errorf("a build from random weights: %q", got)
	}
}

// The corpus item names the optional kinds the mix weighs, and only those.
func TestOptionalKinds(t *testing.T) {
	got := optionalKinds(options{KindWeights: "catalog=0.5,fact=0.5"})
	if !strings.Contains(got, "catalogs of town-and-home services") || strings.Contains(got, "everyday errands") {
		t.Errorf("catalog and fact: %q", got)
	}
	if got := optionalKinds(options{KindWeights: "fact=1"}); got != "" {
		t.Errorf("fact only: %q", got)
	}
}
