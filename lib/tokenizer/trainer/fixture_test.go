package trainer

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tooltune/tooltune/internal/atomicfile"
)

// update rewrites the committed fixtures in testdata/trained (then run testdata/jscheck to
// refresh expected_ids.json).
var update = flag.Bool("update", false, "rewrite testdata/trained from a fresh training")

const fixtureDir = "testdata/trained"

// fixtureTexts are the texts whose ids transformers.js computed (testdata/jscheck/check.mjs):
// training-like text, unseen words, digits, whitespace runs, contractions in both cases,
// multi-byte characters, and reserved tokens glued to text.
func fixtureTexts() []string {
	return []string{
		"Hello world",
		"What's the weather in Zürich tomorrow? I'll book a flight to São Paulo.",
		"<|user|>Convert 1234567.89 EUR to JPY please<|end|>",
		"<|assistant|><tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Kraków\", \"days\": 3}}\n</tool_call><|end|>",
		"<|tool|>{\"result\": 42, \"ok\": true}<|end|>",
		"  leading and trailing spaces   ",
		"tabs\tand\r\nwindows\n\n\nnewlines",
		"DON'T SHOUT, we're fine; they've gone, it'd do",
		"東京の天気 Москва emoji 🙂👍 café naïve",
		"snake_case camelCase kebab-case 2026-11-25T21:30:00Z",
		"<|endoftext|><|pad|><|system|>You are helpful.<|end|>",
		"",
	}
}

// fixtureTokenizer trains the small tokenizer committed in testdata/trained.
func fixtureTokenizer(t *testing.T) *Tokenizer {
	t.Helper()
	cfg := DefaultConfig()
	cfg.VocabSize = 700
	cfg.SplitPattern = BareWordsPattern // the newer pattern: transformers.js checks it too
	tok, err := Train(cfg, syntheticCorpus(300, 42))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestTrainedFixture checks that training still reproduces the committed tokenizer byte for
// byte, and that the reference encoder agrees with the ids transformers.js computed from it.
func TestTrainedFixture(t *testing.T) {
	tok := fixtureTokenizer(t)
	if *update {
		if err := tok.WriteFiles(fixtureDir); err != nil {
			t.Fatal(err)
		}
		texts, err := marshalIndented(fixtureTexts())
		if err != nil {
			t.Fatal(err)
		}
		if err := atomicfile.WriteFile(filepath.Join(fixtureDir, "texts.json"), texts); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(filepath.Join(fixtureDir, TokenizerFile))
	if err != nil {
		t.Fatal(err)
	}
	got, err := tok.TokenizerJSON()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("training no longer reproduces %s/%s; if the change is intended run with -update and rerun testdata/jscheck", fixtureDir, TokenizerFile)
	}

	ref := loadRefTokenizer(t, filepath.Join(fixtureDir, TokenizerFile))
	for i, c := range loadExpectedIDs(t) {
		ids, err := ref.encode(c.Text)
		if err != nil {
			t.Fatalf("text %d: %v", i, err)
		}
		if !slices.Equal(ids, c.IDs) {
			t.Errorf("text %d %q:\n reference encoder %v\n transformers.js   %v", i, c.Text, ids, c.IDs)
		}
		if c.Decoded != c.Text {
			t.Errorf("text %d: transformers.js decoded %q, want %q", i, c.Decoded, c.Text)
		}
	}
}

// expectedCase is one entry of expected_ids.json.
type expectedCase struct {
	Text    string `json:"text"`
	IDs     []int  `json:"ids"`
	Decoded string `json:"decoded"`
}

// loadExpectedIDs reads the ids transformers.js computed and checks they cover fixtureTexts.
func loadExpectedIDs(t *testing.T) []expectedCase {
	t.Helper()
	path := filepath.Join(fixtureDir, "expected_ids.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		Library string         `json:"library"`
		Cases   []expectedCase `json:"cases"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var texts []string
	for _, c := range out.Cases {
		texts = append(texts, c.Text)
	}
	if !slices.Equal(texts, fixtureTexts()) {
		t.Fatalf("%s was computed for other texts; rerun testdata/jscheck", path)
	}
	return out.Cases
}
