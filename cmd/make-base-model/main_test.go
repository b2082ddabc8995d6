package main

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/tooltune/tooltune/lib/hub"
	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/modelcheck"
	"github.com/tooltune/tooltune/lib/pipeline"
	"github.com/tooltune/tooltune/lib/safetensors"
)

func TestPackRows(t *testing.T) {
	seqs := [][]int32{{1, 2, 3}, {4, 5}, {6, 7, 8, 9, 10, 11}, {12}}
	tests := []struct {
		name   string
		order  []int
		rowLen int
		want   [][]int32
	}{
		{"greedy fill", []int{0, 1, 2, 3}, 5, [][]int32{{1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}, {12}}},
		{"order matters", []int{3, 0, 1}, 4, [][]int32{{12, 1, 2, 3}, {4, 5}}},
		{"one per row", []int{0, 1}, 3, [][]int32{{1, 2, 3}, {4, 5}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := packRows(seqs, tc.order, tc.rowLen)
			if !slices.EqualFunc(got, tc.want, slices.Equal) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestMakePackedBatch(t *testing.T) {
	b := makePackedBatch([][]int32{{5, 6, 7}, {8}}, 3, 4)
	wantTokens := []int32{5, 6, 7, 0, 8, 0, 0, 0, 0, 0, 0, 0}
	wantLabels := []int32{6, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	wantWeights := []float32{1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	wantValid := []bool{true, true, true, false, true, false, false, false, false, false, false, false}
	if !slices.Equal(b.Tokens, wantTokens) || !slices.Equal(b.Labels, wantLabels) ||
		!slices.Equal(b.Weights, wantWeights) || !slices.Equal(b.Valid, wantValid) {
		t.Errorf("batch %+v", b)
	}
	if b.RealTokens != 4 || b.Positions[2] != 2 || b.Positions[4] != 0 {
		t.Errorf("real tokens %d, positions %v", b.RealTokens, b.Positions)
	}
}

func TestBatchStreamCoversEveryRowEachEpoch(t *testing.T) {
	var seqs [][]int32
	for i := range 10 {
		seqs = append(seqs, []int32{int32(i), int32(i)})
	}
	s := &batchStream{seqs: seqs, rowsPerBatch: 2, rowLen: 4, seed: 1}
	seen := map[int32]int{}
	for range 3 { // 10 sequences, 2 per row, 2 rows per batch: 5 rows, 3 batches
		b, epoch := s.next()
		if epoch != 0 {
			t.Fatalf("epoch %d, want 0", epoch)
		}
		for i, tok := range b.Tokens {
			if b.Valid[i] {
				seen[tok]++
			}
		}
	}
	for i := range int32(10) {
		if seen[i] != 2 {
			t.Errorf("token %d seen %d times in epoch 0, want 2", i, seen[i])
		}
	}
	if _, epoch := s.next(); epoch != 1 {
		t.Errorf("epoch %d after all rows, want 1", epoch)
	}
}

// TestClipByGlobalNorm compares with the formula min(1, max/(‖g‖+1e-6))·g.
func TestClipByGlobalNorm(t *testing.T) {
	backend, err := model.NewBackend()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		maxNorm float64
		scale   float64
	}{
		{"clipped", 1, 1 / (13 + 1e-6)}, // ‖(3, 4, 12)‖ = 13
		{"unchanged", 20, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			outs := graph.MustNewExec(backend, func(a, b *graph.Node) []*graph.Node {
				return clipByGlobalNorm([]*graph.Node{a, b}, tc.maxNorm)
			}).MustExec([]float64{3, 4}, []float64{12})
			got := append(tensors.MustCopyFlatData[float64](outs[0]), tensors.MustCopyFlatData[float64](outs[1])...)
			for i, g := range []float64{3, 4, 12} {
				if math.Abs(got[i]-g*tc.scale) > 1e-12 {
					t.Errorf("component %d: %g, want %g", i, got[i], g*tc.scale)
				}
			}
		})
	}
}

// TestScheduleReachesTheOptimizer checks that the learning rate set before each step is the
// one AdamW uses: with warmup, step 1 has learning rate 0 and must leave every weight as it
// was; step 2 must change them.
func TestScheduleReachesTheOptimizer(t *testing.T) {
	backend, err := model.NewBackend()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := architecture{Hidden: 16, Layers: 1, Heads: 2, KVHeads: 1, FFN: 32, Vocab: 50, MaxPositions: 64}.modelConfig(0, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	m := model.New(backend, cfg)
	if err := m.InitRandom(1, 0.1); err != nil {
		t.Fatal(err)
	}
	tr, err := newFullTrainer(m, optimConfig{LearningRate: 1e-2, WarmupRatio: 0.5, WeightDecay: 0.1, MaxGradNorm: 1, Steps: 4})
	if err != nil {
		t.Fatal(err)
	}
	batch := randomBatch(2, 8, 50)
	_, w0, _ := m.Weights()
	losses := make([]float64, 0, 4)
	for step := range 4 {
		r, err := tr.trainStep(batch)
		if err != nil {
			t.Fatal(err)
		}
		losses = append(losses, r.Loss)
		_, w, _ := m.Weights()
		changed := !slices.EqualFunc(w, w0, slices.Equal)
		if want := step > 0; changed != want {
			t.Fatalf("after step %d (lr %g): weights changed = %v, want %v", step+1, r.LearningRate, changed, want)
		}
	}
	if losses[3] >= losses[0] {
		t.Errorf("loss did not fall on a repeated batch: %v", losses)
	}
}

// TestBuildIsDeterministicAndConforms builds a very small model twice: the files must be
// byte-identical, pass lib/modelcheck, and the training loss must fall.
func TestBuildIsDeterministicAndConforms(t *testing.T) {
	o := defaultOptions()
	o.CorpusExamples, o.HeldoutExamples, o.ToolTexts, o.VocabSize = 400, 40, 40, 700
	o.Hidden, o.Layers, o.Heads, o.KVHeads, o.FFN = 32, 1, 2, 1, 64
	o.Steps, o.Batch, o.SeqLen, o.LongSeqLen, o.LogEvery, o.EvalEvery, o.LR = 12, 4, 64, 128, 4, 0, 1e-2
	var dirs []string
	var finalOut string
	var fromScratch *summary
	for range 2 {
		finalOut = filepath.Join(t.TempDir(), "model")
		o.Out = finalOut
		var log bytes.Buffer
		s, err := build(o, &log)
		fromScratch = s
		// A 12-step model is not expected to end its answers yet, so its files stay in the
		// partial directory; every other check must pass.
		if err == nil || !strings.Contains(err.Error(), "generation check") {
			t.Fatalf("want a generation check failure, got %v\n%s", err, log.String())
		}
		if _, err := os.Stat(o.Out); !os.IsNotExist(err) {
			t.Errorf("a failing model replaced %s: %v", o.Out, err)
		}
		o.Out += partialSuffix
		if !(s.FinalLoss < s.FirstLoss) || math.IsNaN(s.HeldoutLoss) || math.IsNaN(s.HeldoutLossLong) {
			t.Errorf("training loss %g -> %g, held-out %g / %g", s.FirstLoss, s.FinalLoss, s.HeldoutLoss, s.HeldoutLossLong)
		}
		// 20% of 12 steps: steps 11 and 12 use 2 rows of 128 tokens.
		if !strings.Contains(log.String(), "step    12/12  rows of 128") || !strings.Contains(log.String(), "step     8/12  rows of 64") {
			t.Errorf("phases not as expected:\n%s", log.String())
		}
		if _, err := modelcheck.Check(o.Out, modelcheck.Options{}); err != nil {
			t.Error(err)
		}
		// The probe runs on any model; a 12-step one copies nothing.
		lm, err := pipeline.LoadModel(context.Background(), o.Out, nil, hub.Config{})
		if err != nil {
			t.Fatal(err)
		}
		if res, err := copyProbe(lm, o.Seed, 4); err != nil || res.Total != 4 || res.Exact != 0 || len(res.Misses) != 3 {
			t.Errorf("copy probe of an untrained model: %+v, %v", res, err)
		}
		if res, err := catalogProbe(lm, 6); err != nil || res.CallCases+res.NoCallCases != 6 || res.RightForm != 0 || res.RightFields != 0 {
			t.Errorf("catalog probe of an untrained model: %+v, %v", res, err)
		}
		dirs = append(dirs, o.Out)
	}
	for _, name := range []string{"config.json", safetensors.SingleFileName, "tokenizer.json", "tokenizer_config.json", "generation_config.json"} {
		a, errA := os.ReadFile(filepath.Join(dirs[0], name))
		b, errB := os.ReadFile(filepath.Join(dirs[1], name))
		if errA != nil || errB != nil {
			t.Fatalf("%s: %v, %v", name, errA, errB)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two builds with the same flags", name)
		}
	}
	card, err := os.ReadFile(filepath.Join(dirs[1], "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"go run ./cmd/make-base-model --out " + finalOut + " ", "--corpus_examples 400", "never seen a tool", "held-out loss"} {
		if !strings.Contains(string(card), want) {
			t.Errorf("README.md lacks %q", want)
		}
	}

	// --init_from continues training that model: same tokenizer and architecture, and a first
	// loss well below a random model's.
	cont := o
	cont.InitFrom, cont.Out, cont.Hidden = dirs[1], filepath.Join(t.TempDir(), "continued"), 64 // the architecture flags are ignored
	var log bytes.Buffer
	s1, err := build(cont, &log)
	if err != nil && !strings.Contains(err.Error(), "generation check") {
		t.Fatalf("continuing: %v\n%s", err, log.String())
	}
	if !(s1.FirstLoss < fromScratch.FirstLoss-0.5) || s1.Config.HiddenSize != 32 {
		t.Errorf("continued build: first loss %g (from scratch %g), hidden size %d", s1.FirstLoss, fromScratch.FirstLoss, s1.Config.HiddenSize)
	}
	for _, name := range []string{"tokenizer.json", "tokenizer_config.json"} {
		a, _ := os.ReadFile(filepath.Join(dirs[1], name))
		b, _ := os.ReadFile(filepath.Join(cont.Out+partialSuffix, name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s of the continued model differs from the one it continues", name)
		}
	}
	card, _ = os.ReadFile(filepath.Join(cont.Out+partialSuffix, "README.md"))
	for _, want := range []string{"--init_from " + dirs[1], "continued from the weights of " + dirs[1], "the tokenizer of " + dirs[1]} {
		if !strings.Contains(string(card), want) {
			t.Errorf("continued model's README.md lacks %q", want)
		}
	}
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string // error substring; "" for success
	}{
		{[]string{"--hidden", "96"}, ""},
		{[]string{"--steps", "0"}, "--steps must be positive"},
		{[]string{"--lr", "-1"}, "--lr > 0"},
		{[]string{"--seq_len", "512", "--long_seq_len", "256"}, "--long_seq_len >= --seq_len"},
		{[]string{"--long_fraction", "1.5"}, "--long_fraction <= 1"},
		{[]string{"--out", ""}, "--out is empty"},
		{[]string{"--hidden", "96", "--kind_weights", "copy=2, fact=1", "--pretokenizer", "leading_space"}, ""},
		{[]string{"--kind_weights", "copy"}, "--kind_weights must be KIND=WEIGHT"},
		{[]string{"--kind_weights", "poetry=1"}, "--kind_weights must be KIND=WEIGHT"},
		{[]string{"--pretokenizer", "gpt2"}, "--pretokenizer must be bare_words or leading_space"},
		{[]string{"extra"}, "unexpected arguments"},
		{[]string{"--no_such_flag"}, "not defined"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			o, err := parseFlags(tc.args)
			switch {
			case tc.want == "" && err != nil:
				t.Fatal(err)
			case tc.want == "" && o.FFN != 256: // 8/3·96 = 256
				t.Errorf("ffn %d, want 256", o.FFN)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}
