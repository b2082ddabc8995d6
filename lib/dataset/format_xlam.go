package dataset

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/tooltune/tooltune/lib/tools"
)

// xlamExample is one APIGen/xLAM record. Tools and answers are JSON strings, as in the
// published data; arrays are accepted on import.
type xlamExample struct {
	Query   string          `json:"query"`
	Tools   json.RawMessage `json:"tools"`
	Answers json.RawMessage `json:"answers"`
}

// xlamTool is an xLAM tool: its parameters are a flat object of name -> {"type", "description",
// "default"} with Python-style type names ("str", "List[int]", "float, optional").
type xlamTool struct {
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Parameters  json.RawMessage `json:"parameters"`
}

type xlamAnswer struct {
	Name      string          `json:"name"`
	Arguments json.RawMessage `json:"arguments"`
}

const xlamOptional = ", optional"

// exportXLAM keeps the first exchange only: the user query that opens the conversation (after
// any system messages, which are dropped) and the calls of the assistant message answering it
// ("answers" is [] when it makes none). Everything after that turn is dropped. An example whose
// first user message is not directly followed by an assistant message cannot be exported.
//
// Parameter types map to xLAM's names: string "str", integer "int", number "float", boolean
// "bool", object "dict", array "List[item]"; optional parameters get ", optional". Enum,
// format, minimum/maximum and the properties of object parameters have no xLAM form and are
// dropped; descriptions and defaults are kept.
func exportXLAM(ex *Example) (any, error) {
	query, calls, err := firstExchange(ex.Messages)
	if err != nil {
		return nil, err
	}
	ts := make([]xlamTool, len(ex.Tools))
	for k := range ex.Tools {
		t := &ex.Tools[k]
		params, err := xlamParameters(t)
		if err != nil {
			return nil, fieldError(fmt.Sprintf("tools[%d]", k), err)
		}
		ts[k] = xlamTool{Name: t.Name, Description: t.Description, Parameters: params}
	}
	answers := make([]xlamAnswer, len(calls))
	for j, c := range calls {
		args, err := encodeArguments(c.Parameters)
		if err != nil {
			return nil, fieldError(fmt.Sprintf("tool_calls[%d].parameters", j), err)
		}
		answers[j] = xlamAnswer{Name: c.Name, Arguments: args}
	}
	out := xlamExample{Query: query}
	if out.Tools, err = jsonString(ts); err != nil {
		return nil, fieldError("tools", err)
	}
	if out.Answers, err = jsonString(answers); err != nil {
		return nil, fieldError("answers", err)
	}
	return out, nil
}

// jsonString encodes v as JSON laid out as Python writes it, and returns that text as a JSON
// string value: ShareGPT and xLAM nest JSON documents in strings.
func jsonString(v any) (json.RawMessage, error) {
	raw, err := marshalCompact(v)
	if err != nil {
		return nil, err
	}
	return marshalCompact(tools.PythonSpacing(raw))
}

// firstExchange returns the opening user query and the calls of the assistant reply to it.
func firstExchange(msgs []Message) (string, []ToolCall, error) {
	i := 0
	for i < len(msgs) && msgs[i].Role == RoleSystem {
		i++
	}
	if i == len(msgs) || msgs[i].Role != RoleUser {
		return "", nil, fmt.Errorf("messages[%d]: xlam needs a user query to open the conversation", i)
	}
	query := msgs[i].Content
	if i+1 == len(msgs) {
		return query, nil, nil
	}
	if next := msgs[i+1]; next.Role != RoleAssistant {
		return "", nil, fmt.Errorf("messages[%d]: xlam holds a single query answered by the assistant, but a %q message follows it", i+1, next.Role)
	}
	return query, msgs[i+1].ToolCalls, nil
}

func xlamParameters(t *tools.Tool) (json.RawMessage, error) {
	params := make(tools.Properties, len(t.Parameters.Properties))
	for k, p := range t.Parameters.Properties {
		typ, err := xlamTypeName(p.Schema)
		if err != nil {
			return nil, fieldError("parameters."+p.Name, err)
		}
		if !t.IsRequired(p.Name) {
			typ += xlamOptional
		}
		params[k] = tools.Property{Name: p.Name, Schema: &tools.Schema{Type: typ, Description: p.Schema.Description, Default: p.Schema.Default}}
	}
	return marshalCompact(params)
}

func xlamTypeName(s *tools.Schema) (string, error) {
	switch s.Type {
	case tools.TypeString:
		return "str", nil
	case tools.TypeInteger:
		return "int", nil
	case tools.TypeNumber:
		return "float", nil
	case tools.TypeBoolean:
		return "bool", nil
	case tools.TypeObject:
		return "dict", nil
	case tools.TypeArray:
		if s.Items == nil {
			return "", errors.New("array without items")
		}
		item, err := xlamTypeName(s.Items)
		return "List[" + item + "]", err
	}
	return "", fmt.Errorf("type %q has no xlam name", s.Type)
}

// importXLAM makes a user message of the query and, when there are answers, an assistant
// message making those calls (with no text, which xLAM does not have). A record without
// answers becomes a conversation of the query alone: the reply that makes no call is unknown.
func importXLAM(raw json.RawMessage) (Example, error) {
	var in xlamExample
	if err := unmarshalNumbers(raw, &in); err != nil {
		return Example{}, err
	}
	ex := Example{Messages: []Message{{Role: RoleUser, Content: in.Query}}}
	var err error
	if ex.Tools, err = importXLAMTools(in.Tools); err != nil {
		return Example{}, fieldError("tools", err)
	}
	calls, err := importXLAMAnswers(in.Answers)
	if err != nil {
		return Example{}, fieldError("answers", err)
	}
	if len(calls) > 0 {
		ex.Messages = append(ex.Messages, Message{Role: RoleAssistant, ToolCalls: calls})
	}
	return ex, nil
}

