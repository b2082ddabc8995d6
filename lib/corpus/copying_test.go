package corpus

import (
	"encoding/json"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/dataset"
)

// TestCopyAnswersHoldTheUsersValues parses every JSON and "key: value" answer of the copy kind
// and checks each value against the user's words, and every repeated phrase against the
// request: an answer that says something the user did not would teach guessing, not copying.
func TestCopyAnswersHoldTheUsersValues(t *testing.T) {
	exs, err := Generate(Config{NumExamples: 600, Seed: 5, KindWeights: map[string]float64{KindCopy: 1}, FollowUp: 0.9})
	if err != nil {
		t.Fatal(err)
	}
	repeat := regexp.MustCompile(`^(?:Repeat after me: |Echo this back to me: )(.*)$|^(?:Please say exactly this: |Can you repeat )"(.*)"\??$`)
	var jsonAnswers, lineAnswers, repeats int
	for i, ex := range exs {
		user := ex.Messages[0].Content
		for j, m := range ex.Messages {
			if m.Role != dataset.RoleAssistant {
				continue
			}
			switch {
			case strings.HasPrefix(m.Content, "{"):
				jsonAnswers++
				var obj map[string]any
				if err := json.Unmarshal([]byte(m.Content), &obj); err != nil {
					t.Fatalf("example %d message %d: %q is not JSON: %v", i, j, m.Content, err)
				}
				for k, v := range obj {
					if want := k + " " + stringOf(v); !strings.Contains(user, want) {
						t.Errorf("example %d: JSON %q has %q, but the user said %q", i, m.Content, want, user)
					}
				}
			case j == 1 && (strings.HasPrefix(user, "Fill in") || strings.HasPrefix(user, "Write these as key")):
				lineAnswers++
				for line := range strings.SplitSeq(m.Content, "\n") {
					k, v, _ := strings.Cut(line, ": ")
					if !strings.Contains(user, k+" "+v) {
						t.Errorf("example %d: line %q is not in %q", i, line, user)
					}
				}
			case j == 1:
				if g := repeat.FindStringSubmatch(user); g != nil {
					repeats++
					if want := g[1] + g[2]; m.Content != want {
						t.Errorf("example %d: repeated %q, want %q", i, m.Content, want)
					}
				}
			}
		}
	}
	if jsonAnswers < 50 || lineAnswers < 20 || repeats < 30 {
		t.Errorf("checked %d JSON, %d key: value and %d repeat answers; want more of each", jsonAnswers, lineAnswers, repeats)
	}
}

func stringOf(v any) string {
	if f, ok := v.(float64); ok {
		b, _ := json.Marshal(f)
		return string(b)
	}
	return v.(string)
}

// TestLookupAnswersNameTheListedItem checks that the code a lookup answer starts with is in
// the system message's list, with the description the answer repeats, and that made-up names
// vary enough that a model must copy them rather than recall them.
func TestLookupAnswersNameTheListedItem(t *testing.T) {
	exs, err := Generate(Config{NumExamples: 400, Seed: 9, KindWeights: map[string]float64{KindLookup: 1}})
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]bool{}
	for i, ex := range exs {
		if ex.Messages[0].Role != dataset.RoleSystem {
			t.Fatalf("example %d has no system message", i)
		}
		system, answer := ex.Messages[0].Content, ex.Messages[2].Content
		code, desc, ok := strings.Cut(answer, " fits best: ")
		if !ok {
			t.Fatalf("example %d: answer %q", i, answer)
		}
		codes[code] = true
		line := "- " + code + ": " + strings.ToUpper(desc[:1]) + desc[1:]
		jsonLine := `{"code": "` + code + `", "description": "` + strings.ToUpper(desc[:1]) + desc[1:] + `"}`
		if !strings.Contains(system, line) && !strings.Contains(system, jsonLine) {
			t.Errorf("example %d: %q does not match the list:\n%s", i, answer, system)
		}
	}
	if len(codes) < 350 {
		t.Errorf("only %d distinct codes in 400 answers", len(codes))
	}
}

// Made-up words must break into tokens of every kind, not a few syllables the model could
// learn to copy one by one: over 3000 words every letter of the alphabet occurs, words
// rarely repeat, and none is shorter than three letters.
func TestMadeUpWordsSpanTheAlphabet(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	letters := map[rune]bool{}
	distinct := map[string]bool{}
	const n = 3000
	for range n {
		w := madeUpWord(rng)
		if len(w) < 3 || strings.ToLower(w) != w {
			t.Errorf("made-up word %q: want a lower-case word of at least 3 letters", w)
		}
		for _, r := range w {
			letters[r] = true
		}
		distinct[w] = true
	}
	for r := 'a'; r <= 'z'; r++ {
		if !letters[r] {
			t.Errorf("no made-up word contains %q", r)
		}
	}
	if len(distinct) < n*3/4 {
		t.Errorf("%d distinct words in %d, want >= %d", len(distinct), n, n*3/4)
	}
}
