package eval

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tooltune/tooltune/lib/tools"
)

func TestCompareParameters(t *testing.T) {
	tests := []struct {
		name       string
		tool       string
		want, got  string
		key        string
		ok         bool
		reasonPart string
	}{
		// types
		{"integer ok", "get_weather", `{"location": "Paris", "days": 5}`, `{"location": "Paris", "days": 5}`, "days", true, ""},
		{"string 5 for integer", "get_weather", `{"location": "Paris", "days": 5}`, `{"location": "Paris", "days": "5"}`, "days", false, "wrong type: got string"},
		{"5.5 for integer", "get_weather", `{"location": "Paris", "days": 5}`, `{"location": "Paris", "days": 5.5}`, "days", false, "want integer"},
		{"float literal 5.0 for integer", "get_weather", `{"location": "Paris", "days": 5}`, `{"location": "Paris", "days": 5.0}`, "days", false, "got float 5.0"},
		{"exponent literal for integer", "get_weather", `{"location": "Paris", "days": 5}`, `{"location": "Paris", "days": 5e0}`, "days", false, "want integer"},
		{"integer for number", "convert_currency", `{"amount": 5.0, "to": "USD"}`, `{"amount": 5, "to": "USD"}`, "amount", true, ""},
		{"string for number", "convert_currency", `{"amount": 5, "to": "USD"}`, `{"amount": "5", "to": "USD"}`, "amount", false, "wrong type"},
		{"null value", "get_weather", `{"location": "Paris"}`, `{"location": null}`, "location", false, "null"},
		{"bool as string", "convert_currency", `{"amount": 1, "to": "USD", "round": true}`, `{"amount": 1, "to": "USD", "round": "true"}`, "round", false, "want boolean"},
		{"bool ok", "convert_currency", `{"amount": 1, "to": "USD", "round": true}`, `{"amount": 1, "to": "USD", "round": true}`, "round", true, ""},
		// numbers
		{"within 1e-6 relative", "convert_currency", `{"amount": 1000000, "to": "USD"}`, `{"amount": 1000000.5, "to": "USD"}`, "amount", true, ""},
		{"beyond 1e-6 relative", "convert_currency", `{"amount": 1000000, "to": "USD"}`, `{"amount": 1000002, "to": "USD"}`, "amount", false, "value differs"},
		{"float rounding", "convert_currency", `{"amount": 0.3, "to": "USD"}`, `{"amount": 0.30000000000000004, "to": "USD"}`, "amount", true, ""},
		{"zero vs tiny", "convert_currency", `{"amount": 0, "to": "USD"}`, `{"amount": 1e-9, "to": "USD"}`, "amount", false, "value differs"},
		// strings
		{"free text case and punctuation", "get_weather", `{"location": "New York, NY"}`, `{"location": "  new york ny "}`, "location", true, ""},
		{"free text differs", "get_weather", `{"location": "Paris"}`, `{"location": "Lyon"}`, "location", false, `expected "Paris"`},
		{"enum case-insensitive", "get_weather", `{"location": "Paris", "unit": "fahrenheit"}`, `{"location": "Paris", "unit": "Fahrenheit"}`, "unit", true, ""},
		{"enum not punctuation-insensitive", "convert_currency", `{"amount": 1, "to": "USD"}`, `{"amount": 1, "to": "U.S.D"}`, "to", false, "value differs"},
		{"format string exact", "create_event", `{"title": "x", "date": "2024-05-01"}`, `{"title": "x", "date": "20240501"}`, "date", false, "value differs"},
		{"format string trimmed", "create_event", `{"title": "x", "date": "2024-05-01"}`, `{"title": "x", "date": " 2024-05-01"}`, "date", true, ""},
		// optional and unknown parameters
		{"missing optional equal to description default", "get_weather", `{"location": "Paris", "unit": "celsius"}`, `{"location": "Paris"}`, "unit", true, "default"},
		{"missing optional integer default", "get_weather", `{"location": "Paris", "days": 1}`, `{"location": "Paris"}`, "days", true, "default"},
		{"missing optional schema default", "convert_currency", `{"amount": 1, "to": "USD", "round": false}`, `{"amount": 1, "to": "USD"}`, "round", true, "default"},
		{"missing optional not default", "get_weather", `{"location": "Paris", "unit": "fahrenheit"}`, `{"location": "Paris"}`, "unit", false, "not the expected value"},
		{"missing optional without default", "create_event", `{"title": "x", "date": "2024-05-01", "steps": ["a"]}`, `{"title": "x", "date": "2024-05-01"}`, "steps", false, "no default"},
		{"missing required", "get_weather", `{"location": "Paris"}`, `{"unit": "celsius"}`, "location", false, "missing required"},
		{"added optional at default", "get_weather", `{"location": "Paris"}`, `{"location": "Paris", "unit": "celsius"}`, "unit", true, "default"},
		{"added optional not default", "get_weather", `{"location": "Paris"}`, `{"location": "Paris", "unit": "fahrenheit"}`, "unit", false, "not in the expected call"},
		{"extra unknown parameter", "get_weather", `{"location": "Paris"}`, `{"location": "Paris", "country": "FR"}`, "country", false, "unknown parameter"},
		// arrays
		{"ordered array same", "create_event", `{"title": "x", "date": "2024-05-01", "steps": ["Intro", "Demo"]}`, `{"title": "x", "date": "2024-05-01", "steps": ["intro", "demo"]}`, "steps", true, ""},
		{"ordered array swapped", "create_event", `{"title": "x", "date": "2024-05-01", "steps": ["Intro", "Demo"]}`, `{"title": "x", "date": "2024-05-01", "steps": ["Demo", "Intro"]}`, "steps", false, "[0]"},
		{"unordered array swapped", "create_event", `{"title": "x", "date": "2024-05-01", "attendees": ["a@x.com", "b@x.com"]}`, `{"title": "x", "date": "2024-05-01", "attendees": ["B@x.com", "a@x.com"]}`, "attendees", true, ""},
		{"unordered array repeats an item", "create_event", `{"title": "x", "date": "2024-05-01", "attendees": ["a@x.com", "b@x.com"]}`, `{"title": "x", "date": "2024-05-01", "attendees": ["a@x.com", "a@x.com"]}`, "attendees", false, "no item matches"},
		{"array length", "create_event", `{"title": "x", "date": "2024-05-01", "steps": ["a"]}`, `{"title": "x", "date": "2024-05-01", "steps": ["a", "b"]}`, "steps", false, "got 2 items, want 1"},
		{"array as string", "create_event", `{"title": "x", "date": "2024-05-01", "steps": ["a"]}`, `{"title": "x", "date": "2024-05-01", "steps": "a"}`, "steps", false, "want array"},
		// reference values that do not fit their schema are compared as they are
		{"expected string for an integer", "get_weather", `{"location": "Paris", "days": "two"}`, `{"location": "Paris", "days": 2}`, "days", false, `expected "two"`},
		{"expected number for a string", "get_weather", `{"location": 75001}`, `{"location": "75001"}`, "location", false, "expected 75001"},
		{"expected string for an array", "create_event", `{"title": "x", "date": "2024-05-01", "steps": "a"}`, `{"title": "x", "date": "2024-05-01", "steps": ["a"]}`, "steps", false, `expected "a"`},
		// nested objects
		{"nested ok with default omitted", "create_event", `{"title": "x", "date": "2024-05-01", "options": {"private": true, "reminder_minutes": 10}}`, `{"title": "x", "date": "2024-05-01", "options": {"private": true}}`, "options", true, ""},
		{"nested wrong type", "create_event", `{"title": "x", "date": "2024-05-01", "options": {"private": true}}`, `{"title": "x", "date": "2024-05-01", "options": {"private": "yes"}}`, "options", false, "private: wrong type"},
		{"nested unknown key", "create_event", `{"title": "x", "date": "2024-05-01", "options": {"private": true}}`, `{"title": "x", "date": "2024-05-01", "options": {"private": true, "color": "red"}}`, "options", false, "color: unknown parameter"},
	}
	ts := testTools(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tool := toolNamed(ts, tt.tool)
			results := compareObject(&tool.Parameters, obj(t, tt.want), obj(t, tt.got))
			var r *keyResult
			for i := range results {
				if results[i].key == tt.key {
					r = &results[i]
				}
			}
			if r == nil {
				t.Fatalf("no verdict on %q in %+v", tt.key, results)
			}
			if r.ok != tt.ok || !strings.Contains(r.reason, tt.reasonPart) {
				t.Errorf("%s: ok=%v reason=%q, want ok=%v reason containing %q", tt.key, r.ok, r.reason, tt.ok, tt.reasonPart)
			}
		})
	}
}

