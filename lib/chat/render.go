package chat

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

// callStyle is what differs between the templates that share this package's role markers: the
// instruction and tool list of the system turn, how a call is written and how a result is.
type callStyle interface {
	// writeTools writes the instruction and the tool list, ending in "\n".
	writeTools(b *strings.Builder, ts []tools.Tool) error
	// callSyntax says how a call is written (see appendCall).
	callSyntax() CallSyntax
	// writeResult writes the body of a tool turn, without its final "\n".
	writeResult(b *strings.Builder, m dataset.Message)
}

// CallSyntax is how a template writes one call: CallOpen, Before, the tool's name (as a JSON
// string when QuoteName), Between, the arguments as a JSON object (AppendJSON), and After,
// which ends with CallClose. The Original, Compact and Hermes templates have a CallSyntax
// method; lib/guide keeps generated calls to it.
type CallSyntax struct {
	Before, Between, After string
	QuoteName              bool
}

// appendCall writes one call in syn as a complete <tool_call> ... </tool_call> block.
func appendCall(dst []byte, syn CallSyntax, c dataset.ToolCall) ([]byte, error) {
	dst = append(dst, CallOpen+syn.Before...)
	if syn.QuoteName {
		dst = appendPyString(dst, c.Name)
	} else {
		dst = append(dst, c.Name...)
	}
	dst = append(dst, syn.Between...)
	dst, err := appendParams(dst, c.Parameters)
	if err != nil {
		return nil, err
	}
	return append(dst, syn.After...), nil
}

// AppendJSON appends v as the templates write argument values: spaced and with sorted keys as
// Python's json.dumps, non-ASCII as it is (see appendPyJSON).
func AppendJSON(dst []byte, v any) ([]byte, error) { return appendPyJSON(dst, v, 0) }

// renderPrompt renders ex.Messages[:upto] and opens the assistant turn at index upto.
func renderPrompt(st callStyle, ex dataset.Example, upto int) (string, error) {
	if upto < 0 || upto > len(ex.Messages) {
		return "", fmt.Errorf("prompt up to message %d: the conversation has %d messages", upto, len(ex.Messages))
	}
	if upto < len(ex.Messages) && ex.Messages[upto].Role != dataset.RoleAssistant {
		return "", fmt.Errorf("prompt up to message %d: that message is a %s turn, not an assistant turn", upto, ex.Messages[upto].Role)
	}
	r, err := renderMessages(st, ex.Tools, ex.Messages[:upto])
	if err != nil {
		return "", err
	}
	return r.Text + GenerationPrompt, nil
}

// renderMessages writes the system turn (a leading system message merged with the tool list)
// and then one turn per message. Message indexes in errors are those of msgs.
func renderMessages(st callStyle, ts []tools.Tool, msgs []dataset.Message) (Rendered, error) {
	var b strings.Builder
	var spans []Span
	first := 0
	if len(msgs) > 0 && msgs[0].Role == dataset.RoleSystem {
		first = 1
	}
	if first == 1 || len(ts) > 0 {
		if err := writeSystemTurn(&b, st, ts, msgs[:first]); err != nil {
			return Rendered{}, err
		}
	}
	for i := first; i < len(msgs); i++ {
		span, err := writeTurn(&b, st, msgs[i])
		if err != nil {
			return Rendered{}, fmt.Errorf("message %d (%s): %w", i, msgs[i].Role, err)
		}
		if span != nil {
			spans = append(spans, *span)
		}
	}
	return Rendered{Text: b.String(), Spans: spans}, nil
}

// writeSystemTurn writes the example's own system message (if any) before the tool
// instruction and list: the example's persona comes first, and the instruction's "the
// following tools" stays right above the tools it announces.
func writeSystemTurn(b *strings.Builder, st callStyle, ts []tools.Tool, own []dataset.Message) error {
	b.WriteString(SystemMarker + "\n")
	if len(own) == 1 {
		if err := checkMessage(own[0]); err != nil {
			return fmt.Errorf("message 0 (system): %w", err)
		}
		b.WriteString(own[0].Content)
		if len(ts) == 0 {
			b.WriteString("\n")
			return nil
		}
		b.WriteString("\n\n")
	}
	return st.writeTools(b, ts)
}

