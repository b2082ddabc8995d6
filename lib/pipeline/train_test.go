package pipeline

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/lora"
	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/tokenizer"
	"github.com/tooltune/tooltune/lib/train"
)

func TestAutoModulesToSave(t *testing.T) {
	config := func(json string) *model.Config {
		c, err := model.ParseConfig([]byte(json), "test")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	tiny := `{"model_type": "llama", "hidden_size": 128, "intermediate_size": 352, "num_hidden_layers": 4,
		"num_attention_heads": 4, "num_key_value_heads": 2, "vocab_size": 4096, "tie_word_embeddings": %s}`
	large := `{"model_type": "llama", "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
		"num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 32000, "tie_word_embeddings": true}`
	tests := []struct {
		name string
		cfg  *model.Config
		want []string
	}{
		{"tiny, tied", config(fmt.Sprintf(tiny, "true")), []string{lora.EmbedTokens}},
		{"tiny, untied", config(fmt.Sprintf(tiny, "false")), nil},
		{"7B, tied", config(large), nil},
	}
	for _, tc := range tests {
		if got := autoModulesToSave(tc.cfg); !slices.Equal(got, tc.want) {
			t.Errorf("%s (%d parameters): %v, want %v", tc.name, tc.cfg.NumParameters(), got, tc.want)
		}
	}
}

// TestTokenizeDataWeighsOnlyTraining: the decision weight reaches the training sequences and
// not the held-out ones, whose loss must stay comparable between runs.
func TestTokenizeDataWeighsOnlyTraining(t *testing.T) {
	tok, err := tokenizer.LoadDir(filepath.Join("..", "..", DefaultModel))
	if err != nil {
		t.Fatal(err)
	}
	data, err := PrepareData(DataConfig{TrainPath: filepath.Join(t.TempDir(), "d.json"), NumTrain: 6, NumHeldout: 6, Seed: 3}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	tc := train.TokenizeConfig{Template: chat.Compact{}, MaxSeqLength: 4096, DecisionWeight: 3}
	trainSeqs, heldout, err := tokenizeData(tc, data, tok, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range trainSeqs {
		if s.Weight == nil || !slices.Contains(s.Weight, 3) {
			t.Fatalf("training example %d: weights %v, want decision tokens at 3", s.Example, s.Weight)
		}
	}
	for _, s := range heldout {
		if s.Weight != nil {
			t.Fatalf("held-out example %d has loss weights", s.Example)
		}
	}
}
