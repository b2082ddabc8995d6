package eval

import (
	"slices"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/dataset"
)

func msg(role, content string, calls ...dataset.ToolCall) dataset.Message {
	return dataset.Message{Role: role, Content: content, ToolCalls: calls}
}

func toolResult(name, content string) dataset.Message {
	return dataset.Message{Role: dataset.RoleTool, Name: name, Content: content}
}

// handExamples is a small held-out set, one example per scenario kind, written by hand.
func handExamples(t testing.TB) []dataset.Example {
	ts := testTools(t)
	ex := func(scenario string, msgs ...dataset.Message) dataset.Example {
		return dataset.Example{Messages: msgs, Tools: ts, Scenario: scenario}
	}
	return []dataset.Example{
		ex(dataset.ScenarioSingle,
			msg(dataset.RoleUser, "What's the weather in Paris?"),
			msg(dataset.RoleAssistant, "I'll help you with that.", tc(t, "get_weather", `{"location": "Paris"}`)),
			toolResult("get_weather", `{"condition": "sunny"}`),
			msg(dataset.RoleAssistant, "It is sunny in Paris.")),
		ex(dataset.ScenarioSingle,
			msg(dataset.RoleUser, "Price of AAPL?"),
			msg(dataset.RoleAssistant, "", tc(t, "get_stock_price", `{"symbol": "AAPL"}`)),
			toolResult("get_stock_price", `{"price": 190.5}`),
			msg(dataset.RoleAssistant, "AAPL trades at 190.5.")),
		ex(dataset.ScenarioParallel,
			msg(dataset.RoleUser, "Weather in Lima in fahrenheit, and the MSFT price."),
			msg(dataset.RoleAssistant, "I'll check both.",
				tc(t, "get_weather", `{"location": "Lima", "unit": "fahrenheit"}`), tc(t, "get_stock_price", `{"symbol": "MSFT"}`)),
			toolResult("get_weather", `{"condition": "cloudy"}`),
			toolResult("get_stock_price", `{"price": 410}`),
			msg(dataset.RoleAssistant, "Cloudy in Lima; MSFT is at 410.")),
		ex(dataset.ScenarioNoTool,
			msg(dataset.RoleSystem, "You are terse."),
			msg(dataset.RoleUser, "Hi there!"),
			msg(dataset.RoleAssistant, "Hello! How can I help?")),
		ex(dataset.ScenarioClarify,
			msg(dataset.RoleUser, "What's the weather?"),
			msg(dataset.RoleAssistant, "Which city do you mean?"),
			msg(dataset.RoleUser, "Oslo."),
			msg(dataset.RoleAssistant, "", tc(t, "get_weather", `{"location": "Oslo"}`)),
			toolResult("get_weather", `{"condition": "snow"}`),
			msg(dataset.RoleAssistant, "It is snowing in Oslo.")),
		ex(dataset.ScenarioMultiStep,
			msg(dataset.RoleUser, "What is AAPL worth in euros?"),
			msg(dataset.RoleAssistant, "", tc(t, "get_stock_price", `{"symbol": "AAPL"}`)),
			toolResult("get_stock_price", `{"price": 190.5}`),
			msg(dataset.RoleAssistant, "", tc(t, "convert_currency", `{"amount": 190.5, "to": "EUR"}`)),
			toolResult("convert_currency", `{"amount": 175.3}`),
			msg(dataset.RoleAssistant, "About 175.3 EUR.")),
	}
}

