// Package trainer trains a byte-level BPE tokenizer from text and writes it as the Hugging
// Face files a model directory needs (tokenizer.json and tokenizer_config.json).
//
// ToolTune ships its own tiny base model, so it also needs its own tokenizer; writing the
// standard file format means the same loader that reads Llama-3 or Qwen tokenizers reads ours,
// and Python or JavaScript tools can check it.
//
// Training follows the usual recipe: special tokens are cut out of the corpus so that no merge
// ever crosses them, the rest is split into pre-tokens by the same regex the written
// tokenizer.json declares, identical pre-tokens are counted once with their frequency, and
// merges are learnt greedily with pair counts updated incrementally (only the words that
// contain the merged pair are touched), with ties broken by token ids so that the result
// never depends on map iteration order.
package trainer

import (
	"fmt"
	"slices"

	"github.com/tooltune/tooltune/lib/tokenizer"
)

// Pre-tokenization regexes, written into tokenizer.json as its Split pre-tokenizer. Both need
// a regex engine with lookahead or none, such as github.com/dlclark/regexp2 in Go.
const (
	// LeadingSpacePattern is the Llama-3 style split (case-sensitive contractions): letter
	// runs with one optional leading non-letter (" Madrid", `"Madrid`), numbers in groups of up
	// to three digits, punctuation runs with their trailing newlines, newline runs, and
	// whitespace (the lookahead leaves the last space of a run to start the next word).
	LeadingSpacePattern = `'(?:s|t|re|ve|m|ll|d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`

	// BareWordsPattern keeps words bare: letter runs (with one optional leading underscore,
	// so "get_current_time" is "get" "_current" "_time"), numbers in groups of up to three
	// digits, English contractions, punctuation runs that may hold single spaces (`": "`,
	// `", "`, ". "), newline runs, and spaces between words as pieces of their own.
	//
	// Why: a tool-using model copies words from the user's message or the tool list into a
	// call. With LeadingSpacePattern, "in Madrid" holds " Madrid" while the call's
	// `{"city": "Madrid"}` holds "Madrid" (or "Mad" "rid"): different tokens for the same word,
	// a mapping a small model cannot learn for names it has never seen. With bare words,
	// copying a word is copying its tokens. The cost, measured on the shipped tool-use dataset,
	// is 7% more pieces.
	BareWordsPattern = tokenizer.BareWordsPattern
)

// Config says what to train. Start from DefaultConfig and change what you need.
type Config struct {
	// VocabSize is the exact size of the trained vocabulary, special and added tokens and the
	// 256 byte tokens included.
	VocabSize int
	// MinFrequency is the smallest number of occurrences a pair needs to be merged.
	MinFrequency int
	// SpecialTokens are control tokens (special=true in tokenizer.json): never split, and
	// dropped by decoders asked to skip special tokens. They get the first ids, in order.
	SpecialTokens []string
	// AddedTokens are never split either, but are content (special=false): a decoder keeps
	// them, which is what a tool-call parser reading decoded text needs. Their ids follow the
	// special tokens'.
	AddedTokens []string
	// BOSToken, EOSToken and PadToken name tokens of SpecialTokens or AddedTokens for
	// tokenizer_config.json; an empty string writes null.
	BOSToken string
	EOSToken string
	PadToken string
	// ModelMaxLength is the longest sequence, in tokens, written to tokenizer_config.json.
	ModelMaxLength int
	// ChatTemplate, when not empty, is written to tokenizer_config.json as "chat_template".
	ChatTemplate string
	// SplitPattern is the pre-tokenization regex (LeadingSpacePattern, BareWordsPattern or
	// another): training splits text with it, and tokenizer.json declares it.
	SplitPattern string
}

// DefaultConfig returns a 4,096-token configuration with ToolTune's chat control tokens.
func DefaultConfig() Config {
	return Config{
		VocabSize:    4096,
		MinFrequency: 2,
		SpecialTokens: []string{
			"<|endoftext|>", "<|pad|>", "<|system|>", "<|user|>", "<|assistant|>", "<|tool|>", "<|end|>",
		},
		AddedTokens:    []string{"<tool_call>", "</tool_call>"},
		BOSToken:       "<|endoftext|>",
		EOSToken:       "<|end|>",
		PadToken:       "<|pad|>",
		ModelMaxLength: 2048,
		SplitPattern:   LeadingSpacePattern,
	}
}

