package tools

import (
	"fmt"
	"strings"
)

// Subset returns a new registry holding only the named tools, in the order given, with their
// domains and executors. It fails on an unknown or repeated name. The subset's schemas are
// deep copies, so changing them leaves r untouched.
func (r *Registry) Subset(names ...string) (*Registry, error) {
	out := NewRegistry()
	for _, name := range names {
		e, ok := r.Get(name)
		if !ok {
			return nil, fmt.Errorf("subset: unknown tool %q (have %s)", name, strings.Join(r.names(), ", "))
		}
		c := *e
		c.Tool = cloneTool(e.Tool)
		if err := out.Add(c); err != nil {
			return nil, fmt.Errorf("subset: %w", err)
		}
	}
	return out, nil
}

func (r *Registry) names() []string {
	names := make([]string, 0, r.Len())
	for _, e := range r.Entries() {
		names = append(names, e.Tool.Name)
	}
	return names
}

func cloneTool(t Tool) Tool {
	t.Parameters = *cloneSchema(&t.Parameters)
	return t
}

// cloneSchema copies a schema and everything it points to. Enum and Default values are JSON
// scalars in practice and are copied by value; nested arrays and objects among them are shared.
func cloneSchema(s *Schema) *Schema {
	if s == nil {
		return nil
	}
	c := *s
	c.Enum = append([]any(nil), s.Enum...)
	c.Required = append([]string(nil), s.Required...)
	c.Items = cloneSchema(s.Items)
	if s.Properties != nil {
		c.Properties = make(Properties, len(s.Properties))
		for i, p := range s.Properties {
			c.Properties[i] = Property{Name: p.Name, Schema: cloneSchema(p.Schema)}
		}
	}
	if s.Minimum != nil {
		lo := *s.Minimum
		c.Minimum = &lo
	}
	if s.Maximum != nil {
		hi := *s.Maximum
		c.Maximum = &hi
	}
	return &c
}
