package chat

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
)

// The expected texts were checked against Python 3's
// json.dumps(value, sort_keys=True, ensure_ascii=False), except where a comment says this
// package differs on purpose.
func TestAppendPyJSON(t *testing.T) {
	type point struct {
		X int     `json:"x"`
		Y float64 `json:"y"`
	}
	for _, tc := range []struct {
		name string
		in   any
		want string
	}{
		{"sorted keys and spaced separators", map[string]any{"b": 1, "a": "x", "c": []any{1, true, nil}}, `{"a": "x", "b": 1, "c": [1, true, null]}`},
		{"empty containers", map[string]any{"a": []any{}, "b": map[string]any{}}, `{"a": [], "b": {}}`},
		{"unicode keys sort by code point", map[string]any{"é": 1, "z": 2, "A": 3}, `{"A": 3, "z": 2, "é": 1}`},
		{"non-ASCII as-is", "Zürich 東京 😀", `"Zürich 東京 😀"`},
		{"escapes", "a\"b\\c\n\r\t\b\f\x01\x1f\x7f/<>&", `"a\"b\\c\n\r\t\b\f\u0001\u001f` + "\x7f" + `/<>&"`},
		// Python would write "<|end|>"; a marker inside a value must not end the turn.
		{"markers escaped", "x<|end|><tool_call></tool_call><|user|>", `"x\u003c|end|>\u003ctool_call>\u003c/tool_call>\u003c|user|>"`},
		{"invalid UTF-8 replaced", "a\xffb", "\"a\uFFFDb\""},
		// A whole float64 is an integer that encoding/json decoded (Python would write 5.0).
		{"whole float", 5.0, "5"},
		{"negative whole float", -42.0, "-42"},
		{"large whole float below 1e16", 1e15, "1000000000000000"},
		{"1e16 in exponent form", 1e16, "1e+16"},
		{"1e22", 1e22, "1e+22"},
		{"decimal", 0.1, "0.1"},
		{"negative decimal", -0.5, "-0.5"},
		{"third", 1.0 / 3, "0.3333333333333333"},
		{"long decimal", 123456789.125, "123456789.125"},
		{"1e-4 stays fixed", 0.0001, "0.0001"},
		{"1e-5 in exponent form", 1e-05, "1e-05"},
		{"small", 2.5e-7, "2.5e-07"},
		{"huge", 1.5e300, "1.5e+300"},
		{"float32 shortest digits", float32(0.1), "0.1"},
		{"ints", []any{int8(-8), int16(16), int32(-32), int64(1 << 62), uint(7), uint8(8), uint16(16), uint32(32), uint64(1 << 63)}, "[-8, 16, -32, 4611686018427387904, 7, 8, 16, 32, 9223372036854775808]"},
		{"json.Number verbatim", []any{json.Number("3.0"), json.Number("-0"), json.Number("1E400"), json.Number("12345678901234567890")}, "[3.0, -0, 1E400, 12345678901234567890]"},
		{"other Go values through encoding/json", map[string]any{"p": point{X: 1, Y: 2.5}, "s": []string{"a"}, "m": map[string]int{"k": 1}}, `{"m": {"k": 1}, "p": {"x": 1, "y": 2.5}, "s": ["a"]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := appendPyJSON(nil, tc.in, 0)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			if !json.Valid(got) {
				t.Errorf("%s is not valid JSON", got)
			}
		})
	}
}

func TestAppendPyJSONErrors(t *testing.T) {
	cyclic := map[string]any{}
	cyclic["self"] = cyclic
	for _, tc := range []struct {
		name string
		in   any
		want string
	}{
		{"NaN", math.NaN(), "NaN is not a JSON number"},
		{"negative infinity in an array", []any{1, math.Inf(-1)}, "[1]: -Inf is not a JSON number"},
		{"bad json.Number", map[string]any{"n": json.Number("12abc")}, `n: json.Number "12abc" is not a JSON number`},
		{"json.Number with spaces", json.Number(" 1"), `json.Number " 1" is not a JSON number`},
		{"unsupported Go value", map[string]any{"f": func() {}}, "f: value of type func(): json: unsupported type: func()"},
		{"cycle", cyclic, "nested deeper than 256 levels"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := appendPyJSON(nil, tc.in, 0)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestPySpacedKeepsStringsAndOrder(t *testing.T) {
	got, err := pySpaced(struct {
		B string `json:"b"`
		A []any  `json:"a"`
	}{B: `x, y: "z" <b> &`, A: []any{1, "a,b"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"b": "x, y: \"z\" <b> &", "a": [1, "a,b"]}`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestDecodeStrictJSON(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     any
		err      string
	}{
		{name: "integers stay exact", in: `{"a": 12345678901234567890, "b": 2.50}`,
			want: map[string]any{"a": json.Number("12345678901234567890"), "b": json.Number("2.50")}},
		{name: "nested", in: ` [1, {"x": [true, null, "s"]}] `, want: []any{json.Number("1"), map[string]any{"x": []any{true, nil, "s"}}}},
		{name: "duplicate key", in: `{"a": 1, "a": 2}`, err: `key "a" appears twice in one object`},
		{name: "duplicate key nested", in: `{"o": {"k": 1, "k": 1}}`, err: `key "k" appears twice`},
		{name: "trailing text", in: `{"a": 1} and more`, err: `unexpected text after the JSON value: "and more"`},
		{name: "second value", in: `{} {}`, err: `unexpected text after the JSON value: "{}"`},
		{name: "trailing comma", in: `{"a": 1,}`, err: "invalid character '}'"},
		{name: "unclosed", in: `{"a": [1, 2`, err: "EOF"},
		{name: "single quotes", in: `{'a': 1}`, err: "invalid character '\\''"},
		{name: "too deep", in: strings.Repeat("[", 300) + strings.Repeat("]", 300), err: "JSON nested deeper than 256 levels"},
		{name: "empty", in: "", err: "EOF"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := decodeStrictJSON(tc.in, 0)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error = %v, want it to contain %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}