// reservedTokens lists the special then the added tokens: the order of their ids.
func (c *Config) reservedTokens() []string {
	return append(slices.Clone(c.SpecialTokens), c.AddedTokens...)
}

// Validate reports the first inconsistency in c.
func (c *Config) Validate() error {
	seen := make(map[string]bool)
	for _, tok := range c.reservedTokens() {
		if tok == "" {
			return fmt.Errorf("trainer config: empty special or added token")
		}
		if seen[tok] {
			return fmt.Errorf("trainer config: token %q listed twice in SpecialTokens/AddedTokens", tok)
		}
		seen[tok] = true
	}
	minSize := len(seen) + byteAlphabetSize
	if c.VocabSize < minSize {
		return fmt.Errorf("trainer config: VocabSize %d is below %d (the %d reserved tokens plus %d bytes)",
			c.VocabSize, minSize, len(seen), byteAlphabetSize)
	}
	if c.MinFrequency < 1 {
		return fmt.Errorf("trainer config: MinFrequency must be at least 1, got %d", c.MinFrequency)
	}
	if c.ModelMaxLength < 1 {
		return fmt.Errorf("trainer config: ModelMaxLength must be positive, got %d", c.ModelMaxLength)
	}
	for _, f := range [...]struct{ field, tok string }{{"BOSToken", c.BOSToken}, {"EOSToken", c.EOSToken}, {"PadToken", c.PadToken}} {
		if f.tok != "" && !seen[f.tok] {
			return fmt.Errorf("trainer config: %s %q is not one of SpecialTokens/AddedTokens", f.field, f.tok)
		}
	}
	if _, err := newSplitter(c.SplitPattern); err != nil || c.SplitPattern == "" {
		return fmt.Errorf("trainer config: SplitPattern %q does not compile (%v)", c.SplitPattern, err)
	}
	return nil
}

// Tokenizer is a trained byte-level BPE tokenizer.
type Tokenizer struct {
	// Config is the configuration it was trained with.
	Config Config
	// Vocab holds each token's string, indexed by id: reserved tokens, then the 256 byte
	// tokens in byte order (in the GPT-2 byte-to-character alphabet), then one token per merge.
	Vocab []string
	// Merges are the learnt merges in rank order; merge i created token Vocab[FirstMergeID()+i].
	Merges [][2]string
}

// FirstMergeID is the id of the token created by the first merge.
func (t *Tokenizer) FirstMergeID() int {
	return len(t.Config.SpecialTokens) + len(t.Config.AddedTokens) + byteAlphabetSize
}

// Train learns a tokenizer of exactly cfg.VocabSize tokens from texts. Each text is split on
// its own (no pre-token spans two texts). It fails, saying how far it got, when the corpus has
// too few pairs of at least cfg.MinFrequency occurrences to fill the vocabulary.
func Train(cfg Config, texts []string) (*Tokenizer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	counts, err := countWords(texts, cfg.reservedTokens(), cfg.SplitPattern)
	if err != nil {
		return nil, err
	}
	tok := &Tokenizer{Config: cfg, Vocab: cfg.reservedTokens()}
	tok.Vocab = append(tok.Vocab, byteAlphabet()...)
	numMerges := cfg.VocabSize - len(tok.Vocab)
	merges, err := learnMerges(counts, numMerges, cfg.MinFrequency)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool, cfg.VocabSize)
	for _, v := range tok.Vocab {
		seen[v] = true
	}
	for _, m := range merges {
		// A merged byte-level token never equals a reserved token ("<|end|>" merged from bytes
		// would still be a regular token with the same string). Refuse rather than write a
		// vocabulary with two ids for one string.
		merged := m[0] + m[1]
		if seen[merged] {
			return nil, fmt.Errorf("trainer: merge %q+%q produces %q, which is already a token; remove it from the corpus or from the reserved tokens", m[0], m[1], merged)
		}
		seen[merged] = true
		tok.Vocab = append(tok.Vocab, merged)
	}
	tok.Merges = merges
	return tok, nil
}
