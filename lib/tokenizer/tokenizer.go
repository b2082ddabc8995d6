// Package tokenizer reads Hugging Face tokenizer.json files and encodes and
// decodes text with them, giving the same ids as the reference libraries.
//
// It covers the BPE models that Llama-family checkpoints ship: byte-level
// BPE (GPT-2, Llama 3, Qwen2/3, SmolLM), whose pre-tokenizer regexes need
// lookahead, and sentencepiece-style BPE with <0xXX> byte fallback (Llama 2,
// Mistral). Added and special tokens are cut out of the text before anything
// else, so chat markup such as <|im_start|> or <tool_call> always maps to its
// single id. A component this package does not implement makes loading fail
// with an *UnsupportedError instead of producing ids that silently differ.
//
// Encoding runs: added-token split, normalizer, pre-tokenizer, BPE on each
// piece (cached per piece), then, when asked, the post-processor's special
// tokens. Decoding runs the decoder chain.
package tokenizer

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Tokenizer encodes text to token ids and back. Once loaded (and configured
// with ApplyConfig, if at all) it is safe for concurrent use.
type Tokenizer struct {
	model        *bpeModel
	normalizer   normalizer    // nil: none
	preTokenizer preTokenizer  // nil: the whole text is one piece
	post         postProcessor // nil: nothing added
	decoder      decoder       // nil: tokens joined by spaces

	raw        *addedMatcher // added tokens matched before normalization
	normalized *addedMatcher // added tokens matched after it
	added      map[string]int
	special    map[int]bool
	tokens     []string // id -> token text; "" for unused ids
	defined    []bool

	config Config
}

// Load reads a tokenizer.json file; a name ending in ".gz" is gunzipped.
func Load(path string) (*Tokenizer, error) {
	data, err := readMaybeGzip(path)
	if err != nil {
		return nil, err
	}
	t, err := FromJSON(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// LoadDir reads dir/tokenizer.json and, when present, dir/tokenizer_config.json
// (BOS/EOS tokens, chat template, decode clean-up).
func LoadDir(dir string) (*Tokenizer, error) {
	tokPath := filepath.Join(dir, "tokenizer.json")
	data, err := os.ReadFile(tokPath)
	if err != nil {
		return nil, fmt.Errorf("reading tokenizer: %w", err)
	}
	cfgPath := filepath.Join(dir, "tokenizer_config.json")
	cfg, err := os.ReadFile(cfgPath)
	if errors.Is(err, os.ErrNotExist) {
		cfg = nil
	} else if err != nil {
		return nil, fmt.Errorf("reading tokenizer config: %w", err)
	}
	t, err := FromJSON(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tokPath, err)
	}
	if cfg != nil {
		if err := t.ApplyConfig(cfg); err != nil {
			return nil, fmt.Errorf("%s: %w", cfgPath, err)
		}
	}
	return t, nil
}

func readMaybeGzip(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil || !strings.HasSuffix(path, ".gz") {
		return data, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer zr.Close()
	out, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// tokenizerFile mirrors the top level of tokenizer.json.
type tokenizerFile struct {
	AddedTokens   json.RawMessage `json:"added_tokens"`
	Normalizer    json.RawMessage `json:"normalizer"`
	PreTokenizer  json.RawMessage `json:"pre_tokenizer"`
	Model         json.RawMessage `json:"model"`
	PostProcessor json.RawMessage `json:"post_processor"`
	Decoder       json.RawMessage `json:"decoder"`
	Truncation    json.RawMessage `json:"truncation"`
	Padding       json.RawMessage `json:"padding"`
}

// FromJSON builds a Tokenizer from the contents of a tokenizer.json file.
func FromJSON(data []byte) (*Tokenizer, error) {
	var f tokenizerFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("parsing tokenizer.json: %w", err)
	}
	if isNull(f.Model) {
		return nil, errors.New("model: missing")
	}
	// Truncation and padding would change the ids of long or batched texts;
	// callers do that themselves, so a file asking for it is refused rather
	// than half-honoured.
	if !isNull(f.Truncation) {
		return nil, errors.New("truncation: not supported (set it to null and truncate the ids yourself)")
	}
	if !isNull(f.Padding) {
		return nil, errors.New("padding: not supported (set it to null and pad the ids yourself)")
	}
	model, err := parseModel(f.Model, "model", defaultCacheCapacity)
	if err != nil {
		return nil, err
	}
	t := &Tokenizer{model: model}
	addedTokens, err := parseAddedTokens(f.AddedTokens, "added_tokens")
	if err != nil {
		return nil, err
	}
	if err := t.setVocab(addedTokens); err != nil {
		return nil, err
	}
	if err := t.parseComponents(&f); err != nil {
		return nil, err
	}
	return t, nil
}

// setVocab builds the id table from the model vocab and the added tokens,
// which win when both name an id. Two vocab entries with one id are an
// error: which one decoding would show is otherwise left to chance.
func (t *Tokenizer) setVocab(addedTokens []addedToken) error {
	size := 0
	for _, id := range t.model.vocab {
		size = max(size, id+1)
	}
	for _, a := range addedTokens {
		size = max(size, a.ID+1)
	}
	t.tokens = make([]string, size)
	t.defined = make([]bool, size)
	for tok, id := range t.model.vocab {
		if t.defined[id] {
			first, second := min(tok, t.tokens[id]), max(tok, t.tokens[id])
			return fmt.Errorf("model.vocab: %q and %q share id %d", first, second, id)
		}
		t.tokens[id], t.defined[id] = tok, true
	}
	t.added = make(map[string]int, len(addedTokens))
	t.special = make(map[int]bool)
	var raw, normalized []addedToken
	for _, a := range addedTokens {
		t.tokens[a.ID], t.defined[a.ID] = a.Content, true
		t.added[a.Content] = a.ID
		if a.Special {
			t.special[a.ID] = true
		}
		if a.Normalized {
			normalized = append(normalized, a)
		} else {
			raw = append(raw, a)
		}
	}
	t.raw = newAddedMatcher(raw)
	t.normalized = newAddedMatcher(normalized)
	return nil
}

func (t *Tokenizer) parseComponents(f *tokenizerFile) error {
	var err error
	if !isNull(f.Normalizer) {
		if t.normalizer, err = parseNormalizer(f.Normalizer, "normalizer"); err != nil {
			return err
		}
	}
	if !isNull(f.PreTokenizer) {
		if t.preTokenizer, err = parsePreTokenizer(f.PreTokenizer, "pre_tokenizer"); err != nil {
			return err
		}
	}
	if !isNull(f.PostProcessor) {
		if t.post, err = parsePostProcessor(f.PostProcessor, "post_processor", t); err != nil {
			return err
		}
	}
	if !isNull(f.Decoder) {
		if t.decoder, err = parseDecoder(f.Decoder, "decoder"); err != nil {
			return err
		}
	}
	return nil
}

// Encode returns the ids of text. With addSpecial the post-processor's
// special tokens (Llama's <s>, say) are added; added and special tokens
// written in the text are recognised either way, as Hugging Face does by
// default. Text must be valid UTF-8.
func (t *Tokenizer) Encode(text string, addSpecial bool) ([]int, error) {
	if !utf8.ValidString(text) {
		return nil, errors.New("encode: text is not valid UTF-8")
	}
	segments := t.raw.split(segment{text: text, id: -1, atStart: true}, nil)
	ids := make([]int, 0, len(text)/3+4)
	for _, seg := range segments {
		if seg.id >= 0 {
			ids = append(ids, seg.id)
			continue
		}
		var err error
		if ids, err = t.encodeText(seg, ids); err != nil {
			return nil, err
		}
	}
	if addSpecial && t.post != nil {
		ids = t.post.process(ids)
	}
	return ids, nil
}

// encodeText normalizes one plain-text segment, cuts out normalized added
// tokens, pre-tokenizes and runs the model, appending ids to dst.
func (t *Tokenizer) encodeText(seg segment, dst []int) ([]int, error) {
	if t.normalizer != nil {
		normalized, err := t.normalizer.normalize(seg.text)
		if err != nil {
			return nil, fmt.Errorf("encode: normalizer: %w", err)
		}
		seg.text = normalized
	}
	for _, sub := range t.normalized.split(seg, nil) {
		if sub.id >= 0 {
			dst = append(dst, sub.id)
			continue
		}
		pieces := []piece{{text: sub.text, atStart: sub.atStart}}
		if t.preTokenizer != nil {
			var err error
			if pieces, err = t.preTokenizer.preTokenize(pieces); err != nil {
				return nil, fmt.Errorf("encode: pre_tokenizer: %w", err)
			}
		}
		for _, p := range pieces {
			var err error
			if dst, err = t.model.encodeWord(p.text, dst); err != nil {
				return nil, fmt.Errorf("encode: %w", err)
			}
		}
	}
	return dst, nil
}

// EncodeBatch encodes texts concurrently and returns their ids in order.
func (t *Tokenizer) EncodeBatch(texts []string, addSpecial bool) ([][]int, error) {
	out := make([][]int, len(texts))
	errs := make([]error, len(texts))
	forEachParallel(len(texts), func(i int) {
		out[i], errs[i] = t.Encode(texts[i], addSpecial)
	})
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("text %d: %w", i, err)
		}
	}
	return out, nil
}

// Decode turns ids back into text. With skipSpecial, special added tokens
// (those marked "special": true) are left out. Ids outside the vocabulary
// are skipped, as the Rust library does.
func (t *Tokenizer) Decode(ids []int, skipSpecial bool) string {
	tokens := make([]string, 0, len(ids))
	for _, id := range ids {
		tok, ok := t.Token(id)
		if !ok || (skipSpecial && t.special[id]) {
			continue
		}
		tokens = append(tokens, tok)
	}
	var text string
	if t.decoder == nil {
		text = strings.Join(tokens, " ")
	} else {
		text = strings.Join(t.decoder.decodeChain(tokens, t.isAdded), "")
	}
	if t.config.CleanUpTokenizationSpaces {
		text = cleanUpTokenization(text)
	}
	return text
}

func (t *Tokenizer) isAdded(token string) bool {
	_, ok := t.added[token]
	return ok
}

// TokenID returns the id of a token (an added token or a model vocab entry).
func (t *Tokenizer) TokenID(token string) (int, bool) {
	if id, ok := t.added[token]; ok {
		return id, true
	}
	id, ok := t.model.vocab[token]
	return id, ok
}

// Token returns the text of the token with the given id, in the model's own
// alphabet (byte-level "Ġ" for a space, say).
func (t *Tokenizer) Token(id int) (string, bool) {
	if id < 0 || id >= len(t.tokens) || !t.defined[id] {
		return "", false
	}
	return t.tokens[id], true
}

// VocabSize is one more than the largest id, added tokens included; the
// embedding table of a model needs at least this many rows.
func (t *Tokenizer) VocabSize() int { return len(t.tokens) }

// IsSpecial reports whether id is an added token marked special.
func (t *Tokenizer) IsSpecial(id int) bool { return t.special[id] }
