package htmlview

import (
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/eval"
	"github.com/tooltune/tooltune/lib/tools"
)

// weatherCase is the first assistant turn of a conversation offering a weather and a stock
// tool, expecting get_weather(location, unit).
func weatherCase(t *testing.T) eval.Case {
	t.Helper()
	ex := weatherExample()
	ex.Tools = []tools.Tool{
		{Name: "get_weather", Description: "Current weather", Parameters: tools.Schema{Type: "object",
			Properties: []tools.Property{
				{Name: "location", Schema: &tools.Schema{Type: "string"}},
				{Name: "unit", Schema: &tools.Schema{Type: "string", Enum: []any{"celsius", "fahrenheit"}}},
			}, Required: []string{"location"}}},
		{Name: "get_stock_price", Description: "Stock price", Parameters: tools.Schema{Type: "object",
			Properties: []tools.Property{{Name: "symbol", Schema: &tools.Schema{Type: "string"}}}}},
	}
	cases, err := eval.Cases([]dataset.Example{ex}, eval.CaseConfig{})
	if err != nil {
		t.Fatal(err)
	}
	return cases[0]
}

// call writes a call in the original format, as a model would.
func call(name, params string) string {
	return "I'll help you with that.\n\n<tool_call>\nname: " + name + "\nparameters: " + params + "\n</tool_call>\n<|end|>"
}

func TestOutcomeAndSample(t *testing.T) {
	tests := []struct {
		name      string
		generated string
		outcome   string
		// want are fragments of the HTML; a difference is a row in wrongColor.
		want []string
		// wrongRows is the number of red rows.
		wrongRows int
	}{
		{"correct", call("get_weather", `{"location": "zürich", "unit": "celsius"}`), OutcomeCorrect,
			[]string{"call get_weather", "&#34;Zürich&#34;", "&#34;zürich&#34;", "✓"}, 0},
		{"wrong value", call("get_weather", `{"location": "Bern", "unit": "celsius"}`), OutcomeWrongParams,
			[]string{"&#34;Bern&#34;", "✗ wrong parameters"}, 2},
		{"missing parameter", call("get_weather", `{"location": "Zürich"}`), OutcomeWrongParams,
			[]string{"(absent)"}, 2},
		{"wrong tool", call("get_stock_price", `{"symbol": "<b>ZRH"}`), OutcomeWrongTool,
			[]string{"✗ not called", "get_stock_price({&#34;symbol&#34;:&#34;&lt;b&gt;ZRH&#34;})"}, 2},
		{"prose", "It is sunny.<|end|>", OutcomeWrongTool,
			[]string{"✗ not called", "It is sunny.&lt;|end|&gt;"}, 1},
		{"malformed block", "I'll help you with that.\n\n<tool_call>\nname: get_weather\nparameters: {\"location\": <|end|>", OutcomeWrongTool,
			[]string{"(malformed &lt;tool_call&gt; block)", "✗ not called", "block 0: "}, 1},
		{"call outside a block", `{"name": "get_weather", "arguments": {"location": "Zürich"}}<|end|>`, OutcomeWrongTool,
			[]string{"JSON call outside a &lt;tool_call&gt; block"}, 1},
	}
	c := weatherCase(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := eval.Score(c, tt.generated)
			if got := Outcome(s); got != tt.outcome {
				t.Errorf("Outcome = %q, want %q (verdicts %+v)", got, tt.outcome, s.Verdicts)
			}
			html := Sample(s, SampleOptions{})
			for _, w := range tt.want {
				if !strings.Contains(html, w) {
					t.Errorf("the HTML lacks %q:\n%s", w, html)
				}
			}
			if n := strings.Count(html, "background:"+wrongColor); n != tt.wrongRows {
				t.Errorf("%d red rows, want %d:\n%s", n, tt.wrongRows, html)
			}
			if strings.Contains(html, "<b>ZRH") {
				t.Error("a generated value reached the HTML unescaped")
			}
		})
	}
}

func TestSampleNoCallCase(t *testing.T) {
	c := weatherCase(t)
	c.Expected, c.ExpectNoCall = nil, true
	for _, tt := range []struct {
		generated, outcome, want string
	}{
		{"Hello! How can I help?<|end|>", OutcomeCorrect, "no call: answer in words"},
		{call("get_weather", `{"location": "Zürich"}`), OutcomeWrongTool, "✗ extra call"},
		{"<tool_call>\nname: get_weather<|end|>", OutcomeWrongTool, "(malformed &lt;tool_call&gt; block)"},
	} {
		s := eval.Score(c, tt.generated)
		if got := Outcome(s); got != tt.outcome {
			t.Errorf("%q: Outcome = %q, want %q", tt.generated, got, tt.outcome)
		}
		if html := Sample(s, SampleOptions{}); !strings.Contains(html, tt.want) {
			t.Errorf("%q: the HTML lacks %q:\n%s", tt.generated, tt.want, html)
		}
	}
}

func TestSamplePromptLines(t *testing.T) {
	s := eval.Score(weatherCase(t), "x")
	s.Prompt = "one\ntwo\nthree\nfour\nfive\nsix\n"
	for _, tt := range []struct {
		lines      int
		want, not  string
		showPrompt bool
	}{
		{0, "…\nthree\nfour\nfive\nsix", "two", true},
		{2, "…\nfive\nsix", "four", true},
		{-1, "", "six", false},
	} {
		html := Sample(s, SampleOptions{PromptLines: tt.lines})
		if strings.Contains(html, "end of the prompt") != tt.showPrompt || !strings.Contains(html, tt.want) || strings.Contains(html, tt.not) {
			t.Errorf("PromptLines %d: want %q and not %q:\n%s", tt.lines, tt.want, tt.not, html)
		}
	}
}

func TestFilter(t *testing.T) {
	c := weatherCase(t)
	right := eval.Score(c, call("get_weather", `{"location": "Zürich", "unit": "celsius"}`))
	wrongTool := eval.Score(c, call("get_stock_price", `{"symbol": "X"}`))
	other := right
	other.Scenario = dataset.ScenarioParallel
	samples := []eval.Sample{right, wrongTool, other}
	tests := []struct {
		name string
		f    SampleFilter
		want []int // indices into samples
	}{
		{"everything", SampleFilter{}, []int{0, 1, 2}},
		{"scenario", SampleFilter{Scenario: dataset.ScenarioParallel}, []int{2}},
		{"outcome", SampleFilter{Outcome: OutcomeWrongTool}, []int{1}},
		{"tool expected", SampleFilter{Tool: "get_weather"}, []int{0, 1, 2}},
		{"tool called", SampleFilter{Tool: "get_stock_price"}, []int{1}},
		{"all fields", SampleFilter{Tool: "get_weather", Scenario: dataset.ScenarioSingle, Outcome: OutcomeCorrect}, []int{0}},
		{"nothing", SampleFilter{Tool: "send_email"}, nil},
	}
	for _, tt := range tests {
		got := Filter(samples, tt.f)
		if len(got) != len(tt.want) {
			t.Errorf("%s: %d samples, want %d", tt.name, len(got), len(tt.want))
			continue
		}
		for i, w := range tt.want {
			if got[i].Generated != samples[w].Generated || got[i].Scenario != samples[w].Scenario {
				t.Errorf("%s: sample %d is not samples[%d]", tt.name, i, w)
			}
		}
	}
}
