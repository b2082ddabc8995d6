package chat

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tooltune/tooltune/lib/tools"
)

// maxJSONDepth bounds the nesting of values written and read, so that a cyclic Go map or an
// adversarial "[[[[..." cannot exhaust the stack.
const maxJSONDepth = 256

// appendPyJSON writes v the way the original Python script's json.dumps(v, sort_keys=True)
// did, with the deliberate differences listed in the package documentation ("JSON in calls"):
// non-ASCII as-is, json.Number verbatim, whole float64 values as integers, marker "<" escaped.
// NaN and infinities are rejected: they are not JSON.
func appendPyJSON(dst []byte, v any, depth int) ([]byte, error) {
	if depth > maxJSONDepth {
		return dst, fmt.Errorf("value nested deeper than %d levels", maxJSONDepth)
	}
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...), nil
	case bool:
		return strconv.AppendBool(dst, x), nil
	case string:
		return appendPyString(dst, x), nil
	case json.Number:
		if !isJSONNumber(string(x)) {
			return dst, fmt.Errorf("json.Number %q is not a JSON number", string(x))
		}
		return append(dst, x...), nil
	case float64:
		return appendPyFloat(dst, x, 64)
	case float32:
		return appendPyFloat(dst, float64(x), 32)
	case int:
		return strconv.AppendInt(dst, int64(x), 10), nil
	case int8:
		return strconv.AppendInt(dst, int64(x), 10), nil
	case int16:
		return strconv.AppendInt(dst, int64(x), 10), nil
	case int32:
		return strconv.AppendInt(dst, int64(x), 10), nil
	case int64:
		return strconv.AppendInt(dst, x, 10), nil
	case uint:
		return strconv.AppendUint(dst, uint64(x), 10), nil
	case uint8:
		return strconv.AppendUint(dst, uint64(x), 10), nil
	case uint16:
		return strconv.AppendUint(dst, uint64(x), 10), nil
	case uint32:
		return strconv.AppendUint(dst, uint64(x), 10), nil
	case uint64:
		return strconv.AppendUint(dst, x, 10), nil
	case map[string]any:
		return appendPyObject(dst, x, depth)
	case []any:
		dst = append(dst, '[')
		for i, item := range x {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			var err error
			if dst, err = appendPyJSON(dst, item, depth+1); err != nil {
				return dst, fmt.Errorf("[%d]: %w", i, err)
			}
		}
		return append(dst, ']'), nil
	}
	generic, err := toGenericJSON(v)
	if err != nil {
		return dst, err
	}
	return appendPyJSON(dst, generic, depth)
}

func appendPyObject(dst []byte, obj map[string]any, depth int) ([]byte, error) {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	// Byte order of UTF-8 is code point order, which is what Python's sort_keys uses.
	sort.Strings(keys)
	dst = append(dst, '{')
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, ", "...)
		}
		dst = appendPyString(dst, k)
		dst = append(dst, ": "...)
		var err error
		if dst, err = appendPyJSON(dst, obj[k], depth+1); err != nil {
			return dst, fmt.Errorf("%s: %w", k, err)
		}
	}
	return append(dst, '}'), nil
}

// toGenericJSON turns any other Go value (a struct, []string, map[string]int, ...) into the
// map[string]any / []any / json.Number form by a trip through encoding/json.
func toGenericJSON(v any) (any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("value of type %T: %w", v, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		return nil, fmt.Errorf("value of type %T: %w", v, err)
	}
	return out, nil
}

func appendPyFloat(dst []byte, f float64, bits int) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return dst, fmt.Errorf("%v is not a JSON number", f)
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e16 {
		return strconv.AppendFloat(dst, f, 'f', 0, bits), nil
	}
	// Python's repr switches to exponent notation below 1e-4 and from 1e16 on; both languages
	// write the shortest digits that read back to the same float, and a two-digit exponent.
	sci := strconv.FormatFloat(f, 'e', -1, bits)
	exp, err := strconv.Atoi(sci[strings.IndexByte(sci, 'e')+1:])
	if err != nil {
		return dst, fmt.Errorf("formatting %v: %w", f, err)
	}
	if exp < -4 || exp >= 16 {
		return append(dst, sci...), nil
	}
	return strconv.AppendFloat(dst, f, 'f', -1, bits), nil
}

