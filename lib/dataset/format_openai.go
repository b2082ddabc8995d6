package dataset

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// openAIExample is one line of an OpenAI chat fine-tuning file.
type openAIExample struct {
	Messages []openAIMessage `json:"messages"`
	Tools    json.RawMessage `json:"tools,omitempty"`
}

type openAIMessage struct {
	Role string `json:"role"`
	// Content is a string, null (an assistant message that only calls tools) or, on import, an
	// array of content parts whose text parts are joined.
	Content    json.RawMessage  `json:"content"`
	ToolCalls  []openAIToolCall `json:"tool_calls,omitempty"`
	ToolCallID string           `json:"tool_call_id,omitempty"`
	Name       string           `json:"name,omitempty"`
}

type openAIToolCall struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	Function struct {
		Name string `json:"name"`
		// Arguments is a JSON string holding an object; an object is accepted on import.
		Arguments json.RawMessage `json:"arguments"`
	} `json:"function"`
}

// callID names the j-th call of message i. Ids only need to be unique within a conversation;
// deriving them from positions keeps exports reproducible.
func callID(i, j int) string { return fmt.Sprintf("call_%d_%d", i, j) }

func exportOpenAI(ex *Example) (any, error) {
	out := openAIExample{Messages: make([]openAIMessage, len(ex.Messages))}
	var pending pendingCalls
	for i, m := range ex.Messages {
		om := openAIMessage{Role: m.Role}
		var err error
		if om.Content, err = nullableContent(m); err != nil {
			return nil, fieldError(fmt.Sprintf("messages[%d].content", i), err)
		}
		for j, c := range m.ToolCalls {
			tc := openAIToolCall{ID: callID(i, j), Type: "function"}
			tc.Function.Name = c.Name
			args, err := encodeArguments(c.Parameters)
			if err != nil {
				return nil, fieldError(fmt.Sprintf("messages[%d].tool_calls[%d].parameters", i, j), err)
			}
			if tc.Function.Arguments, err = marshalCompact(string(args)); err != nil {
				return nil, err
			}
			om.ToolCalls = append(om.ToolCalls, tc)
			pending.add(pendingCall{name: c.Name, id: tc.ID, msg: i, call: j})
		}
		if m.Role == RoleTool {
			c, ok := pending.takeName(m.Name)
			if !ok {
				return nil, fmt.Errorf("messages[%d]: result of %q answers no earlier call, so it cannot get a tool_call_id", i, m.Name)
			}
			om.ToolCallID = c.id
		}
		out.Messages[i] = om
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

// nullableContent is a message's content as JSON: null for an assistant message that only
// makes calls, as OpenAI writes it, else the string.
func nullableContent(m Message) (json.RawMessage, error) {
	if m.Content == "" && len(m.ToolCalls) > 0 {
		return json.RawMessage("null"), nil
	}
	return marshalCompact(m.Content)
}

func importOpenAI(raw json.RawMessage) (Example, error) {
	var in openAIExample
	if err := unmarshalNumbers(raw, &in); err != nil {
		return Example{}, err
	}
	ex := Example{Messages: make([]Message, len(in.Messages))}
	var pending pendingCalls
	for i, om := range in.Messages {
		field := fmt.Sprintf("messages[%d]", i)
		m := Message{Role: openAIRole(om.Role)}
		var err error
		if m.Content, err = contentText(om.Content); err != nil {
			return Example{}, fieldError(field+".content", err)
		}
		if m.Role == RoleUser || m.Role == RoleAssistant {
			pending = pendingCalls{}
		}
		for j, tc := range om.ToolCalls {
			args, err := decodeArguments(tc.Function.Arguments)
			if err != nil {
				return Example{}, fieldError(fmt.Sprintf("%s.tool_calls[%d].function.arguments", field, j), err)
			}
			m.ToolCalls = append(m.ToolCalls, ToolCall{Name: tc.Function.Name, Parameters: args})
			pending.add(pendingCall{name: tc.Function.Name, id: tc.ID, msg: i, call: j})
		}
		if m.Role == RoleTool {
			if m.Name, err = resolveResult(&pending, om.ToolCallID, om.Name); err != nil {
				return Example{}, fieldError(field+".tool_call_id", err)
			}
		}
		ex.Messages[i] = m
	}
	var err error
	if ex.Tools, err = decodeToolList(in.Tools); err != nil {
		return Example{}, fieldError("tools", err)
	}
	return ex, nil
}

// openAIRole maps OpenAI's newer and legacy role names onto ToolTune's: "developer" is a
// system prompt and "function" a tool result.
func openAIRole(role string) string {
	switch role {
	case "developer":
		return RoleSystem
	case "function":
		return RoleTool
	}
	return role
}

// contentText reads message content given as a string, null, or an array of content parts
// ({"type": "text", "text": ...}), whose texts are concatenated.
func contentText(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	switch raw[0] {
	case '"':
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	case '[':
		var parts []struct {
			Type string `json:"type"`
			Text string `json:"text"`
		}
		if err := json.Unmarshal(raw, &parts); err != nil {
			return "", errors.New("want a string or an array of text parts")
		}
		var b strings.Builder
		for k, p := range parts {
			if p.Type != "text" {
				return "", fmt.Errorf("[%d]: content part of type %q has no text form", k, p.Type)
			}
			b.WriteString(p.Text)
		}
		return b.String(), nil
	}
	return "", fmt.Errorf("want a string, null or an array of text parts, got %s", abbreviate(raw))
}
