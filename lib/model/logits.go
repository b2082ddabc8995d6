package model

import (
	"fmt"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// Batch is a rectangular batch of token rows for Model.Logits.
type Batch struct {
	Tokens [][]int32 // [B][T] token ids
	// Mask marks real tokens (true) and padding (false); nil means every token is real.
	Mask [][]bool
	// Positions are the RoPE positions; nil derives them from Mask as Hugging Face's generate
	// does: the number of real tokens before each one (so left padding does not shift them).
	Positions [][]int32
}

// LogitsOutput holds logits [Batch, Seq, Vocab] in row-major order.
type LogitsOutput struct {
	Batch, Seq, Vocab int
	Data              []float32
}

// At returns the logits of row b at sequence index t (a view into Data).
func (l *LogitsOutput) At(b, t int) []float32 {
	start := (b*l.Seq + t) * l.Vocab
	return l.Data[start : start+l.Vocab : start+l.Vocab]
}

// Logits runs the decoder on a batch and returns the logits of every position.
func (m *Model) Logits(batch Batch) (*LogitsOutput, error) {
	tokens, positions, mask, err := m.batchTensors(batch)
	if err != nil {
		return nil, fmt.Errorf("logits: %w", err)
	}
	e, err := m.exec("logits", func(ctx *context.Context, in []*graph.Node) []*graph.Node {
		return []*graph.Node{m.LogitsGraph(ctx, in[0], in[1], in[2])}
	})
	if err != nil {
		return nil, err
	}
	out, err := e.Exec(tokens, positions, mask)
	if err != nil {
		return nil, fmt.Errorf("logits: %w", err)
	}
	data, err := tensors.CopyFlatData[float32](out[0])
	_ = out[0].FinalizeAll() // free the backend buffer now; data is a copy
	if err != nil {
		return nil, fmt.Errorf("logits: %w", err)
	}
	return &LogitsOutput{Batch: len(batch.Tokens), Seq: len(batch.Tokens[0]), Vocab: m.Config.VocabSize, Data: data}, nil
}

// batchTensors validates a batch and converts it to the decoder's input tensors.
func (m *Model) batchTensors(b Batch) (tokens, positions, mask *tensors.Tensor, err error) {
	rows := len(b.Tokens)
	if rows == 0 || len(b.Tokens[0]) == 0 {
		return nil, nil, nil, fmt.Errorf("empty batch")
	}
	seq := len(b.Tokens[0])
	if b.Mask != nil && len(b.Mask) != rows {
		return nil, nil, nil, fmt.Errorf("mask has %d rows, tokens %d", len(b.Mask), rows)
	}
	if b.Positions != nil && len(b.Positions) != rows {
		return nil, nil, nil, fmt.Errorf("positions have %d rows, tokens %d", len(b.Positions), rows)
	}
	flatTokens := make([]int32, 0, rows*seq)
	flatPos := make([]int32, 0, rows*seq)
	flatMask := make([]bool, 0, rows*seq)
	for r, row := range b.Tokens {
		if len(row) != seq {
			return nil, nil, nil, fmt.Errorf("row %d has %d tokens, row 0 has %d", r, len(row), seq)
		}
		rowMask := allTrue(seq)
		if b.Mask != nil {
			if rowMask = b.Mask[r]; len(rowMask) != seq {
				return nil, nil, nil, fmt.Errorf("mask row %d has %d entries, want %d", r, len(rowMask), seq)
			}
		}
		rowPos := positionsFromMask(rowMask)
		if b.Positions != nil {
			if rowPos = b.Positions[r]; len(rowPos) != seq {
				return nil, nil, nil, fmt.Errorf("positions row %d has %d entries, want %d", r, len(rowPos), seq)
			}
		}
		for t, id := range row {
			if err := m.checkToken(int(id)); err != nil && rowMask[t] {
				return nil, nil, nil, fmt.Errorf("row %d, index %d: %w", r, t, err)
			}
			if !rowMask[t] {
				id = 0 // padding content is irrelevant; keep it a valid index
			}
			flatTokens = append(flatTokens, id)
		}
		flatPos = append(flatPos, rowPos...)
		flatMask = append(flatMask, rowMask...)
	}
	return tensors.FromFlatDataAndDimensions(flatTokens, rows, seq),
		tensors.FromFlatDataAndDimensions(flatPos, rows, seq),
		tensors.FromFlatDataAndDimensions(flatMask, rows, seq), nil
}

func (m *Model) checkToken(id int) error {
	if id < 0 || id >= m.Config.VocabSize {
		return fmt.Errorf("token id %d outside the vocabulary [0, %d)", id, m.Config.VocabSize)
	}
	return nil
}

func allTrue(n int) []bool {
	out := make([]bool, n)
	for i := range out {
		out[i] = true
	}
	return out
}

// positionsFromMask numbers the real tokens 0, 1, 2, ...; padding gets the position of the
// next real token (or 0), which never matters because padding is never attended to.
func positionsFromMask(mask []bool) []int32 {
	out := make([]int32, len(mask))
	var next int32
	for i, real := range mask {
		out[i] = next
		if real {
			next++
		}
	}
	return out
}