func TestCompareObjectKeyOrder(t *testing.T) {
	tool := toolNamed(testTools(t), "get_weather")
	results := compareObject(&tool.Parameters, obj(t, `{"days": 2, "location": "Paris"}`), obj(t, `{"zeta": 1, "alpha": 2, "unit": "celsius", "location": "Paris"}`))
	var keys []string
	for _, r := range results {
		keys = append(keys, r.key)
	}
	// Schema order first (location, unit, days), then unknown keys alphabetically.
	if got, want := strings.Join(keys, ","), "location,unit,days,alpha,zeta"; got != want {
		t.Errorf("key order %s, want %s", got, want)
	}
}

func TestCompareValueWithoutSchema(t *testing.T) {
	tests := []struct {
		want, got string
		ok        bool
	}{
		{`{"v": "Hello, World"}`, `{"v": "hello world"}`, true},
		{`{"v": 2}`, `{"v": 2.0000000001}`, true},
		{`{"v": 2}`, `{"v": "2"}`, false},
		{`{"v": [1, 2]}`, `{"v": [2, 1]}`, false},
		{`{"v": {"a": 1}}`, `{"v": {"a": 1}}`, true},
		{`{"v": {"a": 1}}`, `{"v": {"a": 1, "b": 2}}`, false},
		{`{"v": true}`, `{"v": false}`, false},
		{`{"v": null}`, `{"v": null}`, true},
	}
	for _, tt := range tests {
		reason := compareValue(nil, obj(t, tt.want)["v"], obj(t, tt.got)["v"])
		if (reason == "") != tt.ok {
			t.Errorf("compare %s with %s: reason %q, want ok=%v", tt.got, tt.want, reason, tt.ok)
		}
	}
}

