// Package tools describes the tools a model may call: their names, what they do and the
// typed parameters they take, rendered as OpenAI-style JSON Schema ("function" objects).
//
// A Tool is data (it round-trips through JSON unchanged); what a tool does when called is an
// Executor, kept apart so that tool schemas loaded from a user's JSON file work everywhere a
// built-in tool does.
package tools

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Type names of the JSON Schema subset that tool parameters use.
const (
	TypeString  = "string"
	TypeInteger = "integer"
	TypeNumber  = "number"
	TypeBoolean = "boolean"
	TypeArray   = "array"
	TypeObject  = "object"
)

// Schema is the JSON Schema subset used by tool parameters: a scalar with an optional enum,
// an array with an item schema, or an object with named properties.
//
// Properties keep their declaration order, both in Go and in JSON, because the order in which
// parameters are listed is what a model sees in its prompt.
type Schema struct {
	Type        string     `json:"type"`
	Description string     `json:"description,omitempty"`
	Enum        []any      `json:"enum,omitempty"`
	Items       *Schema    `json:"items,omitempty"`
	Properties  Properties `json:"properties,omitempty"`
	Required    []string   `json:"required,omitempty"`
	// Format is an informational hint such as "date" (YYYY-MM-DD) or "email"; checked by Validate.
	Format string `json:"format,omitempty"`
	// Minimum and Maximum bound numbers and integers when set.
	Minimum *float64 `json:"minimum,omitempty"`
	Maximum *float64 `json:"maximum,omitempty"`
	Default any      `json:"default,omitempty"`
}

// Property is one named entry of an object schema.
type Property struct {
	Name   string
	Schema *Schema
}

// Properties is an ordered list of object properties. It marshals to a JSON object whose keys
// keep the list's order.
type Properties []Property

// Get returns the schema of the property called name, or nil.
func (ps Properties) Get(name string) *Schema {
	for _, p := range ps {
		if p.Name == name {
			return p.Schema
		}
	}
	return nil
}

// Names lists the property names in order.
func (ps Properties) Names() []string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return names
}

// MarshalJSON writes the properties as a JSON object in declaration order.
func (ps Properties) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, p := range ps {
		if i > 0 {
			buf.WriteByte(',')
		}
		key, err := json.Marshal(p.Name)
		if err != nil {
			return nil, err
		}
		val, err := json.Marshal(p.Schema)
		if err != nil {
			return nil, fmt.Errorf("property %q: %w", p.Name, err)
		}
		buf.Write(key)
		buf.WriteByte(':')
		buf.Write(val)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// UnmarshalJSON reads a JSON object of schemas, keeping the order of its keys.
func (ps *Properties) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fmt.Errorf("properties must be a JSON object, got %v", tok)
	}
	var out Properties
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		name, ok := tok.(string)
		if !ok {
			return fmt.Errorf("property name must be a string, got %v", tok)
		}
		var s Schema
		if err := dec.Decode(&s); err != nil {
			return fmt.Errorf("property %q: %w", name, err)
		}
		if out.Get(name) != nil {
			return fmt.Errorf("property %q declared twice", name)
		}
		out = append(out, Property{Name: name, Schema: &s})
	}
	if _, err := dec.Token(); err != nil {
		return err
	}
	*ps = out
	return nil
}

// Tool is a callable function as described to a model: OpenAI's function schema
// {"name", "description", "parameters": {"type": "object", "properties", "required"}}.
type Tool struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Parameters  Schema `json:"parameters"`
}

// Param returns the schema of the named parameter, or nil when the tool has none by that name.
func (t *Tool) Param(name string) *Schema { return t.Parameters.Properties.Get(name) }

// IsRequired reports whether the named parameter must be present in a call.
func (t *Tool) IsRequired(name string) bool {
	for _, r := range t.Parameters.Required {
		if r == name {
			return true
		}
	}
	return false
}
