package model

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive // GoMLX graph code reads best with the dot import.
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// GenerateConfig controls Model.Generate.
type GenerateConfig struct {
	MaxNewTokens int     // tokens to generate per prompt at most; must be positive
	Temperature  float64 // 0 picks the most likely token (greedy); > 0 samples
	TopP         float64 // nucleus sampling: keep the most likely tokens up to this mass; 0 or 1 keeps all
	Seed         uint64  // sampling seed; row r draws from its own stream, so rows do not affect each other
	StopTokens   []int   // a row stops after producing one of these (the stop token is returned)
	// StopFunc, when set, is asked after each new token of a row with all the tokens generated
	// for it so far, and stops the row when it returns true (e.g. a stop string found by
	// detokenizing).
	StopFunc func(generated []int) bool
	// Constrain, when set, is given each row's tokens generated so far and the logits of its
	// next token before the token is picked, and may lower logits (to -Inf to rule a token
	// out): grammar-guided decoding (lib/guide). row indexes the prompts of the call.
	Constrain func(row int, generated []int, logits []float32)
	// DisableKVCache recomputes the whole sequence at every step instead of caching keys and
	// values: much slower, the same result; it exists to check the cache.
	DisableKVCache bool
}

func (c *GenerateConfig) validate() error {
	switch {
	case c.MaxNewTokens <= 0:
		return fmt.Errorf("MaxNewTokens must be positive, got %d", c.MaxNewTokens)
	case c.Temperature < 0:
		return fmt.Errorf("Temperature must be >= 0, got %g", c.Temperature)
	case c.TopP < 0 || c.TopP > 1:
		return fmt.Errorf("TopP must be in [0, 1], got %g", c.TopP)
	}
	return nil
}

// lengthBuckets returns the multiples that prompt widths and cache capacities are rounded up
// to, so that prompts of similar lengths share compiled programs (extra left padding and cache
// slots are masked out and change nothing): coarse where compiling is costly.
func (m *Model) lengthBuckets() (prompt, capacity int) {
	if m.coarseBuckets || CompilesAreCostly(m.Backend) {
		return 64, 128
	}
	return 8, 32
}

func roundUp(n, multiple int) int { return (n + multiple - 1) / multiple * multiple }

// Generate continues each prompt (token ids) and returns the new tokens of each. Prompts may
// have different lengths: they are left-padded into one batch, with padding masked out and
// RoPE positions counted per row, so a prompt's continuation does not depend on the others.
func (m *Model) Generate(prompts [][]int, cfg GenerateConfig) ([][]int, error) {
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	if err := m.checkPrompts(prompts); err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	var step stepper
	if cfg.DisableKVCache {
		step = &recomputeStepper{m: m, seqs: clonePrompts(prompts)}
	} else {
		step = &cachedStepper{m: m, prompts: prompts, maxNew: cfg.MaxNewTokens}
	}
	defer ReleaseBuffers() // runs last, once the stepper's buffers are back in the pools
	defer step.release()
	return generateLoop(len(prompts), cfg, step)
}

// stepper produces next-token logits [rows][vocab]: first for the prompts, then after each
// call to advance with the tokens chosen for every row.
type stepper interface {
	logits() ([][]float32, error)
	advance(next []int) error
	release() // frees backend buffers; the stepper is not used afterwards
}

// generateLoop picks a token per row from each step's logits until every row has stopped or
// MaxNewTokens is reached. Stopped rows keep being fed (batch shapes stay fixed); their
// tokens are dropped.
func generateLoop(rows int, cfg GenerateConfig, step stepper) ([][]int, error) {
	rngs := make([]*rand.Rand, rows)
	for r := range rngs {
		rngs[r] = rand.New(rand.NewPCG(cfg.Seed, uint64(r)))
	}
	out := make([][]int, rows)
	done := make([]bool, rows)
	next := make([]int, rows)
	for n := 0; ; n++ {
		logits, err := step.logits()
		if err != nil {
			return nil, fmt.Errorf("generate: %w", err)
		}
		for r := range rows {
			if cfg.Constrain != nil && !done[r] {
				cfg.Constrain(r, out[r], logits[r])
			}
			next[r] = sampleToken(logits[r], cfg.Temperature, cfg.TopP, rngs[r])
			if done[r] {
				continue
			}
			out[r] = append(out[r], next[r])
			done[r] = slices.Contains(cfg.StopTokens, next[r]) || (cfg.StopFunc != nil && cfg.StopFunc(out[r]))
		}
		if n+1 == cfg.MaxNewTokens || !slices.Contains(done, false) {
			return out, nil
		}
		if err := step.advance(next); err != nil {
			return nil, fmt.Errorf("generate: %w", err)
		}
	}
}

func (m *Model) checkPrompts(prompts [][]int) error {
	if len(prompts) == 0 {
		return errors.New("no prompts")
	}
	for r, p := range prompts {
		if len(p) == 0 {
			return fmt.Errorf("prompt %d is empty", r)
		}
		for i, id := range p {
			if err := m.checkToken(id); err != nil {
				return fmt.Errorf("prompt %d, token %d: %w", r, i, err)
			}
		}
	}
	return nil
}

