package train

import (
	"fmt"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/dataset"
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
}

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
		s, err := encodeRendered(r, enc, prefix)
		if err != nil {
			return nil, stats, fmt.Errorf("tokenize: example %d: %w", i, err)
		}
		s.Example = i
		if len(s.IDs) > cfg.MaxSeqLength {
			s.IDs, s.Target = s.IDs[:cfg.MaxSeqLength], s.Target[:cfg.MaxSeqLength]
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

// encodeRendered encodes r segment by segment (see Tokenize), after the prefix ids.
func encodeRendered(r chat.Rendered, enc Encoder, prefix []int) (Sequence, error) {
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
	pos := 0
	for k, sp := range r.Spans {
		if sp.Start < pos || sp.End < sp.Start || sp.End > len(r.Text) {
			return Sequence{}, fmt.Errorf("span %d [%d, %d) is out of order or outside the %d-byte text", k, sp.Start, sp.End, len(r.Text))
		}
		if err := add(r.Text[pos:sp.Start], false); err != nil {
			return Sequence{}, err
		}
		if err := add(r.Text[sp.Start:sp.End], true); err != nil {
			return Sequence{}, err
		}
		pos = sp.End
	}
	if err := add(r.Text[pos:], false); err != nil {
		return Sequence{}, err
	}
	return s, nil
}
