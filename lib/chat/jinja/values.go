package jinja

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"

	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

// keyOrder remembers the key order of the JSON objects handed to a template. Templates see
// plain Go maps (so that every gonja filter, test and method works on them), and Go maps have
// no order; but a template's `tojson` must print keys in the order Python's dict would have
// (declaration order for tool schemas), so the order is kept aside, keyed by map identity.
// Maps the template creates itself are not in the table and print with sorted keys.
type keyOrder map[uintptr][]string

// mapID identifies a map by the address of its header.
func mapID(m any) (uintptr, bool) {
	v := reflect.ValueOf(m)
	if v.Kind() != reflect.Map {
		return 0, false
	}
	return uintptr(v.UnsafePointer()), true
}

// keys returns m's keys: first the remembered ones still present, in order, then any others
// (added by the template) sorted.
func (o keyOrder) keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	seen := make(map[string]bool, len(m))
	if id, ok := mapID(m); ok {
		for _, k := range o[id] {
			if _, present := m[k]; present && !seen[k] {
				out = append(out, k)
				seen[k] = true
			}
		}
	}
	var rest []string
	for k := range m {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

// object builds a map from alternating keys and values and records its key order.
func (o keyOrder) object(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	keys := make([]string, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		k := kv[i].(string)
		m[k] = kv[i+1]
		keys = append(keys, k)
	}
	id, _ := mapID(m)
	o[id] = keys
	return m
}

// decodeJSON decodes JSON into maps, slices, strings, bools, nil, ints (numbers without
// fraction or exponent, as Python's json.loads gives) and float64s, recording object key order.
func (o keyOrder) decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := o.decodeValue(dec)
	if err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("trailing data after JSON value")
	}
	return v, nil
}

func (o keyOrder) decodeValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			list := []any{}
			for dec.More() {
				item, err := o.decodeValue(dec)
				if err != nil {
					return nil, err
				}
				list = append(list, item)
			}
			_, err := dec.Token()
			return list, err
		}
		var kv []any
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return nil, err
			}
			val, err := o.decodeValue(dec)
			if err != nil {
				return nil, err
			}
			kv = append(kv, key, val)
		}
		if _, err := dec.Token(); err != nil {
			return nil, err
		}
		return o.object(kv...), nil
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return int(i), nil
		}
		return t.Float64()
	default:
		return t, nil
	}
}

// jsonValue converts v to template data through its JSON form, keeping key order.
func (o keyOrder) jsonValue(v any) (any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return o.decodeJSON(data)
}

// templateMessages converts ToolTune messages to the OpenAI/Hugging Face form chat templates
// expect: assistant tool calls become {"type": "function", "function": {"name", "arguments"}}
// with arguments as a mapping (keys sorted, since dataset.ToolCall keeps them in a Go map),
// and tool messages keep the "name" of the tool that answered.
func (o keyOrder) templateMessages(msgs []dataset.Message) ([]any, error) {
	out := make([]any, len(msgs))
	for i, m := range msgs {
		if err := checkMessage(m); err != nil {
			return nil, fmt.Errorf("message %d: %w", i, err)
		}
		kv := []any{"role", m.Role, "content", m.Content}
		if len(m.ToolCalls) > 0 {
			calls := make([]any, len(m.ToolCalls))
			for j, c := range m.ToolCalls {
				args, err := o.jsonValue(c.Parameters)
				if err != nil {
					return nil, fmt.Errorf("message %d: tool_calls[%d].parameters: %w", i, j, err)
				}
				if args == nil {
					args = o.object()
				}
				calls[j] = o.object("type", "function", "function", o.object("name", c.Name, "arguments", args))
			}
			kv = append(kv, "tool_calls", calls)
		}
		if m.Name != "" {
			kv = append(kv, "name", m.Name)
		}
		out[i] = o.object(kv...)
	}
	return out, nil
}

// checkMessage rejects messages no chat template can render faithfully.
func checkMessage(m dataset.Message) error {
	switch m.Role {
	case dataset.RoleSystem, dataset.RoleUser, dataset.RoleAssistant, dataset.RoleTool:
	default:
		return fmt.Errorf("role: unknown role %q", m.Role)
	}
	if len(m.ToolCalls) > 0 && m.Role != dataset.RoleAssistant {
		return fmt.Errorf("tool_calls: only assistant messages make tool calls, not %q", m.Role)
	}
	for j, c := range m.ToolCalls {
		if c.Name == "" {
			return fmt.Errorf("tool_calls[%d].name: empty", j)
		}
	}
	return nil
}

// templateTools converts tool schemas to the OpenAI form {"type": "function", "function":
// {...}}, or nil (Python's None) when there are none, as transformers passes tools=None.
func (o keyOrder) templateTools(ts []tools.Tool) ([]any, error) {
	if len(ts) == 0 {
		return nil, nil
	}
	out := make([]any, len(ts))
	for i := range ts {
		fn, err := o.jsonValue(&ts[i])
		if err != nil {
			return nil, fmt.Errorf("tools[%d] (%s): %w", i, ts[i].Name, err)
		}
		out[i] = o.object("type", "function", "function", fn)
	}
	return out, nil
}
