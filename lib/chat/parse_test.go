package chat

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

func num(s string) json.Number { return json.Number(s) }

type parseCase struct {
	name     string
	in       string
	content  string
	calls    []dataset.ToolCall
	errs     []string // the Error() text of each ParseError, in order
	trailing string
	stop     string
}

func parseCases() []parseCase {
	paris := call("get_current_weather", map[string]any{"location": "Paris", "unit": "celsius"})
	noArgs := call("get_time", map[string]any{})
	return []parseCase{
		{name: "original form with content",
			in:      "I'll help you with that.\n\n<tool_call>\nname: get_current_weather\nparameters: {\"location\": \"Paris\", \"unit\": \"celsius\"}\n</tool_call>\n<|end|>",
			content: "I'll help you with that.", calls: []dataset.ToolCall{paris}, stop: EndOfTurn},
		{name: "hermes form",
			in:    "<tool_call>\n{\"name\": \"get_current_weather\", \"arguments\": {\"location\": \"Paris\", \"unit\": \"celsius\"}}\n</tool_call><|end|>",
			calls: []dataset.ToolCall{paris}, stop: EndOfTurn},
		{name: "hermes form with a parameters key and no spaces",
			in:    `<tool_call>{"parameters":{"unit":"celsius","location":"Paris"},"name":"get_current_weather"}</tool_call>`,
			calls: []dataset.ToolCall{paris}},
		{name: "arguments as a JSON string (OpenAI style)",
			in:    `<tool_call>{"name": "get_current_weather", "arguments": "{\"location\": \"Paris\", \"unit\": \"celsius\"}"}</tool_call>`,
			calls: []dataset.ToolCall{paris}},
		{name: "CRLF line ends, indentation and blank lines",
			in:      "Sure.\r\n\r\n<tool_call>\r\n\r\n   name:   get_current_weather  \r\n\tparameters:{\"location\": \"Paris\",\r\n \"unit\": \"celsius\"}\r\n\r\n</tool_call>\r\n",
			content: "Sure.", calls: []dataset.ToolCall{paris}},
		{name: "no newline before the closing tag nor at the end",
			in:    "<tool_call>\nname: get_current_weather\nparameters: {\"location\": \"Paris\", \"unit\": \"celsius\"}</tool_call>",
			calls: []dataset.ToolCall{paris}},
		{name: "pretty-printed parameters, keys in any case",
			in:    "<tool_call>\nName: get_current_weather\nPARAMETERS:\n{\n  \"location\": \"Paris\",\n  \"unit\": \"celsius\"\n}\n</tool_call>",
			calls: []dataset.ToolCall{paris}},
		{name: "parameters before name, arguments key",
			in:    "<tool_call>\narguments: {\"location\": \"Paris\", \"unit\": \"celsius\"}\nname: get_current_weather\n</tool_call>",
			calls: []dataset.ToolCall{paris}},
		{name: "quoted name",
			in:    "<tool_call>\nname: \"get_current_weather\"\nparameters: {\"location\": \"Paris\", \"unit\": \"celsius\"}\n</tool_call>",
			calls: []dataset.ToolCall{paris}},
		{name: "code fence around hermes JSON",
			in:    "<tool_call>\n```json\n{\"name\": \"get_current_weather\", \"arguments\": {\"location\": \"Paris\", \"unit\": \"celsius\"}}\n```\n</tool_call>",
			calls: []dataset.ToolCall{paris}},
		{name: "one-line code fence, single-quoted name",
			in:    "<tool_call>```{\"name\": 'get_time'}```</tool_call>\n<tool_call>\nname: 'get_time'\n</tool_call>",
			calls: []dataset.ToolCall{noArgs},
			errs:  []string{"tool call block 0: invalid JSON: invalid character '\\'' looking for beginning of value"}},
		{name: "code fence around parameters",
			in:    "<tool_call>\nname: get_current_weather\nparameters: ```\n{\"location\": \"Paris\", \"unit\": \"celsius\"}\n```\n</tool_call>",
			calls: []dataset.ToolCall{paris}},
		{name: "no parameters means none",
			in:    "<tool_call>\nname: get_time\n</tool_call>\n<tool_call>{\"name\": \"get_time\"}</tool_call>",
			calls: []dataset.ToolCall{noArgs, noArgs}},
		{name: "trailing text after the call",
			in:    "<tool_call>\nname: get_time\nparameters: {}\n</tool_call>\nI have called the tool.\n<|end|>",
			calls: []dataset.ToolCall{noArgs}, trailing: "I have called the tool.", stop: EndOfTurn},
		{name: "text between calls goes to trailing",
			in:    "<tool_call>\nname: get_time\nparameters: {}\n</tool_call> and then <tool_call>\nname: get_time\nparameters: {}\n</tool_call> done",
			calls: []dataset.ToolCall{noArgs, noArgs}, trailing: "and then\ndone"},
		{name: "no call at all", in: "<|assistant|>\nWhich city do you mean?<|end|>\n<|user|>\nParis",
			content: "Which city do you mean?", stop: EndOfTurn},
		{name: "stops at end of turn: later blocks ignored",
			in:    "<tool_call>\nname: get_time\nparameters: {}\n</tool_call>\n<|end|>\n<tool_call>\nname: other\nparameters: {}\n</tool_call>",
			calls: []dataset.ToolCall{noArgs}, stop: EndOfTurn},
		{name: "stops at a user turn the model made up",
			in:    "<tool_call>\nname: get_time\nparameters: {}\n</tool_call>\n<|user|>\nthanks",
			calls: []dataset.ToolCall{noArgs}, stop: UserMarker},
		{name: "stops at a tool turn the model made up",
			in:    "<tool_call>\nname: get_time\nparameters: {}\n</tool_call>\n<|tool|>\nname: get_time\nresult: {}",
			calls: []dataset.ToolCall{noArgs}, stop: ToolMarker},
		{name: "unknown <| text is not a stop", in: "a <|b|> c", content: "a <|b|> c"},
		{name: "integers stay integers, big numbers exact",
			in: `<tool_call>{"name": "f", "arguments": {"days": 3, "price": 2.50, "id": 12345678901234567890, "neg": -1e-3}}</tool_call>`,
			calls: []dataset.ToolCall{call("f", map[string]any{
				"days": num("3"), "price": num("2.50"), "id": num("12345678901234567890"), "neg": num("-1e-3")})}},
		{name: "wrong types are kept for the validator to judge",
			in:    `<tool_call>{"name": "get_weather_forecast", "arguments": {"location": 7, "days": "three", "extra": [null]}}</tool_call>`,
			calls: []dataset.ToolCall{call("get_weather_forecast", map[string]any{"location": num("7"), "days": "three", "extra": []any{nil}})}},
		{name: "duplicate calls are all kept",
			in:    strings.Repeat("<tool_call>\nname: get_time\nparameters: {}\n</tool_call>\n", 3),
			calls: []dataset.ToolCall{noArgs, noArgs, noArgs}},
		{name: "braces, tags and markers inside strings",
			in: `<tool_call>{"name": "search", "arguments": {"q": "a } { b ]", "nested": {"x": [1, {"y": "}"}]}, "tag": "\u003c/tool_call>", "m": "\u003c|end|>"}}</tool_call>`,
			calls: []dataset.ToolCall{call("search", map[string]any{
				"q": "a } { b ]", "nested": map[string]any{"x": []any{num("1"), map[string]any{"y": "}"}}}, "tag": "</tool_call>", "m": "<|end|>"})}},
		{name: "unicode names and values",
			in:      "Voilà :\n<tool_call>\nname: météo\nparameters: {\"ville\": \"Zürich\", \"城市\": \"東京\", \"e\": \"\\u00e9😀\"}\n</tool_call>",
			content: "Voilà :", calls: []dataset.ToolCall{call("météo", map[string]any{"ville": "Zürich", "城市": "東京", "e": "é😀"})}},
		{name: "broken JSON in one block, the other still returned",
			in:    "<tool_call>\nname: a\nparameters: {\"x\": 1,}\n</tool_call>\n<tool_call>\nname: get_time\nparameters: {}\n</tool_call>",
			calls: []dataset.ToolCall{noArgs},
			errs:  []string{"tool call block 0: parameters: invalid JSON: invalid character '}' looking for beginning of object key string"}},
		{name: "no name",
			in:   "<tool_call>\nparameters: {\"x\": 1}\n</tool_call>",
			errs: []string{`tool call block 0: no "name:" line in "parameters: {\"x\": 1}"`}},
		{name: "JSON without name",
			in:   `<tool_call>{"arguments": {}}</tool_call>`,
			errs: []string{`tool call block 0: no "name" key`}},
		{name: "name not a string",
			in:   `<tool_call>{"name": 3, "arguments": {}}</tool_call>`,
			errs: []string{`tool call block 0: "name" must be a string, got number`}},
		{name: "parameters not an object",
			in:   "<tool_call>\nname: f\nparameters: [1, 2]\n</tool_call>\n<tool_call>{\"name\": \"f\", \"arguments\": null}</tool_call>",
			errs: []string{"tool call block 0: parameters must be a JSON object, got array", "tool call block 1: arguments must be a JSON object, got null"}},
		{name: "arguments string that is not JSON",
			in:   `<tool_call>{"name": "f", "arguments": "location=Paris"}</tool_call>`,
			errs: []string{"tool call block 0: arguments: a string that is not a JSON object: invalid character 'l' looking for beginning of value"}},
		{name: "both arguments and parameters",
			in:   `<tool_call>{"name": "f", "arguments": {}, "parameters": {}}</tool_call>`,
			errs: []string{`tool call block 0: both "arguments" and "parameters" are given`}},
		{name: "duplicate parameter key",
			in:   "<tool_call>\nname: f\nparameters: {\"a\": 1, \"a\": 2}\n</tool_call>",
			errs: []string{`tool call block 0: parameters: invalid JSON: key "a" appears twice in one object`}},
		{name: "both parameters and arguments lines",
			in:   "<tool_call>\nname: f\nparameters: {}\narguments: {}\n</tool_call>",
			errs: []string{`tool call block 0: both "parameters:" and "arguments:" are given`}},
		{name: "name that is not UTF-8",
			in:   "<tool_call>\nname: f\xff\n</tool_call>",
			errs: []string{`tool call block 0: tool name "f\xff" is not valid UTF-8`}},
		{name: "JSON array instead of a call",
			in:   "<tool_call>[{\"name\": \"f\"}]</tool_call>",
			errs: []string{`tool call block 0: unexpected text "[{\"name\": \"f\"}]" before "name:"`}},
		{name: "name given twice",
			in:   "<tool_call>\nname: f\nname: g\nparameters: {}\n</tool_call>",
			errs: []string{`tool call block 0: "name:" given twice`}},
		{name: "extra text after the parameters JSON",
			in:   "<tool_call>\nname: f\nparameters: {\"a\": 1}}\n</tool_call>",
			errs: []string{`tool call block 0: parameters: invalid JSON: unexpected text after the JSON value: "}"`}},
		{name: "text before name",
			in:   "<tool_call>\nI will call f\nname: f\nparameters: {}\n</tool_call>",
			errs: []string{`tool call block 0: unexpected text "I will call f" before "name:"`}},
		{name: "name with whitespace",
			in:   "<tool_call>\nname: get weather\nparameters: {}\n</tool_call>",
			errs: []string{`tool call block 0: tool name "get weather" contains whitespace or a control character`}},
		{name: "empty block",
			in:   "<tool_call>\n \n</tool_call>",
			errs: []string{"tool call block 0: empty block"}},
		{name: "truncated generation: call recovered in the error",
			in:      "Checking.\n<tool_call>\nname: get_time\nparameters: {}",
			content: "Checking.",
			errs:    []string{"tool call block 0: unterminated block: the output ends before </tool_call> (generation cut off?)"}},
		{name: "truncated in the middle of the JSON",
			in:   "<tool_call>\nname: get_time\nparameters: {\"a\": ",
			errs: []string{"tool call block 0: unterminated block: the output ends before </tool_call> (generation cut off?); parameters: invalid JSON: unexpected EOF"}},
		{name: "end of turn before the closing tag",
			in:   "<tool_call>\nname: get_time\nparameters: {}\n<|end|>",
			errs: []string{"tool call block 0: unterminated block: <|end|> comes before </tool_call>"}, stop: EndOfTurn},
		{name: "a new block opens before the first closes",
			in:    "<tool_call>\nname: get_time\nparameters: {}\n<tool_call>\nname: get_time\nparameters: {}\n</tool_call>",
			calls: []dataset.ToolCall{noArgs},
			errs:  []string{"tool call block 0: unterminated block: a new <tool_call> starts before </tool_call>"}},
	}
}

