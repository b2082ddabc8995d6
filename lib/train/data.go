package train

import (
	"fmt"
	"hash/fnv"
	"math"
	"strings"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

// Encoder is what tokenization needs of a tokenizer (lib/tokenizer.Tokenizer implements it).
type Encoder interface {
	// Encode returns the ids of text; with addSpecial the tokenizer's post-processor adds its
	// special tokens (a BOS, say).
	Encode(text string, addSpecial bool) ([]int, error)
}

// Sequence is one tokenized example.
type Sequence struct {
	// Example is the index of the example in the dataset it came from.
	Example int
	// IDs are the tokens, at most MaxSeqLength of them.
	IDs []int32
	// Target[i] is true when IDs[i] lies inside an assistant turn: a token the model is
	// trained to predict (from IDs[:i]).
	Target []bool
	// Weight[i] is the loss weight of target i; nil means every target weighs 1. Tokenize
	// fills it only when TokenizeConfig.DecisionWeight asks for weighted decisions.
	Weight []float32
	// PromptKey names what the rendered conversation starts with, whatever its requests: a
	// hash of its tools and its leading system messages. Sequences of one key begin with the
	// same system turn, which shared-prefix batches (SharedEpochOrder) compute once.
	PromptKey uint64
}

// WeightAt is the loss weight of token i: 0 outside the targets, else Weight[i] or 1.
func (s Sequence) WeightAt(i int) float32 {
	switch {
	case !s.Target[i]:
		return 0
	case s.Weight == nil:
		return 1
	}
	return s.Weight[i]
}

// NumTargets counts the tokens the loss covers.
func (s Sequence) NumTargets() int {
	n := 0
	for _, t := range s.Target {
		if t {
			n++
		}
	}
	return n
}

// TokenizeConfig says how examples become sequences.
type TokenizeConfig struct {
	// Template renders conversations; nil means chat.Original{}.
	Template chat.Template
	// MaxSeqLength truncates sequences (keeping the start), as Hugging Face's trainers do.
	MaxSeqLength int
	// DecisionWeight is the loss weight of the decision tokens (see DecisionPoints): the first
	// token of each assistant turn, which says whether the turn calls a tool, answers or asks
	// back, and the first token after each tool-call block, which says whether another call
	// follows. They are one or two of the tens of tokens of a turn, so with equal weights the
	// loss hardly sees the choices evaluation scores first. 0 or 1: every target weighs 1.
	DecisionWeight float64
}

// weighted reports whether the config weighs decision tokens apart.
func (c TokenizeConfig) weighted() bool { return c.DecisionWeight != 0 && c.DecisionWeight != 1 }

// TokenizeStats summarises a Tokenize call.
type TokenizeStats struct {
	Examples  int // examples given
	Truncated int // sequences cut to MaxSeqLength
	// Dropped counts examples left with no target token after truncation: they would add
	// nothing to the loss but padding to the batches.
	Dropped      int
	Tokens       int // tokens kept, in all sequences
	TargetTokens int // tokens the loss covers
}

// Tokenize renders each example with the chat template and tokenizes it with a target mask
// that is true exactly on the tokens of the assistant turns (chat.Rendered.Spans).
//
// The text is encoded span by span: the text before the first assistant span, the span, the
// text up to the next span, and so on, and the ids are concatenated. Encoding the whole text
// at once could produce a token that straddles a span boundary (BPE merges do not know about
// spans), which would then be neither the prompt's nor the answer's. Encoding by segment makes
// every boundary a token boundary, and it is also what the model sees at generation time: the
// prompt is encoded on its own and the answer is generated after it. Special tokens the
// tokenizer's post-processor adds (Llama's BOS) are put once at the start.
//
// An example that fails to render or encode is an error naming its index; examples whose
// targets are all truncated away are dropped and counted.
func Tokenize(exs []dataset.Example, enc Encoder, cfg TokenizeConfig) ([]Sequence, TokenizeStats, error) {
	if cfg.MaxSeqLength < 2 {
		return nil, TokenizeStats{}, fmt.Errorf("tokenize: max_seq_length must be at least 2, got %d", cfg.MaxSeqLength)
	}
	if cfg.DecisionWeight < 0 || math.IsNaN(cfg.DecisionWeight) || math.IsInf(cfg.DecisionWeight, 0) {
		return nil, TokenizeStats{}, fmt.Errorf("tokenize: decision weight must be a finite number >= 0, got %g", cfg.DecisionWeight)
	}
	tmpl := cfg.Template
	if tmpl == nil {
		tmpl = chat.Original{}
	}
	prefix, err := enc.Encode("", true)
	if err != nil {
		return nil, TokenizeStats{}, fmt.Errorf("tokenize: special tokens: %w", err)
	}
	stats := TokenizeStats{Examples: len(exs)}
	seqs := make([]Sequence, 0, len(exs))
	for i, ex := range exs {
		r, err := tmpl.Render(ex)
		if err != nil {
			return nil, stats, fmt.Errorf("tokenize: example %d: %w", i, err)
		}
		s, err := encodeRendered(r, enc, prefix, cfg)
		if err != nil {
			return nil, stats, fmt.Errorf("tokenize: example %d: %w", i, err)
		}
		s.Example, s.PromptKey = i, promptKey(ex)
		if len(s.IDs) > cfg.MaxSeqLength {
			s.IDs, s.Target = s.IDs[:cfg.MaxSeqLength], s.Target[:cfg.MaxSeqLength]
			if s.Weight != nil {
				s.Weight = s.Weight[:cfg.MaxSeqLength]
			}
			stats.Truncated++
		}
		n := s.NumTargets()
		if n == 0 {
			stats.Dropped++
			continue
		}
		stats.Tokens += len(s.IDs)
		stats.TargetTokens += n
		seqs = append(seqs, s)
	}
	return seqs, stats, nil
}

// encodeRendered encodes r segment by segment (see Tokenize), after the prefix ids. With
// weighted decisions, a span is encoded piece by piece, split at its decision points, so that
// each decision starts a token, and that token gets the decision weight.
func encodeRendered(r chat.Rendered, enc Encoder, prefix []int, cfg TokenizeConfig) (Sequence, error) {
	var s Sequence
	add := func(text string, target bool) error {
		if text == "" {
			return nil
		}
		ids, err := enc.Encode(text, false)
		if err != nil {
			return err
		}
		for _, id := range ids {
			s.IDs = append(s.IDs, int32(id))
			s.Target = append(s.Target, target)
		}
		return nil
	}
	for _, id := range prefix {
		s.IDs = append(s.IDs, int32(id))
		s.Target = append(s.Target, false)
	}
	var decisions []int // indices of the tokens that start a decision
	pos := 0
	for k, sp := range r.Spans {
		if sp.Start < pos || sp.End < sp.Start || sp.End > len(r.Text) {
			return Sequence{}, fmt.Errorf("span %d [%d, %d) is out of order or outside the %d-byte text", k, sp.Start, sp.End, len(r.Text))
		}
		if err := add(r.Text[pos:sp.Start], false); err != nil {
			return Sequence{}, err
		}
		span := r.Text[sp.Start:sp.End]
		pieces := []string{span}
		if cfg.weighted() {
			pieces = splitAt(span, DecisionPoints(span))
		}
		for _, p := range pieces {
			first := len(s.IDs)
			if err := add(p, true); err != nil {
				return Sequence{}, err
			}
			if len(s.IDs) > first {
				decisions = append(decisions, first)
			}
		}
		pos = sp.End
	}
	if err := add(r.Text[pos:], false); err != nil {
		return Sequence{}, err
	}
	if cfg.weighted() {
		s.Weight = make([]float32, len(s.IDs))
		for i, target := range s.Target {
			if target {
				s.Weight[i] = 1
			}
		}
		for _, i := range decisions {
			s.Weight[i] = float32(cfg.DecisionWeight)
		}
	}
	return s, nil
}

// promptKey hashes what a template writes before the first request: the tools and the
// system messages that open the conversation.
func promptKey(ex dataset.Example) uint64 {
	h := fnv.New64a()
	h.Write([]byte(tools.CanonicalJSON(ex.Tools)))
	for _, m := range ex.Messages {
		if m.Role != dataset.RoleSystem {
			break
		}
		h.Write([]byte{0})
		h.Write([]byte(m.Content))
	}
	return h.Sum64()
}

// DecisionPoints returns the byte offsets in an assistant turn's text where the model makes
// a choice rather than continues one: 0, where it calls, answers or asks back, and the end of
// each closing chat.CallClose marker with the whitespace after it, where it writes another
// call or ends the turn. Offsets at the end of the text are left out.
func DecisionPoints(turn string) []int {
	points := []int{0}
	for from := 0; ; {
		i := strings.Index(turn[from:], chat.CallClose)
		if i < 0 {
			break
		}
		end := from + i + len(chat.CallClose)
		for end < len(turn) && strings.ContainsRune(" \t\r\n", rune(turn[end])) {
			end++
		}
		if end < len(turn) {
			points = append(points, end)
		}
		from = end
	}
	return points
}

// splitAt cuts text at the given increasing offsets (an offset of 0 cuts nothing off).
func splitAt(text string, offsets []int) []string {
	var out []string
	prev := 0
	for _, o := range offsets {
		if o > prev {
			out = append(out, text[prev:o])
			prev = o
		}
	}
	return append(out, text[prev:])
}
