package main

import (
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