func TestParseCalls(t *testing.T) {
	for _, tc := range parseCases() {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseCalls(tc.in)
			if got.Content != tc.content {
				t.Errorf("Content = %q, want %q", got.Content, tc.content)
			}
			if !reflect.DeepEqual(got.Calls, tc.calls) {
				t.Errorf("Calls = %#v\nwant    %#v", got.Calls, tc.calls)
			}
			if got.Trailing != tc.trailing {
				t.Errorf("Trailing = %q, want %q", got.Trailing, tc.trailing)
			}
			if got.Stop != tc.stop {
				t.Errorf("Stop = %q, want %q", got.Stop, tc.stop)
			}
			var msgs []string
			for _, e := range got.Errors {
				msgs = append(msgs, e.Error())
			}
			if !reflect.DeepEqual(msgs, tc.errs) {
				t.Errorf("Errors = %q\nwant     %q", msgs, tc.errs)
			}
			if (err != nil) != (len(tc.errs) > 0) {
				t.Errorf("error = %v, want one only when blocks are malformed", err)
			}
			var perr *ParseError
			if err != nil && (!errors.As(err, &perr) || perr != got.Errors[0]) {
				t.Errorf("errors.As does not find the first *ParseError in %v", err)
			}
		})
	}
}

func TestParseErrorDetails(t *testing.T) {
	got, err := ParseCalls("<tool_call>\nname: ok\nparameters: {}\n</tool_call>\n<tool_call>\nname: get_time\nparameters: {\"tz\": \"UTC\"}")
	if err == nil || len(got.Errors) != 1 {
		t.Fatalf("want one error, got %v", err)
	}
	e := got.Errors[0]
	if e.Block != 1 {
		t.Errorf("Block = %d, want 1", e.Block)
	}
	if e.Body != "\nname: get_time\nparameters: {\"tz\": \"UTC\"}" {
		t.Errorf("Body = %q", e.Body)
	}
	want := call("get_time", map[string]any{"tz": "UTC"})
	if e.Call == nil || !reflect.DeepEqual(*e.Call, want) {
		t.Errorf("recovered Call = %v, want %v", e.Call, want)
	}
	if len(got.Calls) != 1 || got.Calls[0].Name != "ok" {
		t.Errorf("Calls = %v, want only the closed block", got.Calls)
	}
	if bad, _ := ParseCalls("<tool_call>\nname: f\nparameters: [1]"); bad.Errors[0].Call != nil {
		t.Errorf("a malformed unterminated block must not offer a Call")
	}
}