func isJSONNumber(s string) bool {
	if s == "" || (s[0] != '-' && (s[0] < '0' || s[0] > '9')) {
		return false
	}
	return !strings.ContainsAny(s, " \t\r\n") && json.Valid([]byte(s))
}

// appendPyString writes s as a JSON string with Python's escapes for ensure_ascii=False: only
// the quote, the backslash and control characters below U+0020 are escaped. Invalid UTF-8
// bytes become U+FFFD (Python strings cannot hold them).
func appendPyString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, "\uFFFD"...)
			} else {
				dst = append(dst, s[i:i+size]...)
			}
			i += size
			continue
		}
		switch {
		case c == '"':
			dst = append(dst, `\"`...)
		case c == '\\':
			dst = append(dst, `\\`...)
		case c == '\n':
			dst = append(dst, `\n`...)
		case c == '\r':
			dst = append(dst, `\r`...)
		case c == '\t':
			dst = append(dst, `\t`...)
		case c == '\b':
			dst = append(dst, `\b`...)
		case c == '\f':
			dst = append(dst, `\f`...)
		case c < 0x20:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		case c == '<' && markerAt(s, i):
			dst = append(dst, `\u003c`...)
		default:
			dst = append(dst, c)
		}
		i++
	}
	return append(dst, '"')
}

// pySpaced writes v with encoding/json (which keeps struct field and tools.Properties order)
// and then spaces it like Python's json.dumps: ", " and ": " outside strings. HTML characters
// are left unescaped, as Python leaves them.
func pySpaced(v any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return tools.PythonSpacing(bytes.TrimRight(buf.Bytes(), "\n")), nil
}

// decodeStrictJSON reads exactly one JSON value from s, keeping numbers as json.Number (so an
// integer stays an integer and nothing is rounded) and rejecting objects that repeat a key,
// which encoding/json would otherwise resolve silently by keeping the last value.
//
// wrappers is how many levels of the value wrap the part whose depth is limited (1 for the
// {"name", "arguments"} object around a call's arguments), so that arguments may nest as deep
// in every call form as appendPyJSON will write them.
func decodeStrictJSON(s string, wrappers int) (any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	v, err := decodeValue(dec, -wrappers)
	if err != nil {
		return nil, err
	}
	if rest := strings.TrimSpace(s[dec.InputOffset():]); rest != "" {
		return nil, fmt.Errorf("unexpected text after the JSON value: %q", clip(rest, 40))
	}
	return v, nil
}

func decodeValue(dec *json.Decoder, depth int) (any, error) {
	if depth > maxJSONDepth {
		return nil, fmt.Errorf("JSON nested deeper than %d levels", maxJSONDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, unexpectedEOF(err)
	}
	delim, ok := tok.(json.Delim)
	if !ok {
		return tok, nil
	}
	switch delim {
	case '{':
		obj := map[string]any{}
		for dec.More() {
			keyTok, err := dec.Token()
			if err != nil {
				return nil, unexpectedEOF(err)
			}
			key, ok := keyTok.(string)
			if !ok {
				return nil, fmt.Errorf("object key %v is not a string", keyTok)
			}
			if _, dup := obj[key]; dup {
				return nil, fmt.Errorf("key %q appears twice in one object", key)
			}
			if obj[key], err = decodeValue(dec, depth+1); err != nil {
				return nil, err
			}
		}
		_, err := dec.Token() // '}'
		return obj, unexpectedEOF(err)
	case '[':
		arr := []any{}
		for dec.More() {
			item, err := decodeValue(dec, depth+1)
			if err != nil {
				return nil, err
			}
			arr = append(arr, item)
		}
		_, err := dec.Token() // ']'
		return arr, unexpectedEOF(err)
	}
	return nil, fmt.Errorf("unexpected %v", delim)
}

// unexpectedEOF reports running out of input inside a value as io.ErrUnexpectedEOF (the
// Token API says plain io.EOF, which reads as if the value had ended properly).
func unexpectedEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// clip shortens s for an error message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
