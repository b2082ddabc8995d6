package train

import (
	"cmp"
	"math/rand/v2"
	"slices"
)

// Batch is a rectangular micro-batch of Rows sequences padded to Len tokens, flattened
// row-major. Padding rows (to keep Rows constant) and padding positions have Valid false and
// Weight 0.
//
// Position t of a row predicts the token at t+1: Labels[t] is that token and Weight[t] is 1
// when it is a target (inside an assistant turn), else 0. The loss of a batch is
// Σ Weight·(-log p(Label)), and the number of targets is Σ Weight.
type Batch struct {
	Rows, Len int
	Tokens    []int32
	Positions []int32
	Valid     []bool
	Labels    []int32
	Weights   []float32
	// RealTokens counts the valid tokens; Targets the weighted positions.
	RealTokens, Targets int
}

// BatchConfig shapes the batches.
type BatchConfig struct {
	// Rows is the number of sequences per micro-batch; the last batch is filled up with empty
	// rows, so every batch has the same number of rows.
	Rows int
	// PadMultiple rounds each batch's length up to a multiple of it. GoMLX compiles one program
	// per input shape: with lengths rounded to 32, at most max_seq_length/32 programs are ever
	// compiled, instead of one per distinct length.
	PadMultiple int
	// Window is how many batches' worth of shuffled examples are sorted by length together
	// (length bucketing): batches hold sequences of similar length, so little is padding,
	// while the order stays random across windows.
	Window int
}

func (c BatchConfig) padded(n int) int {
	m := max(c.PadMultiple, 1)
	return (n + m - 1) / m * m
}

// EpochOrder returns the batches of one epoch as lists of sequence indexes: the sequences
// shuffled with (seed, epoch), sorted by length within windows of Window·Rows sequences, cut
// into batches, and the batches shuffled. The same arguments always give the same order,
// which is what makes resuming from a checkpoint exact.
func EpochOrder(lengths []int, cfg BatchConfig, seed uint64, epoch int) [][]int {
	rng := rand.New(rand.NewPCG(seed, uint64(epoch)))
	order := rng.Perm(len(lengths))
	window := max(cfg.Window, 1) * cfg.Rows
	var batches [][]int
	for start := 0; start < len(order); start += window {
		w := order[start:min(start+window, len(order))]
		slices.SortStableFunc(w, func(a, b int) int { return cmp.Compare(lengths[b], lengths[a]) })
		batches = append(batches, chunk(w, cfg.Rows)...)
	}
	rng.Shuffle(len(batches), func(i, j int) { batches[i], batches[j] = batches[j], batches[i] })
	return batches
}

// EvalOrder returns batches for evaluation: sequences sorted by length (longest first, so the
// biggest program is compiled first), no shuffling.
func EvalOrder(lengths []int, rows int) [][]int {
	order := make([]int, len(lengths))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(lengths[b], lengths[a]) })
	return chunk(order, rows)
}

func chunk(idx []int, size int) [][]int {
	var out [][]int
	for start := 0; start < len(idx); start += size {
		out = append(out, slices.Clone(idx[start:min(start+size, len(idx))]))
	}
	return out
}

// MakeBatch builds the padded batch of the sequences seqs[idx...].
func MakeBatch(seqs []Sequence, idx []int, cfg BatchConfig) Batch {
	longest := 0
	for _, i := range idx {
		longest = max(longest, len(seqs[i].IDs))
	}
	b := Batch{Rows: cfg.Rows, Len: cfg.padded(longest)}
	n := b.Rows * b.Len
	b.Tokens, b.Positions, b.Labels = make([]int32, n), make([]int32, n), make([]int32, n)
	b.Valid, b.Weights = make([]bool, n), make([]float32, n)
	for r, i := range idx {
		s := seqs[i]
		row := r * b.Len
		for t, id := range s.IDs {
			b.Tokens[row+t] = id
			b.Positions[row+t] = int32(t)
			b.Valid[row+t] = true
			if t+1 < len(s.IDs) {
				b.Labels[row+t] = s.IDs[t+1]
				if s.Target[t+1] {
					b.Weights[row+t] = 1
					b.Targets++
				}
			}
		}
		b.RealTokens += len(s.IDs)
	}
	return b
}

func lengthsOf(seqs []Sequence) []int {
	out := make([]int, len(seqs))
	for i, s := range seqs {
		out[i] = len(s.IDs)
	}
	return out
}
