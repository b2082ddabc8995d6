package tools

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
)

// Executor runs a tool on validated arguments and returns its JSON-like result. Simulated
// executors are deterministic: the same arguments always give the same result, so that
// generated datasets are reproducible byte for byte.
type Executor func(args map[string]any) (map[string]any, error)

// Entry is a registered tool: its schema, the domain it belongs to (weather, email, ...) and
// how to execute it. Execute is nil for tools loaded from a schema file without an executor.
type Entry struct {
	Tool    Tool
	Domain  string
	Execute Executor
}

// Registry is an ordered set of tools, looked up by name.
type Registry struct {
	entries []*Entry
	index   map[string]int
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{index: map[string]int{}} }

// Add registers a tool. It fails if the name is empty, taken, or the schema is not an object.
func (r *Registry) Add(e Entry) error {
	if e.Tool.Name == "" {
		return fmt.Errorf("tool has no name")
	}
	if _, dup := r.index[e.Tool.Name]; dup {
		return fmt.Errorf("tool %q registered twice", e.Tool.Name)
	}
	if err := e.Tool.Check(); err != nil {
		return err
	}
	if r.index == nil { // a zero Registry is usable, as NewRegistry's result is
		r.index = map[string]int{}
	}
	r.index[e.Tool.Name] = len(r.entries)
	r.entries = append(r.entries, &e)
	return nil
}

// Get returns the entry of the named tool.
func (r *Registry) Get(name string) (*Entry, bool) {
	i, ok := r.index[name]
	if !ok {
		return nil, false
	}
	return r.entries[i], true
}

// Len is the number of registered tools.
func (r *Registry) Len() int { return len(r.entries) }

// Entries returns the registered entries in registration order.
func (r *Registry) Entries() []*Entry { return append([]*Entry(nil), r.entries...) }

// Tools returns the tool schemas in registration order.
func (r *Registry) Tools() []Tool {
	out := make([]Tool, len(r.entries))
	for i, e := range r.entries {
		out[i] = e.Tool
	}
	return out
}

// Domains lists the distinct domains, sorted.
func (r *Registry) Domains() []string {
	seen := map[string]bool{}
	var out []string
	for _, e := range r.entries {
		if !seen[e.Domain] {
			seen[e.Domain] = true
			out = append(out, e.Domain)
		}
	}
	sort.Strings(out)
	return out
}

// Check verifies that a tool schema is well formed: a name, an object parameter schema, known
// types, items for arrays, and required names that are declared properties.
func (t *Tool) Check() error {
	if t.Name == "" {
		return fmt.Errorf("tool has no name")
	}
	if t.Parameters.Type != TypeObject {
		return fmt.Errorf("tool %q: parameters must have type \"object\", got %q", t.Name, t.Parameters.Type)
	}
	if err := checkSchema(&t.Parameters, "parameters"); err != nil {
		return fmt.Errorf("tool %q: %w", t.Name, err)
	}
	return nil
}

func checkSchema(s *Schema, path string) error {
	switch s.Type {
	case TypeString, TypeInteger, TypeNumber, TypeBoolean:
	case TypeArray:
		if s.Items == nil {
			return fmt.Errorf("%s: array without items", path)
		}
		return checkSchema(s.Items, path+".items")
	case TypeObject:
		for _, p := range s.Properties {
			if p.Schema == nil {
				return fmt.Errorf("%s.properties.%s: no schema", path, p.Name)
			}
			if err := checkSchema(p.Schema, path+".properties."+p.Name); err != nil {
				return err
			}
		}
		for _, r := range s.Required {
			if s.Properties.Get(r) == nil {
				return fmt.Errorf("%s.required: %q is not a declared property", path, r)
			}
		}
	default:
		return fmt.Errorf("%s: unsupported type %q", path, s.Type)
	}
	return nil
}

// LoadFile reads tool schemas from a JSON file: an array of tools, either bare function objects
// {"name", "description", "parameters"} or OpenAI's wrapped form {"type": "function",
// "function": {...}}. Loaded tools have no executor.
func LoadFile(path string) (*Registry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%s: want a JSON array of tool schemas: %w", path, err)
	}
	r := NewRegistry()
	for i, msg := range raw {
		var wrapped struct {
			Type     string          `json:"type"`
			Function json.RawMessage `json:"function"`
		}
		if err := json.Unmarshal(msg, &wrapped); err == nil && wrapped.Type == "function" && len(wrapped.Function) > 0 {
			msg = wrapped.Function
		}
		var t Tool
		if err := json.Unmarshal(msg, &t); err != nil {
			return nil, fmt.Errorf("%s: tool %d: %w", path, i, err)
		}
		if err := r.Add(Entry{Tool: t, Domain: "custom"}); err != nil {
			return nil, fmt.Errorf("%s: tool %d: %w", path, i, err)
		}
	}
	return r, nil
}