func TestParamDefault(t *testing.T) {
	tests := []struct {
		name   string
		schema tools.Schema
		want   any
		ok     bool
	}{
		{"schema default wins", tools.Schema{Type: tools.TypeInteger, Default: 3.0, Description: "Defaults to 5."}, 3.0, true},
		{"enum from description", tools.Schema{Type: tools.TypeString, Enum: []any{"celsius", "fahrenheit"}, Description: "Unit. Defaults to Celsius."}, "celsius", true},
		{"enum word not a value", tools.Schema{Type: tools.TypeString, Enum: []any{"a", "b"}, Description: "Defaults to c."}, nil, false},
		{"free text not trusted", tools.Schema{Type: tools.TypeString, Description: "Defaults to the user's city."}, nil, false},
		{"integer", tools.Schema{Type: tools.TypeInteger, Description: "How many (1 to 10). Defaults to 5."}, 5.0, true},
		{"integer rejects fraction", tools.Schema{Type: tools.TypeInteger, Description: "Defaults to 2.5."}, nil, false},
		{"number with dot", tools.Schema{Type: tools.TypeNumber, Description: "Radius. Defaults to 0.5. Max 50."}, 0.5, true},
		{"boolean", tools.Schema{Type: tools.TypeBoolean, Description: "Play in random order. Defaults to false."}, false, true},
		{"quoted", tools.Schema{Type: tools.TypeString, Enum: []any{"x y"}, Description: `Defaults to "x y".`}, "x y", true},
		{"line break after", tools.Schema{Type: tools.TypeInteger, Description: "How many. Defaults to 7.\nAt most 9."}, 7.0, true},
		{"nothing after the marker", tools.Schema{Type: tools.TypeInteger, Description: "How many. Defaults to"}, nil, false},
		{"unclosed quote", tools.Schema{Type: tools.TypeString, Enum: []any{"x"}, Description: `Defaults to "x`}, nil, false},
		{"none", tools.Schema{Type: tools.TypeInteger, Description: "How many."}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := paramDefault(&tt.schema)
			if ok != tt.ok || (ok && !tools.ValuesEqual(got, tt.want)) {
				t.Errorf("paramDefault = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
	if _, ok := paramDefault(nil); ok {
		t.Error("paramDefault(nil) reported a default")
	}
}

func TestShowValueClipsAtCharacterBoundary(t *testing.T) {
	long := strings.Repeat("é", 100) // 2 bytes each: byte 80 is a boundary, 79 is not
	for _, prefix := range []string{"", "x"} {
		got := showValue(prefix + long)
		if !utf8.ValidString(got) || !strings.HasSuffix(got, "...") || len(got) > 83 {
			t.Errorf("showValue clipped %q badly: %q", prefix, got)
		}
	}
	if got := showValue("short"); got != `"short"` {
		t.Errorf("showValue(short) = %s", got)
	}
}