// unwrapJSONString returns the JSON text a string value holds, or raw itself when it is not a
// string: several formats store nested JSON as strings.
func unwrapJSONString(raw json.RawMessage) (json.RawMessage, error) {
	s := strings.TrimSpace(string(raw))
	if !strings.HasPrefix(s, `"`) {
		return json.RawMessage(s), nil
	}
	var inner string
	if err := json.Unmarshal([]byte(s), &inner); err != nil {
		return nil, err
	}
	return json.RawMessage(strings.TrimSpace(inner)), nil
}

func importXLAMTools(raw json.RawMessage) ([]tools.Tool, error) {
	raw, err := unwrapJSONString(raw)
	if err != nil || len(raw) == 0 {
		return nil, err
	}
	var items []xlamTool
	if err := unmarshalNumbers(raw, &items); err != nil {
		return nil, fmt.Errorf("want a JSON array of tools: %w", err)
	}
	out := make([]tools.Tool, len(items))
	for k, it := range items {
		params, err := xlamSchema(it.Parameters)
		if err != nil {
			return nil, fieldError(fmt.Sprintf("[%d].parameters", k), err)
		}
		out[k] = tools.Tool{Name: it.Name, Description: it.Description, Parameters: params}
	}
	return out, nil
}

// xlamSchema turns xLAM's flat parameter map into an object schema. Parameters already given
// as a JSON Schema object (some derived datasets do) are taken as they are.
func xlamSchema(raw json.RawMessage) (tools.Schema, error) {
	var probe struct {
		Type       any             `json:"type"`
		Properties json.RawMessage `json:"properties"`
	}
	if json.Unmarshal(raw, &probe) == nil && probe.Type == tools.TypeObject && probe.Properties != nil {
		var s tools.Schema
		err := unmarshalNumbers(raw, &s)
		return s, err
	}
	out := tools.Schema{Type: tools.TypeObject}
	if len(raw) == 0 || string(raw) == "null" {
		return out, nil
	}
	var flat tools.Properties // values carry xLAM type names until converted below
	if err := json.Unmarshal(raw, &flat); err != nil {
		return out, err
	}
	for _, p := range flat {
		s, optional, err := parseXLAMType(p.Schema.Type)
		if err != nil {
			return out, fieldError(p.Name+".type", err)
		}
		s.Description, s.Default = p.Schema.Description, p.Schema.Default
		out.Properties = append(out.Properties, tools.Property{Name: p.Name, Schema: s})
		if !optional {
			out.Required = append(out.Required, p.Name)
		}
	}
	return out, nil
}

// parseXLAMType reads an xLAM type name such as "str", "List[int]" or "float, optional".
// A parameter is optional exactly when its type says ", optional".
func parseXLAMType(name string) (*tools.Schema, bool, error) {
	t := strings.TrimSpace(name)
	optional := false
	if n := len(t) - len(xlamOptional); n >= 0 && strings.EqualFold(t[n:], xlamOptional) {
		t, optional = strings.TrimSpace(t[:n]), true
	}
	s, err := xlamTypeSchema(t)
	return s, optional, err
}

func xlamTypeSchema(t string) (*tools.Schema, error) {
	lower := strings.ToLower(t)
	switch lower {
	case "str", "string":
		return &tools.Schema{Type: tools.TypeString}, nil
	case "int", "integer":
		return &tools.Schema{Type: tools.TypeInteger}, nil
	case "float", "number", "double":
		return &tools.Schema{Type: tools.TypeNumber}, nil
	case "bool", "boolean":
		return &tools.Schema{Type: tools.TypeBoolean}, nil
	case "dict", "object", "map":
		return &tools.Schema{Type: tools.TypeObject}, nil
	case "list", "array":
		return nil, fmt.Errorf("%q does not say what its items are (want e.g. List[str])", t)
	}
	if strings.HasPrefix(lower, "dict[") && strings.HasSuffix(lower, "]") {
		return &tools.Schema{Type: tools.TypeObject}, nil
	}
	if strings.HasPrefix(lower, "list[") && strings.HasSuffix(lower, "]") {
		items, err := xlamTypeSchema(strings.TrimSpace(t[len("list[") : len(t)-1]))
		if err != nil {
			return nil, err
		}
		return &tools.Schema{Type: tools.TypeArray, Items: items}, nil
	}
	return nil, fmt.Errorf("unsupported xlam type %q (want str, int, float, bool, dict or List[...])", t)
}

func importXLAMAnswers(raw json.RawMessage) ([]ToolCall, error) {
	raw, err := unwrapJSONString(raw)
	if err != nil || len(raw) == 0 {
		return nil, err
	}
	var answers []xlamAnswer
	if err := unmarshalNumbers(raw, &answers); err != nil {
		return nil, fmt.Errorf("want a JSON array of calls: %w", err)
	}
	calls := make([]ToolCall, len(answers))
	for j, a := range answers {
		if a.Name == "" {
			return nil, fmt.Errorf("[%d]: call has no \"name\"", j)
		}
		args, err := decodeArguments(a.Arguments)
		if err != nil {
			return nil, fieldError(fmt.Sprintf("[%d].arguments", j), err)
		}
		calls[j] = ToolCall{Name: a.Name, Parameters: args}
	}
	return calls, nil
}
