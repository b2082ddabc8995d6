package modelcheck

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/corpus"
	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/train/tinymodel"
)

// ShippedModelDir is the base model the repository ships (built by cmd/make-base-model).
const ShippedModelDir = "../../models/tooltune-tiny"

// writeTinyModel writes a random model with a tokenizer trained on the chat corpus.
func writeTinyModel(t *testing.T) string {
	t.Helper()
	exs, err := corpus.Generate(corpus.Config{NumExamples: 200, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, ex := range exs {
		r, err := chat.Render(ex)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, r.Text)
	}
	dir := t.TempDir()
	if err := tinymodel.Write(dir, tinymodel.DefaultOptions(texts)); err != nil {
		t.Fatal(err)
	}
	return dir
}

// editJSON rewrites one field of a JSON file in dir.
func editJSON(t *testing.T, dir, file, field string, value any) {
	t.Helper()
	path := filepath.Join(dir, file)
	doc := map[string]any{}
	if data, err := os.ReadFile(path); err == nil {
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
	}
	doc[field] = value
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestCheckAcceptsAValidModel(t *testing.T) {
	dir := writeTinyModel(t)
	rep, err := Check(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.DType != "F32" || rep.Parameters != rep.Config.NumParameters() {
		t.Errorf("report %+v", rep)
	}
}

// TestCheckRejects breaks one thing at a time and expects an error naming the file and field.
func TestCheckRejects(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(t *testing.T, dir string)
		opts   Options
		want   []string
	}{
		{"extra layer in config", func(t *testing.T, dir string) { editJSON(t, dir, "config.json", "num_hidden_layers", 3) },
			Options{}, []string{"model.safetensors", "tensors, config.json implies"}},
		{"wrong FFN size", func(t *testing.T, dir string) { editJSON(t, dir, "config.json", "intermediate_size", 96) },
			Options{}, []string{"model.safetensors", "mlp.gate_proj.weight has shape [128 64]", "[96 64]"}},
		{"vocabulary smaller than the tokenizer", func(t *testing.T, dir string) { editJSON(t, dir, "config.json", "vocab_size", 100) },
			Options{}, []string{"embed_tokens.weight has shape"}},
		{"eos id not the tokenizer's", func(t *testing.T, dir string) { editJSON(t, dir, "config.json", "eos_token_id", 3) },
			Options{}, []string{"config.json", "eos_token_id"}},
		{"bad generation_config", func(t *testing.T, dir string) { editJSON(t, dir, "generation_config.json", "eos_token_id", 5) },
			Options{}, []string{"generation_config.json", "eos_token_id: 5"}},
		{"eos token unknown to the tokenizer", func(t *testing.T, dir string) {
			editJSON(t, dir, "tokenizer_config.json", "eos_token", "<|nope|>")
		}, Options{}, []string{"eos"}},
		{"NaN weight", func(t *testing.T, dir string) {
			backend, err := model.NewBackend()
			if err != nil {
				t.Fatal(err)
			}
			m, err := model.Load(backend, dir)
			if err != nil {
				t.Fatal(err)
			}
			v := m.Variable("model.norm.weight")
			nan := make([]float32, v.Shape().Size())
			for i := range nan {
				nan[i] = float32(math.NaN())
			}
			v.MustSetValue(tensors.FromFlatDataAndDimensions(nan, v.Shape().Dimensions...))
			if err := m.Save(dir); err != nil {
				t.Fatal(err)
			}
		}, Options{}, []string{"forward pass", "NaN"}},
		{"random model does not end its turn", func(*testing.T, string) {},
			Options{GenerationPrompts: []string{"Hi!"}, MaxNewTokens: 4}, []string{"did not end with <|end|> within 4 tokens"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeTinyModel(t)
			tc.break_(t, dir)
			_, err := Check(dir, tc.opts)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// TestShippedModel runs every check, generation included, on the model in models/.
func TestShippedModel(t *testing.T) {
	rep, err := Check(ShippedModelDir, Options{
		GenerationPrompts: []string{"Hello!", "What is the capital of France?", "What is 7 plus 5?"},
		MaxNewTokens:      64,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %.2fM parameters, %s; answers: %q", rep.Config, float64(rep.Parameters)/1e6, rep.DType, rep.Generations)
}
