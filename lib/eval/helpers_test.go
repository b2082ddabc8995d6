package eval

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

// testToolsJSON are hand-made tools that cover every kind of parameter the scorer treats
// differently: free text, enums, formats, integers, numbers, booleans, ordered and unordered
// arrays, nested objects, and defaults stated in the schema or in the description.
const testToolsJSON = `[
 {"name": "get_weather", "description": "Current weather.", "parameters": {"type": "object",
  "properties": {
   "location": {"type": "string", "description": "City name."},
   "unit": {"type": "string", "enum": ["celsius", "fahrenheit"], "description": "Temperature unit. Defaults to celsius."},
   "days": {"type": "integer", "description": "Days of forecast. Defaults to 1."}},
  "required": ["location"]}},
 {"name": "get_stock_price", "description": "A stock's price.", "parameters": {"type": "object",
  "properties": {"symbol": {"type": "string", "description": "Ticker symbol."}},
  "required": ["symbol"]}},
 {"name": "convert_currency", "description": "Converts money.", "parameters": {"type": "object",
  "properties": {
   "amount": {"type": "number", "description": "Amount to convert."},
   "to": {"type": "string", "enum": ["USD", "EUR", "JPY"], "description": "Target currency."},
   "round": {"type": "boolean", "description": "Round the result.", "default": false}},
  "required": ["amount", "to"]}},
 {"name": "create_event", "description": "Adds an event.", "parameters": {"type": "object",
  "properties": {
   "title": {"type": "string", "description": "Title."},
   "date": {"type": "string", "format": "date", "description": "Day of the event."},
   "attendees": {"type": "array", "items": {"type": "string", "format": "email"}, "description": "Email addresses, in any order."},
   "steps": {"type": "array", "items": {"type": "string"}, "description": "Agenda items in order."},
   "options": {"type": "object", "description": "Settings.", "properties": {
     "reminder_minutes": {"type": "integer", "description": "Minutes before. Defaults to 10."},
     "private": {"type": "boolean", "description": "Hidden from others."}},
    "required": ["private"]}},
  "required": ["title", "date"]}}
]`

func testTools(t testing.TB) []tools.Tool {
	t.Helper()
	var ts []tools.Tool
	if err := json.Unmarshal([]byte(testToolsJSON), &ts); err != nil {
		t.Fatal(err)
	}
	return ts
}

// obj decodes a JSON object with json.Number numbers, as the data set and the parser do.
func obj(t testing.TB, s string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("bad test JSON %s: %v", s, err)
	}
	return m
}

// tc builds a tool call from a name and JSON parameters.
func tc(t testing.TB, name, params string) dataset.ToolCall {
	return dataset.ToolCall{Name: name, Parameters: obj(t, params)}
}

// block writes one call in the original form.
func block(name, params string) string {
	return "<tool_call>\nname: " + name + "\nparameters: " + params + "\n</tool_call>\n"
}

// hermesBlock writes one call in the Hermes JSON form.
func hermesBlock(name, params string) string {
	return "<tool_call>\n{\"name\": \"" + name + "\", \"arguments\": " + params + "}\n</tool_call>\n"
}

// turn writes an assistant turn: a preamble, the blocks and the end-of-turn marker.
func turn(blocks ...string) string {
	return "I'll help you with that.\n\n" + strings.Join(blocks, "") + "<|end|>"
}

func callCase(t testing.TB, calls ...dataset.ToolCall) Case {
	return Case{Scenario: dataset.ScenarioSingle, Prompt: "<|user|>\nq\n<|assistant|>\n", Expected: calls, Tools: testTools(t)}
}

func noCallCase(t testing.TB) Case {
	return Case{Scenario: dataset.ScenarioNoTool, Prompt: "<|user|>\nhi\n<|assistant|>\n", ExpectNoCall: true, Tools: testTools(t)}
}

// canonicalJSON marshals v for comparisons that must not depend on Go types of numbers.
func canonicalJSON(t testing.TB, v any) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", " ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func f64(v float64) *float64 { return &v }
