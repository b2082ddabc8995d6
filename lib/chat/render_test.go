package chat

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

const (
	originalHeader = "<|system|>\n" + OriginalInstruction + "\n" + weatherLine + "\n"
	hermesHeader   = "<|system|>\n" + HermesInstruction + "\n<tools>\n" +
		`{"type": "function", "function": ` + weatherLine + "}\n</tools>\n"
)

type renderCase struct {
	name     string
	template Template
	example  dataset.Example
	want     string
	bodies   []string // the text of each loss span, in order
}

func renderCases() []renderCase {
	return []renderCase{
		{
			name: "single", template: Original{}, example: singleExample(),
			want: originalHeader + `<|user|>
What's the weather in Paris?
<|assistant|>
I'll help you with that.

<tool_call>
name: get_current_weather
parameters: {"location": "Paris", "unit": "celsius"}
</tool_call>
<|end|>
<|tool|>
name: get_current_weather
result: {"condition": "sunny", "temperature": 22}
<|assistant|>
It is sunny and 22 °C in Paris.<|end|>
`,
			bodies: []string{
				"I'll help you with that.\n\n<tool_call>\nname: get_current_weather\nparameters: {\"location\": \"Paris\", \"unit\": \"celsius\"}\n</tool_call>\n<|end|>",
				"It is sunny and 22 °C in Paris.<|end|>",
			},
		},
		{
			name: "parallel", template: Original{}, example: parallelExample(),
			want: originalHeader + `<|user|>
Weather in Paris and in Tokyo, please.
<|assistant|>
<tool_call>
name: get_current_weather
parameters: {"location": "Paris"}
</tool_call>
<tool_call>
name: get_current_weather
parameters: {"location": "東京", "unit": "fahrenheit"}
</tool_call>
<|end|>
<|tool|>
name: get_current_weather
result: {"condition": "rain"}
<|tool|>
name: get_current_weather
result: {"condition": "clear"}
<|assistant|>
Rain in Paris, clear skies in Tokyo.<|end|>
`,
			bodies: []string{
				"<tool_call>\nname: get_current_weather\nparameters: {\"location\": \"Paris\"}\n</tool_call>\n" +
					"<tool_call>\nname: get_current_weather\nparameters: {\"location\": \"東京\", \"unit\": \"fahrenheit\"}\n</tool_call>\n<|end|>",
				"Rain in Paris, clear skies in Tokyo.<|end|>",
			},
		},
		{
			name: "multi_step with own system message", template: Original{}, example: multiStepExample(),
			want: "<|system|>\nYou are a finance assistant.\n\n" + OriginalInstruction + "\n" + stockLine + "\n" + currencyLine + "\n" + `<|user|>
How much is one AAPL share in euros?
<|assistant|>
Let me look up the price first.

<tool_call>
name: get_stock_price
parameters: {"symbol": "AAPL"}
</tool_call>
<|end|>
<|tool|>
name: get_stock_price
result: {"symbol": "AAPL", "price": 189.5, "currency": "USD"}
<|assistant|>
Now I'll convert it.

<tool_call>
name: convert_currency
parameters: {"amount": 189.5, "from_currency": "USD", "to_currency": "EUR"}
</tool_call>
<|end|>
<|tool|>
name: convert_currency
result: {"amount": 174.34, "currency": "EUR"}
<|assistant|>
One AAPL share costs about 174.34 EUR.<|end|>
`,
			bodies: []string{
				"Let me look up the price first.\n\n<tool_call>\nname: get_stock_price\nparameters: {\"symbol\": \"AAPL\"}\n</tool_call>\n<|end|>",
				"Now I'll convert it.\n\n<tool_call>\nname: convert_currency\nparameters: {\"amount\": 189.5, \"from_currency\": \"USD\", \"to_currency\": \"EUR\"}\n</tool_call>\n<|end|>",
				"One AAPL share costs about 174.34 EUR.<|end|>",
			},
		},
		{
			name: "no_tool", template: Original{}, example: noToolExample(),
			want: originalHeader + `<|user|>
Tell me a joke about clouds.
<|assistant|>
Clouds never pay rent: they are always just passing through.<|end|>
`,
			bodies: []string{"Clouds never pay rent: they are always just passing through.<|end|>"},
		},
		{
			name: "clarify", template: Original{}, example: clarifyExample(),
			want: originalHeader + `<|user|>
What's the weather like?
<|assistant|>
Which city would you like the weather for?<|end|>
`,
			bodies: []string{"Which city would you like the weather for?<|end|>"},
		},
		{
			name: "error_recovery", template: Original{}, example: errorRecoveryExample(),
			want: originalHeader + `<|user|>
Weather in Pariss?
<|assistant|>
I'll check.

<tool_call>
name: get_current_weather
parameters: {"location": "Pariss"}
</tool_call>
<|end|>
<|tool|>
name: get_current_weather
result: {"error": "unknown location: Pariss"}
<|assistant|>
That name was not found; trying Paris.

<tool_call>
name: get_current_weather
parameters: {"location": "Paris"}
</tool_call>
<|end|>
<|tool|>
name: get_current_weather
result: {"condition": "cloudy", "temperature": 15}
<|assistant|>
In Paris it is cloudy and 15 °C.<|end|>
`,
			bodies: []string{
				"I'll check.\n\n<tool_call>\nname: get_current_weather\nparameters: {\"location\": \"Pariss\"}\n</tool_call>\n<|end|>",
				"That name was not found; trying Paris.\n\n<tool_call>\nname: get_current_weather\nparameters: {\"location\": \"Paris\"}\n</tool_call>\n<|end|>",
				"In Paris it is cloudy and 15 °C.<|end|>",
			},
		},
		{
			name: "no tools, no system turn", template: Original{},
			example: dataset.Example{Messages: []dataset.Message{user("Hi"), assistant("Hello!")}},
			want:    "<|user|>\nHi\n<|assistant|>\nHello!<|end|>\n",
			bodies:  []string{"Hello!<|end|>"},
		},
		{
			name: "system message without tools", template: Original{},
			example: dataset.Example{Messages: []dataset.Message{{Role: dataset.RoleSystem, Content: "Be brief."}, user("Hi"), assistant("Hello!")}},
			want:    "<|system|>\nBe brief.\n<|user|>\nHi\n<|assistant|>\nHello!<|end|>\n",
			bodies:  []string{"Hello!<|end|>"},
		},
		{
			name: "custom instruction", template: Original{Instruction: "Tools:"}, example: clarifyExample(),
			want:   "<|system|>\nTools:\n" + weatherLine + "\n<|user|>\nWhat's the weather like?\n<|assistant|>\nWhich city would you like the weather for?<|end|>\n",
			bodies: []string{"Which city would you like the weather for?<|end|>"},
		},
		{
			name: "hermes single", template: Hermes{}, example: singleExample(),
			want: hermesHeader + `<|user|>
What's the weather in Paris?
<|assistant|>
I'll help you with that.

<tool_call>
{"name": "get_current_weather", "arguments": {"location": "Paris", "unit": "celsius"}}
</tool_call>
<|end|>
<|tool|>
<tool_response>
{"name": "get_current_weather", "content": {"condition": "sunny", "temperature": 22}}
</tool_response>
<|assistant|>
It is sunny and 22 °C in Paris.<|end|>
`,
			bodies: []string{
				"I'll help you with that.\n\n<tool_call>\n{\"name\": \"get_current_weather\", \"arguments\": {\"location\": \"Paris\", \"unit\": \"celsius\"}}\n</tool_call>\n<|end|>",
				"It is sunny and 22 °C in Paris.<|end|>",
			},
		},
		{
			name: "hermes parallel, plain-text result", template: Hermes{},
			example: weatherExample(dataset.ScenarioParallel,
				user("Paris and Rome?"),
				assistant("",
					call("get_current_weather", map[string]any{"location": "Paris"}),
					call("get_current_weather", map[string]any{"location": "Rome"})),
				toolResult("get_current_weather", "service unavailable"),
				toolResult("get_current_weather", `{"condition": "clear"}`),
				assistant("Paris is unknown; Rome is clear.")),
			want: hermesHeader + `<|user|>
Paris and Rome?
<|assistant|>
<tool_call>
{"name": "get_current_weather", "arguments": {"location": "Paris"}}
</tool_call>
<tool_call>
{"name": "get_current_weather", "arguments": {"location": "Rome"}}
</tool_call>
<|end|>
<|tool|>
<tool_response>
{"name": "get_current_weather", "content": "service unavailable"}
</tool_response>
<|tool|>
<tool_response>
{"name": "get_current_weather", "content": {"condition": "clear"}}
</tool_response>
<|assistant|>
Paris is unknown; Rome is clear.<|end|>
`,
			bodies: []string{
				"<tool_call>\n{\"name\": \"get_current_weather\", \"arguments\": {\"location\": \"Paris\"}}\n</tool_call>\n" +
					"<tool_call>\n{\"name\": \"get_current_weather\", \"arguments\": {\"location\": \"Rome\"}}\n</tool_call>\n<|end|>",
				"Paris is unknown; Rome is clear.<|end|>",
			},
		},
	}
}

