package train

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/tooltune/tooltune/lib/lora"
)

func TestSharedBatches(t *testing.T) {
	seqs := []Sequence{
		{IDs: []int32{1, 2, 3, 4, 5}, Target: []bool{false, false, false, true, true}},
		{IDs: []int32{1, 2, 3, 7, 8, 9}, Target: []bool{false, false, false, false, true, true}},
	}
	// Both start with 1 2 3, but the label of token 3 is sequence 0's first target: the
	// shared prefix is 1 2.
	got := SharedBatches(seqs, []int{0, 1}, BatchConfig{Rows: 3, PadMultiple: 4})
	want := Batch{
		Rows: 3, Len: 4,
		Tokens:      []int32{3, 4, 5, 0 /**/, 3, 7, 8, 9 /**/, 0, 0, 0, 0},
		Positions:   []int32{2, 3, 4, 0 /**/, 2, 3, 4, 5 /**/, 0, 0, 0, 0},
		Labels:      []int32{4, 5, 0, 0 /**/, 7, 8, 9, 0 /**/, 0, 0, 0, 0},
		Weights:     []float32{1, 1, 0, 0 /**/, 0, 1, 1, 0 /**/, 0, 0, 0, 0},
		Valid:       []bool{true, true, true, false, true, true, true, true, false, false, false, false},
		Prefix:      []int32{1, 2, 0, 0},
		PrefixValid: []bool{true, true, false, false},
		PrefixLen:   4, RealTokens: 9, Targets: 4,
	}
	if len(got) != 1 {
		t.Fatalf("%d batches, want 1", len(got))
	}
	b := got[0]
	if b.Rows != want.Rows || b.Len != want.Len || !slices.Equal(b.Tokens, want.Tokens) ||
		!slices.Equal(b.Positions, want.Positions) || !slices.Equal(b.Prefix, want.Prefix) ||
		!slices.Equal(b.PrefixValid, want.PrefixValid) || b.PrefixLen != want.PrefixLen ||
		!slices.Equal(b.Labels, want.Labels) || !slices.Equal(b.Weights, want.Weights) ||
		!slices.Equal(b.Valid, want.Valid) || b.RealTokens != want.RealTokens || b.Targets != want.Targets {
		t.Errorf("got\n%+v\nwant\n%+v", b, want)
	}
	// Under a budget of 8 tokens, rows of 4 go two at a time: the same prefix, rows split.
	split := SharedBatches(seqs, []int{0, 1, 0}, BatchConfig{Rows: 3, PadMultiple: 4, MaxTokens: 8})
	if len(split) != 2 || split[0].Rows != 2 || !slices.Equal(split[1].Prefix, want.Prefix) || split[0].Targets+split[1].Targets != 6 {
		t.Errorf("under the budget: %d batches (%+v), want 2 of 2 rows with the prefix and 6 targets", len(split), split)
	}
}

func TestSharedEpochOrder(t *testing.T) {
	keys, lengths := make([]uint64, 103), make([]int, 103)
	for i := range keys {
		keys[i], lengths[i] = uint64(i%7), 10+i*37%101
	}
	a := SharedEpochOrder(keys, lengths, 4, 42, 0)
	if !slices.EqualFunc(a, SharedEpochOrder(keys, lengths, 4, 42, 0), slices.Equal) {
		t.Fatal("the same seed and epoch gave two orders")
	}
	if slices.EqualFunc(a, SharedEpochOrder(keys, lengths, 4, 42, 1), slices.Equal) {
		t.Error("epochs 0 and 1 have the same order")
	}
	var seen []int
	mixed := 0
	for _, batch := range a {
		if len(batch) == 0 || len(batch) > 4 {
			t.Fatalf("batch of %d sequences", len(batch))
		}
		if slices.ContainsFunc(batch, func(i int) bool { return keys[i] != keys[batch[0]] }) {
			mixed++
		}
		seen = append(seen, batch...)
	}
	slices.Sort(seen)
	for i, v := range seen {
		if v != i {
			t.Fatalf("the batches hold sequence %d at sorted place %d: not each sequence once", v, i)
		}
	}
	// 7 keys of 14 or 15 sequences: 3 full batches each, 2 or 3 left over, 19 in all: 5
	// batches of the leftovers, at most all of them mixed.
	if want := 7*3 + 5; len(a) != want || mixed > 5 {
		t.Errorf("%d batches, %d of them mixing keys; want %d and at most 5", len(a), mixed, want)
	}
}

