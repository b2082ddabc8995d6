package jinja

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/nikolalohinski/gonja/v2/exec"
)

// jsonWriter prints values the way transformers' `tojson` filter does, that is Python's
// json.dumps(x, ensure_ascii=False, indent=indent, sort_keys=sort_keys): ", " and ": "
// separators (or "," and ": " with an indent), non-ASCII characters as they are, keys in
// insertion order, floats as Python's repr. gonja's own tojson follows Go (no spaces, sorted
// keys, escaped quotes), which would change every rendered tool schema.
type jsonWriter struct {
	order    keyOrder
	indent   int // spaces per level; negative for single-line output
	sortKeys bool
	buf      strings.Builder
}

func (w *jsonWriter) newline(level int) {
	if w.indent >= 0 {
		w.buf.WriteByte('\n')
		w.buf.WriteString(strings.Repeat(" ", w.indent*level))
	}
}

func (w *jsonWriter) separator() string {
	if w.indent >= 0 {
		return ","
	}
	return ", "
}

// write prints v at nesting level.
func (w *jsonWriter) write(v any, level int) error {
	switch t := v.(type) {
	case nil:
		w.buf.WriteString("null")
		return nil
	case *exec.Value:
		if t.IsNil() {
			w.buf.WriteString("null")
			return nil
		}
		return w.write(t.Interface(), level)
	case exec.Dict:
		return w.writeDict(t.Pairs, level)
	case *exec.Dict:
		return w.writeDict(t.Pairs, level)
	case string:
		writePythonString(&w.buf, t)
		return nil
	case bool:
		w.buf.WriteString(strconv.FormatBool(t))
		return nil
	case float32:
		w.buf.WriteString(pythonFloat(float64(t)))
		return nil
	case float64:
		w.buf.WriteString(pythonFloat(t))
		return nil
	case map[string]any:
		keys := w.order.keys(t)
		if w.sortKeys {
			slices.Sort(keys)
		}
		return w.writeObject(len(keys), level, func(i int) (string, any) { return keys[i], t[keys[i]] })
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.buf.WriteString(strconv.FormatInt(rv.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		w.buf.WriteString(strconv.FormatUint(rv.Uint(), 10))
	case reflect.Slice, reflect.Array:
		return w.writeList(rv.Len(), level, func(i int) any { return rv.Index(i).Interface() })
	case reflect.Map:
		return w.writeReflectMap(rv, level)
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			w.buf.WriteString("null")
			return nil
		}
		return w.write(rv.Elem().Interface(), level)
	default:
		return fmt.Errorf("tojson: cannot serialize %T", v)
	}
	return nil
}

// writeReflectMap prints a map of another type with its keys sorted.
func (w *jsonWriter) writeReflectMap(rv reflect.Value, level int) error {
	keys := rv.MapKeys()
	names := make([]string, len(keys))
	byName := make(map[string]reflect.Value, len(keys))
	for i, k := range keys {
		names[i] = fmt.Sprint(k.Interface())
		byName[names[i]] = rv.MapIndex(k)
	}
	slices.Sort(names)
	return w.writeObject(len(names), level, func(i int) (string, any) { return names[i], byName[names[i]].Interface() })
}

// writeDict prints gonja's ordered dict (from dict literals in the template).
func (w *jsonWriter) writeDict(pairs []*exec.Pair, level int) error {
	if w.sortKeys {
		pairs = slices.Clone(pairs)
		slices.SortStableFunc(pairs, func(a, b *exec.Pair) int { return strings.Compare(a.Key.String(), b.Key.String()) })
	}
	return w.writeObject(len(pairs), level, func(i int) (string, any) { return pairs[i].Key.String(), pairs[i].Value })
}

func (w *jsonWriter) writeObject(n, level int, entry func(int) (string, any)) error {
	if n == 0 {
		w.buf.WriteString("{}")
		return nil
	}
	w.buf.WriteByte('{')
	for i := range n {
		if i > 0 {
			w.buf.WriteString(w.separator())
		}
		w.newline(level + 1)
		key, value := entry(i)
		writePythonString(&w.buf, key)
		w.buf.WriteString(": ")
		if err := w.write(value, level+1); err != nil {
			return err
		}
	}
	w.newline(level)
	w.buf.WriteByte('}')
	return nil
}

func (w *jsonWriter) writeList(n, level int, item func(int) any) error {
	if n == 0 {
		w.buf.WriteString("[]")
		return nil
	}
	w.buf.WriteByte('[')
	for i := range n {
		if i > 0 {
			w.buf.WriteString(w.separator())
		}
		w.newline(level + 1)
		if err := w.write(item(i), level+1); err != nil {
			return err
		}
	}
	w.newline(level)
	w.buf.WriteByte(']')
	return nil
}

// writePythonString quotes s as json.dumps(ensure_ascii=False) does: only the quote, the
// backslash and control characters below U+0020 are escaped.
func writePythonString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r < 0x20 {
				fmt.Fprintf(b, `\u%04x`, r)
			} else {
				b.WriteRune(r) // invalid UTF-8 comes out as U+FFFD
			}
		}
	}
	b.WriteByte('"')
}

// pythonFloat formats f as Python's repr: the shortest digits that round-trip, in fixed
// notation with at least one decimal when 1e-4 <= |f| < 1e16, else as d.ddde±XX.
func pythonFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	sci := strconv.FormatFloat(f, 'e', -1, 64) // e.g. "-1.2345e+06"
	mantissa, expText, _ := strings.Cut(sci, "e")
	exp, _ := strconv.Atoi(expText)
	if exp < -4 || exp >= 16 {
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		return fmt.Sprintf("%se%s%02d", mantissa, sign, exp)
	}
	fixed := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(fixed, ".") {
		fixed += ".0"
	}
	return fixed
}

// toJSONFilter is the `tojson` filter: tojson(indent=None, sort_keys=False, ensure_ascii=False).
func toJSONFilter(e *exec.Evaluator, in *exec.Value, params *exec.VarArgs) *exec.Value {
	if in.IsError() {
		return in
	}
	indent, sortKeys := -1, false
	for name, v := range params.KwArgs {
		switch name {
		case "indent":
			if !v.IsNil() {
				if !v.IsInteger() {
					return exec.AsValue(fmt.Errorf("tojson: indent must be an integer, got %s", v.String()))
				}
				indent = v.Integer()
			}
		case "sort_keys":
			sortKeys = v.IsTrue()
		case "ensure_ascii":
			if v.IsTrue() {
				return exec.AsValue(fmt.Errorf("tojson: ensure_ascii=True is not supported"))
			}
		default:
			return exec.AsValue(fmt.Errorf("tojson: unsupported argument %q", name))
		}
	}
	if len(params.Args) > 0 {
		return exec.AsValue(fmt.Errorf("tojson: takes keyword arguments only (indent, sort_keys)"))
	}
	w := &jsonWriter{order: orderFromContext(e), indent: indent, sortKeys: sortKeys}
	if err := w.write(in, 0); err != nil {
		return exec.AsValue(err)
	}
	return exec.AsSafeValue(w.buf.String())
}
