package tokenizer

import (
	"encoding/json"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// normalizer rewrites text before pre-tokenization (tokenizer.json's
// "normalizer"). Added tokens marked normalized=false never pass through it.
type normalizer interface {
	normalize(s string) (string, error)
}

func parseNormalizer(raw json.RawMessage, path string) (normalizer, error) {
	typ, err := componentType(raw, path)
	if err != nil {
		return nil, err
	}
	switch typ {
	case "NFC":
		return unicodeForm{norm.NFC}, nil
	case "NFD":
		return unicodeForm{norm.NFD}, nil
	case "NFKC":
		return unicodeForm{norm.NFKC}, nil
	case "NFKD":
		return unicodeForm{norm.NFKD}, nil
	case "Lowercase":
		return lowercase{}, nil
	case "Sequence":
		var c struct {
			Normalizers json.RawMessage `json:"normalizers"`
		}
		if err := decodeInto(raw, path, &c); err != nil {
			return nil, err
		}
		list, err := decodeList(c.Normalizers, path+".normalizers", parseNormalizer)
		return normalizerSequence(list), err
	case "Prepend":
		var c struct {
			Prepend string `json:"prepend"`
		}
		err := decodeInto(raw, path, &c)
		return prepend{c.Prepend}, err
	case "Replace":
		return parseReplace(raw, path)
	case "Strip":
		var c struct {
			Left  bool `json:"strip_left"`
			Right bool `json:"strip_right"`
		}
		err := decodeInto(raw, path, &c)
		return strip{left: c.Left, right: c.Right}, err
	}
	return nil, &UnsupportedError{Path: path, Type: typ}
}

type unicodeForm struct{ form norm.Form }

func (u unicodeForm) normalize(s string) (string, error) { return u.form.String(s), nil }

type lowercase struct{}

func (lowercase) normalize(s string) (string, error) { return strings.ToLower(s), nil }

type normalizerSequence []normalizer

func (seq normalizerSequence) normalize(s string) (string, error) {
	for _, n := range seq {
		var err error
		if s, err = n.normalize(s); err != nil {
			return "", err
		}
	}
	return s, nil
}

// prepend adds a prefix to non-empty text (Llama 2 uses it to start every
// section with "▁", sentencepiece's dummy prefix).
type prepend struct{ prefix string }

func (p prepend) normalize(s string) (string, error) {
	if s == "" {
		return s, nil
	}
	return p.prefix + s, nil
}

// replace is both the Replace normalizer and the Replace decoder.
type replace struct {
	pattern *pattern
	content string
}

func parseReplace(raw json.RawMessage, path string) (*replace, error) {
	var c struct {
		Pattern json.RawMessage `json:"pattern"`
		Content string          `json:"content"`
	}
	if err := decodeInto(raw, path, &c); err != nil {
		return nil, err
	}
	p, err := parsePattern(c.Pattern, path+".pattern")
	if err != nil {
		return nil, err
	}
	return &replace{pattern: p, content: c.Content}, nil
}

func (r *replace) normalize(s string) (string, error) { return r.pattern.replaceAll(s, r.content) }

type strip struct{ left, right bool }

func (st strip) normalize(s string) (string, error) {
	if st.left {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
	}
	if st.right {
		s = strings.TrimRightFunc(s, unicode.IsSpace)
	}
	return s, nil
}
