package tools

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"
)

// ArgError is one problem found in a call's arguments. Path names the offending value the way
// a user would write it ("city", "attendees[2]", "options.unit"); it is empty for problems of
// the call as a whole.
type ArgError struct {
	Path string
	Msg  string
}

func (e ArgError) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// ValidateArgs checks a call's arguments against the tool's parameter schema and returns every
// problem found, sorted by path: unknown parameters, missing required ones, wrong types, enum
// and range violations, malformed formats. Arguments are values as encoding/json decodes them
// (float64 or json.Number for numbers) or as Go code builds them (ints and floats).
func (t *Tool) ValidateArgs(args map[string]any) []ArgError {
	var errs []ArgError
	validateObject(&t.Parameters, args, "", &errs)
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Path < errs[j].Path })
	return errs
}

// Validate checks a single value against the schema; path prefixes the reported paths.
func (s *Schema) Validate(v any, path string) []ArgError {
	var errs []ArgError
	validateValue(s, v, path, &errs)
	return errs
}

func joinPath(base, name string) string {
	if base == "" {
		return name
	}
	return base + "." + name
}

func validateObject(s *Schema, obj map[string]any, path string, errs *[]ArgError) {
	for _, name := range s.Required {
		if _, ok := obj[name]; !ok {
			*errs = append(*errs, ArgError{joinPath(path, name), "missing required parameter"})
		}
	}
	names := make([]string, 0, len(obj))
	for k := range obj {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		p := s.Properties.Get(name)
		if p == nil {
			*errs = append(*errs, ArgError{joinPath(path, name), fmt.Sprintf("unknown parameter (expected one of %s)", strings.Join(s.Properties.Names(), ", "))})
			continue
		}
		validateValue(p, obj[name], joinPath(path, name), errs)
	}
}

var (
	dateRe  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	timeRe  = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)
	emailRe = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

func validateValue(s *Schema, v any, path string, errs *[]ArgError) {
	add := func(format string, a ...any) { *errs = append(*errs, ArgError{path, fmt.Sprintf(format, a...)}) }
	if v == nil {
		add("is null, want %s", s.Type)
		return
	}
	switch s.Type {
	case TypeString:
		str, ok := v.(string)
		if !ok {
			add("wrong type: got %s, want string", TypeOf(v))
			return
		}
		switch s.Format {
		case "date":
			// The pattern alone would accept "2024-02-30"; parsing checks the day exists.
			if _, err := time.Parse("2006-01-02", str); err != nil || !dateRe.MatchString(str) {
				add("%q is not a date (YYYY-MM-DD)", str)
			}
		case "time":
			if !timeRe.MatchString(str) {
				add("%q is not a time (HH:MM)", str)
			}
		case "email":
			if !emailRe.MatchString(str) {
				add("%q is not an email address", str)
			}
		}
	case TypeInteger, TypeNumber:
		f, ok := AsFloat(v)
		if !ok {
			add("wrong type: got %s, want %s", TypeOf(v), s.Type)
			return
		}
		if s.Type == TypeInteger && f != math.Trunc(f) {
			add("wrong type: got %v, want integer", f)
			return
		}
		if s.Minimum != nil && f < *s.Minimum {
			add("%v is below the minimum %v", f, *s.Minimum)
		}
		if s.Maximum != nil && f > *s.Maximum {
			add("%v is above the maximum %v", f, *s.Maximum)
		}
	case TypeBoolean:
		if _, ok := v.(bool); !ok {
			add("wrong type: got %s, want boolean", TypeOf(v))
			return
		}
	case TypeArray:
		arr, ok := v.([]any)
		if !ok {
			add("wrong type: got %s, want array", TypeOf(v))
			return
		}
		if s.Items != nil {
			for i, item := range arr {
				validateValue(s.Items, item, fmt.Sprintf("%s[%d]", path, i), errs)
			}
		}
		return
	case TypeObject:
		obj, ok := v.(map[string]any)
		if !ok {
			add("wrong type: got %s, want object", TypeOf(v))
			return
		}
		validateObject(s, obj, path, errs)
		return
	default:
		add("schema has unsupported type %q", s.Type)
		return
	}
	if len(s.Enum) > 0 && !inEnum(s.Enum, v) {
		add("%s is not one of %s", compactJSON(v), compactJSON(s.Enum))
	}
}

func inEnum(enum []any, v any) bool {
	for _, e := range enum {
		if ValuesEqual(e, v) {
			return true
		}
	}
	return false
}

// AsFloat converts any Go or JSON-decoded number to float64.
func AsFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int:
		return float64(n), true
	case int32:
		return float64(n), true
	case int64:
		return float64(n), true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	return 0, false
}

// TypeOf names the JSON type of a Go value: "string", "number", "boolean", "array", "object", "null".
func TypeOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return TypeString
	case bool:
		return TypeBoolean
	case []any:
		return TypeArray
	case map[string]any:
		return TypeObject
	}
	if _, ok := AsFloat(v); ok {
		return TypeNumber
	}
	return fmt.Sprintf("%T", v)
}

// ValuesEqual compares two JSON-like values; numbers compare by value whatever their Go type.
func ValuesEqual(a, b any) bool {
	fa, aNum := AsFloat(a)
	fb, bNum := AsFloat(b)
	if aNum || bNum {
		return aNum && bNum && fa == fb
	}
	switch x := a.(type) {
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !ValuesEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !ValuesEqual(xv, yv) {
				return false
			}
		}
		return true
	}
	return a == b
}

func compactJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
