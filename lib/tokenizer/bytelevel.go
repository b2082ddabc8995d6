package tokenizer

import "strings"

// Byte-level BPE (GPT-2 and its descendants) does not see bytes directly: each
// of the 256 byte values is shown as one printable character, so that
// vocabularies and merges stay valid text. Bytes that already are printable
// (33-126, 161-172, 174-255) stand for themselves; the other 68 are given the
// characters 256, 257, ... in byte order. The mapping is computed rather than
// stored in a table so that the package keeps no mutable state.

// nonPrintableRank returns, for a byte that is not printable in this scheme,
// its position among the non-printable bytes (0..67), and false otherwise.
func nonPrintableRank(b byte) (int, bool) {
	switch {
	case b <= 32:
		return int(b), true
	case b >= 127 && b <= 160:
		return 33 + int(b-127), true
	case b == 173:
		return 67, true
	}
	return 0, false
}

// byteToRune maps one byte to its byte-level character.
func byteToRune(b byte) rune {
	if n, ok := nonPrintableRank(b); ok {
		return rune(256 + n)
	}
	return rune(b)
}

// runeToByte is the inverse of byteToRune; ok is false for characters outside
// the byte-level alphabet.
func runeToByte(r rune) (byte, bool) {
	switch {
	case r >= 256 && r < 256+68:
		n := int(r - 256)
		switch {
		case n <= 32:
			return byte(n), true
		case n <= 66:
			return byte(127 + n - 33), true
		default:
			return 173, true
		}
	case r >= 0 && r < 256:
		if _, nonPrintable := nonPrintableRank(byte(r)); !nonPrintable {
			return byte(r), true
		}
	}
	return 0, false
}

// byteLevelTable holds the UTF-8 encoding of every byte's character, so
// that rewriting text is a table lookup per byte.
type byteLevelTable [256]string

func newByteLevelTable() *byteLevelTable {
	var t byteLevelTable
	for b := range t {
		t[b] = string(byteToRune(byte(b)))
	}
	return &t
}

// rewrite turns s into byte-level characters, one per byte.
func (t *byteLevelTable) rewrite(s string) string {
	var sb strings.Builder
	sb.Grow(len(s) * 2)
	for i := 0; i < len(s); i++ {
		sb.WriteString(t[s[i]])
	}
	return sb.String()
}

// fromByteLevel appends the bytes a byte-level token stands for. A token with
// a character outside the alphabet (an added token written in plain text,
// say) contributes its own UTF-8 bytes, as in the Rust tokenizers library.
func fromByteLevel(token string, dst []byte) []byte {
	start := len(dst)
	for _, r := range token {
		b, ok := runeToByte(r)
		if !ok {
			return append(dst[:start], token...)
		}
		dst = append(dst, b)
	}
	return dst
}
