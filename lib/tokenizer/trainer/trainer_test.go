package trainer

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// tinyConfig reserves two tokens and asks for extra merges on top of the 256 bytes.
func tinyConfig(merges, minFreq int) Config {
	return Config{
		VocabSize:      2 + byteAlphabetSize + merges,
		MinFrequency:   minFreq,
		SpecialTokens:  []string{"<|end|>"},
		AddedTokens:    []string{"<tool_call>"},
		EOSToken:       "<|end|>",
		ModelMaxLength: 64,
		SplitPattern:   BareWordsPattern,
	}
}

// TestTrainTinyMerges checks merges worked out by hand. The text "aaab aab ab" pre-tokenizes
// to "aaab", " ", "aab", " ", "ab" (spaces are pieces of their own, so no merge holds one).
// Pair counts: (a,a)=3, (a,b)=3; the tie goes to the lower pair (a,a). Then "aa a b", "aa b",
// "a b" leave (a,b)=2 on top. The two pairs left occur once and are taken in id order: the
// byte b has a lower id than the merged ab, so (aa,b) comes before (aa,ab). Reserved tokens are
// cut out, so "<|end|>" and "<tool_call>" add no pairs.
func TestTrainTinyMerges(t *testing.T) {
	texts := []string{"aaab aab<|end|>", " ab<tool_call>", "<tool_call><|end|>"}
	want := [][2]string{{"a", "a"}, {"a", "b"}, {"aa", "b"}, {"aa", "ab"}}
	tests := []struct {
		name    string
		merges  int
		minFreq int
		want    [][2]string
		wantErr string
	}{
		{"all merges", 4, 1, want, ""},
		{"first three", 3, 1, want[:3], ""},
		{"min frequency 2 allows two", 2, 2, want[:2], ""},
		{"min frequency 2 stops at two", 3, 2, nil, "only 2 merges"},
		{"corpus exhausted", 5, 1, nil, "only 4 merges"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := Train(tinyConfig(tc.merges, tc.minFreq), texts)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Train error = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(tok.Merges, tc.want) {
				t.Errorf("merges = %q, want %q", tok.Merges, tc.want)
			}
			if got, want := tok.Vocab[len(tok.Vocab)-1], tc.want[len(tc.want)-1][0]+tc.want[len(tc.want)-1][1]; got != want {
				t.Errorf("last token = %q, want %q", got, want)
			}
		})
	}
}

