package tokenizer

import (
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/dlclark/regexp2"
)

// scannerCase pairs a known pattern's scanner with regexp2 compiling it.
type scannerCase struct {
	name    string
	scanner splitScanner
	re      *regexp2.Regexp
}

func scannerCases(t testing.TB) []scannerCase {
	var out []scannerCase
	for _, p := range []struct{ name, regex string }{{"gpt2", gpt2Pattern}, {"qwen2", qwen2Pattern}, {"llama3", llama3Pattern}, {"barewords", BareWordsPattern}} {
		sc, ok := scannerFor(p.regex)
		if !ok {
			t.Fatalf("%s: no scanner", p.name)
		}
		out = append(out, scannerCase{p.name, sc, regexp2.MustCompile(p.regex, regexp2.None)})
	}
	return out
}

// agrees checks the hand-written scanner against regexp2 on text.
func (c scannerCase) agrees(t *testing.T, text string) {
	t.Helper()
	want, err := findRegex(c.re, text)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.scanner.findAll(text); !slices.Equal(got, want) {
		t.Errorf("%s on %q:\n scanner %v\n regexp2 %v", c.name, clip(text), got, want)
	}
}

// TestScannerMatchesRegexp2 runs both matchers over the reference corpus and
// over strings aimed at the alternatives' edges.
func TestScannerMatchesRegexp2(t *testing.T) {
	texts := append(loadCorpus(t),
		"'S'T'RE'Ve'm'LL'd 'x '", "a'sb", "'", "''s",
		"  \n  \n  x", "\r\n\r\n", " \t", "x  ", "x \t\ny", " 1", " !", "  !!\n\n",
		"١٢٣٤٥", "12345678", "a1b22c333d4444", "\u00a0x", "\u2028\u2029", "\u000b\u000c",
		"ǅungla", "ⅫⅩ", "x\u0301y", " \u0301", "\U0001F600\U0001F600 x",
		"__init__ _x _ __ a_b_", `{"a": "b", "c": [1, 2]}`, ". . .\n\n x", "! \t!", "a _1", "'s's 'S",
	)
	for _, c := range scannerCases(t) {
		for _, text := range texts {
			c.agrees(t, text)
		}
	}
}

func FuzzScanner(f *testing.F) {
	for _, s := range []string{"Hello, world!", "I'll  go\n\n now", "x 12345 'RE\t\r\n", "東京 😀 ١٢٣"} {
		f.Add(s)
	}
	cases := scannerCases(f)
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		for _, c := range cases {
			c.agrees(t, text)
		}
	})
}
