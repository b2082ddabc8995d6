package trainer

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/dlclark/regexp2"
)

// byteAlphabetSize is the number of base tokens: one per byte value.
const byteAlphabetSize = 256

// byteRunes maps each byte to the printable character that stands for it in byte-level BPE
// vocabularies (GPT-2's convention, shared by Llama-3 and Qwen): printable Latin-1 characters
// stand for themselves, and the other bytes (controls, space, 0x7F-0xA0, 0xAD) take the
// characters from U+0100 upwards, in byte order. A space thus shows as "Ġ", a newline as "Ċ".
func byteRunes() [byteAlphabetSize]rune {
	var table [byteAlphabetSize]rune
	next := rune(byteAlphabetSize)
	for b := range byteAlphabetSize {
		printable := ('!' <= b && b <= '~') || (0xA1 <= b && b <= 0xAC) || (0xAE <= b && b <= 0xFF)
		if printable {
			table[b] = rune(b)
		} else {
			table[b] = next
			next++
		}
	}
	return table
}

// byteAlphabet returns the 256 byte tokens in byte order.
func byteAlphabet() []string {
	table := byteRunes()
	out := make([]string, byteAlphabetSize)
	for b, r := range table {
		out[b] = string(r)
	}
	return out
}

// splitReserved cuts text around the reserved tokens it contains and returns the pieces in
// between (empty pieces dropped). At a position where several reserved tokens match, the
// longest wins, as in Hugging Face's added-token matching.
func splitReserved(text string, reserved []string) []string {
	var pieces []string
	for text != "" {
		at, length := -1, 0
		for _, tok := range reserved {
			i := strings.Index(text, tok)
			if i < 0 {
				continue
			}
			if at < 0 || i < at || (i == at && len(tok) > length) {
				at, length = i, len(tok)
			}
		}
		if at < 0 {
			pieces = append(pieces, text)
			break
		}
		if at > 0 {
			pieces = append(pieces, text[:at])
		}
		text = text[at+length:]
	}
	return pieces
}

// newSplitter compiles a split pattern.
func newSplitter(pattern string) (*regexp2.Regexp, error) {
	re, err := regexp2.Compile(pattern, regexp2.Unicode)
	if err != nil {
		return nil, fmt.Errorf("trainer: compile split pattern: %w", err)
	}
	return re, nil
}

// preTokenize appends to out the pre-tokens of text (which holds no reserved token). The
// pieces are cut from text by byte offsets, so that bytes of invalid UTF-8 (which the regex
// engine sees as U+FFFD, one rune per byte) are kept as they were.
func preTokenize(re *regexp2.Regexp, text string, out []string) ([]string, error) {
	offsets := runeOffsets(text)
	m, err := re.FindStringMatch(text)
	for ; m != nil && err == nil; m, err = re.FindNextMatch(m) {
		out = append(out, text[offsets[m.Index]:offsets[m.Index+m.Length]])
	}
	if err != nil {
		return out, fmt.Errorf("trainer: split text: %w", err)
	}
	return out, nil
}

// countWords returns how often each pre-token occurs in texts, reserved tokens cut out.
// Pre-tokenization (the regex) is most of the training time, so texts are shared among
// GOMAXPROCS workers, each with its own counts, summed at the end.
func countWords(texts []string, reserved []string, pattern string) (map[string]int, error) {
	workers := min(runtime.GOMAXPROCS(0), max(1, len(texts)))
	partial := make([]map[string]int, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			partial[w], errs[w] = countShare(texts, reserved, pattern, w, workers)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	counts := partial[0]
	for _, p := range partial[1:] {
		for word, n := range p {
			counts[word] += n
		}
	}
	return counts, nil
}

// countShare counts the pre-tokens of texts[w], texts[w+stride], ...
func countShare(texts []string, reserved []string, pattern string, w, stride int) (map[string]int, error) {
	re, err := newSplitter(pattern)
	if err != nil {
		return nil, err
	}
	counts := make(map[string]int)
	var words []string
	for i := w; i < len(texts); i += stride {
		for _, piece := range splitReserved(texts[i], reserved) {
			words, err = preTokenize(re, piece, words[:0])
			if err != nil {
				return nil, fmt.Errorf("text %d: %w", i, err)
			}
			for _, word := range words {
				counts[word]++
			}
		}
	}
	return counts, nil
}

// runeOffsets returns the byte offset of each rune of text, plus len(text) at the end.
func runeOffsets(text string) []int {
	offsets := make([]int, 0, len(text)+1)
	for i := range text {
		offsets = append(offsets, i)
	}
	return append(offsets, len(text))
}
