package corpus

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

func generate(t *testing.T, n int, seed uint64) []dataset.Example {
	t.Helper()
	cfg := DefaultConfig()
	cfg.NumExamples, cfg.Seed = n, seed
	exs, err := Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(exs) != n {
		t.Fatalf("got %d examples, want %d", len(exs), n)
	}
	return exs
}

func encode(t *testing.T, exs []dataset.Example) string {
	t.Helper()
	data, err := json.Marshal(exs)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := generate(t, 300, 7), generate(t, 300, 7)
	if encode(t, a) != encode(t, b) {
		t.Error("the same config gave different examples")
	}
	if encode(t, a) == encode(t, generate(t, 300, 8)) {
		t.Error("seeds 7 and 8 gave the same examples")
	}
	// Example i depends only on (seed, i): a longer corpus starts with the shorter one.
	if longer := generate(t, 400, 7); encode(t, longer[:300]) != encode(t, a) {
		t.Error("raising NumExamples changed the first examples")
	}
}

// TestCorpusNeverShowsTools renders every example with both of lib/chat's templates and checks
// that the text has no tool list, call, result or tag, and that every assistant turn is a loss
// span ending in <|end|>.
func TestCorpusNeverShowsTools(t *testing.T) {
	exs := generate(t, 2000, 42)
	if err := Validate("corpus", exs); err != nil {
		t.Fatal(err)
	}
	forbidden := []string{chat.CallOpen, chat.CallClose, chat.ResponseOpen, chat.ResponseClose, chat.ToolMarker,
		chat.OriginalInstruction, "\"parameters\"", "\"arguments\""}
	for _, tmpl := range []chat.Template{chat.Original{}, chat.Hermes{}} {
		for i, ex := range exs {
			r, err := tmpl.Render(ex)
			if err != nil {
				t.Fatalf("%s: example %d: %v", tmpl.Name(), i, err)
			}
			for _, f := range forbidden {
				if strings.Contains(r.Text, f) {
					t.Fatalf("%s: example %d contains %q:\n%s", tmpl.Name(), i, f, r.Text)
				}
			}
			assistants := 0
			for _, m := range ex.Messages {
				if m.Role == dataset.RoleAssistant {
					assistants++
				}
			}
			if len(r.Spans) != assistants || assistants == 0 {
				t.Fatalf("%s: example %d: %d spans for %d assistant turns", tmpl.Name(), i, len(r.Spans), assistants)
			}
			for _, sp := range r.Spans {
				if !strings.HasSuffix(r.Text[sp.Start:sp.End], chat.EndOfTurn) {
					t.Fatalf("%s: example %d: span %q does not end with %s", tmpl.Name(), i, r.Text[sp.Start:sp.End], chat.EndOfTurn)
				}
			}
		}
	}
}

func TestVariety(t *testing.T) {
	exs := generate(t, 2000, 42)
	firstUser := map[string]bool{}
	for _, ex := range exs {
		for _, m := range ex.Messages {
			if m.Role == dataset.RoleUser {
				firstUser[m.Content] = true
				break
			}
		}
	}
	if share := float64(len(firstUser)) / float64(len(exs)); share < 0.9 {
		t.Errorf("only %.1f%% of first user messages are distinct, want >= 90%%", 100*share)
	}
	// Every kind shows up in the mix, and the corpus uses the domain's words.
	var text strings.Builder
	for _, ex := range exs {
		for _, m := range ex.Messages {
			text.WriteString(m.Content + "\n")
		}
	}
	for _, word := range []string{"Paris", "Tokyo", "euro", "USD", "Celsius", "kilometers", "Monday", "December",
		"@example.com", "Subject:", "rain", "percent", "I can't help", "leap year", "times"} {
		if !strings.Contains(text.String(), word) {
			t.Errorf("the corpus never mentions %q", word)
		}
	}
}

func TestKindsCanBeSelected(t *testing.T) {
	for _, kind := range Kinds() {
		t.Run(kind, func(t *testing.T) {
			cfg := Config{NumExamples: 40, Seed: 1, KindWeights: map[string]float64{kind: 1}}
			exs, err := Generate(cfg)
			if err != nil {
				t.Fatal(err)
			}
			distinct := map[string]bool{}
			for _, ex := range exs {
				distinct[encode(t, []dataset.Example{ex})] = true
			}
			if len(distinct) < 10 {
				t.Errorf("only %d distinct conversations of kind %s in 40", len(distinct), kind)
			}
		})
	}
}

