package tools

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestCanonicalJSON(t *testing.T) {
	type point struct {
		Y int    `json:"y"`
		X string `json:"x"`
	}
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"nil", nil, "null"},
		{"sorted keys", map[string]any{"b": 1, "a": map[string]any{"d": true, "c": nil}}, `{"a":{"c":null,"d":true},"b":1}`},
		{"int", 5, "5"},
		{"float with zero fraction", 5.0, "5"},
		{"json.Number", json.Number("5.0"), "5"},
		{"int64", int64(-12), "-12"},
		{"uint8 via encoding/json", uint8(7), "7"},
		{"fraction", 0.1, "0.1"},
		{"large", 1e21, "1e+21"},
		{"small", 1e-7, "1e-7"},
		{"no HTML escaping", "<a & b>", `"<a & b>"`},
		{"escapes", "quote\" back\\ nl\n tab\t", `"quote\" back\\ nl\n tab\t"`},
		{"unicode", "café 東京", `"café 東京"`},
		{"array", []any{3, "x", []any{}}, `[3,"x",[]]`},
		{"nil slice", []any(nil), "null"},
		{"nil map", map[string]any(nil), "null"},
		{"empty map", map[string]any{}, "{}"},
		{"struct keys sorted", point{Y: 1, X: "a"}, `{"x":"a","y":1}`},
		{"typed slice", []string{"b", "a"}, `["b","a"]`},
		{"NaN", math.NaN(), "null"},
		{"Inf in a map", map[string]any{"x": math.Inf(1)}, `{"x":null}`},
		{"channel", make(chan int), "null"},
		{"bad json.Number", json.Number("1e999"), "null"},
	}
	for _, tt := range tests {
		if got := CanonicalJSON(tt.in); got != tt.want {
			t.Errorf("%s: CanonicalJSON(%#v) = %s, want %s", tt.name, tt.in, got, tt.want)
		}
	}
}

// TestCanonicalStringsMatchEncodingJSON compares string quoting with encoding/json (HTML
// escaping off) on every control character, quotes, invalid UTF-8 and the JavaScript line
// separators.
func TestCanonicalStringsMatchEncodingJSON(t *testing.T) {
	inputs := []string{"", "plain", "<&>", "\"\\/", "\u2028\u2029", "bad \xff\xfe utf8", "é東\U0001F600"}
	for c := rune(0); c < 0x20; c++ {
		inputs = append(inputs, "a"+string(c)+"b")
	}
	for _, in := range inputs {
		var buf strings.Builder
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(in); err != nil {
			t.Fatal(err)
		}
		if got, want := CanonicalJSON(in), strings.TrimSuffix(buf.String(), "\n"); got != want {
			t.Errorf("CanonicalJSON(%q) = %s, encoding/json gives %s", in, got, want)
		}
	}
}

// TestCanonicalJSONIsValidJSON checks that the output parses back to an equal value.
func TestCanonicalJSONIsValidJSON(t *testing.T) {
	in := map[string]any{"s": "<x>", "n": []any{1.5, -2.0, 1e300}, "o": map[string]any{"k": false}}
	var back any
	if err := json.Unmarshal([]byte(CanonicalJSON(in)), &back); err != nil {
		t.Fatal(err)
	}
	if !ValuesEqual(back, in) {
		t.Errorf("round trip gave %v, want %v", back, in)
	}
}

func BenchmarkCanonicalJSON(b *testing.B) {
	v := map[string]any{"title": "Team sync", "date": "2025-01-31", "attendees": []any{"a@example.com", "b@example.com"},
		"recurrence": map[string]any{"frequency": "weekly", "count": 4}}
	for b.Loop() {
		CanonicalJSON(v)
	}
}
