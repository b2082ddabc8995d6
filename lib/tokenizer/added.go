package tokenizer

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// addedToken is one entry of tokenizer.json's "added_tokens": text that is
// cut out of the input before normalization and the model, and mapped
// straight to its id.
type addedToken struct {
	ID         int    `json:"id"`
	Content    string `json:"content"`
	SingleWord bool   `json:"single_word"`
	LStrip     bool   `json:"lstrip"`
	RStrip     bool   `json:"rstrip"`
	Normalized bool   `json:"normalized"`
	Special    bool   `json:"special"`
}

func parseAddedTokens(raw json.RawMessage, path string) ([]addedToken, error) {
	if isNull(raw) {
		return nil, nil
	}
	var tokens []addedToken
	if err := decodeInto(raw, path, &tokens); err != nil {
		return nil, err
	}
	for i, t := range tokens {
		switch {
		case t.Content == "":
			return nil, fmt.Errorf("%s[%d].content: empty", path, i)
		case t.ID < 0 || t.ID >= maxVocabID:
			return nil, fmt.Errorf("%s[%d].id: %d out of range [0, %d)", path, i, t.ID, maxVocabID)
		}
	}
	return tokens, nil
}

// segment is a stretch of input that is either plain text (id < 0) or one
// added token. atStart marks the segment that begins the input.
type segment struct {
	text    string
	id      int
	atStart bool
}

// addedMatcher finds added tokens in text, leftmost first and longest at a
// position, as the Rust library's Aho-Corasick matcher does. Candidates are
// grouped by first byte and sorted longest first, so most bytes of a text
// cost one table lookup.
type addedMatcher struct {
	tokens  []addedToken
	byFirst [256][]int
}

func newAddedMatcher(tokens []addedToken) *addedMatcher {
	m := &addedMatcher{tokens: tokens}
	for i, t := range tokens {
		m.byFirst[t.Content[0]] = append(m.byFirst[t.Content[0]], i)
	}
	for _, idx := range m.byFirst {
		sort.SliceStable(idx, func(a, b int) bool {
			return len(tokens[idx[a]].Content) > len(tokens[idx[b]].Content)
		})
	}
	return m
}

// split cuts seg (plain text) into text and added-token segments.
func (m *addedMatcher) split(seg segment, dst []segment) []segment {
	if m == nil || len(m.tokens) == 0 {
		return append(dst, seg)
	}
	text := seg.text
	textStart := 0 // start of the pending plain text
	for pos := 0; pos < len(text); {
		tok, ok := m.matchAt(text, pos)
		if !ok {
			pos++
			continue
		}
		start, end := pos, pos+len(tok.Content)
		if tok.LStrip {
			start = textStart + len(strings.TrimRightFunc(text[textStart:start], unicode.IsSpace))
		}
		if tok.RStrip {
			end = len(text) - len(strings.TrimLeftFunc(text[end:], unicode.IsSpace))
		}
		if start > textStart {
			dst = append(dst, segment{text: text[textStart:start], id: -1, atStart: seg.atStart && textStart == 0})
		}
		dst = append(dst, segment{text: tok.Content, id: tok.ID, atStart: seg.atStart && start == 0})
		pos, textStart = end, end
	}
	if textStart < len(text) {
		dst = append(dst, segment{text: text[textStart:], id: -1, atStart: seg.atStart && textStart == 0})
	}
	return dst
}

// matchAt returns the longest added token that starts at pos and passes its
// single_word check.
func (m *addedMatcher) matchAt(text string, pos int) (addedToken, bool) {
	for _, i := range m.byFirst[text[pos]] {
		t := m.tokens[i]
		if !strings.HasPrefix(text[pos:], t.Content) {
			continue
		}
		if t.SingleWord && !standsAlone(text, pos, pos+len(t.Content)) {
			continue
		}
		return t, true
	}
	return addedToken{}, false
}

// standsAlone reports whether text[start:end] has no word character right
// before or after it, the test single_word tokens must pass.
func standsAlone(text string, start, end int) bool {
	if start > 0 {
		if r, _ := utf8.DecodeLastRuneInString(text[:start]); isWordChar(r) {
			return false
		}
	}
	if end < len(text) {
		if r, _ := utf8.DecodeRuneInString(text[end:]); isWordChar(r) {
			return false
		}
	}
	return true
}

func isWordChar(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r)
}
