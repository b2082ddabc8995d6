package tools

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestToolsJSONRoundTrip(t *testing.T) {
	tools := Builtins().Tools()
	data, err := json.Marshal(tools)
	if err != nil {
		t.Fatal(err)
	}
	var back []Tool
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, tools) {
		t.Fatalf("tools changed in a JSON round trip")
	}
	again, _ := json.Marshal(back)
	if string(again) != string(data) {
		t.Errorf("re-marshalled tools differ:\n%s\n%s", data, again)
	}
	// Property order is part of the prompt: check it in the JSON text itself.
	s := string(data)
	i, j, k := strings.Index(s, `"title":{`), strings.Index(s, `"date":{"type":"string","description":"Day of the event`), strings.Index(s, `"recurrence":{`)
	if i < 0 || j < 0 || k < 0 || !(i < j && j < k) {
		t.Errorf("create_calendar_event properties out of order in JSON (title %d, date %d, recurrence %d)", i, j, k)
	}
}

func writeTemp(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tools.json")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadFile(t *testing.T) {
	path := writeTemp(t, `[
	  {"name": "lookup_order", "description": "Find an order.",
	   "parameters": {"type": "object", "properties": {"order_id": {"type": "string"}, "verbose": {"type": "boolean"}}, "required": ["order_id"]}},
	  {"type": "function", "function": {"name": "refund", "description": "Refund an order.",
	   "parameters": {"type": "object", "properties": {"amount": {"type": "number", "minimum": 0}, "items": {"type": "array", "items": {"type": "integer"}}}}}}
	]`)
	r, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tools := r.Tools()
	if len(tools) != 2 || tools[0].Name != "lookup_order" || tools[1].Name != "refund" {
		t.Fatalf("loaded %v", tools)
	}
	if got := tools[0].Parameters.Properties.Names(); !reflect.DeepEqual(got, []string{"order_id", "verbose"}) {
		t.Errorf("property order = %v", got)
	}
	if !tools[0].IsRequired("order_id") || tools[1].Param("items").Items.Type != TypeInteger || *tools[1].Param("amount").Minimum != 0 {
		t.Errorf("schemas not loaded faithfully: %+v", tools)
	}
	for _, e := range r.Entries() {
		if e.Execute != nil || e.Domain != "custom" {
			t.Errorf("%s: loaded tool has executor %v, domain %q", e.Tool.Name, e.Execute != nil, e.Domain)
		}
	}
	if problems := tools[0].ValidateArgs(map[string]any{"verbose": "yes"}); len(problems) != 2 {
		t.Errorf("loaded schema does not validate: %v", problems)
	}
}

// TestLoadFileBuiltinsRoundTrip writes the built-in schemas in OpenAI's wrapped form and reads
// them back.
func TestLoadFileBuiltinsRoundTrip(t *testing.T) {
	var wrapped []map[string]any
	for _, tool := range Builtins().Tools() {
		wrapped = append(wrapped, map[string]any{"type": "function", "function": tool})
	}
	data, _ := json.Marshal(wrapped)
	r, err := LoadFile(writeTemp(t, string(data)))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r.Tools(), Builtins().Tools()) {
		t.Error("built-in tools changed through LoadFile")
	}
}

func TestLoadFileErrors(t *testing.T) {
	good := `{"name": "ok", "description": "d", "parameters": {"type": "object", "properties": {}}}`
	tests := []struct {
		name, content string
		want          []string
	}{
		{"not json", `[{"name": `, []string{"want a JSON array"}},
		{"not an array", `{"name": "x"}`, []string{"want a JSON array"}},
		{"bad parameters", `[` + good + `, {"name": "x", "parameters": "none"}]`, []string{"tool 1"}},
		{"no name", `[{"description": "d", "parameters": {"type": "object"}}]`, []string{"tool 0", "no name"}},
		{"duplicate", `[` + good + `,` + good + `]`, []string{"tool 1", `"ok" registered twice`}},
		{"array without items", `[` + good + `, {"name": "x", "parameters": {"type": "object"}}, {"name": "y", "parameters": {"type": "object", "properties": {"ids": {"type": "array"}}}}]`,
			[]string{"tool 2", "parameters.properties.ids: array without items"}},
		{"unknown type", `[{"name": "z", "parameters": {"type": "object", "properties": {"when": {"type": "datetime"}}}}]`,
			[]string{"tool 0", `unsupported type "datetime"`}},
		{"undeclared required", `[{"name": "z", "parameters": {"type": "object", "properties": {}, "required": ["q"]}}]`,
			[]string{"tool 0", `"q" is not a declared property`}},
		{"parameters not object", `[{"name": "z", "parameters": {"type": "string"}}]`, []string{"tool 0", `must have type "object"`}},
		{"duplicate property", `[{"name": "z", "parameters": {"type": "object", "properties": {"a": {"type": "string"}, "a": {"type": "string"}}}}]`,
			[]string{"tool 0", `property "a" declared twice`}},
	}
	for _, tt := range tests {
		path := writeTemp(t, tt.content)
		_, err := LoadFile(path)
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		for _, w := range append(tt.want, path) {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not mention %q", tt.name, err, w)
			}
		}
	}
	missing := filepath.Join(t.TempDir(), "absent.json")
	if _, err := LoadFile(missing); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: error %v does not name it", err)
	}
}

