package model

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/gomlx/gomlx/backends"
	"github.com/tooltune/tooltune/lib/safetensors"
)

// fixtureInputs is inputs.json written by testdata/gen_fixtures.py.
type fixtureInputs struct {
	InputIDs      [][]int32 `json:"input_ids"`
	AttentionMask [][]int   `json:"attention_mask"`
	PositionIDs   [][]int32 `json:"position_ids"`
	Prompts       [][]int   `json:"prompts"`
	Greedy        [][]int   `json:"greedy"`
}

func fixtureNames() []string {
	return []string{"llama_untied", "llama_gqa_tied", "qwen2_bias", "llama3_rope", "mistral_window"}
}

func newTestBackend(t testing.TB) backends.Backend {
	t.Helper()
	b, err := NewBackend()
	if err != nil {
		t.Fatalf("NewBackend: %v", err)
	}
	t.Cleanup(b.Finalize)
	return b
}

func loadFixture(t testing.TB, backend backends.Backend, name string) (*Model, fixtureInputs) {
	t.Helper()
	dir := filepath.Join("testdata", "fixtures", name)
	m, err := Load(backend, dir)
	if err != nil {
		t.Fatalf("Load(%s): %v", dir, err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "inputs.json"))
	if err != nil {
		t.Fatal(err)
	}
	var in fixtureInputs
	if err := json.Unmarshal(raw, &in); err != nil {
		t.Fatalf("%s/inputs.json: %v", dir, err)
	}
	return m, in
}

func (in fixtureInputs) batch() Batch {
	mask := make([][]bool, len(in.AttentionMask))
	for r, row := range in.AttentionMask {
		mask[r] = make([]bool, len(row))
		for i, v := range row {
			mask[r][i] = v == 1
		}
	}
	return Batch{Tokens: in.InputIDs, Mask: mask, Positions: in.PositionIDs}
}

// TestLogitsMatchReference compares the decoder with the PyTorch reference implementation of
// Hugging Face's models (testdata/gen_fixtures.py) on every real (unpadded) position.
func TestLogitsMatchReference(t *testing.T) {
	backend := newTestBackend(t)
	for _, name := range fixtureNames() {
		t.Run(name, func(t *testing.T) {
			m, in := loadFixture(t, backend, name)
			expected, err := safetensors.Open(filepath.Join("testdata", "fixtures", name, "expected.safetensors"))
			if err != nil {
				t.Fatal(err)
			}
			defer expected.Close()
			want, shape, err := expected.Float32("logits")
			if err != nil {
				t.Fatal(err)
			}
			batch := in.batch()
			got, err := m.Logits(batch)
			if err != nil {
				t.Fatalf("Logits: %v", err)
			}
			if got.Batch != shape[0] || got.Seq != shape[1] || got.Vocab != shape[2] {
				t.Fatalf("logits shape [%d %d %d], reference %v", got.Batch, got.Seq, got.Vocab, shape)
			}
			var maxDiff float64
			for b := range got.Batch {
				for s := range got.Seq {
					if !batch.Mask[b][s] {
						continue
					}
					for v, g := range got.At(b, s) {
						maxDiff = math.Max(maxDiff, math.Abs(float64(g-want[(b*got.Seq+s)*got.Vocab+v])))
					}
				}
			}
			t.Logf("%s (%s): max |logit diff| = %.3g", name, m.Config, maxDiff)
			if maxDiff > 1e-4 {
				t.Errorf("max |logit diff| %.3g > 1e-4", maxDiff)
			}
		})
	}
}
