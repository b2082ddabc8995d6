package tokenizer

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// decoder turns tokens back into text pieces (tokenizer.json's "decoder");
// the pieces are concatenated at the end. isAdded tells added tokens apart,
// which ByteLevel passes through verbatim.
type decoder interface {
	decodeChain(tokens []string, isAdded func(string) bool) []string
}

func parseDecoder(raw json.RawMessage, path string) (decoder, error) {
	typ, err := componentType(raw, path)
	if err != nil {
		return nil, err
	}
	switch typ {
	case "ByteLevel":
		return byteLevelDecoder{}, nil
	case "Sequence":
		var c struct {
			Decoders json.RawMessage `json:"decoders"`
		}
		if err := decodeInto(raw, path, &c); err != nil {
			return nil, err
		}
		list, err := decodeList(c.Decoders, path+".decoders", parseDecoder)
		return decoderSequence(list), err
	case "Replace":
		r, err := parseReplace(raw, path)
		if err != nil {
			return nil, err
		}
		return replaceDecoder{r}, nil
	case "ByteFallback":
		return byteFallbackDecoder{}, nil
	case "Fuse":
		return fuseDecoder{}, nil
	case "Strip":
		return parseStripDecoder(raw, path)
	case "Metaspace":
		m, err := parseMetaspaceConfig(raw, path)
		if err != nil {
			return nil, err
		}
		return metaspaceDecoder{m}, nil
	}
	return nil, &UnsupportedError{Path: path, Type: typ}
}

type decoderSequence []decoder

func (seq decoderSequence) decodeChain(tokens []string, isAdded func(string) bool) []string {
	for _, d := range seq {
		tokens = d.decodeChain(tokens, isAdded)
	}
	return tokens
}

// byteLevelDecoder maps byte-level characters back to bytes and the bytes to
// UTF-8 text, replacing invalid sequences with U+FFFD.
type byteLevelDecoder struct{}

func (byteLevelDecoder) decodeChain(tokens []string, isAdded func(string) bool) []string {
	var out []string
	var buf []byte
	flush := func() {
		if len(buf) > 0 {
			out = append(out, lossyString(buf))
			buf = buf[:0]
		}
	}
	for _, t := range tokens {
		if isAdded(t) {
			flush()
			out = append(out, t)
			continue
		}
		buf = fromByteLevel(t, buf)
	}
	flush()
	return out
}

type replaceDecoder struct{ r *replace }

func (d replaceDecoder) decodeChain(tokens []string, _ func(string) bool) []string {
	out := make([]string, len(tokens))
	for i, t := range tokens {
		// replaceAll only fails on regex timeouts, which are not configured.
		s, err := d.r.normalize(t)
		if err != nil {
			s = t
		}
		out[i] = s
	}
	return out
}

// byteFallbackDecoder turns runs of <0xXX> tokens into text. A run that is
// not valid UTF-8 gives one U+FFFD per byte, as in the Rust library.
type byteFallbackDecoder struct{}

func (byteFallbackDecoder) decodeChain(tokens []string, _ func(string) bool) []string {
	out := make([]string, 0, len(tokens))
	var run []byte
	flush := func() {
		if len(run) == 0 {
			return
		}
		if utf8.Valid(run) {
			out = append(out, string(run))
		} else {
			out = append(out, strings.Repeat(string(utf8.RuneError), len(run)))
		}
		run = run[:0]
	}
	for _, t := range tokens {
		if b, ok := parseByteToken(t); ok {
			run = append(run, b)
			continue
		}
		flush()
		out = append(out, t)
	}
	flush()
	return out
}

// parseByteToken reads a sentencepiece byte token such as "<0x0A>".
func parseByteToken(t string) (byte, bool) {
	if len(t) != 6 || !strings.HasPrefix(t, "<0x") || t[5] != '>' {
		return 0, false
	}
	v, err := strconv.ParseUint(t[3:5], 16, 8)
	return byte(v), err == nil
}

type fuseDecoder struct{}

func (fuseDecoder) decodeChain(tokens []string, _ func(string) bool) []string {
	return []string{strings.Join(tokens, "")}
}

// stripDecoder removes up to start leading and stop trailing copies of one
// character from every token.
type stripDecoder struct {
	content     string
	start, stop int
}

func parseStripDecoder(raw json.RawMessage, path string) (stripDecoder, error) {
	var c struct {
		Content string `json:"content"`
		Start   int    `json:"start"`
		Stop    int    `json:"stop"`
	}
	if err := decodeInto(raw, path, &c); err != nil {
		return stripDecoder{}, err
	}
	if utf8.RuneCountInString(c.Content) != 1 || c.Start < 0 || c.Stop < 0 {
		return stripDecoder{}, fmt.Errorf("%s: want one content character and non-negative start/stop", path)
	}
	return stripDecoder{content: c.Content, start: c.Start, stop: c.Stop}, nil
}

func (d stripDecoder) decodeChain(tokens []string, _ func(string) bool) []string {
	out := make([]string, len(tokens))
	for i, t := range tokens {
		for n := 0; n < d.start && strings.HasPrefix(t, d.content); n++ {
			t = t[len(d.content):]
		}
		for n := 0; n < d.stop && strings.HasSuffix(t, d.content); n++ {
			t = t[:len(t)-len(d.content)]
		}
		out[i] = t
	}
	return out
}

// metaspaceDecoder turns the replacement character back into spaces and
// drops the space it added in front of the first token.
type metaspaceDecoder struct{ m *metaspace }

func (d metaspaceDecoder) decodeChain(tokens []string, _ func(string) bool) []string {
	out := make([]string, len(tokens))
	for i, t := range tokens {
		s := strings.ReplaceAll(t, d.m.replacement, " ")
		if i == 0 && d.m.scheme != prependNever {
			s = strings.TrimPrefix(s, " ")
		}
		out[i] = s
	}
	return out
}
