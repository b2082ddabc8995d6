package trainer

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/tooltune/tooltune/lib/tokenizer"
)

// TestLoaderMatchesTransformersJS checks that lib/tokenizer, reading the committed trained
// tokenizer, gives the ids transformers.js gave and decodes them back to the text.
func TestLoaderMatchesTransformersJS(t *testing.T) {
	tok, err := tokenizer.Load(filepath.Join(fixtureDir, TokenizerFile))
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range loadExpectedIDs(t) {
		ids, err := tok.Encode(c.Text, false)
		if err != nil {
			t.Fatalf("text %d: %v", i, err)
		}
		if !slices.Equal(ids, c.IDs) {
			t.Errorf("text %d %q:\n lib/tokenizer   %v\n transformers.js %v", i, c.Text, ids, c.IDs)
		}
		if got := tok.Decode(ids, false); got != c.Text {
			t.Errorf("text %d: Decode = %q, want %q", i, got, c.Text)
		}
	}
}

// TestLoaderRoundTripsTrainingText writes a freshly trained tokenizer, loads it with
// lib/tokenizer, and checks that encoding then decoding gives every training text back and
// that the loader sees the same vocabulary the trainer made.
func TestLoaderRoundTripsTrainingText(t *testing.T) {
	trained, docs := trainSmall(t)
	dir := t.TempDir()
	if err := trained.WriteFiles(dir); err != nil {
		t.Fatal(err)
	}
	tok, err := tokenizer.Load(filepath.Join(dir, TokenizerFile))
	if err != nil {
		t.Fatal(err)
	}
	if tok.VocabSize() != trained.Config.VocabSize {
		t.Errorf("loaded vocab size %d, trained %d", tok.VocabSize(), trained.Config.VocabSize)
	}
	ref := loadRefTokenizer(t, filepath.Join(dir, TokenizerFile))
	for i, text := range docs[:50] {
		ids, err := tok.Encode(text, false)
		if err != nil {
			t.Fatalf("text %d: %v", i, err)
		}
		if got := tok.Decode(ids, false); got != text {
			t.Fatalf("text %d: Decode(Encode(%q)) = %q", i, text, got)
		}
		want, err := ref.encode(text)
		if err != nil {
			t.Fatalf("text %d: %v", i, err)
		}
		if !slices.Equal(ids, want) {
			t.Fatalf("text %d: lib/tokenizer %v, reference encoder %v", i, ids, want)
		}
	}
}
