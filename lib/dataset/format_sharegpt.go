package dataset

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/tooltune/tooltune/lib/tools"
)

// ShareGPT speaker names, as LLaMA-Factory's dataset_info.json defaults them.
const (
	fromSystem       = "system"
	fromHuman        = "human"
	fromGPT          = "gpt"
	fromFunctionCall = "function_call"
	fromObservation  = "observation"
)

// shareGPTExample is one record of LLaMA-Factory's ShareGPT tool-use layout.
type shareGPTExample struct {
	Conversations []shareGPTTurn `json:"conversations"`
	System        string         `json:"system,omitempty"`
	// Tools is a JSON string holding the array of tool schemas; an array is accepted on import.
	Tools json.RawMessage `json:"tools,omitempty"`
}

type shareGPTTurn struct {
	From  string `json:"from"`
	Value string `json:"value"`
}

// shareGPTCall is one call in a function_call turn: {"name", "arguments"} with the arguments
// as an object (a JSON string holding one is accepted on import).
type shareGPTCall struct {
	Name      string          `json:"name"`
	Arguments json.RawMessage `json:"arguments"`
}

// exportShareGPT writes a leading system message as "system", user messages as human turns,
// assistant messages as gpt turns or, when they make calls, as one function_call turn (a call
// object, or an array of them for parallel calls; the message's text is dropped because the
// function_call turn has none), and each run of tool results as one observation turn: the
// result itself, or for several results a JSON array of their texts in call order.
func exportShareGPT(ex *Example) (any, error) {
	out := shareGPTExample{Conversations: []shareGPTTurn{}}
	msgs := ex.Messages
	if len(msgs) > 0 && msgs[0].Role == RoleSystem {
		out.System = msgs[0].Content
		msgs = msgs[1:]
	}
	offset := len(ex.Messages) - len(msgs)
	var pending pendingCalls
	for i := 0; i < len(msgs); i++ {
		m := msgs[i]
		field := fmt.Sprintf("messages[%d]", i+offset)
		var turn shareGPTTurn
		var err error
		switch {
		case m.Role == RoleUser:
			turn = shareGPTTurn{From: fromHuman, Value: m.Content}
			pending = pendingCalls{} // as import does: results never answer calls across turns
		case m.Role == RoleAssistant && len(m.ToolCalls) == 0:
			turn = shareGPTTurn{From: fromGPT, Value: m.Content}
			pending = pendingCalls{}
		case m.Role == RoleAssistant:
			turn.From = fromFunctionCall
			if turn.Value, err = shareGPTCalls(m.ToolCalls); err != nil {
				return nil, fieldError(field, err)
			}
			pending = pendingCalls{}
			for j, c := range m.ToolCalls {
				pending.add(pendingCall{name: c.Name, msg: i, call: j})
			}
		case m.Role == RoleTool:
			run := toolRun(msgs[i:])
			turn.From = fromObservation
			if turn.Value, err = shareGPTObservation(run, &pending); err != nil {
				return nil, fieldError(field, err)
			}
			i += len(run) - 1
		default:
			return nil, fieldError(field, fmt.Errorf("sharegpt cannot hold a %q message here (only a first system message)", m.Role))
		}
		out.Conversations = append(out.Conversations, turn)
	}
	if len(ex.Tools) > 0 {
		var err error
		if out.Tools, err = jsonString(ex.Tools); err != nil {
			return nil, fieldError("tools", err)
		}
	}
	return out, nil
}

// toolRun is the leading run of tool messages of msgs.
func toolRun(msgs []Message) []Message {
	n := 0
	for n < len(msgs) && msgs[n].Role == RoleTool {
		n++
	}
	return msgs[:n]
}

func shareGPTCalls(calls []ToolCall) (string, error) {
	out := make([]shareGPTCall, len(calls))
	for j, c := range calls {
		args, err := encodeArguments(c.Parameters)
		if err != nil {
			return "", fieldError(fmt.Sprintf("tool_calls[%d].parameters", j), err)
		}
		out[j] = shareGPTCall{Name: c.Name, Arguments: args}
	}
	var v any = out
	if len(out) == 1 {
		v = out[0]
	}
	raw, err := marshalCompact(v)
	return tools.PythonSpacing(raw), err
}

