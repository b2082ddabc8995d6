package model

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestGenerateMatchesReferenceGreedy checks greedy generation on a left-padded batch against
// the PyTorch reference's greedy continuation (full recomputation), with and without the cache.
func TestGenerateMatchesReferenceGreedy(t *testing.T) {
	m, in := loadFixture(t, newTestBackend(t), "llama_gqa_tied")
	for _, disable := range []bool{false, true} {
		got, err := m.Generate(in.Prompts, GenerateConfig{MaxNewTokens: len(in.Greedy[0]), DisableKVCache: disable})
		if err != nil {
			t.Fatalf("Generate(DisableKVCache=%v): %v", disable, err)
		}
		for r := range in.Greedy {
			if !slices.Equal(got[r], in.Greedy[r]) {
				t.Errorf("DisableKVCache=%v, prompt %d: got %v, reference %v", disable, r, got[r], in.Greedy[r])
			}
		}
	}
}

// testPrompts returns prompts of different lengths drawn from the vocabulary.
func testPrompts(vocab int, lengths ...int) [][]int {
	rng := rand.New(rand.NewPCG(7, 7))
	out := make([][]int, len(lengths))
	for i, n := range lengths {
		for range n {
			out[i] = append(out[i], rng.IntN(vocab))
		}
	}
	return out
}

// TestGenerateCacheMatchesRecompute: with the KV cache, greedy generation gives token for token
// what recomputing the full forward pass gives, for every fixture architecture (including
// Mistral's sliding window, which generation runs past).
func TestGenerateCacheMatchesRecompute(t *testing.T) {
	backend := newTestBackend(t)
	for _, name := range fixtureNames() {
		t.Run(name, func(t *testing.T) {
			m, _ := loadFixture(t, backend, name)
			prompts := testPrompts(m.Config.VocabSize, 3, 10, 6)
			cfg := GenerateConfig{MaxNewTokens: 12}
			cached, err := m.Generate(prompts, cfg)
			if err != nil {
				t.Fatal(err)
			}
			cfg.DisableKVCache = true
			recomputed, err := m.Generate(prompts, cfg)
			if err != nil {
				t.Fatal(err)
			}
			for r := range prompts {
				if len(cached[r]) != cfg.MaxNewTokens {
					t.Errorf("prompt %d: %d tokens, want %d", r, len(cached[r]), cfg.MaxNewTokens)
				}
				if !slices.Equal(cached[r], recomputed[r]) {
					t.Errorf("prompt %d: cached %v != recomputed %v", r, cached[r], recomputed[r])
				}
			}
		})
	}
}

// TestCoarseBucketsChangeNothing: the coarser length buckets used on XLA (more left padding,
// more cache slots) give the same greedy tokens as the pure-Go backend's, with and without
// the KV cache; and the pure-Go backend keeps the fine ones.
func TestCoarseBucketsChangeNothing(t *testing.T) {
	m, _ := loadFixture(t, newTestBackend(t), "llama_gqa_tied")
	if CompilesAreCostly(m.Backend) || CompilesAreCostly(nil) {
		t.Fatalf("compiles reported costly on %s", m.Backend.Name())
	}
	if p, c := m.lengthBuckets(); p != 8 || c != 32 {
		t.Fatalf("pure-Go buckets %d/%d, want 8/32", p, c)
	}
	prompts := testPrompts(m.Config.VocabSize, 3, 10, 70)
	for _, disable := range []bool{false, true} {
		cfg := GenerateConfig{MaxNewTokens: 9, DisableKVCache: disable}
		m.coarseBuckets = false
		fine, err := m.Generate(prompts, cfg)
		if err != nil {
			t.Fatal(err)
		}
		m.coarseBuckets = true
		if p, c := m.lengthBuckets(); p != 64 || c != 128 {
			t.Fatalf("coarse buckets %d/%d, want 64/128", p, c)
		}
		coarse, err := m.Generate(prompts, cfg)
		if err != nil {
			t.Fatal(err)
		}
		for r := range prompts {
			if !slices.Equal(fine[r], coarse[r]) {
				t.Errorf("cache disabled %v, prompt %d: coarse buckets %v != fine %v", disable, r, coarse[r], fine[r])
			}
		}
	}
}

