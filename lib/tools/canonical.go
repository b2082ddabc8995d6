package tools

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"unicode/utf8"
)

// CanonicalJSON writes v as compact JSON with object keys sorted and every number written the
// way encoding/json writes a float64, so that values equal as JSON (5, 5.0, json.Number("5.0"))
// give the same text. It is the stable form used to hash arguments, compare tool calls and
// seed simulated results.
//
// HTML characters are not escaped, so the text can be shown to a model as is. Values JSON
// cannot represent (NaN, ±Inf, channels, functions) are written as null, as JavaScript's
// JSON.stringify does, rather than failing: the function is total and never panics.
func CanonicalJSON(v any) string {
	var buf bytes.Buffer
	writeCanonical(&buf, v)
	return buf.String()
}

func writeCanonical(buf *bytes.Buffer, v any) {
	switch x := v.(type) {
	case nil:
		buf.WriteString("null")
	case bool:
		if x {
			buf.WriteString("true")
		} else {
			buf.WriteString("false")
		}
	case string:
		writeJSONString(buf, x)
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			f = math.NaN() // malformed or out of float64 range
		}
		writeNumber(buf, f)
	case []any:
		if x == nil { // as encoding/json writes a nil slice
			buf.WriteString("null")
			return
		}
		buf.WriteByte('[')
		for i, item := range x {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeCanonical(buf, item)
		}
		buf.WriteByte(']')
	case map[string]any:
		if x == nil {
			buf.WriteString("null")
			return
		}
		buf.WriteByte('{')
		for i, k := range sortedKeys(x) {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeJSONString(buf, k)
			buf.WriteByte(':')
			writeCanonical(buf, x[k])
		}
		buf.WriteByte('}')
	default:
		if f, ok := AsFloat(v); ok {
			writeNumber(buf, f)
			return
		}
		writeCanonical(buf, toJSONValue(v))
	}
}

// writeNumber writes f as encoding/json writes a float64; non-finite numbers become null.
func writeNumber(buf *bytes.Buffer, f float64) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		buf.WriteString("null")
		return
	}
	b, _ := json.Marshal(f) // cannot fail for a finite float64
	buf.Write(b)
}

// writeJSONString quotes s as encoding/json does, except that <, > and & stay as they are:
// control characters, quotes, backslashes and U+2028/U+2029 are escaped, and each invalid
// UTF-8 byte becomes \ufffd.
func writeJSONString(buf *bytes.Buffer, s string) {
	buf.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			buf.WriteString(`\ufffd`)
		case r == '"' || r == '\\':
			buf.WriteByte('\\')
			buf.WriteRune(r)
		case r == '\n':
			buf.WriteString(`\n`)
		case r == '\r':
			buf.WriteString(`\r`)
		case r == '\t':
			buf.WriteString(`\t`)
		case r == '\b':
			buf.WriteString(`\b`)
		case r == '\f':
			buf.WriteString(`\f`)
		case r < 0x20 || r == '\u2028' || r == '\u2029':
			fmt.Fprintf(buf, `\u%04x`, r)
		default:
			buf.WriteRune(r)
		}
	}
	buf.WriteByte('"')
}

// toJSONValue turns any other Go value (structs, typed slices and maps, other integer types)
// into the generic JSON form by a round trip through encoding/json; values it cannot encode
// become nil.
func toJSONValue(v any) any {
	data, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		return nil
	}
	return out
}
