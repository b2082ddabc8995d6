package tokenizer

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dlclark/regexp2"
)

// piece is a stretch of normalized text on its way to the model. atStart is
// true only for the piece that begins the whole input; Metaspace's
// prepend_scheme "first" needs it.
type piece struct {
	text    string
	atStart bool
}

// preTokenizer cuts pieces into smaller pieces (tokenizer.json's
// "pre_tokenizer"); BPE merges never cross a piece boundary.
type preTokenizer interface {
	preTokenize(pieces []piece) ([]piece, error)
}

// gpt2Pattern is the split regex of GPT-2's ByteLevel pre-tokenizer
// (use_regex: true).
const gpt2Pattern = `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`

func parsePreTokenizer(raw json.RawMessage, path string) (preTokenizer, error) {
	typ, err := componentType(raw, path)
	if err != nil {
		return nil, err
	}
	switch typ {
	case "Sequence":
		var c struct {
			PreTokenizers json.RawMessage `json:"pretokenizers"`
		}
		if err := decodeInto(raw, path, &c); err != nil {
			return nil, err
		}
		list, err := decodeList(c.PreTokenizers, path+".pretokenizers", parsePreTokenizer)
		return preTokenizerSequence(list), err
	case "ByteLevel":
		return parseByteLevelPre(raw, path)
	case "Split":
		return parseSplit(raw, path)
	case "Digits":
		var c struct {
			Individual bool `json:"individual_digits"`
		}
		err := decodeInto(raw, path, &c)
		return digits{individual: c.Individual}, err
	case "Metaspace":
		return parseMetaspacePre(raw, path)
	}
	return nil, &UnsupportedError{Path: path, Type: typ}
}

// splitEach replaces every piece by the pieces f cuts it into; only the first
// sub-piece of the starting piece stays atStart.
func splitEach(pieces []piece, f func(string) ([]string, error)) ([]piece, error) {
	out := make([]piece, 0, len(pieces))
	for _, p := range pieces {
		subs, err := f(p.text)
		if err != nil {
			return nil, err
		}
		for i, s := range subs {
			out = append(out, piece{text: s, atStart: p.atStart && i == 0})
		}
	}
	return out, nil
}

type preTokenizerSequence []preTokenizer

func (seq preTokenizerSequence) preTokenize(pieces []piece) ([]piece, error) {
	for _, pt := range seq {
		var err error
		if pieces, err = pt.preTokenize(pieces); err != nil {
			return nil, err
		}
	}
	return pieces, nil
}

// byteLevelPre optionally adds a leading space, optionally splits with the
// GPT-2 regex, and always rewrites bytes into the byte-level alphabet.
type byteLevelPre struct {
	addPrefixSpace bool
	split          *pattern // nil when use_regex is false
	table          *byteLevelTable
}

func parseByteLevelPre(raw json.RawMessage, path string) (*byteLevelPre, error) {
	c := struct {
		AddPrefixSpace bool `json:"add_prefix_space"`
		UseRegex       bool `json:"use_regex"`
	}{UseRegex: true}
	if err := decodeInto(raw, path, &c); err != nil {
		return nil, err
	}
	b := &byteLevelPre{addPrefixSpace: c.AddPrefixSpace, table: newByteLevelTable()}
	if c.UseRegex {
		b.split = newRegexPattern(regexp2.MustCompile(gpt2Pattern, regexp2.None))
	}
	return b, nil
}

func (b *byteLevelPre) preTokenize(pieces []piece) ([]piece, error) {
	return splitEach(pieces, func(s string) ([]string, error) {
		if b.addPrefixSpace && !strings.HasPrefix(s, " ") {
			s = " " + s
		}
		subs := []string{s}
		if b.split != nil {
			matches, err := b.split.findAll(s)
			if err != nil {
				return nil, err
			}
			subs = splitParts(s, cover(matches, len(s), false), splitIsolated)
		}
		for i, sub := range subs {
			subs[i] = b.table.rewrite(sub)
		}
		return subs, nil
	})
}

// split is the Split pre-tokenizer: a String or Regex pattern and what to do
// with the matches.
type split struct {
	pattern  *pattern
	behavior splitBehavior
	invert   bool
}