// TestGenerateBatchMatchesSingle: a prompt's continuation does not depend on what it is batched
// with (padding, other rows' lengths).
func TestGenerateBatchMatchesSingle(t *testing.T) {
	m, _ := loadFixture(t, newTestBackend(t), "qwen2_bias")
	prompts := testPrompts(m.Config.VocabSize, 9, 2, 17, 5)
	cfg := GenerateConfig{MaxNewTokens: 10}
	batched, err := m.Generate(prompts, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for r, p := range prompts {
		single, err := m.Generate([][]int{p}, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(single[0], batched[r]) {
			t.Errorf("prompt %d: alone %v, in batch %v", r, single[0], batched[r])
		}
	}
}

func TestGenerateStops(t *testing.T) {
	m, _ := loadFixture(t, newTestBackend(t), "llama_untied")
	prompts := testPrompts(m.Config.VocabSize, 4, 7)
	full, err := m.Generate(prompts, GenerateConfig{MaxNewTokens: 10})
	if err != nil {
		t.Fatal(err)
	}
	stop := full[0][3]
	firstStop := slices.Index(full[0], stop)

	tests := []struct {
		name string
		cfg  GenerateConfig
		want [][]int
	}{
		{"stop token ends its row only", GenerateConfig{MaxNewTokens: 10, StopTokens: []int{stop}},
			[][]int{full[0][:firstStop+1], truncateAt(full[1], stop)}},
		{"stop func sees each row's tokens", GenerateConfig{MaxNewTokens: 10, StopFunc: func(g []int) bool { return len(g) == 2 }},
			[][]int{full[0][:2], full[1][:2]}},
		{"max new tokens", GenerateConfig{MaxNewTokens: 4}, [][]int{full[0][:4], full[1][:4]}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := m.Generate(prompts, tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			for r := range tc.want {
				if !slices.Equal(got[r], tc.want[r]) {
					t.Errorf("row %d: got %v, want %v", r, got[r], tc.want[r])
				}
			}
		})
	}
}

func TestGenerateConstrain(t *testing.T) {
	m, _ := loadFixture(t, newTestBackend(t), "llama_untied")
	prompts := testPrompts(m.Config.VocabSize, 4, 7)
	free, err := m.Generate(prompts, GenerateConfig{MaxNewTokens: 4})
	if err != nil {
		t.Fatal(err)
	}
	forced := []int{5, 6, 7, 8}
	cfg := GenerateConfig{MaxNewTokens: 4, Constrain: func(row int, generated []int, logits []float32) {
		if row != 0 {
			return
		}
		if !slices.Equal(generated, forced[:len(generated)]) {
			t.Errorf("row 0 was given %v, want a prefix of %v", generated, forced)
		}
		for id := range logits {
			if id != forced[len(generated)] {
				logits[id] = float32(math.Inf(-1))
			}
		}
	}}
	got, err := m.Generate(prompts, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got[0], forced) || !slices.Equal(got[1], free[1]) {
		t.Errorf("got %v, want row 0 %v and row 1 unconstrained %v", got, forced, free[1])
	}
}

// truncateAt returns ids up to and including the first stop, or all of ids.
func truncateAt(ids []int, stop int) []int {
	if i := slices.Index(ids, stop); i >= 0 {
		return ids[:i+1]
	}
	return ids
}

func TestGenerateSampling(t *testing.T) {
	m, _ := loadFixture(t, newTestBackend(t), "llama_untied")
	prompts := testPrompts(m.Config.VocabSize, 4, 7)
	gen := func(cfg GenerateConfig) [][]int {
		t.Helper()
		out, err := m.Generate(prompts, cfg)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	greedy := gen(GenerateConfig{MaxNewTokens: 8})
	a := gen(GenerateConfig{MaxNewTokens: 8, Temperature: 1.5, Seed: 11})
	b := gen(GenerateConfig{MaxNewTokens: 8, Temperature: 1.5, Seed: 11})
	c := gen(GenerateConfig{MaxNewTokens: 8, Temperature: 1.5, Seed: 12})
	nucleus := gen(GenerateConfig{MaxNewTokens: 8, Temperature: 1.5, TopP: 1e-9, Seed: 11})
	if !slices.EqualFunc(a, b, slices.Equal) {
		t.Errorf("same seed gave %v and %v", a, b)
	}
	if slices.EqualFunc(a, c, slices.Equal) {
		t.Errorf("seeds 11 and 12 gave the same samples %v", a)
	}
	if !slices.EqualFunc(nucleus, greedy, slices.Equal) {
		t.Errorf("TopP→0 should keep only the top token: got %v, greedy %v", nucleus, greedy)
	}
}

func TestGenerateRejectsBadInput(t *testing.T) {
	m, _ := loadFixture(t, newTestBackend(t), "llama_untied")
	ok := GenerateConfig{MaxNewTokens: 2}
	tests := []struct {
		name    string
		prompts [][]int
		cfg     GenerateConfig
		want    string
	}{
		{"no prompts", nil, ok, "no prompts"},
		{"empty prompt", [][]int{{1}, {}}, ok, "prompt 1 is empty"},
		{"token out of vocabulary", [][]int{{1, 96}}, ok, "prompt 0, token 1: token id 96 outside the vocabulary"},
		{"negative token", [][]int{{-1}}, ok, "prompt 0, token 0"},
		{"no new tokens", [][]int{{1}}, GenerateConfig{}, "MaxNewTokens must be positive"},
		{"negative temperature", [][]int{{1}}, GenerateConfig{MaxNewTokens: 1, Temperature: -1}, "Temperature"},
		{"top p above one", [][]int{{1}}, GenerateConfig{MaxNewTokens: 1, TopP: 1.5}, "TopP"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := m.Generate(tc.prompts, tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// TestSampleTokenDistribution draws many samples and compares the frequencies with the
// softmax / nucleus probabilities computed by hand.
func TestSampleTokenDistribution(t *testing.T) {
	logits := []float32{2, 1, 0, -1}
	// softmax at temperature 1: e^2, e^1, e^0, e^-1 over their sum.
	var z float64
	for _, l := range logits {
		z += math.Exp(float64(l))
	}
	full := []float64{math.Exp(2) / z, math.Exp(1) / z, 1 / z, math.Exp(-1) / z} // 0.644, 0.237, 0.087, 0.032
	tests := []struct {
		name string
		topP float64
		want []float64
	}{
		{"all tokens", 1, full},
		{"nucleus 0.8 keeps the top two", 0.8, []float64{full[0] / (full[0] + full[1]), full[1] / (full[0] + full[1]), 0, 0}},
		{"nucleus 0.5 keeps the top one", 0.5, []float64{1, 0, 0, 0}},
	}
	const draws = 20000
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			counts := make([]float64, len(logits))
			for range draws {
				counts[sampleToken(logits, 1, tc.topP, rng)]++
			}
			for i, p := range tc.want {
				got := counts[i] / draws
				tol := 4*math.Sqrt(p*(1-p)/draws) + 1e-9 // 4 standard deviations
				if math.Abs(got-p) > tol {
					t.Errorf("token %d: frequency %.4f, want %.4f ± %.4f", i, got, p, tol)
				}
			}
		})
	}
	if got := sampleToken([]float32{0, 3, 3, 1}, 0, 0, nil); got != 1 {
		t.Errorf("greedy picked %d, want the first maximum 1", got)
	}
}
