package tokenizer

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestBPEMergeOrder(t *testing.T) {
	vocab := []string{"a", "b", "c", "ab", "bc", "abc", "aa", "aaaa"}
	for _, tc := range []struct {
		name   string
		merges any
		text   string
		want   []string
	}{
		{"lowest rank first", []string{"b c", "a b", "a bc"}, "abc", []string{"abc"}},
		{"rank order decides", []string{"a b", "b c", "ab c"}, "abc", []string{"abc"}},
		{"no merge for pair", []string{"a b"}, "bc", []string{"b", "c"}},
		{"leftmost on ties", []string{"a a"}, "aaa", []string{"aa", "a"}},
		{"repeated pair", []string{"a a", "aa aa"}, "aaaaa", []string{"aaaa", "a"}},
		{"pair encoding", [][]string{{"b", "c"}, {"a", "bc"}}, "abc", []string{"abc"}},
		{"single symbol", []string{"a b"}, "c", []string{"c"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok := tinySpec{vocab: vocab, merges: tc.merges}.build(t)
			if got := tokensOf(t, tok, tc.text, false); !slices.Equal(got, tc.want) {
				t.Errorf("Encode(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestModelWithoutType(t *testing.T) {
	// Old GPT-2 files have no "type" in the model; merges mark it as BPE.
	tok, err := FromJSON([]byte(`{"model": {"vocab": {"a": 0, "b": 1, "ab": 2}, "merges": ["a b"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := tokensOf(t, tok, "ab", false); !slices.Equal(got, []string{"ab"}) {
		t.Errorf("Encode(ab) = %q", got)
	}
}

func TestMetaspaceSplit(t *testing.T) {
	for _, tc := range []struct {
		name  string
		vocab []string
		want  bool
	}{
		{"leading runs only", []string{"▁", "a", "▁a", "▁▁", "▁▁ab"}, true},
		{"space inside a token", []string{"▁", "a", "a▁b"}, false},
		{"space at the end", []string{"▁", "a", "a▁"}, false},
		{"no metaspace token", []string{"a", "▁a"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok := tinySpec{vocab: tc.vocab}.build(t)
			if got := tok.model.splitBefore != ""; got != tc.want {
				t.Errorf("splittable = %v, want %v", got, tc.want)
			}
		})
	}
	for _, tc := range []struct {
		word string
		want int
	}{{"ab▁c", 2}, {"▁▁ab▁c", 8}, {"▁▁", 6}, {"abc", 3}} {
		if got := nextRunStart(tc.word, "▁"); got != tc.want {
			t.Errorf("nextRunStart(%q) = %d, want %d", tc.word, got, tc.want)
		}
	}
}

func TestIgnoreMerges(t *testing.T) {
	// "abc" is in the vocab but no merge builds it: ignore_merges takes it
	// whole, plain BPE stops at "ab", "c".
	spec := tinySpec{vocab: []string{"a", "b", "c", "ab", "abc"}, merges: []string{"a b"}}
	if got := tokensOf(t, spec.build(t), "abc", false); !slices.Equal(got, []string{"ab", "c"}) {
		t.Errorf("without ignore_merges: %q", got)
	}
	spec.model = map[string]any{"ignore_merges": true}
	if got := tokensOf(t, spec.build(t), "abc", false); !slices.Equal(got, []string{"abc"}) {
		t.Errorf("with ignore_merges: %q", got)
	}
}

func TestUnknownCharacters(t *testing.T) {
	bytesVocab := []string{"<unk>", "a", "<0x7A>", "<0xC3>", "<0xA9>"}
	for _, tc := range []struct {
		name  string
		vocab []string
		model map[string]any
		text  string
		want  []string
	}{
		{"byte fallback", bytesVocab, map[string]any{"byte_fallback": true, "unk_token": "<unk>"}, "aéz", []string{"a", "<0xC3>", "<0xA9>", "<0x7A>"}},
		{"byte fallback missing byte", bytesVocab, map[string]any{"byte_fallback": true, "unk_token": "<unk>"}, "aq", []string{"a", "<unk>"}},
		{"unk", bytesVocab, map[string]any{"unk_token": "<unk>"}, "zza", []string{"<unk>", "<unk>", "a"}},
		{"fused unk", bytesVocab, map[string]any{"unk_token": "<unk>", "fuse_unk": true}, "zza", []string{"<unk>", "a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok := tinySpec{vocab: tc.vocab, model: tc.model}.build(t)
			if got := tokensOf(t, tok, tc.text, false); !slices.Equal(got, tc.want) {
				t.Errorf("Encode(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
	t.Run("no way to encode", func(t *testing.T) {
		tok := tinySpec{vocab: []string{"a"}}.build(t)
		if _, err := tok.Encode("ab", false); err == nil || !strings.Contains(err.Error(), `"b"`) {
			t.Errorf("Encode: err = %v, want one naming the character", err)
		}
	})
}

func TestSplitBehaviors(t *testing.T) {
	// The examples of Hugging Face's SplitDelimiterBehavior documentation.
	const text = "the-final--countdown"
	for _, tc := range []struct {
		behavior string
		invert   bool
		want     []string
	}{
		{"Removed", false, []string{"the", "final", "countdown"}},
		{"Isolated", false, []string{"the", "-", "final", "-", "-", "countdown"}},
		{"MergedWithPrevious", false, []string{"the-", "final-", "-", "countdown"}},
		{"MergedWithNext", false, []string{"the", "-final", "-", "-countdown"}},
		{"Contiguous", false, []string{"the", "-", "final", "--", "countdown"}},
		{"Removed", true, []string{"-", "-", "-"}},
	} {
		for _, pat := range []map[string]string{{"String": "-"}, {"Regex": "-"}} {
			sp, err := parseSplit(rawJSON(t, map[string]any{"type": "Split", "pattern": pat, "behavior": tc.behavior, "invert": tc.invert}), "split")
			if err != nil {
				t.Fatal(err)
			}
			pieces, err := sp.preTokenize([]piece{{text: text, atStart: true}})
			if err != nil {
				t.Fatal(err)
			}
			if got := pieceTexts(pieces); !slices.Equal(got, tc.want) {
				t.Errorf("%s invert=%v %v: %q, want %q", tc.behavior, tc.invert, pat, got, tc.want)
			}
		}
	}
}

func pieceTexts(pieces []piece) []string {
	out := make([]string, len(pieces))
	for i, p := range pieces {
		out[i] = p.text
	}
	return out
}

func TestPreTokenizers(t *testing.T) {
	for _, tc := range []struct {
		name   string
		config map[string]any
		text   string
		first  bool
		want   []string
	}{
		{"digits runs", map[string]any{"type": "Digits", "individual_digits": false}, "abc123d45", true, []string{"abc", "123", "d", "45"}},
		{"digits individual", map[string]any{"type": "Digits", "individual_digits": true}, "x12", true, []string{"x", "1", "2"}},
		{"digits unicode", map[string]any{"type": "Digits", "individual_digits": false}, "n٣٤", true, []string{"n", "٣٤"}},
		{"metaspace always", map[string]any{"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always"}, "Hey friend", false, []string{"▁Hey", "▁friend"}},
		{"metaspace first at start", map[string]any{"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first"}, "Hey  you", true, []string{"▁Hey", "▁", "▁you"}},
		{"metaspace first later", map[string]any{"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first"}, "Hey you", false, []string{"Hey", "▁you"}},
		{"metaspace never no split", map[string]any{"type": "Metaspace", "replacement": "▁", "prepend_scheme": "never", "split": false}, "a b", true, []string{"a▁b"}},
		{"metaspace legacy add_prefix_space", map[string]any{"type": "Metaspace", "replacement": "▁", "add_prefix_space": false}, "a b", true, []string{"a", "▁b"}},
		{"bytelevel prefix space", map[string]any{"type": "ByteLevel", "add_prefix_space": true, "use_regex": true}, "Hi there\n", true, []string{"ĠHi", "Ġthere", "Ċ"}},
		{"bytelevel no regex", map[string]any{"type": "ByteLevel", "add_prefix_space": false, "use_regex": false}, "a b", true, []string{"aĠb"}},
		{"bytelevel contractions", map[string]any{"type": "ByteLevel", "add_prefix_space": false}, "I'll  go", true, []string{"I", "'ll", "Ġ", "Ġgo"}},
		{"sequence", map[string]any{"type": "Sequence", "pretokenizers": []any{
			map[string]any{"type": "Digits", "individual_digits": true},
			map[string]any{"type": "Split", "pattern": map[string]string{"String": " "}, "behavior": "Removed"},
		}}, "a 12", true, []string{"a", "1", "2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pt, err := parsePreTokenizer(rawJSON(t, tc.config), "pre_tokenizer")
			if err != nil {
				t.Fatal(err)
			}
			pieces, err := pt.preTokenize([]piece{{text: tc.text, atStart: tc.first}})
			if err != nil {
				t.Fatal(err)
			}
			if got := pieceTexts(pieces); !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestNormalizers(t *testing.T) {
	for _, tc := range []struct {
		name   string
		config map[string]any
		in     string
		want   string
	}{
		{"NFC", map[string]any{"type": "NFC"}, "e\u0301", "\u00e9"},
		{"NFKC", map[string]any{"type": "NFKC"}, "ﬁ", "fi"},
		{"prepend", map[string]any{"type": "Prepend", "prepend": "▁"}, "hi", "▁hi"},
		{"prepend empty", map[string]any{"type": "Prepend", "prepend": "▁"}, "", ""},
		{"replace string", map[string]any{"type": "Replace", "pattern": map[string]string{"String": " "}, "content": "▁"}, "a b  c", "a▁b▁▁c"},
		{"replace regex", map[string]any{"type": "Replace", "pattern": map[string]string{"Regex": `\s+`}, "content": " "}, "a \t\nb", "a b"},
		{"lowercase", map[string]any{"type": "Lowercase"}, "ÀB", "àb"},
		{"strip", map[string]any{"type": "Strip", "strip_left": true, "strip_right": false}, "  a  ", "a  "},
		{"sequence (llama 2)", map[string]any{"type": "Sequence", "normalizers": []any{
			map[string]any{"type": "Prepend", "prepend": "▁"},
			map[string]any{"type": "Replace", "pattern": map[string]string{"String": " "}, "content": "▁"},
		}}, "Hello world", "▁Hello▁world"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, err := parseNormalizer(rawJSON(t, tc.config), "normalizer")
			if err != nil {
				t.Fatal(err)
			}
			if got, err := n.normalize(tc.in); err != nil || got != tc.want {
				t.Errorf("normalize(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestAddedTokens(t *testing.T) {
	vocab := []string{"a", "b", "x", " ", "A", "B", "<s>", "ab"}
	for _, tc := range []struct {
		name       string
		added      []map[string]any
		normalizer any
		text       string
		want       []string
	}{
		{"plain", []map[string]any{addedTok(6, "<s>")}, nil, "a<s>b", []string{"a", "<s>", "b"}},
		{"longest wins", []map[string]any{addedTok(8, "<"), addedTok(6, "<s>")}, nil, "<s><", []string{"<s>", "<"}},
		{"lstrip", []map[string]any{addedTok(6, "<s>", "lstrip")}, nil, "a  <s> b", []string{"a", "<s>", " ", "b"}},
		{"rstrip", []map[string]any{addedTok(6, "<s>", "rstrip")}, nil, "a <s>  b", []string{"a", " ", "<s>", "b"}},
		{"single word alone", []map[string]any{addedTok(7, "ab", "single_word")}, nil, "ab x", []string{"ab", " ", "x"}},
		{"single word inside", []map[string]any{addedTok(7, "ab", "single_word")}, nil, "xab", []string{"x", "a", "b"}},
		{"not normalized sees raw text", []map[string]any{addedTok(7, "ab")}, map[string]any{"type": "Lowercase"}, "AB ab", []string{"a", "b", " ", "ab"}},
		{"normalized sees normalized text", []map[string]any{addedTok(7, "ab", "normalized")}, map[string]any{"type": "Lowercase"}, "AB ab", []string{"ab", " ", "ab"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := slices.Clone(vocab)
			if len(tc.added) > 1 {
				v = append(v, "<")
			}
			tok := tinySpec{vocab: v, added: tc.added, normalizer: tc.normalizer}.build(t)
			if got := tokensOf(t, tok, tc.text, false); !slices.Equal(got, tc.want) {
				t.Errorf("Encode(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestPostProcessors(t *testing.T) {
	vocab := []string{"<s>", "</s>", "a"}
	for _, tc := range []struct {
		name   string
		config map[string]any
		want   []string
	}{
		{"template", map[string]any{"type": "TemplateProcessing",
			"single": []any{
				map[string]any{"SpecialToken": map[string]any{"id": "<s>", "type_id": 0}},
				map[string]any{"Sequence": map[string]any{"id": "A", "type_id": 0}},
				map[string]any{"SpecialToken": map[string]any{"id": "</s>", "type_id": 0}},
			},
			"special_tokens": map[string]any{
				"<s>":  map[string]any{"id": "<s>", "ids": []int{0}, "tokens": []string{"<s>"}},
				"</s>": map[string]any{"id": "</s>", "ids": []int{1}, "tokens": []string{"</s>"}},
			}}, []string{"<s>", "a", "</s>"}},
		{"roberta", map[string]any{"type": "RobertaProcessing", "cls": []any{"<s>", 0}, "sep": []any{"</s>", 1}}, []string{"<s>", "a", "</s>"}},
		{"bytelevel", map[string]any{"type": "ByteLevel"}, []string{"a"}},
		{"sequence", map[string]any{"type": "Sequence", "processors": []any{
			map[string]any{"type": "ByteLevel"},
			map[string]any{"type": "BertProcessing", "cls": []any{"<s>", 0}, "sep": []any{"</s>", 1}},
		}}, []string{"<s>", "a", "</s>"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok := tinySpec{vocab: vocab, postProcessor: tc.config}.build(t)
			if got := tokensOf(t, tok, "a", true); !slices.Equal(got, tc.want) {
				t.Errorf("with special tokens: %q, want %q", got, tc.want)
			}
			if got := tokensOf(t, tok, "a", false); !slices.Equal(got, []string{"a"}) {
				t.Errorf("without special tokens: %q", got)
			}
		})
	}
}

func TestDecoders(t *testing.T) {
	vocab := []string{"▁Hello", "▁world", "<0xE2>", "<0x82>", "<0xAC>", "<0xFF>", "ĠHi", "Ċ", "<s>", "Ġ", "ðŁ", "ĺ", "Ģ"}
	for _, tc := range []struct {
		name    string
		decoder any
		tokens  []string
		want    string
	}{
		{"sentencepiece chain", map[string]any{"type": "Sequence", "decoders": []any{
			map[string]any{"type": "Replace", "pattern": map[string]string{"String": "▁"}, "content": " "},
			map[string]any{"type": "ByteFallback"},
			map[string]any{"type": "Fuse"},
			map[string]any{"type": "Strip", "content": " ", "start": 1, "stop": 0},
		}}, []string{"▁Hello", "<0xE2>", "<0x82>", "<0xAC>", "▁world"}, "Hello€ world"},
		{"byte fallback invalid run", map[string]any{"type": "ByteFallback"}, []string{"▁Hello", "<0xE2>", "<0x82>", "<0xFF>"}, "▁Hello\uFFFD\uFFFD\uFFFD"},
		{"metaspace", map[string]any{"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always"}, []string{"▁Hello", "▁world"}, "Hello world"},
		{"bytelevel", map[string]any{"type": "ByteLevel"}, []string{"ĠHi", "Ċ", "<s>", "Ġ"}, " Hi\n<s> "},
		{"bytelevel split emoji", map[string]any{"type": "ByteLevel"}, []string{"ðŁ", "ĺ", "Ģ"}, "😀"},
		{"bytelevel truncated emoji", map[string]any{"type": "ByteLevel"}, []string{"ðŁ", "ĺ"}, "\uFFFD"},
		{"none joins with spaces", nil, []string{"▁Hello", "<s>"}, "▁Hello <s>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok := tinySpec{vocab: vocab, decoder: tc.decoder, added: []map[string]any{addedTok(8, "<s>")}}.build(t)
			var ids []int
			for _, s := range tc.tokens {
				id, ok := tok.TokenID(s)
				if !ok {
					t.Fatalf("no token %q", s)
				}
				ids = append(ids, id)
			}
			if got := tok.Decode(ids, false); got != tc.want {
				t.Errorf("Decode = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestLossyString(t *testing.T) {
	for _, tc := range []struct {
		in   []byte
		want string
	}{
		{[]byte("plain"), "plain"},
		// The example of the Unicode Standard, section 3.9 (U+FFFD substitution
		// of maximal subparts).
		{[]byte{0x61, 0xF1, 0x80, 0x80, 0xE1, 0x80, 0xC2, 0x62, 0x80, 0x63, 0x80, 0xBF, 0x64}, "a\uFFFD\uFFFD\uFFFDb\uFFFDc\uFFFD\uFFFDd"},
		{[]byte{0xED, 0xA0, 0x80}, "\uFFFD\uFFFD\uFFFD"}, // a surrogate: no valid prefix past ED
		{[]byte{0xF0, 0x9F, 0x98}, "\uFFFD"},             // a truncated emoji
		{[]byte{0xC0, 0xAF}, "\uFFFD\uFFFD"},             // an overlong form
	} {
		if got := lossyString(tc.in); got != tc.want {
			t.Errorf("lossyString(% x) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestByteLevelAlphabet(t *testing.T) {
	// Known points of GPT-2's table, then the whole table must invert.
	for b, want := range map[byte]rune{' ': 'Ġ', '\n': 'Ċ', 'a': 'a', 0x00: 'Ā', 0x7F: 'ġ', 0xAD: 'Ń', 0xFF: 'ÿ'} {
		if got := byteToRune(b); got != want {
			t.Errorf("byteToRune(%#x) = %q, want %q", b, got, want)
		}
	}
	seen := map[rune]bool{}
	for b := 0; b < 256; b++ {
		r := byteToRune(byte(b))
		if seen[r] {
			t.Errorf("byte %#x maps to %q, already used", b, r)
		}
		seen[r] = true
		if back, ok := runeToByte(r); !ok || back != byte(b) {
			t.Errorf("runeToByte(%q) = %#x, %v; want %#x", r, back, ok, b)
		}
	}
	if _, ok := runeToByte('€'); ok {
		t.Error("runeToByte('€') should be outside the alphabet")
	}
}

func TestLoadErrors(t *testing.T) {
	base := tinySpec{vocab: []string{"a", "b", "ab"}, merges: []string{"a b"}}
	for _, tc := range []struct {
		name        string
		spec        func(s tinySpec) tinySpec
		data        string // used instead of spec when set
		want        string
		unsupported string // the type an *UnsupportedError must name
	}{
		{"not json", nil, "{", "parsing tokenizer.json", ""},
		{"no model", nil, `{"added_tokens": []}`, "model: missing", ""},
		{"wordpiece model", nil, `{"model": {"type": "WordPiece", "vocab": {}}}`, `model: unsupported type "WordPiece"`, "WordPiece"},
		{"model without type", nil, `{"model": {"vocab": {"a": 0}}}`, `model: missing field "type"`, ""},
		{"truncation", nil, `{"truncation": {"max_length": 512}, "model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}}`, "truncation: not supported", ""},
		{"padding", nil, `{"padding": {"pad_id": 0}, "model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}}`, "padding: not supported", ""},
		{"normalizer", func(s tinySpec) tinySpec { s.normalizer = map[string]any{"type": "BertNormalizer"}; return s }, "", `normalizer: unsupported type "BertNormalizer"`, "BertNormalizer"},
		{"nested pre-tokenizer", func(s tinySpec) tinySpec {
			s.preTokenizer = map[string]any{"type": "Sequence", "pretokenizers": []any{map[string]any{"type": "Digits"}, map[string]any{"type": "Whitespace"}}}
			return s
		}, "", `pre_tokenizer.pretokenizers[1]: unsupported type "Whitespace"`, "Whitespace"},
		{"decoder", func(s tinySpec) tinySpec { s.decoder = map[string]any{"type": "WordPiece"}; return s }, "", `decoder: unsupported type "WordPiece"`, "WordPiece"},
		{"post-processor", func(s tinySpec) tinySpec { s.postProcessor = map[string]any{"type": "Unknown"}; return s }, "", `post_processor: unsupported type "Unknown"`, "Unknown"},
		{"merge token missing", func(s tinySpec) tinySpec { s.merges = []string{"a b", "b c"}; return s }, "", `model.merges[1]: token "c" is not in the vocab`, ""},
		{"merged token missing", func(s tinySpec) tinySpec { s.merges = []string{"b a"}; return s }, "", `model.merges[0]: merged token "ba" is not in the vocab`, ""},
		{"bad merge string", func(s tinySpec) tinySpec { s.merges = []string{"a b c"}; return s }, "", `model.merges[0]: want "left right"`, ""},
		{"bad merge pair", func(s tinySpec) tinySpec { s.merges = [][]string{{"a"}}; return s }, "", `model.merges[0]: want a [left, right] pair`, ""},
		{"unk not in vocab", func(s tinySpec) tinySpec { s.model = map[string]any{"unk_token": "<unk>"}; return s }, "", `model.unk_token: "<unk>" is not in the vocab`, ""},
		{"dropout", func(s tinySpec) tinySpec { s.model = map[string]any{"dropout": 0.1}; return s }, "", "model.dropout", ""},
		{"bad regex", func(s tinySpec) tinySpec {
			s.preTokenizer = map[string]any{"type": "Split", "pattern": map[string]string{"Regex": "(a"}, "behavior": "Isolated"}
			return s
		}, "", "pre_tokenizer.pattern: compiling regex", ""},
		{"bad behavior", func(s tinySpec) tinySpec {
			s.preTokenizer = map[string]any{"type": "Split", "pattern": map[string]string{"String": "a"}, "behavior": "Sideways"}
			return s
		}, "", `pre_tokenizer.behavior: unknown behavior "Sideways"`, ""},
		{"template missing token", func(s tinySpec) tinySpec {
			s.postProcessor = map[string]any{"type": "TemplateProcessing", "single": []any{
				map[string]any{"SpecialToken": map[string]any{"id": "<s>"}},
				map[string]any{"Sequence": map[string]any{"id": "A"}},
			}, "special_tokens": map[string]any{}}
			return s
		}, "", `post_processor.single[0]: special token "<s>" missing`, ""},
		{"negative id", nil, `{"model": {"type": "BPE", "vocab": {"a": -1}, "merges": []}}`, `model.vocab["a"]: id -1 out of range`, ""},
		{"huge id", nil, `{"model": {"type": "BPE", "vocab": {"a": 99999999999}, "merges": []}}`, `model.vocab["a"]: id 99999999999 out of range`, ""},
		{"shared id", nil, `{"model": {"type": "BPE", "vocab": {"a": 0, "b": 0}, "merges": []}}`, `model.vocab: "a" and "b" share id 0`, ""},
		{"empty added token", func(s tinySpec) tinySpec { s.added = []map[string]any{addedTok(3, "")}; return s }, "", "added_tokens[0].content: empty", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte(tc.data)
			if tc.spec != nil {
				data = tc.spec(base).json(t)
			}
			tok, err := FromJSON(data)
			if err == nil {
				t.Fatalf("FromJSON succeeded (vocab size %d), want error %q", tok.VocabSize(), tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
			var unsupported *UnsupportedError
			if got := errors.As(err, &unsupported); got != (tc.unsupported != "") || (got && unsupported.Type != tc.unsupported) {
				t.Errorf("errors.As(*UnsupportedError) = %v (%v), want type %q", got, unsupported, tc.unsupported)
			}
		})
	}
}

func TestEncodeRejectsInvalidUTF8(t *testing.T) {
	tok := tinySpec{vocab: []string{"a"}}.build(t)
	if _, err := tok.Encode("a\xffa", false); err == nil {
		t.Error("Encode accepted invalid UTF-8")
	}
}

func TestDecodeSkipsUnknownIDs(t *testing.T) {
	tok := tinySpec{vocab: []string{"a", "b"}, decoder: map[string]any{"type": "Fuse"}}.build(t)
	if got := tok.Decode([]int{0, -1, 7, 1}, false); got != "ab" {
		t.Errorf("Decode = %q, want %q", got, "ab")
	}
}

func TestLoadDir(t *testing.T) {
	type want struct {
		vocabSize   int
		bos, eos    int // -1: none
		tokenID     map[string]int
		hasTemplate bool
	}
	for _, tc := range []struct {
		fixture string
		want    want
	}{
		{"llama2", want{32000, 1, 2, map[string]int{"<unk>": 0, "<s>": 1, "</s>": 2, "<0x0A>": 13, "▁the": 272}, false}},
		{"qwen3", want{151669, -1, 151645, map[string]int{"<|endoftext|>": 151643, "<|im_start|>": 151644, "<tool_call>": 151657, "</think>": 151668, "Ġthe": 279}, true}},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			tok, err := LoadDir(fixtureDir(t, tc.fixture))
			if err != nil {
				t.Fatal(err)
			}
			if got := tok.VocabSize(); got != tc.want.vocabSize {
				t.Errorf("VocabSize = %d, want %d", got, tc.want.vocabSize)
			}
			checkOptionalID(t, "BOS", tok.BOS, tc.want.bos)
			checkOptionalID(t, "EOS", tok.EOS, tc.want.eos)
			for s, id := range tc.want.tokenID {
				if got, ok := tok.TokenID(s); !ok || got != id {
					t.Errorf("TokenID(%q) = %d, %v; want %d", s, got, ok, id)
				}
				if got, ok := tok.Token(id); !ok || got != s {
					t.Errorf("Token(%d) = %q, %v; want %q", id, got, ok, s)
				}
			}
			if got := tok.Config().ChatTemplate != ""; got != tc.want.hasTemplate {
				t.Errorf("has chat template = %v, want %v", got, tc.want.hasTemplate)
			}
		})
	}
}

func checkOptionalID(t *testing.T, name string, f func() (int, bool), want int) {
	t.Helper()
	id, ok := f()
	if want < 0 {
		if ok {
			t.Errorf("%s = %d, want none", name, id)
		}
		return
	}
	if !ok || id != want {
		t.Errorf("%s = %d, %v; want %d", name, id, ok, want)
	}
}

func TestLoadDirErrors(t *testing.T) {
	t.Run("missing tokenizer.json", func(t *testing.T) {
		if _, err := LoadDir(t.TempDir()); err == nil || !strings.Contains(err.Error(), "tokenizer.json") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("config names unknown token", func(t *testing.T) {
		dir := t.TempDir()
		spec := tinySpec{vocab: []string{"a"}}
		if err := os.WriteFile(filepath.Join(dir, "tokenizer.json"), spec.json(t), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "tokenizer_config.json"), []byte(`{"eos_token": {"content": "</s>"}}`), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := LoadDir(dir)
		if err == nil || !strings.Contains(err.Error(), "tokenizer_config.json: eos_token") {
			t.Errorf("err = %v, want one naming tokenizer_config.json and eos_token", err)
		}
	})
	t.Run("no config is fine", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "tokenizer.json"), tinySpec{vocab: []string{"a"}}.json(t), 0o644); err != nil {
			t.Fatal(err)
		}
		tok, err := LoadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := tok.EOS(); ok {
			t.Error("EOS set without a config")
		}
	})
}

// TestLoadFile checks Load on plain and gzipped tokenizer.json files and its
// errors, which name the file.
func TestLoadFile(t *testing.T) {
	spec := tinySpec{vocab: []string{"a", "b", "ab"}, merges: []string{"a b"}}
	plain := spec.json(t)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	if _, err := zw.Write(plain); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		name    string
		data    []byte // nil: the file does not exist
		wantErr string
	}{
		{"tokenizer.json", plain, ""},
		{"tokenizer.json.gz", gz.Bytes(), ""},
		{"plain.json.gz", plain, "plain.json.gz: gzip"},
		{"truncated.json.gz", gz.Bytes()[:gz.Len()/2], "truncated.json.gz"},
		{"missing.json", nil, "missing.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name)
			if tc.data != nil {
				if err := os.WriteFile(path, tc.data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			tok, err := Load(path)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Load error = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := tokensOf(t, tok, "abba", false); !slices.Equal(got, []string{"ab", "b", "a"}) {
				t.Errorf("tokens = %q, want [ab b a]", got)
			}
		})
	}
}

func TestParseConfig(t *testing.T) {
	for _, tc := range []struct {
		name string
		data string
		want Config
		err  string
	}{
		{"strings", `{"bos_token": "<s>", "eos_token": "</s>", "chat_template": "{{x}}", "clean_up_tokenization_spaces": true}`,
			Config{BOSToken: "<s>", EOSToken: "</s>", ChatTemplate: "{{x}}", CleanUpTokenizationSpaces: true}, ""},
		{"objects and null", `{"bos_token": null, "eos_token": {"content": "<|im_end|>", "lstrip": false}}`, Config{EOSToken: "<|im_end|>"}, ""},
		{"named templates", `{"chat_template": [{"name": "tool_use", "template": "T"}, {"name": "default", "template": "D"}]}`, Config{ChatTemplate: "D"}, ""},
		{"bad token", `{"bos_token": 3}`, Config{}, "bos_token"},
		{"no default template", `{"chat_template": [{"name": "tool_use", "template": "T"}]}`, Config{}, "chat_template"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseConfig([]byte(tc.data))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("err = %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("ParseConfig = %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}

func TestDecodeCleanUp(t *testing.T) {
	tok := tinySpec{vocab: []string{"a", " .", " n't"}, decoder: map[string]any{"type": "Fuse"}}.build(t)
	if err := tok.ApplyConfig([]byte(`{"clean_up_tokenization_spaces": true}`)); err != nil {
		t.Fatal(err)
	}
	if got := tok.Decode([]int{0, 2, 1}, false); got != "an't." {
		t.Errorf("Decode = %q, want %q", got, "an't.")
	}
}

func TestEncodeBatch(t *testing.T) {
	tok, err := Load(fixtureFile(t, "llama2", "tokenizer.json"))
	if err != nil {
		t.Fatal(err)
	}
	texts := loadCorpus(t)[:60]
	got, err := tok.EncodeBatch(texts, true)
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range texts {
		want, err := tok.Encode(text, true)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got[i], want) {
			t.Errorf("text %d: EncodeBatch %v, Encode %v", i, clipIDs(got[i]), clipIDs(want))
		}
	}
	if _, err := tok.EncodeBatch([]string{"ok", "bad\xff"}, false); err == nil || !strings.Contains(err.Error(), "text 1") {
		t.Errorf("EncodeBatch with invalid text: err = %v, want one naming text 1", err)
	}
}