func parseSplit(raw json.RawMessage, path string) (*split, error) {
	var c struct {
		Pattern  json.RawMessage `json:"pattern"`
		Behavior string          `json:"behavior"`
		Invert   bool            `json:"invert"`
	}
	if err := decodeInto(raw, path, &c); err != nil {
		return nil, err
	}
	p, err := parsePattern(c.Pattern, path+".pattern")
	if err != nil {
		return nil, err
	}
	behavior, err := parseSplitBehavior(c.Behavior, path+".behavior")
	if err != nil {
		return nil, err
	}
	return &split{pattern: p, behavior: behavior, invert: c.Invert}, nil
}

func (sp *split) preTokenize(pieces []piece) ([]piece, error) {
	return splitEach(pieces, func(s string) ([]string, error) {
		matches, err := sp.pattern.findAll(s)
		if err != nil {
			return nil, err
		}
		return splitParts(s, cover(matches, len(s), sp.invert), sp.behavior), nil
	})
}

// digits isolates runs of numeric characters (each digit alone when
// individual), using Unicode's notion of numeric as the Rust library does.
type digits struct{ individual bool }

func (d digits) preTokenize(pieces []piece) ([]piece, error) {
	return splitEach(pieces, func(s string) ([]string, error) {
		var matches []span
		for i, r := range s {
			if !unicode.IsNumber(r) {
				continue
			}
			end := i + utf8.RuneLen(r)
			if n := len(matches); !d.individual && n > 0 && matches[n-1].end == i {
				matches[n-1].end = end
			} else {
				matches = append(matches, span{i, end})
			}
		}
		return splitParts(s, cover(matches, len(s), false), splitIsolated), nil
	})
}

// prependScheme says where Metaspace adds the replacement character.
type prependScheme int

const (
	prependAlways prependScheme = iota
	prependFirst
	prependNever
)

// metaspace is sentencepiece's whitespace handling: spaces become the
// replacement character ("▁"), a leading one is added per prepend_scheme,
// and with split the text is cut before each replacement character.
type metaspace struct {
	replacement string
	scheme      prependScheme
	split       bool
}

func parseMetaspaceConfig(raw json.RawMessage, path string) (*metaspace, error) {
	c := struct {
		Replacement    string  `json:"replacement"`
		PrependScheme  *string `json:"prepend_scheme"`
		AddPrefixSpace *bool   `json:"add_prefix_space"`
		Split          *bool   `json:"split"`
	}{Replacement: "▁"}
	if err := decodeInto(raw, path, &c); err != nil {
		return nil, err
	}
	if utf8.RuneCountInString(c.Replacement) != 1 {
		return nil, fmt.Errorf("%s.replacement: want one character, got %q", path, c.Replacement)
	}
	m := &metaspace{replacement: c.Replacement, split: c.Split == nil || *c.Split}
	switch {
	case c.PrependScheme != nil:
		switch *c.PrependScheme {
		case "always":
			m.scheme = prependAlways
		case "first":
			m.scheme = prependFirst
		case "never":
			m.scheme = prependNever
		default:
			return nil, fmt.Errorf("%s.prepend_scheme: unknown value %q", path, *c.PrependScheme)
		}
	case c.AddPrefixSpace != nil && !*c.AddPrefixSpace:
		// Files older than prepend_scheme say add_prefix_space instead.
		m.scheme = prependNever
	}
	return m, nil
}

func parseMetaspacePre(raw json.RawMessage, path string) (preTokenizer, error) {
	return parseMetaspaceConfig(raw, path)
}

func (m *metaspace) preTokenize(pieces []piece) ([]piece, error) {
	out := make([]piece, 0, len(pieces))
	for _, p := range pieces {
		s := strings.ReplaceAll(p.text, " ", m.replacement)
		addPrefix := m.scheme == prependAlways || (m.scheme == prependFirst && p.atStart)
		if addPrefix && !strings.HasPrefix(s, m.replacement) {
			s = m.replacement + s
		}
		subs := []string{s}
		if m.split {
			subs = splitParts(s, cover(findLiteral(s, m.replacement), len(s), false), splitMergedWithNext)
		}
		for i, sub := range subs {
			out = append(out, piece{text: sub, atStart: p.atStart && i == 0})
		}
	}
	return out, nil
}
