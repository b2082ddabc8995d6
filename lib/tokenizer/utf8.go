package tokenizer

import (
	"strings"
	"unicode/utf8"
)

// lossyString converts bytes to a string, replacing each maximal ill-formed
// subsequence with one U+FFFD, the substitution that the WHATWG decoder,
// Rust's String::from_utf8_lossy and so Hugging Face decoders all use.
// (strings.ToValidUTF8 would fold a whole run of bad bytes into one.)
func lossyString(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) + 8)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			sb.WriteRune(utf8.RuneError)
			b = b[maximalSubpart(b):]
			continue
		}
		sb.Write(b[:size])
		b = b[size:]
	}
	return sb.String()
}

// maximalSubpart returns the length (at least 1) of the longest prefix of b
// that starts a well-formed UTF-8 sequence without completing it.
func maximalSubpart(b []byte) int {
	lo, hi, need := secondByteRange(b[0])
	n := 1
	for ; n <= need && n < len(b); n++ {
		if b[n] < lo || b[n] > hi {
			break
		}
		lo, hi = 0x80, 0xBF
	}
	return n
}

// secondByteRange gives the allowed range of the byte after lead and how many
// continuation bytes lead asks for (Unicode Table 3-7); need is 0 for bytes
// that cannot start a sequence.
func secondByteRange(lead byte) (lo, hi byte, need int) {
	switch {
	case lead >= 0xC2 && lead <= 0xDF:
		return 0x80, 0xBF, 1
	case lead == 0xE0:
		return 0xA0, 0xBF, 2
	case lead == 0xED:
		return 0x80, 0x9F, 2
	case lead >= 0xE1 && lead <= 0xEF:
		return 0x80, 0xBF, 2
	case lead == 0xF0:
		return 0x90, 0xBF, 3
	case lead >= 0xF1 && lead <= 0xF3:
		return 0x80, 0xBF, 3
	case lead == 0xF4:
		return 0x80, 0x8F, 3
	}
	return 0, 0, 0
}