func TestRenderGolden(t *testing.T) {
	for _, tc := range renderCases() {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Render(tc.example, WithTemplate(tc.template))
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			if got.Text != tc.want {
				t.Errorf("text mismatch\n got: %q\nwant: %q", got.Text, tc.want)
			}
			if len(got.Spans) != len(tc.bodies) {
				t.Fatalf("got %d spans, want %d: %+v", len(got.Spans), len(tc.bodies), got.Spans)
			}
			for i, s := range got.Spans {
				if s.Start < 0 || s.End > len(got.Text) || s.Start >= s.End {
					t.Fatalf("span %d = %+v out of range of %d bytes", i, s, len(got.Text))
				}
				if body := got.Text[s.Start:s.End]; body != tc.bodies[i] {
					t.Errorf("span %d\n got: %q\nwant: %q", i, body, tc.bodies[i])
				}
				if !strings.HasSuffix(got.Text[:s.Start], GenerationPrompt) {
					t.Errorf("span %d does not start right after %q", i, GenerationPrompt)
				}
			}
		})
	}
}

// TestSpansCoverOnlyAssistantText checks the complement of the spans: every byte outside them
// belongs to markers, system, user or tool turns, and no user or tool text is inside one.
func TestSpansCoverOnlyAssistantText(t *testing.T) {
	for _, tc := range renderCases() {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.template.Render(tc.example)
			if err != nil {
				t.Fatal(err)
			}
			var inside, outside strings.Builder
			prev := 0
			for _, s := range got.Spans {
				if s.Start < prev {
					t.Fatalf("spans overlap or are out of order: %+v", got.Spans)
				}
				outside.WriteString(got.Text[prev:s.Start])
				inside.WriteString(got.Text[s.Start:s.End])
				prev = s.End
			}
			outside.WriteString(got.Text[prev:])
			for _, m := range tc.example.Messages {
				if m.Role != dataset.RoleAssistant && strings.Contains(inside.String(), m.Content) {
					t.Errorf("%s text %q is inside a loss span", m.Role, m.Content)
				}
			}
			for _, marker := range []string{SystemMarker, UserMarker, ToolMarker, AssistantMarker} {
				if strings.Contains(inside.String(), marker) {
					t.Errorf("marker %s inside a loss span", marker)
				}
			}
			if n := strings.Count(inside.String(), EndOfTurn); n != len(got.Spans) {
				t.Errorf("spans hold %d end markers, want one per span (%d)", n, len(got.Spans))
			}
			if strings.Contains(outside.String(), EndOfTurn) {
				t.Errorf("an end marker lies outside the loss spans")
			}
		})
	}
}

