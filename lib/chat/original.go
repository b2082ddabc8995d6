package chat

import (
	"strings"

	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

// OriginalInstruction is the default system instruction of the Original template; the tool
// list follows it, one JSON schema per line.
const OriginalInstruction = "You are a helpful assistant with access to the following tools. " +
	"To call a tool, reply with a block that gives the tool's name and its parameters as a JSON object:\n" +
	CallOpen + "\nname: tool_name\nparameters: {\"parameter\": \"value\"}\n" + CallClose + "\n" +
	"To make several calls at once, write one block per call. " +
	"If no tool fits the request, answer directly. " +
	"If information a tool requires is missing, ask the user for it instead of guessing.\n" +
	"Tools:"

// Original is the original ToolTune format (see the package documentation). A call is
//
//	<tool_call>
//	name: get_current_weather
//	parameters: {"location": "Paris", "unit": "celsius"}
//	</tool_call>
//
// with the parameters written as Python's json.dumps(params, sort_keys=True) wrote them
// (non-ASCII as-is; see appendPyJSON). A tool turn is "name: TOOL\nresult: CONTENT".
type Original struct {
	// Instruction replaces OriginalInstruction when not empty.
	Instruction string
}

// Name returns "original".
func (Original) Name() string { return "original" }

// Render implements Template.
func (o Original) Render(ex dataset.Example) (Rendered, error) {
	return renderMessages(originalStyle(o), ex.Tools, ex.Messages)
}

// RenderPrompt implements Template.
func (o Original) RenderPrompt(ex dataset.Example, upto int) (string, error) {
	return renderPrompt(originalStyle(o), ex, upto)
}

type originalStyle Original

func (s originalStyle) writeTools(b *strings.Builder, ts []tools.Tool) error {
	b.WriteString(orDefault(s.Instruction, OriginalInstruction))
	b.WriteString("\n")
	return writeToolLines(b, ts, func(t tools.Tool) any { return t })
}

// CallSyntax returns how Original writes a call: a "name:" line and a "parameters:" line.
func (Original) CallSyntax() CallSyntax {
	return CallSyntax{Before: "\nname: ", Between: "\nparameters: ", After: "\n" + CallClose}
}

func (s originalStyle) callSyntax() CallSyntax { return Original(s).CallSyntax() }

func (originalStyle) writeResult(b *strings.Builder, m dataset.Message) {
	b.WriteString("name: " + m.Name + "\nresult: " + m.Content)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