// writeTurn writes one message as a turn and returns the loss span of an assistant turn.
func writeTurn(b *strings.Builder, st callStyle, m dataset.Message) (*Span, error) {
	if err := checkMessage(m); err != nil {
		return nil, err
	}
	switch m.Role {
	case dataset.RoleSystem:
		b.WriteString(SystemMarker + "\n" + m.Content + "\n")
	case dataset.RoleUser:
		b.WriteString(UserMarker + "\n" + m.Content + "\n")
	case dataset.RoleTool:
		b.WriteString(ToolMarker + "\n")
		st.writeResult(b, m)
		b.WriteString("\n")
	case dataset.RoleAssistant:
		b.WriteString(AssistantMarker + "\n")
		start := b.Len()
		body, err := appendAssistantBody(nil, st, m)
		if err != nil {
			return nil, err
		}
		b.Write(body)
		b.WriteString(EndOfTurn)
		span := Span{Start: start, End: b.Len()}
		b.WriteString("\n")
		return &span, nil
	}
	return nil, nil
}

// appendAssistantBody writes an assistant turn's text: its content, and when it calls tools,
// "\n\n" (unless the content is empty) and the call blocks, one per line.
func appendAssistantBody(dst []byte, st callStyle, m dataset.Message) ([]byte, error) {
	dst = append(dst, m.Content...)
	if len(m.ToolCalls) == 0 {
		return dst, nil
	}
	if m.Content != "" {
		dst = append(dst, "\n\n"...)
	}
	for i, c := range m.ToolCalls {
		if err := checkCallName(c.Name); err != nil {
			return nil, fmt.Errorf("tool call %d: %w", i, err)
		}
		var err error
		if dst, err = appendCall(dst, st.callSyntax(), c); err != nil {
			return nil, fmt.Errorf("tool call %d (%s): %w", i, c.Name, err)
		}
		dst = append(dst, '\n')
	}
	return dst, nil
}

// checkMessage verifies what every template needs of a message.
func checkMessage(m dataset.Message) error {
	switch m.Role {
	case dataset.RoleSystem, dataset.RoleUser, dataset.RoleAssistant, dataset.RoleTool:
	default:
		return fmt.Errorf("role: unknown role %q (want system, user, assistant or tool)", m.Role)
	}
	if len(m.ToolCalls) > 0 && m.Role != dataset.RoleAssistant {
		return fmt.Errorf("tool_calls: only assistant messages may call tools")
	}
	if m.Role == dataset.RoleTool {
		if m.Name == "" {
			return fmt.Errorf("name: a tool message must name the tool whose result it holds")
		}
		if err := checkCallName(m.Name); err != nil {
			return fmt.Errorf("name: %w", err)
		}
	}
	check := checkTurnText
	if m.Role == dataset.RoleAssistant {
		check = checkAssistantText
	}
	if err := check(m.Content); err != nil {
		return fmt.Errorf("content: %w", err)
	}
	return nil
}

// checkCallName accepts the tool names that both call forms write and read back unchanged:
// non-empty, without whitespace or control characters (the original form puts the name on
// its own line), without quotes (the parser strips quotes a model puts around a name) and
// without angle brackets (which could open a marker).
func checkCallName(name string) error {
	if name == "" {
		return fmt.Errorf("tool name is empty")
	}
	if !utf8.ValidString(name) {
		return fmt.Errorf("tool name %q is not valid UTF-8", name)
	}
	for _, r := range name {
		switch {
		case unicode.IsSpace(r) || unicode.IsControl(r):
			return fmt.Errorf("tool name %q contains whitespace or a control character", name)
		case strings.ContainsRune("\"'`<>", r):
			return fmt.Errorf("tool name %q contains %q", name, r)
		}
	}
	return nil
}

// appendParams writes a call's parameters as Python-style JSON (see appendPyJSON); nil
// parameters are written as {}.
func appendParams(dst []byte, params map[string]any) ([]byte, error) {
	if params == nil {
		return append(dst, "{}"...), nil
	}
	return appendPyJSON(dst, params, 0)
}

// writeToolLines writes one line per tool, each the tool's JSON (wrapped by wrap) spaced like
// Python's json.dumps, keeping the declaration order of parameters.
func writeToolLines(b *strings.Builder, ts []tools.Tool, wrap func(tools.Tool) any) error {
	for _, t := range ts {
		line, err := pySpaced(wrap(t))
		if err != nil {
			return fmt.Errorf("tool %q: %w", t.Name, err)
		}
		if err := checkTurnText(line); err != nil {
			return fmt.Errorf("tool %q: schema %w", t.Name, err)
		}
		b.WriteString(line)
		b.WriteString("\n")
	}
	return nil
}