// shareGPTObservation merges a run of tool results into one observation value. Several results
// must answer exactly the calls awaiting them, so that import can hand them back by position;
// they are put in call order.
func shareGPTObservation(run []Message, pending *pendingCalls) (string, error) {
	if len(run) == 1 {
		if _, ok := pending.takeName(run[0].Name); !ok {
			return "", fmt.Errorf("result of %q answers no call awaiting a result", run[0].Name)
		}
		return run[0].Content, nil
	}
	if len(run) != len(pending.calls) {
		return "", fmt.Errorf("%d tool results answer a turn of %d calls; sharegpt can only merge results that answer every call", len(run), len(pending.calls))
	}
	texts := make([]string, len(run))
	order := slices.Clone(pending.calls)
	for _, m := range run {
		c, ok := pending.takeName(m.Name)
		if !ok {
			return "", fmt.Errorf("result of %q answers no call awaiting a result", m.Name)
		}
		texts[slices.Index(order, c)] = m.Content
	}
	raw, err := marshalCompact(texts)
	return tools.PythonSpacing(raw), err
}

func importShareGPT(raw json.RawMessage) (Example, error) {
	var in shareGPTExample
	if err := unmarshalNumbers(raw, &in); err != nil {
		return Example{}, err
	}
	var ex Example
	if in.System != "" {
		ex.Messages = append(ex.Messages, Message{Role: RoleSystem, Content: in.System})
	}
	var pending pendingCalls
	for i, t := range in.Conversations {
		field := fmt.Sprintf("conversations[%d]", i)
		switch from := strings.ToLower(t.From); from {
		case fromSystem:
			ex.Messages = append(ex.Messages, Message{Role: RoleSystem, Content: t.Value})
		case fromHuman, "user":
			pending = pendingCalls{}
			ex.Messages = append(ex.Messages, Message{Role: RoleUser, Content: t.Value})
		case fromGPT, "assistant":
			pending = pendingCalls{}
			ex.Messages = append(ex.Messages, Message{Role: RoleAssistant, Content: t.Value})
		case fromFunctionCall:
			calls, err := parseShareGPTCalls(t.Value)
			if err != nil {
				return Example{}, fieldError(field+".value", err)
			}
			pending = pendingCalls{}
			for j, c := range calls {
				pending.add(pendingCall{name: c.Name, msg: len(ex.Messages), call: j})
			}
			ex.Messages = append(ex.Messages, Message{Role: RoleAssistant, ToolCalls: calls})
		case fromObservation, "tool", "function":
			results, err := splitObservation(t.Value, &pending)
			if err != nil {
				return Example{}, fieldError(field, err)
			}
			ex.Messages = append(ex.Messages, results...)
		default:
			return Example{}, fieldError(field+".from", fmt.Errorf("unknown speaker %q (want human, gpt, function_call, observation or system)", t.From))
		}
	}
	var err error
	if ex.Tools, err = decodeToolList(in.Tools); err != nil {
		return Example{}, fieldError("tools", err)
	}
	return ex, nil
}

// parseShareGPTCalls reads a function_call value: one call object or an array of them.
func parseShareGPTCalls(value string) ([]ToolCall, error) {
	value = strings.TrimSpace(value)
	var items []shareGPTCall
	var err error
	if strings.HasPrefix(value, "[") {
		err = unmarshalNumbers([]byte(value), &items)
	} else {
		items = make([]shareGPTCall, 1)
		err = unmarshalNumbers([]byte(value), &items[0])
	}
	if err != nil {
		return nil, fmt.Errorf("want a call {\"name\", \"arguments\"} or an array of calls: %w", err)
	}
	if len(items) == 0 {
		return nil, errors.New("function_call turn without calls")
	}
	calls := make([]ToolCall, len(items))
	for j, it := range items {
		if it.Name == "" {
			return nil, fmt.Errorf("call %d has no \"name\"", j)
		}
		args, err := decodeArguments(it.Arguments)
		if err != nil {
			return nil, fmt.Errorf("call %d: arguments: %w", j, err)
		}
		calls[j] = ToolCall{Name: it.Name, Parameters: args}
	}
	return calls, nil
}

// splitObservation turns an observation into tool messages. After a turn of several calls, an
// observation holding a JSON array of exactly as many strings is one result per call, in call
// order; any other observation is the result of the earliest call still awaiting one.
func splitObservation(value string, pending *pendingCalls) ([]Message, error) {
	var texts []string
	trimmed := bytes.TrimSpace([]byte(value))
	if n := len(pending.calls); n > 1 && len(trimmed) > 0 && trimmed[0] == '[' &&
		json.Unmarshal(trimmed, &texts) == nil && len(texts) == n {
		out := make([]Message, n)
		for k, text := range texts {
			c, _ := pending.takeFirst()
			out[k] = Message{Role: RoleTool, Name: c.name, Content: text}
		}
		return out, nil
	}
	c, ok := pending.takeFirst()
	if !ok {
		return nil, errors.New("observation follows no function_call awaiting a result")
	}
	return []Message{{Role: RoleTool, Name: c.name, Content: value}}, nil
}