func clonePrompts(prompts [][]int) [][]int {
	out := make([][]int, len(prompts))
	for i, p := range prompts {
		out[i] = slices.Clone(p)
	}
	return out
}

// leftPad lays rows out right-aligned in a [len(rows), width] batch.
func leftPad(rows [][]int, width int) Batch {
	b := Batch{Tokens: make([][]int32, len(rows)), Mask: make([][]bool, len(rows))}
	for r, row := range rows {
		b.Tokens[r] = make([]int32, width)
		b.Mask[r] = make([]bool, width)
		pad := width - len(row)
		for i, id := range row {
			b.Tokens[r][pad+i] = int32(id)
			b.Mask[r][pad+i] = true
		}
	}
	return b
}

func maxLen(rows [][]int) int {
	n := 0
	for _, r := range rows {
		n = max(n, len(r))
	}
	return n
}

// lastLogitsGraph returns the logits [B, vocab] of the last sequence index of hidden [B, T, D].
func (m *Model) lastLogitsGraph(ctx *context.Context, hidden *Node) *Node {
	dims := hidden.Shape().Dimensions
	last := Reshape(Slice(hidden, AxisRange(), AxisElem(dims[1]-1)), dims[0], dims[2])
	return m.linear(ctx, last, LMHead)
}

// lastLogitsOfBatchGraph maps tokens, positions and mask [B, T] to the logits [B, vocab] of
// the last index.
func (m *Model) lastLogitsOfBatchGraph(ctx *context.Context, in []*Node) []*Node {
	return []*Node{m.lastLogitsGraph(ctx, m.HiddenGraph(ctx, in[0], in[1], in[2]))}
}

// recomputeStepper runs the full forward pass over prompt + generated tokens at every step.
type recomputeStepper struct {
	m    *Model
	seqs [][]int
}

func (s *recomputeStepper) logits() ([][]float32, error) {
	promptBucket, _ := s.m.lengthBuckets()
	batch := leftPad(s.seqs, roundUp(maxLen(s.seqs), promptBucket))
	tokens, positions, mask, err := s.m.batchTensors(batch)
	if err != nil {
		return nil, err
	}
	e, err := s.m.exec("last-logits", s.m.lastLogitsOfBatchGraph)
	if err != nil {
		return nil, err
	}
	out, err := e.Exec(tokens, positions, mask)
	if err != nil {
		return nil, err
	}
	defer func() { _ = out[0].FinalizeAll() }() // splitRows copies the values
	return splitRows(out[0])
}

func (s *recomputeStepper) release() {}

func (s *recomputeStepper) advance(next []int) error {
	for r, id := range next {
		s.seqs[r] = append(s.seqs[r], id)
	}
	return nil
}

// cachedStepper keeps every layer's keys and values in fixed-size buffers [B, kv_heads,
// capacity, head_dim]. The prompt is run once (prefill); each later step runs only the new
// token, writes its keys and values into slot `width+step` (writeSlot) and attends over the
// whole buffer, masked to the slots filled so far.
type cachedStepper struct {
	m       *Model
	prompts [][]int
	maxNew  int

	width, capacity int
	step            int
	keyPos          []int32 // [B, capacity] position of the token in each slot
	keyValid        []bool  // [B, capacity] whether the slot holds a real token
	caches          []*tensors.Tensor
	pending         *tensors.Tensor // logits of the last step
}

func (s *cachedStepper) logits() ([][]float32, error) {
	if s.pending == nil {
		if err := s.prefill(); err != nil {
			return nil, err
		}
	}
	return splitRows(s.pending)
}

func (s *cachedStepper) prefill() error {
	rows := len(s.prompts)
	promptBucket, capacityBucket := s.m.lengthBuckets()
	s.width = roundUp(maxLen(s.prompts), promptBucket)
	s.capacity = roundUp(s.width+s.maxNew, capacityBucket)
	batch := leftPad(s.prompts, s.width)
	tokens, positions, mask, err := s.m.batchTensors(batch)
	if err != nil {
		return err
	}
	s.keyPos = make([]int32, rows*s.capacity)
	s.keyValid = make([]bool, rows*s.capacity)
	for r := range rows {
		copy(s.keyPos[r*s.capacity:], positionsFromMask(batch.Mask[r]))
		copy(s.keyValid[r*s.capacity:], batch.Mask[r])
	}
	capacity := s.capacity
	e, err := s.m.exec(fmt.Sprintf("prefill-%d", capacity), func(ctx *context.Context, in []*Node) []*Node {
		return s.m.prefillGraph(ctx, in[0], in[1], in[2], capacity)
	})
	if err != nil {
		return err
	}
	out, err := e.Exec(tokens, positions, mask)
	if err != nil {
		return err
	}
	s.pending, s.caches = out[0], out[1:]
	return nil
}