func TestCasesTurnSelection(t *testing.T) {
	examples := handExamples(t)
	tests := []struct {
		name  string
		turns TurnSelection
		want  [][2]int // example index, turn
	}{
		{"first turn", FirstTurn, [][2]int{{0, 1}, {1, 1}, {2, 1}, {3, 2}, {4, 1}, {5, 1}}},
		{"decision turns", DecisionTurns, [][2]int{{0, 1}, {1, 1}, {2, 1}, {3, 2}, {4, 1}, {4, 3}, {5, 1}, {5, 3}}},
		{"all turns", AllTurns, [][2]int{{0, 1}, {0, 3}, {1, 1}, {1, 3}, {2, 1}, {2, 4}, {3, 2}, {4, 1}, {4, 3}, {4, 5}, {5, 1}, {5, 3}, {5, 5}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cases, err := Cases(examples, CaseConfig{Turns: tt.turns})
			if err != nil {
				t.Fatal(err)
			}
			var got [][2]int
			for _, c := range cases {
				got = append(got, [2]int{c.ExampleIndex, c.Turn})
				ex := examples[c.ExampleIndex]
				want, err := chat.RenderPrompt(ex, c.Turn)
				if err != nil {
					t.Fatal(err)
				}
				calls := ex.Messages[c.Turn].ToolCalls
				if c.Prompt != want || c.Scenario != ex.Scenario || c.ExpectNoCall != (len(calls) == 0) ||
					len(c.Expected) != len(calls) || len(c.Tools) != len(ex.Tools) {
					t.Errorf("case %+v does not describe example %d turn %d", c, c.ExampleIndex, c.Turn)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("cases at %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCasesOptions(t *testing.T) {
	examples := handExamples(t)
	cases, err := Cases(examples, CaseConfig{Indices: []int{4, 0}, Chat: []chat.Option{chat.WithTemplate(chat.Hermes{})}})
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 2 || cases[0].ExampleIndex != 4 || cases[1].ExampleIndex != 0 {
		t.Fatalf("cases %+v, want examples 4 then 0", cases)
	}
	want, err := chat.RenderPrompt(examples[0], 1, chat.WithTemplate(chat.Hermes{}))
	if err != nil {
		t.Fatal(err)
	}
	if cases[1].Prompt != want || !strings.Contains(want, "<tools>") {
		t.Errorf("prompt not rendered with the Hermes template:\n%s", cases[1].Prompt)
	}
}

func TestCasesErrors(t *testing.T) {
	examples := handExamples(t)
	noAssistant := dataset.Example{Messages: []dataset.Message{msg(dataset.RoleUser, "hi")}}
	badRole := dataset.Example{Messages: []dataset.Message{msg("robot", "beep"), msg(dataset.RoleAssistant, "hi")}}
	tests := []struct {
		name     string
		examples []dataset.Example
		cfg      CaseConfig
		want     []string
	}{
		{"index out of range", examples, CaseConfig{Indices: []int{0, 6}}, []string{"example index 6 out of range", "6 examples"}},
		{"unknown turn selection", examples, CaseConfig{Turns: AllTurns + 1}, []string{"unknown turn selection 3"}},
		{"negative index", examples, CaseConfig{Indices: []int{-1}}, []string{"example index -1"}},
		{"no assistant turn", []dataset.Example{examples[0], noAssistant}, CaseConfig{}, []string{"example 1", "messages", "no assistant turn"}},
		{"unrenderable prompt", []dataset.Example{examples[0], badRole}, CaseConfig{}, []string{"example 1", "messages[1]", "robot"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Cases(tt.examples, tt.cfg)
			if err == nil {
				t.Fatal("no error")
			}
			for _, part := range tt.want {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("error %q does not mention %q", err, part)
				}
			}
		})
	}
}

func TestSelect(t *testing.T) {
	examples := make([]dataset.Example, 100)
	a := Select(examples, 10, 7)
	if !slices.Equal(a, Select(examples, 10, 7)) {
		t.Errorf("same seed gave different selections")
	}
	if len(a) != 10 || !slices.IsSorted(a) || len(slices.Compact(slices.Clone(a))) != 10 || a[0] < 0 || a[9] >= 100 {
		t.Errorf("selection %v is not 10 distinct sorted indices", a)
	}
	if slices.Equal(a, Select(examples, 10, 8)) {
		t.Errorf("seeds 7 and 8 selected the same examples %v", a)
	}
	larger := Select(examples, 30, 7)
	for _, i := range a {
		if !slices.Contains(larger, i) {
			t.Errorf("selection of 10 %v is not inside the selection of 30 %v", a, larger)
		}
	}
	for _, n := range []int{0, -3, 100, 250} {
		if got := Select(examples, n, 7); !slices.Equal(got, allIndices(100)) {
			t.Errorf("Select(n=%d) = %v, want all", n, got)
		}
	}
	if got := Select(nil, 5, 1); len(got) != 0 {
		t.Errorf("Select of no examples = %v", got)
	}
}

// TestCasesExpectTheRetryOfAFailedCall: a call whose results are all errors and that the next
// assistant turn retries with the same tools is scored against the retry; a failure the
// assistant only explains, and a call whose result is fine, keep their own calls.
func TestCasesExpectTheRetryOfAFailedCall(t *testing.T) {
	ts := testTools(t)
	ex := func(msgs ...dataset.Message) dataset.Example {
		return dataset.Example{Messages: msgs, Tools: ts, Scenario: dataset.ScenarioErrorRecovery}
	}
	examples := []dataset.Example{
		ex(msg(dataset.RoleUser, "How are Nvidia shares doing?"),
			msg(dataset.RoleAssistant, "", tc(t, "get_stock_price", `{"symbol": "Nvidia"}`)),
			toolResult("get_stock_price", `{"error": "unknown ticker \"Nvidia\""}`),
			msg(dataset.RoleAssistant, "Nvidia trades as NVDA.", tc(t, "get_stock_price", `{"symbol": "NVDA"}`)),
			toolResult("get_stock_price", `{"price": 120}`),
			msg(dataset.RoleAssistant, "NVDA is at 120.")),
		ex(msg(dataset.RoleUser, "Price of XYZ?"),
			msg(dataset.RoleAssistant, "", tc(t, "get_stock_price", `{"symbol": "XYZ"}`)),
			toolResult("get_stock_price", `{"error": "unknown ticker \"XYZ\""}`),
			msg(dataset.RoleAssistant, "XYZ is not a listed ticker.")),
		ex(msg(dataset.RoleUser, "What is AAPL worth in euros?"),
			msg(dataset.RoleAssistant, "", tc(t, "get_stock_price", `{"symbol": "AAPL"}`)),
			toolResult("get_stock_price", `{"price": 190.5, "note": "error margins apply"}`),
			msg(dataset.RoleAssistant, "", tc(t, "get_stock_price", `{"symbol": "AAPL"}`))),
		ex(msg(dataset.RoleUser, "Weather in Lima and the MSFT price."),
			msg(dataset.RoleAssistant, "", tc(t, "get_weather", `{"location": "Lima"}`), tc(t, "get_stock_price", `{"symbol": "Microsoft"}`)),
			toolResult("get_weather", `{"condition": "cloudy"}`),
			toolResult("get_stock_price", `{"error": "unknown ticker"}`),
			msg(dataset.RoleAssistant, "", tc(t, "get_stock_price", `{"symbol": "MSFT"}`))),
	}
	cases, err := Cases(examples, CaseConfig{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		symbol    string
		corrected bool
	}{{"NVDA", true}, {"XYZ", false}, {"AAPL", false}, {"", false}}
	for i, c := range cases {
		var symbol string
		for _, call := range c.Expected {
			if call.Name == "get_stock_price" {
				symbol, _ = call.Parameters["symbol"].(string)
			}
		}
		if i == 3 {
			symbol = "" // only one of two calls failed: the turn keeps both of its calls
			if len(c.Expected) != 2 {
				t.Errorf("case 3 expects %d calls, want the turn's own 2", len(c.Expected))
			}
		}
		wantRetry := 0
		if want[i].corrected {
			wantRetry = 3
		}
		if symbol != want[i].symbol || c.RetryTurn != wantRetry || c.Turn != 1 {
			t.Errorf("case %d: turn %d expects symbol %q (retry turn %d), want %q (retry turn %d)",
				i, c.Turn, symbol, c.RetryTurn, want[i].symbol, wantRetry)
		}
	}
}