// TestArithmeticAnswersAreRight recomputes every sum, difference, product, quotient,
// percentage and temperature conversion the corpus states, from the numbers in its question.
func TestArithmeticAnswersAreRight(t *testing.T) {
	cfg := Config{NumExamples: 600, Seed: 3, KindWeights: map[string]float64{KindArithmetic: 1, KindFact: 1}, FollowUp: 0.9}
	exs, err := Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		pattern *regexp.Regexp
		want    func(a, b float64) float64
	}{
		{regexp.MustCompile(`^(-?\d+) plus (-?\d+) is (-?\d+)\.$`), func(a, b float64) float64 { return a + b }},
		{regexp.MustCompile(`^(-?\d+) minus (-?\d+) is (-?\d+)\.$`), func(a, b float64) float64 { return a - b }},
		{regexp.MustCompile(`^(-?\d+) times (-?\d+) is (-?\d+)\.$`), func(a, b float64) float64 { return a * b }},
		{regexp.MustCompile(`^(-?\d+) divided by (-?\d+) is (-?\d+)\.$`), func(a, b float64) float64 { return a / b }},
		{regexp.MustCompile(`^(\d+)% of (\d+) is ([\d.]+)\.$`), func(a, b float64) float64 { return a * b / 100 }},
		{regexp.MustCompile(`^(-?\d+) degrees Celsius is (-?[\d.]+) degrees Fahrenheit`), nil},
	}
	checked := 0
	for i, ex := range exs {
		for _, m := range ex.Messages {
			for _, c := range checks {
				g := c.pattern.FindStringSubmatch(m.Content)
				if g == nil {
					continue
				}
				checked++
				nums := make([]float64, len(g)-1)
				for k := range nums {
					nums[k], _ = strconv.ParseFloat(g[k+1], 64)
				}
				var want, got float64
				if c.want == nil { // Celsius to Fahrenheit
					want, got = nums[0]*9/5+32, nums[1]
				} else {
					want, got = c.want(nums[0], nums[1]), nums[2]
				}
				if math.Abs(want-got) > 0.005 {
					t.Errorf("example %d: %q: want %g", i, m.Content, want)
				}
			}
		}
	}
	if checked < 100 {
		t.Errorf("checked only %d answers", checked)
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"negative count", Config{NumExamples: -1}, "NumExamples"},
		{"unknown kind", Config{NumExamples: 1, KindWeights: map[string]float64{"weather_call": 1}}, `unknown kind "weather_call"`},
		{"negative weight", Config{NumExamples: 1, KindWeights: map[string]float64{KindFact: -1}}, "negative"},
		{"all zero", Config{NumExamples: 1, KindWeights: map[string]float64{KindFact: 0}}, "no positive weight"},
		{"follow-up 1", Config{NumExamples: 1, FollowUp: 1}, "FollowUp"},
		{"system prompt > 1", Config{NumExamples: 1, SystemPrompt: 2}, "SystemPrompt"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Generate(tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestValidateRejectsToolUse(t *testing.T) {
	weather := tools.Tool{Name: "get_weather", Description: "Weather.", Parameters: tools.Schema{Type: "object"}}
	user := dataset.Message{Role: dataset.RoleUser, Content: "Weather in Paris?"}
	tests := []struct {
		name  string
		ex    dataset.Example
		field string
	}{
		{"tool list", dataset.Example{Tools: []tools.Tool{weather}, Messages: []dataset.Message{user, {Role: dataset.RoleAssistant, Content: "Mild."}}}, "tools"},
		{"call", dataset.Example{Tools: []tools.Tool{weather}, Messages: []dataset.Message{user,
			{Role: dataset.RoleAssistant, ToolCalls: []dataset.ToolCall{{Name: "get_weather", Parameters: map[string]any{}}}},
			{Role: dataset.RoleTool, Name: "get_weather", Content: "{}"}}}, "messages[1].tool_calls"},
		{"tag in text", dataset.Example{Messages: []dataset.Message{user, {Role: dataset.RoleAssistant, Content: "Sure. " + chat.ResponseOpen}}}, "messages[1].content"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ok := dataset.Example{Messages: []dataset.Message{user, {Role: dataset.RoleAssistant, Content: "Mild."}}}
			err := Validate("data.json", []dataset.Example{ok, tc.ex})
			want := fmt.Sprintf("data.json: example 1: %s", tc.field)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("error %v, want one containing %q", err, want)
			}
		})
	}
}
