package dataset

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/tooltune/tooltune/lib/tools"
)

// Markers of the Hermes/Qwen tool-use layout.
const (
	toolCallOpen      = "<tool_call>"
	toolCallClose     = "</tool_call>"
	toolResponseOpen  = "<tool_response>"
	toolResponseClose = "</tool_response>"
)

// hermesExample is a Hermes/Qwen conversation as Hugging Face chat templates take it: plain
// role/content messages plus the offered tools. On import the ShareGPT-style "conversations"
// of {"from", "value"} turns used by NousResearch's Hermes data is accepted too.
type hermesExample struct {
	Messages      []hermesMessage `json:"messages"`
	Conversations []hermesTurn    `json:"conversations,omitempty"`
	Tools         json.RawMessage `json:"tools,omitempty"`
}

type hermesMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
	// Name is the tool a result comes from. Qwen's template ignores it; it is written so that
	// a round trip keeps the name even when results arrive out of call order.
	Name string `json:"name,omitempty"`
}

type hermesTurn struct {
	From  string `json:"from"`
	Value string `json:"value"`
}

// hermesCall is the JSON inside a <tool_call> block.
type hermesCall struct {
	Name       string          `json:"name"`
	Arguments  json.RawMessage `json:"arguments"`
	Parameters json.RawMessage `json:"parameters,omitempty"` // accepted as a synonym on import
}

func exportHermes(ex *Example) (any, error) {
	out := hermesExample{Messages: make([]hermesMessage, len(ex.Messages))}
	for i, m := range ex.Messages {
		content, err := hermesContent(m)
		if err != nil {
			return nil, fieldError(fmt.Sprintf("messages[%d]", i), err)
		}
		out.Messages[i] = hermesMessage{Role: m.Role, Content: content, Name: m.Name}
	}
	if len(ex.Tools) > 0 {
		raw, err := marshalCompact(wrapTools(ex.Tools))
		if err != nil {
			return nil, fieldError("tools", err)
		}
		out.Tools = raw
	}
	return out, nil
}

