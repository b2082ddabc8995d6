package tokenizer

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/dlclark/regexp2"
)

// pattern is the {"String": ...} or {"Regex": ...} object that Split,
// Replace and friends use. Hugging Face regexes are Oniguruma syntax with
// lookahead, which Go's regexp lacks; regexp2 (a port of .NET's engine)
// accepts them and agrees with Oniguruma on \s, \p{L} and \p{N}.
type pattern struct {
	literal string
	re      *regexp2.Regexp
	scanner *splitScanner // same matches as re, faster; nil for other regexes
}

func parsePattern(raw json.RawMessage, path string) (*pattern, error) {
	var p struct {
		String *string `json:"String"`
		Regex  *string `json:"Regex"`
	}
	if err := decodeInto(raw, path, &p); err != nil {
		return nil, err
	}
	switch {
	case p.String != nil && p.Regex != nil:
		return nil, fmt.Errorf("%s: both String and Regex given", path)
	case p.String != nil:
		if *p.String == "" {
			return nil, fmt.Errorf("%s: empty String pattern", path)
		}
		return &pattern{literal: *p.String}, nil
	case p.Regex != nil:
		re, err := regexp2.Compile(*p.Regex, regexp2.None)
		if err != nil {
			return nil, fmt.Errorf("%s: compiling regex %q: %w", path, *p.Regex, err)
		}
		re.MatchTimeout = regexMatchTimeout
		return newRegexPattern(re), nil
	}
	return nil, fmt.Errorf("%s: want {\"String\": ...} or {\"Regex\": ...}", path)
}

func newRegexPattern(re *regexp2.Regexp) *pattern {
	p := &pattern{re: re}
	if sc, ok := scannerFor(re.String()); ok {
		p.scanner = &sc
	}
	return p
}

// regexMatchTimeout bounds one regex match, so that a pathological pattern
// in a tokenizer.json makes Encode fail instead of hang. Real split patterns
// match in microseconds.
const regexMatchTimeout = 2 * time.Second

// span is a half-open byte range of a string.
type span struct{ start, end int }

// findAll returns the byte spans of all non-empty, non-overlapping matches
// in s, left to right.
func (p *pattern) findAll(s string) ([]span, error) {
	switch {
	case p.scanner != nil:
		return p.scanner.findAll(s), nil
	case p.re == nil:
		return findLiteral(s, p.literal), nil
	}
	return findRegex(p.re, s)
}

func findLiteral(s, lit string) []span {
	var out []span
	for off := 0; ; {
		i := strings.Index(s[off:], lit)
		if i < 0 {
			return out
		}
		out = append(out, span{off + i, off + i + len(lit)})
		off += i + len(lit)
	}
}

// findRegex runs re over s. regexp2 works on runes and reports rune indexes,
// so they are mapped back to byte offsets through a prefix table.
func findRegex(re *regexp2.Regexp, s string) ([]span, error) {
	runes := make([]rune, 0, len(s))
	offsets := make([]int, 0, len(s)+1)
	for i, r := range s {
		runes = append(runes, r)
		offsets = append(offsets, i)
	}
	offsets = append(offsets, len(s))
	var out []span
	m, err := re.FindRunesMatch(runes)
	for ; err == nil && m != nil; m, err = re.FindNextMatch(m) {
		if m.Length > 0 {
			out = append(out, span{offsets[m.Index], offsets[m.Index+m.Length]})
		}
	}
	if err != nil {
		return nil, fmt.Errorf("regex %q: %w", re.String(), err)
	}
	return out, nil
}

// replaceAll substitutes content for every match of p in s.
func (p *pattern) replaceAll(s, content string) (string, error) {
	if p.re == nil {
		return strings.ReplaceAll(s, p.literal, content), nil
	}
	matches, err := p.findAll(s)
	if err != nil || len(matches) == 0 {
		return s, err
	}
	var sb strings.Builder
	prev := 0
	for _, m := range matches {
		sb.WriteString(s[prev:m.start])
		sb.WriteString(content)
		prev = m.end
	}
	sb.WriteString(s[prev:])
	return sb.String(), nil
}

// splitBehavior says what Split does with the matched parts, as in Hugging
// Face's SplitDelimiterBehavior.
type splitBehavior int

const (
	splitRemoved splitBehavior = iota
	splitIsolated
	splitMergedWithPrevious
	splitMergedWithNext
	splitContiguous
)

func parseSplitBehavior(name, path string) (splitBehavior, error) {
	switch name {
	case "Removed":
		return splitRemoved, nil
	case "Isolated":
		return splitIsolated, nil
	case "MergedWithPrevious":
		return splitMergedWithPrevious, nil
	case "MergedWithNext":
		return splitMergedWithNext, nil
	case "Contiguous":
		return splitContiguous, nil
	}
	return 0, fmt.Errorf("%s: unknown behavior %q", path, name)
}

// part is a span of the input flagged as a match of the pattern or not.
type part struct {
	span
	match bool
}

// cover turns match spans into parts that tile the whole of [0, n).
func cover(matches []span, n int, invert bool) []part {
	parts := make([]part, 0, 2*len(matches)+1)
	prev := 0
	for _, m := range matches {
		if m.start > prev {
			parts = append(parts, part{span{prev, m.start}, invert})
		}
		parts = append(parts, part{m, !invert})
		prev = m.end
	}
	if prev < n {
		parts = append(parts, part{span{prev, n}, invert})
	}
	return parts
}

// splitParts applies a behavior to the parts of s and returns the pieces,
// never empty ones.
func splitParts(s string, parts []part, behavior splitBehavior) []string {
	var spans []span
	switch behavior {
	case splitRemoved:
		for _, p := range parts {
			if !p.match {
				spans = append(spans, p.span)
			}
		}
	case splitIsolated:
		for _, p := range parts {
			spans = append(spans, p.span)
		}
	case splitContiguous:
		for i, p := range parts {
			if i > 0 && p.match == parts[i-1].match {
				spans[len(spans)-1].end = p.end
			} else {
				spans = append(spans, p.span)
			}
		}
	case splitMergedWithPrevious:
		for i, p := range parts {
			if p.match && len(spans) > 0 && !parts[i-1].match {
				spans[len(spans)-1].end = p.end
			} else {
				spans = append(spans, p.span)
			}
		}
	case splitMergedWithNext:
		for i, p := range parts {
			if i > 0 && !p.match && parts[i-1].match {
				spans[len(spans)-1].end = p.end
			} else {
				spans = append(spans, p.span)
			}
		}
	}
	out := make([]string, 0, len(spans))
	for _, sp := range spans {
		if sp.end > sp.start {
			out = append(out, s[sp.start:sp.end])
		}
	}
	return out
}
