package trainer

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// corpusWords returns the vocabulary the synthetic corpus draws from: plain English words,
// tool-use words, a few accented and non-Latin words (to exercise multi-byte UTF-8).
func corpusWords() []string {
	return strings.Fields(`the a an of to in for on with at by from and or but not is are was were be
		weather city temperature forecast tomorrow today rain sunny cloudy wind humidity degrees
		book flight hotel reserve cancel order status price total amount currency convert
		email send message contact schedule meeting calendar reminder date time timezone
		search find list show get create update delete user account balance transfer
		please could you would like know what when where how much many which tell me my your
		Paris London Tokyo Berlin Madrid Lisbon Zürich São Kraków Москва 東京 café naïve résumé
		result error retry sorry unavailable done thanks sure here it's don't I'll we've they're`)
}

// corpusTools returns tool names used in the synthetic tool calls.
func corpusTools() []string {
	return []string{"get_weather", "book_flight", "convert_currency", "send_email", "search_hotels", "get_time"}
}

// syntheticCorpus returns n deterministic chat-like documents: sentences, numbers, JSON tool
// calls and the special tokens between turns (which training must cut out).
func syntheticCorpus(n int, seed uint64) []string {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	words, toolNames := append(corpusWords(), pseudoWords(rng, 20000)...), corpusTools()
	// Word frequencies follow Zipf's law, as in natural text.
	zipf := rand.NewZipf(rng, 1.1, 2, uint64(len(words)-1))
	sentence := func() string {
		k := 4 + rng.IntN(12)
		parts := make([]string, k)
		for i := range parts {
			parts[i] = words[zipf.Uint64()]
		}
		s := strings.Join(parts, " ")
		first, size := utf8.DecodeRuneInString(s)
		return string(unicode.ToUpper(first)) + s[size:] + []string{".", "?", "!", "..."}[rng.IntN(4)]
	}
	docs := make([]string, n)
	for i := range docs {
		var b strings.Builder
		fmt.Fprintf(&b, "<|user|>%s %s<|end|>\n", sentence(), sentence())
		args, _ := json.Marshal(map[string]any{
			"city":   words[rng.IntN(len(words))],
			"amount": rng.IntN(100000),
			"ratio":  float64(rng.IntN(1000)) / 8,
			"when":   fmt.Sprintf("2026-%02d-%02dT%02d:%02d", 1+rng.IntN(12), 1+rng.IntN(28), rng.IntN(24), rng.IntN(60)),
		})
		fmt.Fprintf(&b, "<|assistant|><tool_call>\n{\"name\": %q, \"arguments\": %s}\n</tool_call><|end|>\n",
			toolNames[rng.IntN(len(toolNames))], args)
		fmt.Fprintf(&b, "<|tool|>{\"result\": %d}<|end|>\n<|assistant|>%s\n\n\t%s  %s<|end|>",
			rng.IntN(1000), sentence(), sentence(), sentence())
		docs[i] = b.String()
	}
	return docs
}

// pseudoWords makes n pronounceable made-up words from random syllables, so that the corpus
// has a long tail of rare words like real text (and enough distinct pairs for 8k merges).
func pseudoWords(rng *rand.Rand, n int) []string {
	onsets := strings.Fields("b c d f g h j k l m n p r s t v w z br cr dr fl gr pl pr st str th sh ch")
	vowels := strings.Fields("a e i o u ai ea ou io y")
	codas := []string{"", "", "n", "r", "s", "t", "l", "nd", "st", "ng", "x"}
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		for range 1 + rng.IntN(4) {
			b.WriteString(onsets[rng.IntN(len(onsets))])
			b.WriteString(vowels[rng.IntN(len(vowels))])
			b.WriteString(codas[rng.IntN(len(codas))])
		}
		out[i] = b.String()
	}
	return out
}

// corpusBytes is the total size of docs in bytes.
func corpusBytes(docs []string) int {
	n := 0
	for _, d := range docs {
		n += len(d)
	}
	return n
}