// TestSharedPrefixGivesTheSameGradient: a shared-prefix row and the plain rows of the same
// sequences give the same loss and the same accumulated gradient of every adapter tensor.
func TestSharedPrefixGivesTheSameGradient(t *testing.T) {
	loraCfg := lora.DefaultConfig()
	loraCfg.Dropout = 0
	f := loadFixture(t, t.TempDir(), 6, 0, loraCfg)
	// Five sequences behind one common 40-token prompt, and one with a prompt of its own.
	prompt := f.train[0].IDs[:40]
	var seqs []Sequence
	for i, s := range f.train[:6] {
		n := min(len(s.IDs), 80)
		ids, target := slices.Clone(s.IDs[:n]), slices.Clone(s.Target[:n])
		if i < 5 {
			ids, target = append(slices.Clone(prompt), ids...), append(make([]bool, len(prompt)), target...)
		}
		seqs = append(seqs, Sequence{IDs: ids, Target: target})
	}
	tr, err := New(f.adapters, seqs, nil, testConfig(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	idx := []int{0, 1, 2, 3, 4, 5}
	run := func(batches []Batch) (float64, [][]float32) {
		for _, s := range tr.states {
			s.grad.MustSetValue(tensors.FromShape(s.grad.Shape()))
		}
		var loss float64
		for _, b := range batches {
			rng, err := graph.RNGStateFromSeed(1)
			if err != nil {
				t.Fatal(err)
			}
			out, err := tr.accumulate.Exec(append([]any{rng}, batchTensors(b)...)...)
			if err != nil {
				t.Fatal(err)
			}
			l, err := scalarFloat(out[0])
			if err != nil {
				t.Fatal(err)
			}
			loss += l
		}
		var grads [][]float32
		for _, s := range tr.states {
			g, err := tensors.CopyFlatData[float32](s.grad.MustValue())
			if err != nil {
				t.Fatal(err)
			}
			grads = append(grads, g)
		}
		return loss, grads
	}
	shared := SharedBatches(seqs, idx[:5], BatchConfig{Rows: 5, PadMultiple: 32})
	if len(shared) != 1 || shared[0].RealTokens > lengthSum(seqs[:5])-4*len(prompt) {
		t.Fatalf("%d shared rows of %d tokens for sequences of %d in all; want one row holding the prompt (and what follows it in all five) once", len(shared), shared[0].RealTokens, lengthSum(seqs[:5]))
	}
	shared = append(shared, SharedBatches(seqs, idx[5:], BatchConfig{Rows: 1, PadMultiple: 32})...)
	plainLoss, plain := run([]Batch{MakeBatch(seqs, idx, BatchConfig{Rows: 6, PadMultiple: 32})})
	sharedLoss, sharedGrads := run(shared)
	if math.Abs(plainLoss-sharedLoss) > 1e-5*plainLoss {
		t.Errorf("loss %.7f in shared rows, %.7f in plain ones", sharedLoss, plainLoss)
	}
	for i := range plain {
		scale := 0.0
		for _, v := range plain[i] {
			scale = max(scale, math.Abs(float64(v)))
		}
		for j := range plain[i] {
			if d := math.Abs(float64(plain[i][j] - sharedGrads[i][j])); d > 1e-4*scale+1e-7 {
				t.Fatalf("gradient of %s differs at %d: %g shared, %g plain", tr.states[i].name, j, sharedGrads[i][j], plain[i][j])
			}
		}
	}
}

func lengthSum(seqs []Sequence) int {
	n := 0
	for _, s := range seqs {
		n += len(s.IDs)
	}
	return n
}

// TestSharedPrefixTrainingResumes: a run with shared-prefix batches trains, and its checkpoint
// resumes only with the same setting (the batches, and so the run, depend on it).
func TestSharedPrefixTrainingResumes(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	cfg := testConfig(out)
	cfg.SharedPrefixes, cfg.MaxSteps = true, 4
	cfg.SaveStrategy, cfg.SaveSteps = SaveSteps, 4
	f := loadFixture(t, dir, 16, 4, lora.DefaultConfig())
	tr, err := New(f.adapters, f.train, f.heldout, cfg)
	if err != nil {
		t.Fatal(err)
	}
	res, err := tr.Train(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.GlobalStep != 4 || !(res.EvalLoss > 0) {
		t.Fatalf("step %d, held-out loss %g; want 4 steps and a loss", res.GlobalStep, res.EvalLoss)
	}
	for _, shared := range []bool{true, false} {
		cfg.SharedPrefixes, cfg.MaxSteps = shared, 6
		f := loadFixture(t, dir, 16, 4, lora.DefaultConfig())
		tr, err := New(f.adapters, f.train, f.heldout, cfg)
		if err != nil {
			t.Fatal(err)
		}
		err = tr.Resume(CheckpointDir(out, 4))
		switch {
		case shared && err != nil:
			t.Errorf("resuming with the same setting: %v", err)
		case !shared && (err == nil || !strings.Contains(err.Error(), "shared_prefixes")):
			t.Errorf("resuming without shared prefixes: error %v, want one naming shared_prefixes", err)
		}
	}
}
