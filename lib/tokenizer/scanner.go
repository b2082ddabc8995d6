package tokenizer

import (
	"unicode"
	"unicode/utf8"
)

// The split regexes of the byte-level families are few and fixed, and they
// dominate encoding time when run through a backtracking engine. For the
// exact patterns below, splitScanner does the same matching by hand; tests
// check it against regexp2 on the reference corpus and under fuzzing. Any
// other pattern goes to regexp2.
const (
	// qwen2Pattern is Qwen2/Qwen3's Split regex (digits one at a time).
	qwen2Pattern = `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
	// llama3Pattern is Llama 3's (and SmolLM2's) Split regex: up to three
	// digits together.
	llama3Pattern = `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
)

// BareWordsPattern is the Split regex of the tokenizers ToolTune trains (lib/tokenizer/trainer
// explains why): words never carry a space or a quote, spaces between words are pieces of their
// own, and punctuation runs may hold single spaces.
const BareWordsPattern = `'(?:s|t|re|ve|m|ll|d)|_?\p{L}+|\p{N}{1,3}|(?:[^\s\p{L}\p{N}_] ?)+[\r\n]*|_+|\s*[\r\n]+|\s+`

// splitScanner matches one of the known patterns. gpt2 selects GPT-2's
// alternatives; otherwise the Llama 3 / Qwen2 ones with maxDigits digits
// per match.
type splitScanner struct {
	gpt2      bool
	bareWords bool
	maxDigits int
}

// scannerFor returns the hand-written matcher for a known pattern.
func scannerFor(regex string) (splitScanner, bool) {
	switch regex {
	case gpt2Pattern:
		return splitScanner{gpt2: true}, true
	case qwen2Pattern:
		return splitScanner{maxDigits: 1}, true
	case llama3Pattern:
		return splitScanner{maxDigits: 3}, true
	case BareWordsPattern:
		return splitScanner{bareWords: true, maxDigits: 3}, true
	}
	return splitScanner{}, false
}

