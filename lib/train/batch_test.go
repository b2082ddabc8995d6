package train

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestMakeBatch(t *testing.T) {
	seqs := []Sequence{
		{IDs: []int32{5, 6, 7, 8, 9}, Target: []bool{false, false, true, true, false}},
		{IDs: []int32{3, 4}, Target: []bool{false, true}},
	}
	b := MakeBatch(seqs, []int{1, 0}, BatchConfig{Rows: 3, PadMultiple: 4})
	if b.Rows != 3 || b.Len != 8 {
		t.Fatalf("batch %dx%d, want 3x8 (5 tokens rounded up to 8; a padding row)", b.Rows, b.Len)
	}
	want := Batch{
		Tokens:    []int32{3, 4, 0, 0, 0, 0, 0, 0 /**/, 5, 6, 7, 8, 9, 0, 0, 0 /**/, 0, 0, 0, 0, 0, 0, 0, 0},
		Positions: []int32{0, 1, 0, 0, 0, 0, 0, 0 /**/, 0, 1, 2, 3, 4, 0, 0, 0 /**/, 0, 0, 0, 0, 0, 0, 0, 0},
		Labels:    []int32{4, 0, 0, 0, 0, 0, 0, 0 /**/, 6, 7, 8, 9, 0, 0, 0, 0 /**/, 0, 0, 0, 0, 0, 0, 0, 0},
		Weights:   []float32{1, 0, 0, 0, 0, 0, 0, 0 /**/, 0, 1, 1, 0, 0, 0, 0, 0 /**/, 0, 0, 0, 0, 0, 0, 0, 0},
	}
	valid := []bool{true, true, false, false, false, false, false, false, true, true, true, true, true, false, false, false}
	valid = append(valid, make([]bool, 8)...)
	if !slices.Equal(b.Tokens, want.Tokens) || !slices.Equal(b.Positions, want.Positions) ||
		!slices.Equal(b.Labels, want.Labels) || !slices.Equal(b.Weights, want.Weights) || !slices.Equal(b.Valid, valid) {
		t.Errorf("got\n%+v\nwant\n%+v (valid %v)", b, want, valid)
	}
	if b.RealTokens != 7 || b.Targets != 3 {
		t.Errorf("RealTokens %d, Targets %d; want 7 and 3", b.RealTokens, b.Targets)
	}
}

func TestEpochOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	lengths := make([]int, 203)
	for i := range lengths {
		lengths[i] = 10 + rng.IntN(500)
	}
	cfg := BatchConfig{Rows: 8, PadMultiple: 32, Window: 4}
	a := EpochOrder(lengths, cfg, 42, 0)
	if !slices.EqualFunc(a, EpochOrder(lengths, cfg, 42, 0), slices.Equal) {
		t.Fatal("the same seed and epoch gave two orders")
	}
	if slices.EqualFunc(a, EpochOrder(lengths, cfg, 42, 1), slices.Equal) {
		t.Error("epochs 0 and 1 have the same order")
	}
	if slices.EqualFunc(a, EpochOrder(lengths, cfg, 43, 0), slices.Equal) {
		t.Error("seeds 42 and 43 give the same order")
	}
	if want := (len(lengths) + 7) / 8; len(a) != want {
		t.Errorf("%d batches, want %d", len(a), want)
	}
	var seen []int
	for _, batch := range a {
		if len(batch) == 0 || len(batch) > cfg.Rows {
			t.Fatalf("batch of %d sequences", len(batch))
		}
		seen = append(seen, batch...)
	}
	slices.Sort(seen)
	for i, idx := range seen {
		if idx != i {
			t.Fatalf("sequence %d missing or repeated in the epoch", i)
		}
	}
	// Bucketing: far less padding than batches of randomly ordered sequences.
	padding := func(batches [][]int) int {
		total := 0
		for _, b := range batches {
			longest := 0
			for _, i := range b {
				longest = max(longest, lengths[i])
			}
			for _, i := range b {
				total += cfg.padded(longest) - lengths[i]
			}
		}
		return total
	}
	random := chunk(rng.Perm(len(lengths)), cfg.Rows)
	if pb, pr := padding(a), padding(random); pb*2 > pr {
		t.Errorf("bucketed batches have %d padding tokens, random ones %d: want less than half", pb, pr)
	}
}

func TestEvalOrderIsSortedAndComplete(t *testing.T) {
	lengths := []int{5, 9, 1, 7, 3}
	got := EvalOrder(lengths, 2)
	want := [][]int{{1, 3}, {0, 4}, {2}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("EvalOrder = %v, want %v", got, want)
	}
}
