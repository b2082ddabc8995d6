package tools

import (
	"fmt"
	"os"
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

// BasicToolNames are the built-in tools whose arguments a model can take from the request
// itself: words to copy (a city, a search query, an email address), numbers, and names from a
// fixed list (units, currencies, languages, place types). The others also need knowledge a
// small model lacks for places and firms it has not seen (airport codes, time zones, tickers)
// or arithmetic on dates ("next Friday" as YYYY-MM-DD). The default run of tool_using trains on
// these, so that its tiny model has a task it can learn in minutes.
func BasicToolNames() []string {
	return []string{
		"get_current_weather", "get_weather_forecast", "find_nearby_places", "get_directions",
		"get_news_headlines", "play_music", "send_email", "translate_text", "web_search",
		"convert_units", "convert_currency",
	}
}

// Select resolves a tool selection as the command-line tools take it: "builtin" is every
// built-in tool and "basic" those of BasicToolNames; a JSON file (an existing file, or any name
// ending in ".json") gives that file's schemas (LoadFile); anything else is a comma-separated
// list of built-in tool names, whose subset keeps the built-in generators and executors, so
// that data can be generated for just those tools. An empty spec is an error: callers decide
// what "none" means.
func Select(spec string) (*Registry, error) {
	spec = strings.TrimSpace(spec)
	switch {
	case spec == "":
		return nil, fmt.Errorf("tools: empty selection (want \"builtin\", \"basic\", a JSON file or tool names)")
	case spec == "builtin":
		return Builtins(), nil
	case spec == "basic":
		return Builtins().Subset(BasicToolNames()...)
	case strings.HasSuffix(spec, ".json") || isFile(spec):
		return LoadFile(spec)
	}
	var names []string
	for _, n := range strings.Split(spec, ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	return Builtins().Subset(names...)
}

func isFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}