func TestRenderPrompt(t *testing.T) {
	for _, tc := range renderCases() {
		t.Run(tc.name, func(t *testing.T) {
			full, err := tc.template.Render(tc.example)
			if err != nil {
				t.Fatal(err)
			}
			span := 0
			for i, m := range tc.example.Messages {
				if m.Role != dataset.RoleAssistant {
					continue
				}
				prompt, err := RenderPrompt(tc.example, i, WithTemplate(tc.template))
				if err != nil {
					t.Fatalf("RenderPrompt(%d): %v", i, err)
				}
				if want := full.Text[:full.Spans[span].Start]; prompt != want {
					t.Errorf("RenderPrompt(%d)\n got: %q\nwant: %q", i, prompt, want)
				}
				span++
			}
			end, err := tc.template.RenderPrompt(tc.example, len(tc.example.Messages))
			if err != nil {
				t.Fatal(err)
			}
			if want := full.Text + GenerationPrompt; end != want {
				t.Errorf("prompt after the last message\n got: %q\nwant: %q", end, want)
			}
		})
	}
}

func TestRenderPromptErrors(t *testing.T) {
	ex := singleExample()
	for _, tc := range []struct {
		upto int
		want string
	}{
		{-1, "prompt up to message -1: the conversation has 4 messages"},
		{5, "prompt up to message 5: the conversation has 4 messages"},
		{0, "prompt up to message 0: that message is a user turn, not an assistant turn"},
		{2, "prompt up to message 2: that message is a tool turn, not an assistant turn"},
	} {
		_, err := RenderPrompt(ex, tc.upto)
		if err == nil || err.Error() != tc.want {
			t.Errorf("RenderPrompt(%d) error = %v, want %q", tc.upto, err, tc.want)
		}
	}
}