func TestSubset(t *testing.T) {
	all := Builtins()
	sub, err := all.Subset("send_email", "get_stock_price", "convert_currency")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tool := range sub.Tools() {
		names = append(names, tool.Name)
	}
	if !reflect.DeepEqual(names, []string{"send_email", "get_stock_price", "convert_currency"}) {
		t.Errorf("subset order = %v", names)
	}
	if !reflect.DeepEqual(sub.Domains(), []string{"conversion", "email", "stocks"}) {
		t.Errorf("subset domains = %v", sub.Domains())
	}
	e, _ := sub.Get("convert_currency")
	if out, err := e.Execute(map[string]any{"amount": 10, "from_currency": "USD", "to_currency": "EUR"}); err != nil || out["converted_amount"] != 9.2 {
		t.Errorf("subset executor: %v, %v", out, err)
	}
	// The subset's schemas are copies.
	e.Tool.Param("to_currency").Enum[0] = "XXX"
	*e.Tool.Param("amount") = Schema{Type: TypeString}
	orig, _ := all.Get("convert_currency")
	if orig.Tool.Param("to_currency").Enum[0] != "USD" || orig.Tool.Param("amount").Type != TypeNumber {
		t.Error("changing a subset changed the original registry")
	}

	for _, bad := range [][]string{{"no_such_tool"}, {"calculate", "calculate"}} {
		if _, err := all.Subset(bad...); err == nil {
			t.Errorf("Subset(%v): no error", bad)
		}
	}
	if _, err := all.Subset("nope"); err == nil || !strings.Contains(err.Error(), `unknown tool "nope"`) {
		t.Errorf("Subset(nope) error = %v", err)
	}
}

func TestZeroRegistryIsUsable(t *testing.T) {
	var r Registry
	tool := Tool{Name: "t", Parameters: Schema{Type: TypeObject}}
	if err := r.Add(Entry{Tool: tool}); err != nil {
		t.Fatal(err)
	}
	if _, ok := r.Get("t"); !ok || r.Len() != 1 {
		t.Error("zero Registry lost its tool")
	}
}

func TestSelect(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "mine")
	if err := os.WriteFile(file, []byte(`[{"name": "ping", "description": "Ping a host.", "parameters": {"type": "object", "properties": {"host": {"type": "string"}}}}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	names := func(r *Registry) []string {
		var out []string
		for _, tool := range r.Tools() {
			out = append(out, tool.Name)
		}
		return out
	}
	for _, tc := range []struct {
		spec string
		want []string
	}{
		{"builtin", names(Builtins())},
		{"basic", BasicToolNames()},
		{" get_current_weather, web_search ", []string{"get_current_weather", "web_search"}},
		{"play_music", []string{"play_music"}},
		{file, []string{"ping"}}, // an existing file without the .json suffix
	} {
		r, err := Select(tc.spec)
		if err != nil {
			t.Errorf("Select(%q): %v", tc.spec, err)
			continue
		}
		if got := names(r); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Select(%q) = %v, want %v", tc.spec, got, tc.want)
		}
	}
	// Names keep the built-in executors: data can be generated for a subset.
	r, _ := Select("get_current_weather,web_search")
	if e, _ := r.Get("web_search"); e.Execute == nil {
		t.Error("Select by names lost the built-in executor")
	}
	for _, tc := range []struct{ spec, wantErr string }{
		{"", "empty selection"},
		{"get_current_weather,no_such_tool", `unknown tool "no_such_tool"`},
		{filepath.Join(dir, "absent.json"), "absent.json"},
	} {
		if _, err := Select(tc.spec); err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("Select(%q) error = %v, want one containing %q", tc.spec, err, tc.wantErr)
		}
	}
}