// findAll returns the spans of all matches, as the regex would find them.
func (sc splitScanner) findAll(s string) []span {
	out := make([]span, 0, len(s)/4+1)
	for i := 0; i < len(s); {
		end, ok := sc.matchAt(s, i)
		if ok {
			out = append(out, span{i, end})
			i = end
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return out
}

// matchAt tries the alternatives in the pattern's order and returns the end
// of the first one that matches at i.
func (sc splitScanner) matchAt(s string, i int) (int, bool) {
	if end, ok := contraction(s, i, !sc.gpt2 && !sc.bareWords); ok {
		return end, true
	}
	if sc.gpt2 {
		return gpt2Rest(s, i)
	}
	if sc.bareWords {
		return bareWordsRest(s, i)
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	// [^\r\n\p{L}\p{N}]?\p{L}+
	if isLetter(r) {
		return runEnd(s, i, isLetter, 0), true
	}
	if r != '\r' && r != '\n' && !isNumber(r) && i+size < len(s) {
		if next, _ := utf8.DecodeRuneInString(s[i+size:]); isLetter(next) {
			return runEnd(s, i+size, isLetter, 0), true
		}
	}
	// \p{N}{1,max}
	if isNumber(r) {
		return runEnd(s, i, isNumber, sc.maxDigits), true
	}
	// ' ?[^\s\p{L}\p{N}]+[\r\n]*'
	if end, ok := optionalSpaceThen(s, i, isPunct); ok {
		return runEnd(s, end, isNewline, 0), true
	}
	if !unicode.IsSpace(r) {
		return 0, false
	}
	// \s*[\r\n]+ : the whitespace run up to its last newline.
	wsEnd := runEnd(s, i, unicode.IsSpace, 0)
	if end := lastNewlineEnd(s, i, wsEnd); end > i {
		return end, true
	}
	return trailingSpace(s, i, wsEnd), true
}

// bareWordsRest is BareWordsPattern after the contractions:
// '_?\p{L}+|\p{N}{1,3}|(?:[^\s\p{L}\p{N}_] ?)+[\r\n]*|_+|\s*[\r\n]+|\s+'.
func bareWordsRest(s string, i int) (int, bool) {
	r, size := utf8.DecodeRuneInString(s[i:])
	switch {
	case isLetter(r):
		return runEnd(s, i, isLetter, 0), true
	case r == '_' && i+size < len(s):
		if next, _ := utf8.DecodeRuneInString(s[i+size:]); isLetter(next) {
			return runEnd(s, i+size, isLetter, 0), true
		}
	case isNumber(r):
		return runEnd(s, i, isNumber, 3), true
	}
	if bareWordsPunct(r) {
		// Each round takes one punctuation character and, greedily, one space after it.
		j := i
		for j < len(s) {
			c, n := utf8.DecodeRuneInString(s[j:])
			if !bareWordsPunct(c) {
				break
			}
			j += n
			if j < len(s) && s[j] == ' ' {
				j++
			}
		}
		return runEnd(s, j, isNewline, 0), true
	}
	if r == '_' {
		return runEnd(s, i, func(c rune) bool { return c == '_' }, 0), true
	}
	if !unicode.IsSpace(r) {
		return 0, false
	}
	// \s*[\r\n]+ : the whitespace run up to its last newline; else \s+ : all of it.
	wsEnd := runEnd(s, i, unicode.IsSpace, 0)
	if end := lastNewlineEnd(s, i, wsEnd); end > i {
		return end, true
	}
	return wsEnd, true
}

// bareWordsPunct is [^\s\p{L}\p{N}_].
func bareWordsPunct(r rune) bool { return r != '_' && isPunct(r) }

// lastNewlineEnd returns the end of the last newline in s[i:wsEnd], or i when it has none.
func lastNewlineEnd(s string, i, wsEnd int) int {
	for j := wsEnd; j > i; {
		c, size := utf8.DecodeLastRuneInString(s[i:j])
		if isNewline(c) {
			return j
		}
		j -= size
	}
	return i
}

// gpt2Rest is GPT-2's pattern after the contractions:
// ' ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+'.
func gpt2Rest(s string, i int) (int, bool) {
	for _, class := range []func(rune) bool{isLetter, isNumber, isPunct} {
		if end, ok := optionalSpaceThen(s, i, class); ok {
			return end, true
		}
	}
	if r, _ := utf8.DecodeRuneInString(s[i:]); !unicode.IsSpace(r) {
		return 0, false
	}
	return trailingSpace(s, i, runEnd(s, i, unicode.IsSpace, 0)), true
}

// trailingSpace resolves '\s+(?!\S)|\s+' for the whitespace run [i, wsEnd):
// the whole run at the end of text, else all but its last character (which
// then leads the next word), else (a lone character) the run itself.
func trailingSpace(s string, i, wsEnd int) int {
	if wsEnd == len(s) {
		return wsEnd
	}
	_, lastSize := utf8.DecodeLastRuneInString(s[i:wsEnd])
	if wsEnd-lastSize > i {
		return wsEnd - lastSize
	}
	return wsEnd
}

// contraction matches 's 't 're 've 'm 'll 'd at i (any case when fold).
func contraction(s string, i int, fold bool) (int, bool) {
	if s[i] != '\'' || i+1 >= len(s) {
		return 0, false
	}
	lower := func(b byte) byte {
		if fold && b >= 'A' && b <= 'Z' {
			return b + 'a' - 'A'
		}
		return b
	}
	switch lower(s[i+1]) {
	case 's', 't', 'm', 'd':
		return i + 2, true
	case 'r', 'v':
		if i+2 < len(s) && lower(s[i+2]) == 'e' {
			return i + 3, true
		}
	case 'l':
		if i+2 < len(s) && lower(s[i+2]) == 'l' {
			return i + 3, true
		}
	}
	return 0, false
}

// optionalSpaceThen matches ' ?C+' for the class C at i.
func optionalSpaceThen(s string, i int, class func(rune) bool) (int, bool) {
	start := i
	if s[i] == ' ' {
		start = i + 1
	}
	for _, from := range []int{start, i} {
		if from >= len(s) {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(s[from:]); class(r) {
			return runEnd(s, from, class, 0), true
		}
	}
	return 0, false
}

// runEnd returns the end of the run of class characters starting at i,
// stopping after limit characters when limit > 0.
func runEnd(s string, i int, class func(rune) bool, limit int) int {
	for n := 0; i < len(s) && (limit <= 0 || n < limit); n++ {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !class(r) {
			break
		}
		i += size
	}
	return i
}

func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r)
}

func isNumber(r rune) bool {
	if r < utf8.RuneSelf {
		return '0' <= r && r <= '9'
	}
	return unicode.IsNumber(r)
}

func isNewline(r rune) bool { return r == '\r' || r == '\n' }

// isPunct is [^\s\p{L}\p{N}].
func isPunct(r rune) bool { return !unicode.IsSpace(r) && !isLetter(r) && !isNumber(r) }