func TestRenderErrors(t *testing.T) {
	badTool := weatherTool()
	badTool.Description = "ends the turn: <|user|>"
	for _, tc := range []struct {
		name    string
		example dataset.Example
		want    string
	}{
		{"unknown role", weatherExample("", user("hi"), dataset.Message{Role: "bot", Content: "x"}),
			`message 1 (bot): role: unknown role "bot" (want system, user, assistant or tool)`},
		{"calls on a user message", weatherExample("", dataset.Message{Role: dataset.RoleUser, ToolCalls: []dataset.ToolCall{call("f", nil)}}),
			"message 0 (user): tool_calls: only assistant messages may call tools"},
		{"tool message without name", weatherExample("", user("hi"), assistant("", call("f", nil)), dataset.Message{Role: dataset.RoleTool, Content: "{}"}),
			"message 2 (tool): name: a tool message must name the tool whose result it holds"},
		{"end marker in user text", weatherExample("", user("say <|end|> now")),
			"message 0 (user): content: text contains the reserved marker <|end|>"},
		{"role marker in system text", weatherExample("", dataset.Message{Role: dataset.RoleSystem, Content: "<|user|>"}),
			"message 0 (system): content: text contains the reserved marker <|user|>"},
		{"call tag in assistant text", weatherExample("", user("hi"), assistant("see <tool_call>")),
			"message 1 (assistant): content: text contains the reserved tag <tool_call>"},
		{"empty call name", weatherExample("", user("hi"), assistant("", call("", nil))),
			"message 1 (assistant): tool call 0: tool name is empty"},
		{"call name with a space", weatherExample("", user("hi"), assistant("", call("get weather", nil))),
			`message 1 (assistant): tool call 0: tool name "get weather" contains whitespace or a control character`},
		{"call name with a quote", weatherExample("", user("hi"), assistant("", call(`"f"`, nil))),
			`message 1 (assistant): tool call 0: tool name "\"f\"" contains '"'`},
		{"NaN parameter", weatherExample("", user("hi"), assistant("", call("f", map[string]any{"x": math.NaN()}))),
			"message 1 (assistant): tool call 0 (f): x: NaN is not a JSON number"},
		{"nested infinity", weatherExample("", user("hi"), assistant("", call("f", map[string]any{"a": []any{1, map[string]any{"b": math.Inf(1)}}}))),
			"message 1 (assistant): tool call 0 (f): a: [1]: b: +Inf is not a JSON number"},
		{"tool message with a malformed name", weatherExample("", user("hi"), assistant("", call("f", nil)), toolResult("f\n<x>", "{}")),
			`message 2 (tool): name: tool name "f\n<x>" contains whitespace or a control character`},
		{"marker in a tool schema", dataset.Example{Tools: []tools.Tool{badTool}, Messages: []dataset.Message{user("hi")}},
			`tool "get_current_weather": schema text contains the reserved marker <|user|>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, tmpl := range builtinTemplates() {
				_, err := tmpl.Render(tc.example)
				if err == nil || err.Error() != tc.want {
					t.Errorf("%s: error = %v\nwant %q", tmpl.Name(), err, tc.want)
				}
			}
		})
	}
}

func TestRenderDefaultsToOriginal(t *testing.T) {
	ex := singleExample()
	want, err := Original{}.Render(ex)
	if err != nil {
		t.Fatal(err)
	}
	for _, opts := range [][]Option{nil, {WithTemplate(nil)}} {
		got, err := Render(ex, opts...)
		if err != nil || got.Text != want.Text || !reflect.DeepEqual(got.Spans, want.Spans) {
			t.Errorf("Render with %d options differs from Original (err %v)", len(opts), err)
		}
	}
}

func TestTemplateByName(t *testing.T) {
	for _, name := range TemplateNames() {
		tmpl, err := TemplateByName(name)
		if err != nil || tmpl.Name() != name {
			t.Errorf("TemplateByName(%q) = %v, %v", name, tmpl, err)
		}
	}
	if _, err := TemplateByName("chatml"); err == nil || !strings.Contains(err.Error(), `unknown chat template "chatml" (known: original, compact, hermes)`) {
		t.Errorf("unknown template error = %v", err)
	}
}

// TestInstructionsExplainTheFormat guards the content the brief requires of the instructions:
// the call format, several calls at once, answering directly, asking for missing information.
func TestInstructionsExplainTheFormat(t *testing.T) {
	for name, tc := range map[string]struct{ text, opening, form string }{
		"original": {OriginalInstruction, "You are a helpful assistant with access to the following tools", "<tool_call>\nname: tool_name\nparameters: {"},
		"compact":  {CompactInstruction, "You can call the tools below", "<tool_call>\nname: TOOL\nparameters: {"},
		"hermes":   {HermesInstruction, "You are a helpful assistant with access to the following tools", "<tool_call>\n{\"name\": \"tool_name\", \"arguments\": {"},
	} {
		for _, want := range []string{tc.opening, tc.form, "several calls", "answer directly", "ask the user"} {
			if !strings.Contains(tc.text, want) {
				t.Errorf("%s instruction lacks %q", name, want)
			}
		}
		if err := checkTurnText(tc.text); err != nil {
			t.Errorf("%s instruction: %v", name, err)
		}
	}
}
