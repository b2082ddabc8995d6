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

// TestSplitBatch checks the token budget: every batch fits it (unless one row alone exceeds
// it), all batches of a micro-batch share one shape that depends on the length only, and the
// sequences, tokens and targets are those of the unsplit batch.
func TestSplitBatch(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	// The first four pad to 320 tokens; the sixth alone is over a budget of 512.
	lengths := []int{300, 250, 290, 120, 33, 700, 64, 10}
	seqs := make([]Sequence, len(lengths))
	for i, n := range lengths {
		s := Sequence{IDs: make([]int32, n), Target: make([]bool, n)}
		for j := range s.IDs {
			s.IDs[j], s.Target[j] = int32(1+rng.IntN(50)), j%3 == 0
		}
		seqs[i] = s
	}
	tests := []struct {
		name      string
		idx       []int
		maxTokens int
		wantRows  []int // rows of each batch
	}{
		{"no budget", []int{0, 1, 2, 3}, 0, []int{4}},
		{"fits", []int{0, 1, 2, 3}, 4 * 320, []int{4}},
		{"halves", []int{0, 1, 2, 3}, 2 * 320, []int{2, 2}},
		{"one row each", []int{0, 1, 2, 3}, 320, []int{1, 1, 1, 1}},
		{"three then one", []int{0, 1, 2, 3}, 3 * 320, []int{3, 3}},
		{"row over budget", []int{5, 6, 7}, 512, []int{1, 1, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := BatchConfig{Rows: 4, PadMultiple: 32, MaxTokens: tc.maxTokens}
			whole := MakeBatch(seqs, tc.idx, BatchConfig{Rows: 4, PadMultiple: 32})
			batches := SplitBatch(seqs, tc.idx, cfg)
			var rows []int
			var real, targets int
			var tokens []int32
			for _, b := range batches {
				rows = append(rows, b.Rows)
				if b.Len != whole.Len || b.Rows != cfg.RowsFor(whole.Len) {
					t.Errorf("batch %dx%d, want %dx%d for every batch of the micro-batch", b.Rows, b.Len, cfg.RowsFor(whole.Len), whole.Len)
				}
				if b.Rows > 1 && b.Rows*b.Len > tc.maxTokens && tc.maxTokens > 0 {
					t.Errorf("batch %dx%d exceeds the budget of %d tokens", b.Rows, b.Len, tc.maxTokens)
				}
				real += b.RealTokens
				targets += b.Targets
				for r := range b.Rows {
					tokens = append(tokens, b.Tokens[r*b.Len:(r+1)*b.Len]...)
				}
			}
			if !slices.Equal(rows, tc.wantRows) {
				t.Errorf("rows %v, want %v", rows, tc.wantRows)
			}
			if real != whole.RealTokens || targets != whole.Targets {
				t.Errorf("split batches hold %d tokens and %d targets, the whole batch %d and %d", real, targets, whole.RealTokens, whole.Targets)
			}
			n := len(tc.idx) * whole.Len // the real rows, without the padding rows
			if len(tokens) < n || !slices.Equal(tokens[:n], whole.Tokens[:n]) {
				t.Error("split batches do not hold the whole batch's rows in order")
			}
		})
	}
}
