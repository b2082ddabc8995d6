package chat

import (
	"encoding/json"
	"strings"

	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

// HermesInstruction is the default system instruction of the Hermes template.
const HermesInstruction = "You are a helpful assistant with access to the following tools, " +
	"given as JSON function signatures inside <tools></tools>. " +
	"To call a tool, reply with a JSON object holding its name and arguments inside " +
	CallOpen + CallClose + " tags:\n" +
	CallOpen + "\n{\"name\": \"tool_name\", \"arguments\": {\"parameter\": \"value\"}}\n" + CallClose + "\n" +
	"To make several calls at once, write one block per call. " +
	"If no tool fits the request, answer directly. " +
	"If information a tool requires is missing, ask the user for it instead of guessing."

// Hermes writes calls and results in the JSON form of Hermes and Qwen models, keeping the
// role markers and EndOfTurn of the Original template so that only the call syntax differs
// between the two (which is what comparing them is about). A call is
//
//	<tool_call>
//	{"name": "get_current_weather", "arguments": {"location": "Paris"}}
//	</tool_call>
//
// a tool turn is
//
//	<tool_response>
//	{"name": "get_current_weather", "content": {"condition": "sunny"}}
//	</tool_response>
//
// (content embedded as JSON when the message holds JSON, as a JSON string otherwise), and the
// tools are listed inside <tools></tools> as {"type": "function", "function": SCHEMA} lines.
type Hermes struct {
	// Instruction replaces HermesInstruction when not empty.
	Instruction string
}

// Name returns "hermes".
func (Hermes) Name() string { return "hermes" }

// Render implements Template.
func (h Hermes) Render(ex dataset.Example) (Rendered, error) {
	return renderMessages(hermesStyle(h), ex.Tools, ex.Messages)
}

// RenderPrompt implements Template.
func (h Hermes) RenderPrompt(ex dataset.Example, upto int) (string, error) {
	return renderPrompt(hermesStyle(h), ex, upto)
}

type hermesStyle Hermes

// hermesFunction is the OpenAI-style wrapper Hermes and Qwen list tools in.
type hermesFunction struct {
	Type     string     `json:"type"`
	Function tools.Tool `json:"function"`
}

func (s hermesStyle) writeTools(b *strings.Builder, ts []tools.Tool) error {
	b.WriteString(orDefault(s.Instruction, HermesInstruction))
	b.WriteString("\n<tools>\n")
	err := writeToolLines(b, ts, func(t tools.Tool) any { return hermesFunction{Type: "function", Function: t} })
	b.WriteString("</tools>\n")
	return err
}

// CallSyntax returns how Hermes writes a call: a {"name", "arguments"} object.
func (Hermes) CallSyntax() CallSyntax {
	return CallSyntax{Before: "\n{\"name\": ", Between: ", \"arguments\": ", After: "}\n" + CallClose, QuoteName: true}
}

func (s hermesStyle) callSyntax() CallSyntax { return Hermes(s).CallSyntax() }

func (hermesStyle) writeResult(b *strings.Builder, m dataset.Message) {
	line := appendPyString([]byte(ResponseOpen+"\n{\"name\": "), m.Name)
	line = append(line, ", \"content\": "...)
	if content := strings.TrimSpace(m.Content); json.Valid([]byte(content)) {
		line = append(line, content...)
	} else {
		line = appendPyString(line, m.Content)
	}
	line = append(line, "}\n"+ResponseClose...)
	b.Write(line)
}
