package trainer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/tooltune/tooltune/internal/atomicfile"
)

// File names written by WriteFiles, as Hugging Face model directories name them.
const (
	TokenizerFile       = "tokenizer.json"
	TokenizerConfigFile = "tokenizer_config.json"
)

// field is one key of a JSON object; object keeps its fields in order, because readers of
// tokenizer.json expect "vocab" in id order and because identical input must give identical
// bytes.
type field struct {
	key   string
	value any
}

type object []field

// MarshalJSON writes the fields in order.
func (o object) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		key, err := marshal(f.key)
		if err != nil {
			return nil, err
		}
		val, err := marshal(f.value)
		if err != nil {
			return nil, fmt.Errorf("field %q: %w", f.key, err)
		}
		buf.Write(key)
		buf.WriteByte(':')
		buf.Write(val)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// marshal encodes v without escaping <, > and & (special tokens are full of them).
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// marshalIndented encodes v with two-space indentation and a final newline.
func marshalIndented(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// addedTokens describes the reserved tokens as tokenizer.json's "added_tokens" entries.
func (t *Tokenizer) addedTokens() []object {
	var out []object
	for id, content := range t.Config.reservedTokens() {
		out = append(out, object{
			{"id", id}, {"content", content}, {"single_word", false}, {"lstrip", false},
			{"rstrip", false}, {"normalized", false}, {"special", id < len(t.Config.SpecialTokens)},
		})
	}
	return out
}

// TokenizerJSON returns the contents of tokenizer.json: a BPE model without normalizer, a
// Split(Config.SplitPattern) + ByteLevel pre-tokenizer, and a ByteLevel decoder.
func (t *Tokenizer) TokenizerJSON() ([]byte, error) {
	vocab := make(object, len(t.Vocab))
	for id, tok := range t.Vocab {
		vocab[id] = field{tok, id}
	}
	merges := make([]string, len(t.Merges))
	for i, m := range t.Merges {
		// Byte-level tokens never hold a plain space (space is "Ġ"), so the "left right" form,
		// readable by every tokenizers version, is unambiguous.
		merges[i] = m[0] + " " + m[1]
	}
	doc := object{
		{"version", "1.0"},
		{"truncation", nil},
		{"padding", nil},
		{"added_tokens", t.addedTokens()},
		{"normalizer", nil},
		{"pre_tokenizer", object{
			{"type", "Sequence"},
			{"pretokenizers", []object{
				{{"type", "Split"}, {"pattern", object{{"Regex", t.Config.SplitPattern}}}, {"behavior", "Isolated"}, {"invert", false}},
				{{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", false}},
			}},
		}},
		{"post_processor", nil},
		{"decoder", object{{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", false}}},
		{"model", object{
			{"type", "BPE"},
			{"dropout", nil},
			{"unk_token", nil},
			{"continuing_subword_prefix", nil},
			{"end_of_word_suffix", nil},
			{"fuse_unk", false},
			{"byte_fallback", false},
			{"ignore_merges", false},
			{"vocab", vocab},
			{"merges", merges},
		}},
	}
	return marshalIndented(doc)
}

// TokenizerConfigJSON returns the contents of tokenizer_config.json: the added tokens, the
// bos/eos/pad tokens, model_max_length and, when configured, the chat template.
func (t *Tokenizer) TokenizerConfigJSON() ([]byte, error) {
	decoder := make(object, 0, len(t.Config.reservedTokens()))
	for _, tok := range t.addedTokens() {
		id := tok[0].value.(int)
		decoder = append(decoder, field{strconv.Itoa(id), object(tok[1:])})
	}
	orNull := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	doc := object{
		{"add_bos_token", false},
		{"add_eos_token", false},
		{"added_tokens_decoder", decoder},
		{"bos_token", orNull(t.Config.BOSToken)},
		{"eos_token", orNull(t.Config.EOSToken)},
		{"pad_token", orNull(t.Config.PadToken)},
		{"unk_token", nil},
		{"clean_up_tokenization_spaces", false},
		{"model_max_length", t.Config.ModelMaxLength},
		{"tokenizer_class", "PreTrainedTokenizerFast"},
	}
	if t.Config.ChatTemplate != "" {
		doc = append(doc, field{"chat_template", t.Config.ChatTemplate})
	}
	return marshalIndented(doc)
}

// WriteFiles writes tokenizer.json and tokenizer_config.json into dir, creating it if needed.
// Each file is written under a temporary name in dir and renamed, so a reader never sees a
// half-written file.
func (t *Tokenizer) WriteFiles(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("trainer: %w", err)
	}
	for _, f := range []struct {
		name   string
		encode func() ([]byte, error)
	}{{TokenizerFile, t.TokenizerJSON}, {TokenizerConfigFile, t.TokenizerConfigJSON}} {
		data, err := f.encode()
		if err != nil {
			return fmt.Errorf("trainer: encode %s: %w", f.name, err)
		}
		if err := atomicfile.WriteFile(filepath.Join(dir, f.name), data); err != nil {
			return fmt.Errorf("trainer: %w", err)
		}
	}
	return nil
}
