package pipeline

import (
	"fmt"
	"slices"
	"testing"

	"github.com/tooltune/tooltune/lib/lora"
	"github.com/tooltune/tooltune/lib/model"
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
