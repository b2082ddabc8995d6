package dataset

import (
	"bytes"
	"testing"

	"github.com/tooltune/tooltune/lib/tools"
)

// The tools below are written for these tests only, so that they do not depend on the
// built-in tool set.

func ptr(f float64) *float64 { return &f }

func weatherTool() tools.Tool {
	return tools.Tool{
		Name:        "get_weather",
		Description: "Current weather or a forecast for a city.",
		Parameters: tools.Schema{
			Type: tools.TypeObject,
			Properties: tools.Properties{
				{Name: "city", Schema: &tools.Schema{Type: tools.TypeString, Description: "City name."}},
				{Name: "unit", Schema: &tools.Schema{Type: tools.TypeString, Enum: []any{"celsius", "fahrenheit"}, Default: "celsius"}},
				{Name: "days", Schema: &tools.Schema{Type: tools.TypeInteger, Minimum: ptr(1), Maximum: ptr(7)}},
			},
			Required: []string{"city"},
		},
	}
}

func emailTool() tools.Tool {
	return tools.Tool{
		Name:        "send_email",
		Description: "Send an email.",
		Parameters: tools.Schema{
			Type: tools.TypeObject,
			Properties: tools.Properties{
				{Name: "to", Schema: &tools.Schema{Type: tools.TypeString, Format: "email"}},
				{Name: "subject", Schema: &tools.Schema{Type: tools.TypeString}},
				{Name: "body", Schema: &tools.Schema{Type: tools.TypeString}},
			},
			Required: []string{"to", "subject"},
		},
	}
}

func eventTool() tools.Tool {
	return tools.Tool{
		Name:        "create_event",
		Description: "Put an event in the calendar.",
		Parameters: tools.Schema{
			Type: tools.TypeObject,
			Properties: tools.Properties{
				{Name: "title", Schema: &tools.Schema{Type: tools.TypeString}},
				{Name: "date", Schema: &tools.Schema{Type: tools.TypeString, Format: "date"}},
				{Name: "time", Schema: &tools.Schema{Type: tools.TypeString, Format: "time"}},
				{Name: "duration_hours", Schema: &tools.Schema{Type: tools.TypeNumber}},
				{Name: "attendees", Schema: &tools.Schema{Type: tools.TypeArray, Items: &tools.Schema{Type: tools.TypeString, Format: "email"}}},
			},
			Required: []string{"title", "date"},
		},
	}
}

func sys(s string) Message    { return Message{Role: RoleSystem, Content: s} }
func user(s string) Message   { return Message{Role: RoleUser, Content: s} }
func answer(s string) Message { return Message{Role: RoleAssistant, Content: s} }
func result(name, s string) Message {
	return Message{Role: RoleTool, Name: name, Content: s}
}
func calls(text string, cs ...ToolCall) Message {
	return Message{Role: RoleAssistant, Content: text, ToolCalls: cs}
}
func call(name string, params map[string]any) ToolCall {
	return ToolCall{Name: name, Parameters: params}
}

// sampleExamples is a small valid dataset with one example per scenario.
func sampleExamples() []Example {
	return []Example{
		{
			Scenario: ScenarioSingle,
			Tools:    []tools.Tool{weatherTool(), emailTool()},
			Messages: []Message{
				sys("You are a helpful assistant with tools."),
				user("What's the weather in Paris?"),
				calls("I'll help you with that.", call("get_weather", map[string]any{"city": "Paris", "unit": "celsius"})),
				result("get_weather", `{"city": "Paris", "temperature": 21, "unit": "celsius"}`),
				answer("It is 21 °C in Paris."),
			},
		},
		{
			Scenario: ScenarioParallel,
			Tools:    []tools.Tool{weatherTool()},
			Messages: []Message{
				user("Weather in Oslo and in Rome, in fahrenheit?"),
				calls("", call("get_weather", map[string]any{"city": "Oslo", "unit": "fahrenheit"}),
					call("get_weather", map[string]any{"city": "Rome", "unit": "fahrenheit"})),
				result("get_weather", `{"city": "Oslo", "temperature": 41}`),
				result("get_weather", `{"city": "Rome", "temperature": 68}`),
				answer("Oslo: 41 °F. Rome: 68 °F."),
			},
		},
		{
			Scenario: ScenarioMultiStep,
			Tools:    []tools.Tool{weatherTool(), emailTool()},
			Messages: []Message{
				user("Email the 3-day Lisbon forecast to ana@example.com."),
				calls("", call("get_weather", map[string]any{"city": "Lisbon", "days": 3})),
				result("get_weather", `{"forecast": ["sun", "sun", "rain"]}`),
				calls("", call("send_email", map[string]any{"to": "ana@example.com", "subject": "Lisbon forecast", "body": "Sun, sun, then rain."})),
				result("send_email", `{"status": "sent"}`),
				answer("Sent the forecast to ana@example.com."),
			},
		},
		{
			Scenario: ScenarioNoTool,
			Tools:    []tools.Tool{weatherTool()},
			Messages: []Message{
				user("Tell me a joke about <html> & tags."),
				answer("Why did the <div> break up with the <span>? It needed space."),
			},
		},
		{
			Scenario: ScenarioClarify,
			Tools:    []tools.Tool{eventTool()},
			Messages: []Message{
				user("Schedule a meeting."),
				answer("Which date and time should I use?"),
				user("2026-12-01 at 10:00 for 1.5 hours with bob@example.com."),
				calls("Scheduling it.", call("create_event", map[string]any{
					"title": "Meeting", "date": "2026-12-01", "time": "10:00", "duration_hours": 1.5,
					"attendees": []any{"bob@example.com"},
				})),
				result("create_event", `{"id": "evt_1"}`),
				answer("Your meeting is booked."),
			},
		},
		{
			Scenario: ScenarioErrorRecovery,
			Tools:    []tools.Tool{weatherTool()},
			Messages: []Message{
				user("Weather in Atlantis?"),
				calls("", call("get_weather", map[string]any{"city": "Atlantis"})),
				result("get_weather", `{"error": "unknown city"}`),
				answer("I couldn't find a city called Atlantis."),
			},
		},
	}
}

// canonical renders examples in the original JSON Lines layout: two example lists hold the
// same data exactly when their canonical forms are equal, whatever Go types their numbers have.
func canonical(t *testing.T, examples []Example) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteJSONL(&buf, examples); err != nil {
		t.Fatalf("WriteJSONL: %v", err)
	}
	return buf.String()
}

func toolsOf(ts ...tools.Tool) []tools.Tool { return ts }
