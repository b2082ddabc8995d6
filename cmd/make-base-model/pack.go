package main

import (
	"math/rand/v2"
)

// Packing whole conversations into fixed-size rows.
//
// Every row of every batch has the same length, so GoMLX compiles the training program once.
// A row starts with a conversation at position 0 (as fine-tuning and generation later see
// them) and is filled greedily with further whole conversations, which continue the positions;
// the rest is padding. The loss covers every real token: a base model learns the language of
// users as well as of the assistant, and the chat markers that frame their turns.

// packedBatch is a [Rows, Len] batch flattened row-major. Position t predicts the token at
// t+1: Labels[t] is that token and Weights[t] is 1 when both are real tokens.
type packedBatch struct {
	Rows, Len int
	Tokens    []int32
	Positions []int32
	Valid     []bool
	Labels    []int32
	Weights   []float32
	// RealTokens counts the non-padding tokens.
	RealTokens int
}

// packRows packs sequences (token ids) into rows of at most rowLen tokens, in the given
// order. A sequence longer than rowLen is cut to rowLen.
func packRows(seqs [][]int32, order []int, rowLen int) [][]int32 {
	var rows [][]int32
	var cur []int32
	for _, i := range order {
		s := seqs[i]
		if len(s) > rowLen {
			s = s[:rowLen]
		}
		if len(cur)+len(s) > rowLen {
			rows = append(rows, cur)
			cur = nil
		}
		cur = append(cur, s...)
	}
	if len(cur) > 0 {
		rows = append(rows, cur)
	}
	return rows
}

// epochRows shuffles the sequences with (seed, epoch) and packs them.
func epochRows(seqs [][]int32, rowLen int, seed uint64, epoch int) [][]int32 {
	rng := rand.New(rand.NewPCG(seed, uint64(epoch)))
	return packRows(seqs, rng.Perm(len(seqs)), rowLen)
}

// makePackedBatch builds a batch of rowsPerBatch rows of length rowLen from rows (fewer rows
// are filled with padding).
func makePackedBatch(rows [][]int32, rowsPerBatch, rowLen int) packedBatch {
	n := rowsPerBatch * rowLen
	b := packedBatch{
		Rows: rowsPerBatch, Len: rowLen,
		Tokens: make([]int32, n), Positions: make([]int32, n), Valid: make([]bool, n),
		Labels: make([]int32, n), Weights: make([]float32, n),
	}
	for r, row := range rows {
		base := r * rowLen
		for t, id := range row {
			b.Tokens[base+t] = id
			b.Positions[base+t] = int32(t)
			b.Valid[base+t] = true
			if t+1 < len(row) {
				b.Labels[base+t] = row[t+1]
				b.Weights[base+t] = 1
			}
		}
		for t := len(row); t < rowLen; t++ {
			b.Positions[base+t] = int32(t)
		}
		b.RealTokens += len(row)
	}
	return b
}

// batchStream yields the batches of successive epochs, forever.
type batchStream struct {
	seqs                 [][]int32
	rowsPerBatch, rowLen int
	seed                 uint64
	epoch                int
	rows                 [][]int32 // rows of the current epoch not yet used
}

// next returns the next batch and the (0-based) epoch it belongs to.
func (s *batchStream) next() (packedBatch, int) {
	if len(s.rows) == 0 {
		s.rows = epochRows(s.seqs, s.rowLen, s.seed, s.epoch)
		s.epoch++
	}
	k := min(s.rowsPerBatch, len(s.rows))
	b := makePackedBatch(s.rows[:k], s.rowsPerBatch, s.rowLen)
	s.rows = s.rows[k:]
	return b, s.epoch - 1
}
