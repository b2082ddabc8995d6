package dataset

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestValidateValidExamples(t *testing.T) {
	if ps := Validate("sample", sampleExamples()); len(ps) > 0 {
		t.Errorf("valid examples gave problems:\n%v", ps.Err())
	}
}

// testdata/faults.json plants one fault of each kind (example 0 is valid); every one must be
// reported, with its example index and field, in file order, and nothing else.
func TestValidateFaultFixture(t *testing.T) {
	path := filepath.Join("testdata", "faults.json")
	examples, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	p := func(index int, field, msg string) Problem {
		return Problem{File: path, Index: index, Field: field, Msg: msg}
	}
	want := Problems{
		p(1, "messages", "no messages"),
		p(2, "messages[1].role", `"bot" is not a known role (one of system, user, assistant, tool)`),
		p(3, "messages[0].content", "empty user message"),
		p(3, "messages[1].content", "empty assistant message (a reply that makes no call needs text)"),
		p(4, "messages[1].role", `the first message after the system prompt must be "user", got "assistant"`),
		p(5, "messages[1].tool_calls[0].name", `unknown tool "send_fax" (the example offers get_weather)`),
		p(6, "messages[1].tool_calls[0].parameters.city", "missing required parameter"),
		p(6, "messages[1].tool_calls[0].parameters.country", "unknown parameter (expected one of city, unit, days)"),
		p(6, "messages[1].tool_calls[0].parameters.days", "wrong type: got string, want integer"),
		p(6, "messages[1].tool_calls[0].parameters.unit", `"kelvin" is not one of ["celsius","fahrenheit"]`),
		p(6, "messages[1].tool_calls[1].parameters.cc[1]", "wrong type: got number, want string"),
		p(6, "messages[1].tool_calls[1].parameters.to", `"not-an-address" is not an email address`),
		p(7, "messages[1].name", `result of "get_weather" answers no call: no earlier assistant call to "get_weather" awaits a result`),
		p(8, "messages[2].name", "tool message does not name the tool whose result it carries"),
		p(9, "messages[1].tool_calls[1]", `call to "get_weather" has no tool result before messages[3]`),
		p(10, "tools[1].name", `duplicate tool "get_weather" (already tools[0])`),
		p(11, "tools[0]", `tool "tag": parameters.properties.tags: array without items`),
		p(12, "scenario", `"chitchat" is not a known scenario (one of single, parallel, multi_step, no_tool, clarify, error_recovery)`),
		p(13, "messages[0].tool_calls", `only assistant messages make tool calls, this is a "user" message`),
	}
	got := Validate(path, examples)
	if !slices.Equal(got, want) {
		t.Errorf("problems differ.\ngot:\n%v\nwant:\n%v", got.Err(), want.Err())
	}
	// The brief's example of a rendered problem.
	const line = `testdata/faults.json: example 6: messages[1].tool_calls[0].parameters.unit: "kelvin" is not one of ["celsius","fahrenheit"]`
	if !strings.Contains(got.Err().Error(), line+"\n") {
		t.Errorf("joined error lacks the line %q", line)
	}
}

func TestValidateConversationFlow(t *testing.T) {
	w := weatherTool()
	paris := call("get_weather", map[string]any{"city": "Paris"})
	rome := call("get_weather", map[string]any{"city": "Rome"})
	tests := []struct {
		name     string
		messages []Message
		want     []string // Field: Msg of each problem
	}{
		{"ends awaiting results", []Message{user("Paris?"), calls("", paris)}, nil},
		{"ends with one of two results", []Message{user("Paris and Rome?"), calls("", paris, rome), result("get_weather", "{}")}, nil},
		{"system prompts only before user", []Message{sys("a"), sys("b"), user("hi"), answer("hello")}, nil},
		{"user interrupts calls", []Message{user("Paris?"), calls("", paris), user("Never mind."), answer("OK.")},
			[]string{`messages[1].tool_calls[0]: call to "get_weather" has no tool result before messages[2]`}},
		{"problems in file order", []Message{user("Paris and Rome?"), calls("", paris, rome), result("get_weather", "{}"), answer(" ")},
			[]string{
				`messages[1].tool_calls[1]: call to "get_weather" has no tool result before messages[3]`,
				"messages[3].content: empty assistant message (a reply that makes no call needs text)",
			}},
		{"two results for one call", []Message{user("Paris?"), calls("", paris), result("get_weather", "{}"), result("get_weather", "{}"), answer("ok")},
			[]string{`messages[3].name: result of "get_weather" answers no call: no earlier assistant call to "get_weather" awaits a result`}},
		{"late result", []Message{user("Paris?"), calls("", paris), answer("Checking."), result("get_weather", "{}"), answer("ok")},
			[]string{
				`messages[1].tool_calls[0]: call to "get_weather" has no tool result before messages[2]`,
				`messages[3].name: result of "get_weather" answers no call: no earlier assistant call to "get_weather" awaits a result`,
			}},
		{"empty tool result and empty call name", []Message{user("Paris?"), calls("", ToolCall{Parameters: map[string]any{}}), {Role: RoleTool, Name: ""}},
			[]string{"messages[1].tool_calls[0].name: empty tool name", "messages[2].content: empty tool message", "messages[2].name: tool message does not name the tool whose result it carries"}},
		{"first message is a tool result", []Message{result("get_weather", "{}")},
			[]string{
				`messages[0].role: the first message after the system prompt must be "user", got "tool"`,
				`messages[0].name: result of "get_weather" answers no call: no earlier assistant call to "get_weather" awaits a result`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := Example{Messages: tt.messages, Tools: toolsOf(w)}
			var got []string
			for _, p := range ValidateExample("", 0, &ex) {
				got = append(got, p.Field+": "+p.Msg)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestProblemError(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{File: "d.json", Index: 12, Field: "messages[3].content", Msg: "empty user message"}, "d.json: example 12: messages[3].content: empty user message"},
		{Problem{Index: 0, Field: "messages", Msg: "no messages"}, "example 0: messages: no messages"},
		{Problem{File: "d.json", Index: 2, Msg: "broken"}, "d.json: example 2: broken"},
	}
	for _, tt := range tests {
		if got := tt.p.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestProblemsErr(t *testing.T) {
	if err := Problems(nil).Err(); err != nil {
		t.Errorf("no problems gave error %v", err)
	}
	ps := Problems{{Index: 1, Msg: "a"}, {Index: 2, Msg: "b"}}
	if got, want := ps.Err().Error(), "example 1: a\nexample 2: b"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func BenchmarkValidate(b *testing.B) {
	examples := manyExamples(1000)
	for b.Loop() {
		if ps := Validate("bench", examples); len(ps) > 0 {
			b.Fatal(ps.Err())
		}
	}
}