// TestParseRenderedConversations reads back the assistant turns of every golden conversation.
func TestParseRenderedConversations(t *testing.T) {
	for _, tc := range renderCases() {
		t.Run(tc.name, func(t *testing.T) {
			r, err := tc.template.Render(tc.example)
			if err != nil {
				t.Fatal(err)
			}
			var turns []dataset.Message
			for _, m := range tc.example.Messages {
				if m.Role == dataset.RoleAssistant {
					turns = append(turns, m)
				}
			}
			for i, s := range r.Spans {
				p, err := ParseCalls(r.Text[s.Start:])
				if err != nil {
					t.Fatalf("span %d: %v", i, err)
				}
				if p.Content != turns[i].Content || p.Stop != EndOfTurn || p.Trailing != "" {
					t.Errorf("span %d: got content %q stop %q trailing %q", i, p.Content, p.Stop, p.Trailing)
				}
				assertSameCalls(t, p.Calls, turns[i].ToolCalls)
			}
		})
	}
}

// assertSameCalls compares parsed calls with the calls they were rendered from: same names,
// equal values (numbers by value: the originals hold Go numbers, the parsed json.Number) and
// the same rendered parameter text.
func assertSameCalls(t *testing.T, got, want []dataset.ToolCall) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d calls, want %d:\n%v\n%v", len(got), len(want), got, want)
	}
	for i := range got {
		gotText, err1 := appendParams(nil, got[i].Parameters)
		wantText, err2 := appendParams(nil, want[i].Parameters)
		if got[i].Name != want[i].Name || err1 != nil || err2 != nil || string(gotText) != string(wantText) {
			t.Errorf("call %d: got %s %s (%v), want %s %s (%v)", i, got[i].Name, gotText, err1, want[i].Name, wantText, err2)
		}
		if want[i].Parameters != nil && !tools.ValuesEqual(got[i].Parameters, want[i].Parameters) {
			t.Errorf("call %d: parameters %v differ from %v", i, got[i].Parameters, want[i].Parameters)
		}
	}
}