// hermesContent is an assistant message's text followed by one block per call, laid out as
// Qwen2.5's chat template renders them:
//
//	text
//	<tool_call>
//	{"name": "get_weather", "arguments": {"city": "Paris"}}
//	</tool_call>
func hermesContent(m Message) (string, error) {
	var b strings.Builder
	b.WriteString(m.Content)
	for j, c := range m.ToolCalls {
		args, err := encodeArguments(c.Parameters)
		if err != nil {
			return "", fieldError(fmt.Sprintf("tool_calls[%d].parameters", j), err)
		}
		block, err := marshalCompact(hermesCall{Name: c.Name, Arguments: args})
		if err != nil {
			return "", err
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(toolCallOpen + "\n" + tools.PythonSpacing(block) + "\n" + toolCallClose)
	}
	return b.String(), nil
}

func importHermes(raw json.RawMessage) (Example, error) {
	var in hermesExample
	if err := unmarshalNumbers(raw, &in); err != nil {
		return Example{}, err
	}
	messages, field, err := hermesMessages(&in)
	if err != nil {
		return Example{}, err
	}
	ex := Example{Messages: make([]Message, len(messages))}
	var pending pendingCalls
	for i, hm := range messages {
		f := fmt.Sprintf("%s[%d]", field, i)
		m := Message{Role: hm.Role, Content: hm.Content}
		switch m.Role {
		case RoleUser:
			pending = pendingCalls{}
		case RoleAssistant:
			pending = pendingCalls{}
			if m.Content, m.ToolCalls, err = parseHermesCalls(hm.Content); err != nil {
				return Example{}, fieldError(f+".content", err)
			}
			for j, c := range m.ToolCalls {
				pending.add(pendingCall{name: c.Name, msg: i, call: j})
			}
		case RoleTool:
			name, content := unwrapToolResponse(hm.Content)
			m.Content = content
			if hm.Name != "" {
				name = hm.Name
			}
			if m.Name, err = resolveResult(&pending, "", name); err != nil {
				return Example{}, fieldError(f, err)
			}
		}
		ex.Messages[i] = m
	}
	if ex.Tools, err = decodeToolList(in.Tools); err != nil {
		return Example{}, fieldError("tools", err)
	}
	return ex, nil
}

// hermesMessages returns the record's messages, converting "conversations" turns when the
// record has no "messages", and the name of the field they came from (for errors).
func hermesMessages(in *hermesExample) ([]hermesMessage, string, error) {
	if len(in.Messages) > 0 || len(in.Conversations) == 0 {
		return in.Messages, "messages", nil
	}
	out := make([]hermesMessage, len(in.Conversations))
	for i, t := range in.Conversations {
		role, ok := hermesRole(t.From)
		if !ok {
			return nil, "", fmt.Errorf("conversations[%d].from: unknown speaker %q (want system, human, gpt or tool)", i, t.From)
		}
		out[i] = hermesMessage{Role: role, Content: t.Value}
	}
	return out, "conversations", nil
}

func hermesRole(from string) (string, bool) {
	switch from {
	case "system":
		return RoleSystem, true
	case "human", "user":
		return RoleUser, true
	case "gpt", "assistant":
		return RoleAssistant, true
	case "tool":
		return RoleTool, true
	}
	return "", false
}

// parseHermesCalls splits assistant content into its text (the trimmed pieces outside the
// blocks, joined by newlines) and the calls of its <tool_call> blocks.
func parseHermesCalls(content string) (string, []ToolCall, error) {
	var text []string
	var calls []ToolCall
	rest := content
	for {
		open := strings.Index(rest, toolCallOpen)
		if open < 0 {
			break
		}
		text = appendTrimmed(text, rest[:open])
		rest = rest[open+len(toolCallOpen):]
		end := strings.Index(rest, toolCallClose)
		if end < 0 {
			return "", nil, fmt.Errorf("tool_call block %d: %s without %s", len(calls), toolCallOpen, toolCallClose)
		}
		call, err := parseHermesCall(rest[:end])
		if err != nil {
			return "", nil, fmt.Errorf("tool_call block %d: %w", len(calls), err)
		}
		calls = append(calls, call)
		rest = rest[end+len(toolCallClose):]
	}
	if strings.Contains(rest, toolCallClose) {
		return "", nil, fmt.Errorf("%s without %s", toolCallClose, toolCallOpen)
	}
	text = appendTrimmed(text, rest)
	return strings.Join(text, "\n"), calls, nil
}

func appendTrimmed(pieces []string, s string) []string {
	if s = strings.TrimSpace(s); s != "" {
		pieces = append(pieces, s)
	}
	return pieces
}

func parseHermesCall(block string) (ToolCall, error) {
	var hc hermesCall
	if err := unmarshalNumbers([]byte(strings.TrimSpace(block)), &hc); err != nil {
		return ToolCall{}, fmt.Errorf("invalid JSON: %w", err)
	}
	if hc.Name == "" {
		return ToolCall{}, errors.New(`no "name"`)
	}
	argsRaw := hc.Arguments
	if len(argsRaw) == 0 {
		argsRaw = hc.Parameters
	}
	args, err := decodeArguments(argsRaw)
	if err != nil {
		return ToolCall{}, fieldError("arguments", err)
	}
	return ToolCall{Name: hc.Name, Parameters: args}, nil
}

// unwrapToolResponse strips an optional <tool_response> wrapper from a tool result. When the
// wrapped text is Hermes's {"name": ..., "content": ...} object (exactly those two keys), it
// returns the name and the content (a JSON string as its text, other values as compact JSON).
func unwrapToolResponse(content string) (name, text string) {
	trimmed := strings.TrimSpace(content)
	if !strings.HasPrefix(trimmed, toolResponseOpen) || !strings.HasSuffix(trimmed, toolResponseClose) {
		return "", content
	}
	inner := strings.TrimSpace(trimmed[len(toolResponseOpen) : len(trimmed)-len(toolResponseClose)])
	var obj map[string]json.RawMessage
	if json.Unmarshal([]byte(inner), &obj) != nil || len(obj) != 2 || obj["name"] == nil || obj["content"] == nil {
		return "", inner
	}
	if json.Unmarshal(obj["name"], &name) != nil {
		return "", inner
	}
	var s string
	if json.Unmarshal(obj["content"], &s) == nil {
		return name, s
	}
	var buf bytes.Buffer
	if json.Compact(&buf, obj["content"]) != nil {
		return "", inner
	}
	return name, buf.String()
}