func TestSplitPatterns(t *testing.T) {
	tests := []struct {
		pattern string
		text    string
		want    []string
	}{
		{LeadingSpacePattern, "Hello world", []string{"Hello", " world"}},
		{LeadingSpacePattern, "1234567", []string{"123", "456", "7"}},
		{LeadingSpacePattern, "it's we'll", []string{"it", "'s", " we", "'ll"}},
		{LeadingSpacePattern, "a  b", []string{"a", " ", " b"}},
		{LeadingSpacePattern, "x\n\n  y", []string{"x", "\n\n", " ", " y"}},
		{LeadingSpacePattern, `in Zürich {"city": "Zürich"}`, []string{"in", " Zürich", ` {"`, "city", `":`, ` "`, "Zürich", `"}`}},
		{LeadingSpacePattern, "end.\n", []string{"end", ".\n"}},
		{LeadingSpacePattern, "東京 café", []string{"東京", " café"}},
		{LeadingSpacePattern, "bad\xffbyte", []string{"bad", "\xffbyte"}},

		{BareWordsPattern, "Hello world", []string{"Hello", " ", "world"}},
		{BareWordsPattern, "1234567", []string{"123", "456", "7"}},
		{BareWordsPattern, "it's we'll", []string{"it", "'s", " ", "we", "'ll"}},
		{BareWordsPattern, "a  b", []string{"a", "  ", "b"}},
		{BareWordsPattern, "x\n\n  y", []string{"x", "\n\n", "  ", "y"}},
		// The same word is the same piece in prose and in JSON.
		{BareWordsPattern, `in Zürich {"city": "Zürich"}`, []string{"in", " ", "Zürich", " ", `{"`, "city", `": "`, "Zürich", `"}`}},
		{BareWordsPattern, "name: get_current_time", []string{"name", ": ", "get", "_current", "_time"}},
		{BareWordsPattern, "__init__ a_", []string{"__", "init", "__", " ", "a", "_"}},
		{BareWordsPattern, "end.\n", []string{"end", ".\n"}},
		{BareWordsPattern, "Hi, Anna. Bye", []string{"Hi", ", ", "Anna", ". ", "Bye"}},
		{BareWordsPattern, "東京 café", []string{"東京", " ", "café"}},
		{BareWordsPattern, "bad\xffbyte", []string{"bad", "\xff", "byte"}},
	}
	for _, tc := range tests {
		re, err := newSplitter(tc.pattern)
		if err != nil {
			t.Fatal(err)
		}
		got, err := preTokenize(re, tc.text, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("preTokenize(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestSplitReserved(t *testing.T) {
	reserved := []string{"<|end|>", "<tool_call>", "<tool_call>x"}
	tests := []struct {
		text string
		want []string
	}{
		{"", nil},
		{"plain", []string{"plain"}},
		{"a<|end|>b", []string{"a", "b"}},
		{"<|end|><|end|>", nil},
		{"<tool_call>xy", []string{"y"}}, // longest reserved token wins
		{"q<tool_call>", []string{"q"}},
		{"<|end", []string{"<|end"}},
	}
	for _, tc := range tests {
		if got := splitReserved(tc.text, reserved); !slices.Equal(got, tc.want) {
			t.Errorf("splitReserved(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestCountWordsCutsReservedTokens(t *testing.T) {
	counts, err := countWords([]string{"ab<|end|>ab", "<tool_call>ab"}, []string{"<|end|>", "<tool_call>"}, BareWordsPattern)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]int{"ab": 3}; !reflect.DeepEqual(counts, want) {
		t.Errorf("counts = %v, want %v", counts, want)
	}
}

func TestByteAlphabet(t *testing.T) {
	alpha := byteAlphabet()
	seen := make(map[string]bool)
	for _, s := range alpha {
		seen[s] = true
	}
	if len(seen) != byteAlphabetSize {
		t.Fatalf("alphabet has %d distinct symbols, want %d", len(seen), byteAlphabetSize)
	}
	for _, tc := range []struct {
		b    byte
		want string
	}{{' ', "Ġ"}, {'\n', "Ċ"}, {'\t', "ĉ"}, {'a', "a"}, {0, "Ā"}, {0x7F, "ġ"}, {0xAD, "Ń"}, {0xFF, "ÿ"}} {
		if alpha[tc.b] != tc.want {
			t.Errorf("byte %#x maps to %q, want %q", tc.b, alpha[tc.b], tc.want)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*Config)
		wantErr string
	}{
		{"default is valid", func(*Config) {}, ""},
		{"duplicate token", func(c *Config) { c.AddedTokens = append(c.AddedTokens, "<|end|>") }, `"<|end|>" listed twice`},
		{"empty token", func(c *Config) { c.SpecialTokens = append(c.SpecialTokens, "") }, "empty special"},
		{"vocab too small", func(c *Config) { c.VocabSize = 260 }, "VocabSize 260 is below 265"},
		{"min frequency", func(c *Config) { c.MinFrequency = 0 }, "MinFrequency"},
		{"max length", func(c *Config) { c.ModelMaxLength = 0 }, "ModelMaxLength"},
		{"unknown eos", func(c *Config) { c.EOSToken = "</s>" }, `EOSToken "</s>" is not one of`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := DefaultConfig()
			tc.edit(&cfg)
			err := cfg.Validate()
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("Validate() = %v, want an error containing %q", err, tc.wantErr)
			}
		})
	}
}

// trainSmall trains a 1,024-token vocabulary on a deterministic synthetic corpus.
func trainSmall(t *testing.T) (*Tokenizer, []string) {
	t.Helper()
	docs := syntheticCorpus(400, 1)
	cfg := DefaultConfig()
	cfg.VocabSize = 1024
	tok, err := Train(cfg, docs)
	if err != nil {
		t.Fatal(err)
	}
	return tok, docs
}

func TestTrainDeterministicAndExactSize(t *testing.T) {
	first, docs := trainSmall(t)
	second, err := Train(first.Config, docs)
	if err != nil {
		t.Fatal(err)
	}
	for _, encode := range []func(*Tokenizer) ([]byte, error){(*Tokenizer).TokenizerJSON, (*Tokenizer).TokenizerConfigJSON} {
		a, err := encode(first)
		if err != nil {
			t.Fatal(err)
		}
		b, err := encode(second)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Fatal("two trainings on the same corpus wrote different files")
		}
	}
	if len(first.Vocab) != 1024 || first.FirstMergeID()+len(first.Merges) != 1024 {
		t.Fatalf("vocab has %d tokens and %d merges from id %d, want 1024 tokens", len(first.Vocab), len(first.Merges), first.FirstMergeID())
	}
	data, err := first.TokenizerJSON()
	if err != nil {
		t.Fatal(err)
	}
	var f tokenizerFile
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Model.Vocab) != 1024 || len(f.Model.Merges) != len(first.Merges) {
		t.Fatalf("tokenizer.json has %d vocab entries and %d merges, want 1024 and %d", len(f.Model.Vocab), len(f.Model.Merges), len(first.Merges))
	}
}

func TestWrittenFilesRoundTrip(t *testing.T) {
	tok, docs := trainSmall(t)
	dir := filepath.Join(t.TempDir(), "model")
	if err := tok.WriteFiles(dir); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{TokenizerFile, TokenizerConfigFile}; !slices.Equal(names, want) {
		t.Fatalf("dir holds %q, want exactly %q (no temporary files left)", names, want)
	}
	ref := loadRefTokenizer(t, filepath.Join(dir, TokenizerFile))
	texts := append(docs[:20:20], "unseen wörds 1234567 and\ttabs\r\n", "\xff\xfe invalid bytes", "<tool_call>{}</tool_call><|end|>")
	totalBytes, totalTokens := 0, 0
	for i, text := range texts {
		ids, err := ref.encode(text)
		if err != nil {
			t.Fatalf("text %d: %v", i, err)
		}
		got, err := ref.decode(ids)
		if err != nil {
			t.Fatalf("text %d: %v", i, err)
		}
		if got != text {
			t.Fatalf("text %d: decode(encode(%q)) = %q", i, text, got)
		}
		totalBytes += len(text)
		totalTokens += len(ids)
	}
	// Learnt merges must compress the text they were trained on.
	if ratio := float64(totalBytes) / float64(totalTokens); ratio < 2.5 {
		t.Errorf("%.2f bytes per token, want at least 2.5", ratio)
	}
	for id, special := range tok.Config.reservedTokens() {
		ids, err := ref.encode(special)
		if err != nil || !slices.Equal(ids, []int{id}) {
			t.Errorf("encode(%q) = %v, %v; want [%d]", special, ids, err, id)
		}
	}
}

func TestTokenizerConfigJSON(t *testing.T) {
	cfg := tinyConfig(1, 1)
	cfg.ChatTemplate = "{{ messages }}"
	tok, err := Train(cfg, []string{"aa"})
	if err != nil {
		t.Fatal(err)
	}
	data, err := tok.TokenizerConfigJSON()
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		BOS            *string `json:"bos_token"`
		EOS            string  `json:"eos_token"`
		Pad            *string `json:"pad_token"`
		ModelMaxLength int     `json:"model_max_length"`
		ChatTemplate   string  `json:"chat_template"`
		Decoder        map[string]struct {
			Content string `json:"content"`
			Special bool   `json:"special"`
		} `json:"added_tokens_decoder"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if got.BOS != nil || got.Pad != nil || got.EOS != "<|end|>" || got.ModelMaxLength != 64 || got.ChatTemplate != "{{ messages }}" {
		t.Errorf("tokenizer_config.json = %s", data)
	}
	if d := got.Decoder["0"]; d.Content != "<|end|>" || !d.Special {
		t.Errorf("added_tokens_decoder[0] = %+v, want special <|end|>", d)
	}
	if d := got.Decoder["1"]; d.Content != "<tool_call>" || d.Special {
		t.Errorf("added_tokens_decoder[1] = %+v, want non-special <tool_call>", d)
	}
	if bytes.Contains(data, []byte(`\u003c`)) {
		t.Error("special tokens are HTML-escaped")
	}
}

func TestWriteFilesBadDir(t *testing.T) {
	tok, err := Train(tinyConfig(1, 1), []string{"aa"})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := tok.WriteFiles(filepath.Join(file, "sub")); err == nil || !strings.Contains(err.Error(), "file") {
		t.Fatalf("WriteFiles under a regular file: err = %v, want one naming the path", err)
	}
}