func (s *cachedStepper) advance(next []int) error {
	rows := len(s.prompts)
	slot := s.width + s.step
	tokens := make([]int32, rows)
	positions := make([]int32, rows)
	for r, id := range next {
		tokens[r] = int32(id)
		positions[r] = int32(len(s.prompts[r]) + s.step)
		s.keyPos[r*s.capacity+slot] = positions[r]
		s.keyValid[r*s.capacity+slot] = true
	}
	s.step++
	e, err := s.m.exec("decode", s.m.decodeStepGraph)
	if err != nil {
		return err
	}
	args := []any{
		tensors.FromFlatDataAndDimensions(tokens, rows, 1),
		tensors.FromFlatDataAndDimensions(positions, rows, 1),
		tensors.FromFlatDataAndDimensions(slices.Clone(s.keyPos), rows, s.capacity),
		tensors.FromFlatDataAndDimensions(slices.Clone(s.keyValid), rows, s.capacity),
		tensors.FromScalar(int32(slot)),
	}
	for _, c := range s.caches {
		// Donated, the buffers belong to the step, which then writes the new slot in place
		// instead of copying every layer's keys and values (writeSlot).
		d, err := DonateTensorBuffer(c, s.m.Backend, 0)
		if err != nil {
			return err
		}
		args = append(args, d)
	}
	out, err := e.Exec(args...)
	if err != nil {
		return err
	}
	s.release()
	s.pending, s.caches = out[0], out[1:]
	return nil
}

// release frees the previous step's buffers right away rather than at garbage collection,
// which does not see their size (a large model's cache is hundreds of MB per step).
func (s *cachedStepper) release() {
	for _, t := range append(s.caches, s.pending) {
		if t != nil {
			_ = t.FinalizeAll() // best effort: the values are no longer used either way
		}
	}
}

// prefillGraph runs the prompts and returns their last logits [B, vocab] followed by, for each
// layer, the key and value buffers [B, kv_heads, capacity, head_dim] holding the prompt.
func (m *Model) prefillGraph(ctx *context.Context, tokens, positions, mask *Node, capacity int) []*Node {
	width := tokens.Shape().Dimensions[1]
	caches := make([]*Node, 0, 2*m.Config.NumLayers)
	extend := func(x *Node) *Node {
		dims := slices.Clone(x.Shape().Dimensions)
		dims[2] = capacity - width
		return Concatenate([]*Node{x, Zeros(x.Graph(), shapes.Make(x.DType(), dims...))}, 2)
	}
	plan := &attentionPlan{
		allowed: m.attentionMask(positions, positions, mask),
		keys: func(_ int, k, v *Node) (*Node, *Node) {
			caches = append(caches, extend(k), extend(v))
			return k, v
		},
	}
	logits := m.lastLogitsGraph(ctx, m.decode(ctx, tokens, positions, plan))
	return append([]*Node{logits}, caches...)
}

// writeSlot returns buf [B, kv_heads, capacity, head_dim] with x [B, kv_heads, 1, head_dim]
// written at slot (a scalar) of axis 2. The slot still holds the zeros prefill filled it with
// (each step writes a new one), so a scatter-add of x writes it: the pure-Go backend has no
// DynamicUpdateSlice, and selecting with Where built two buffer-sized broadcasts per layer and
// step (decoding 610-680 -> 810 tokens/s in BenchmarkDecode; evaluation 7.4 -> 8.0 cases/s).
func writeSlot(buf, x, slot *Node) *Node {
	g := buf.Graph()
	dims := buf.Shape().Dimensions
	b, h := dims[0], dims[1]
	at := func(axis int) *Node { return Iota(g, shapes.Make(dtypes.Int32, b, h, 1), axis) }
	indices := Concatenate([]*Node{at(0), at(1), BroadcastToDims(ConvertDType(slot, dtypes.Int32), b, h, 1)}, -1)
	return ScatterSum(buf, indices, Reshape(x, b, h, dims[3]), true, true)
}

// decodeStepGraph runs one new token per row. Inputs: tokens [B, 1], positions [B, 1], the
// positions and validity of every cache slot [B, capacity], the slot to write (scalar), then
// the key and value buffers of every layer. Outputs: logits [B, vocab] and the new buffers.
func (m *Model) decodeStepGraph(ctx *context.Context, in []*Node) []*Node {
	tokens, positions, keyPos, keyValid, slot := in[0], in[1], in[2], in[3], in[4]
	caches := in[5:]
	updated := make([]*Node, len(caches))
	write := func(i int, x *Node) *Node {
		updated[i] = writeSlot(caches[i], x, slot)
		return updated[i]
	}
	plan := &attentionPlan{
		allowed: m.attentionMask(positions, keyPos, keyValid),
		keys: func(layer int, k, v *Node) (*Node, *Node) {
			return write(2*layer, k), write(2*layer+1, v)
		},
	}
	logits := m.lastLogitsGraph(ctx, m.decode(ctx, tokens, positions, plan))
	return append([]*Node{logits}, updated...)
}

// splitRows copies logits [B, vocab] into one slice per row.
func splitRows(t *tensors.Tensor) ([][]float32, error) {
	flat, err := tensors.CopyFlatData[float32](t)
	if err != nil {
		return nil, err
	}
	dims := t.Shape().Dimensions
	rows := make([][]float32, dims[0])
	for r := range rows {
		rows[r] = flat[r*dims[1] : (r+1)*dims[1]]
	}
	return rows, nil
}
