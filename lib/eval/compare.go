package eval

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tooltune/tooltune/lib/tools"
)

// relTolerance is how far apart, relative to the larger magnitude, two numbers may be and
// still count as equal: enough to absorb float formatting (0.1+0.2), far too little to let a
// different quantity through.
const relTolerance = 1e-6

// keyResult is the verdict on one key of an object (a call's parameters or a nested object).
type keyResult struct {
	key             string
	want, got       any
	hasWant, hasGot bool
	ok              bool
	reason          string
}

// compareObject compares got with want key by key under the object schema s (which may have
// no properties when the schema is unknown). Keys come in schema order, then alphabetically.
func compareObject(s *tools.Schema, want, got map[string]any) []keyResult {
	keys := unionKeys(s, want, got)
	out := make([]keyResult, 0, len(keys))
	for _, k := range keys {
		prop := s.Properties.Get(k)
		w, hasWant := want[k]
		g, hasGot := got[k]
		r := keyResult{key: k, want: w, got: g, hasWant: hasWant, hasGot: hasGot}
		switch {
		case hasWant && hasGot:
			r.reason = compareValue(prop, w, g)
			r.ok = r.reason == ""
		case hasWant:
			r.ok, r.reason = judgeOmitted(s, k, prop, w)
		default:
			r.ok, r.reason = judgeAdded(prop, g)
		}
		out = append(out, r)
	}
	return out
}

// judgeOmitted decides a key the expected call has and the prediction leaves out.
func judgeOmitted(s *tools.Schema, key string, prop *tools.Schema, want any) (bool, string) {
	if slices.Contains(s.Required, key) {
		return false, "missing required parameter"
	}
	def, ok := paramDefault(prop)
	if !ok {
		return false, "missing (the parameter has no default to fall back on)"
	}
	if compareValue(prop, want, def) != "" {
		return false, fmt.Sprintf("missing (the default %s is not the expected value)", showValue(def))
	}
	return true, "omitted; the expected value is the default"
}

// judgeAdded decides a key the prediction has and the expected call does not.
func judgeAdded(prop *tools.Schema, got any) (bool, string) {
	if prop == nil {
		return false, "unknown parameter"
	}
	if def, ok := paramDefault(prop); ok && compareValue(prop, def, got) == "" {
		return true, "not in the expected call, but set to its default"
	}
	return false, "not in the expected call"
}

// unionKeys lists the keys of want and got: those the schema declares in its order, then the
// others sorted.
func unionKeys(s *tools.Schema, want, got map[string]any) []string {
	var declared []string
	for _, name := range s.Properties.Names() {
		if _, ok := want[name]; ok {
			declared = append(declared, name)
		} else if _, ok := got[name]; ok {
			declared = append(declared, name)
		}
	}
	var other []string
	for _, m := range [2]map[string]any{want, got} {
		for k := range m {
			if s.Properties.Get(k) == nil && !slices.Contains(other, k) {
				other = append(other, k)
			}
		}
	}
	slices.Sort(other)
	return append(declared, other...)
}

// compareValue compares a predicted value with the expected one under schema s (nil when the
// schema does not describe the value: then the expected value's own type decides). It returns
// "" when they agree, else why not.
func compareValue(s *tools.Schema, want, got any) string {
	if s == nil {
		s = inferSchema(want)
	}
	if got == nil {
		if want == nil {
			return ""
		}
		return "got null"
	}
	switch s.Type {
	case tools.TypeInteger:
		if reason := checkInteger(got); reason != "" {
			return reason
		}
		return compareNumbers(want, got)
	case tools.TypeNumber:
		if _, ok := tools.AsFloat(got); !ok {
			return wrongType(got, s.Type)
		}
		return compareNumbers(want, got)
	case tools.TypeString:
		return compareStrings(s, want, got)
	case tools.TypeBoolean:
		if _, ok := got.(bool); !ok {
			return wrongType(got, s.Type)
		}
		return differs(tools.ValuesEqual(want, got), want)
	case tools.TypeArray:
		return compareArrays(s, want, got)
	case tools.TypeObject:
		return compareNested(s, want, got)
	}
	return differs(tools.ValuesEqual(want, got), want)
}

// inferSchema describes a value the tool's schema does not: by the expected value's type,
// numbers leniently as "number" and strings as free text.
func inferSchema(want any) *tools.Schema {
	switch want.(type) {
	case string:
		return &tools.Schema{Type: tools.TypeString}
	case bool:
		return &tools.Schema{Type: tools.TypeBoolean}
	case []any:
		return &tools.Schema{Type: tools.TypeArray}
	case map[string]any:
		return &tools.Schema{Type: tools.TypeObject}
	}
	if _, ok := tools.AsFloat(want); ok {
		return &tools.Schema{Type: tools.TypeNumber}
	}
	return &tools.Schema{} // no type: compared with tools.ValuesEqual
}

// checkInteger rejects a value that is not written as an integer: a non-number, a number with
// a fraction, or (as parsed JSON tells) a float literal such as 5.0 or 1e3.
func checkInteger(got any) string {
	if n, ok := got.(json.Number); ok && strings.ContainsAny(string(n), ".eE") {
		return fmt.Sprintf("wrong type: got float %s, want integer", n)
	}
	f, ok := tools.AsFloat(got)
	if !ok {
		return wrongType(got, tools.TypeInteger)
	}
	if f != math.Trunc(f) {
		return fmt.Sprintf("wrong type: got float %v, want integer", f)
	}
	return ""
}

// compareNumbers compares two numbers within relTolerance.
func compareNumbers(want, got any) string {
	w, wok := tools.AsFloat(want)
	g, _ := tools.AsFloat(got)
	if !wok {
		return differs(tools.ValuesEqual(want, got), want)
	}
	return differs(numbersEqual(w, g), want)
}

func numbersEqual(a, b float64) bool {
	return a == b || math.Abs(a-b) <= relTolerance*math.Max(math.Abs(a), math.Abs(b))
}

// compareStrings compares free text loosely and enum values and formatted strings strictly
// (up to case and surrounding spaces).
func compareStrings(s *tools.Schema, want, got any) string {
	g, ok := got.(string)
	if !ok {
		return wrongType(got, tools.TypeString)
	}
	w, ok := want.(string)
	if !ok {
		return differs(false, want)
	}
	if len(s.Enum) > 0 || s.Format != "" {
		return differs(strings.EqualFold(strings.TrimSpace(w), strings.TrimSpace(g)), want)
	}
	nw, ng := normalizeText(w), normalizeText(g)
	if nw == "" && ng == "" { // only punctuation: compare what there is
		nw, ng = strings.ToLower(strings.TrimSpace(w)), strings.ToLower(strings.TrimSpace(g))
	}
	return differs(nw == ng, want)
}

// normalizeText lowercases s and drops everything but letters and digits.
func normalizeText(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// compareArrays compares arrays item by item, in order unless the schema says the order does
// not matter.
func compareArrays(s *tools.Schema, want, got any) string {
	g, ok := got.([]any)
	if !ok {
		return wrongType(got, tools.TypeArray)
	}
	w, ok := want.([]any)
	if !ok {
		return differs(false, want)
	}
	if len(w) != len(g) {
		return fmt.Sprintf("got %d items, want %d (%s)", len(g), len(w), showValue(want))
	}
	if unorderedArray(s) {
		return compareUnordered(s.Items, w, g)
	}
	for i := range w {
		if reason := compareValue(s.Items, w[i], g[i]); reason != "" {
			return fmt.Sprintf("[%d]: %s", i, reason)
		}
	}
	return ""
}

// unorderedArray reports whether the array's description says its order does not matter.
func unorderedArray(s *tools.Schema) bool {
	d := strings.ToLower(s.Description)
	return strings.Contains(d, "any order") || strings.Contains(d, "unordered")
}

// compareUnordered pairs every expected item with a distinct equal predicted item.
func compareUnordered(items *tools.Schema, want, got []any) string {
	used := make([]bool, len(got))
	for i, w := range want {
		j := -1
		for k, g := range got {
			if !used[k] && compareValue(items, w, g) == "" {
				j = k
				break
			}
		}
		if j < 0 {
			return fmt.Sprintf("no item matches expected item [%d] %s", i, showValue(w))
		}
		used[j] = true
	}
	return ""
}

// compareNested compares objects with the rules of a call's parameters and reports the first
// wrong key.
func compareNested(s *tools.Schema, want, got any) string {
	g, ok := got.(map[string]any)
	if !ok {
		return wrongType(got, tools.TypeObject)
	}
	w, ok := want.(map[string]any)
	if !ok {
		return differs(false, want)
	}
	for _, r := range compareObject(s, w, g) {
		if !r.ok {
			return r.key + ": " + r.reason
		}
	}
	return ""
}

func wrongType(got any, want string) string {
	return fmt.Sprintf("wrong type: got %s %s, want %s", tools.TypeOf(got), showValue(got), want)
}

// differs returns "" when equal, else a reason that shows the expected value.
func differs(equal bool, want any) string {
	if equal {
		return ""
	}
	return "value differs from the expected " + showValue(want)
}

// showValue writes a value as compact canonical JSON for reasons, clipped to a readable size
// (at a character boundary, so the reason stays valid UTF-8).
func showValue(v any) string {
	const maxBytes = 80
	s := tools.CanonicalJSON(v)
	if len(s) <= maxBytes {
		return s
	}
	cut := maxBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

// descriptionDefault finds "Defaults to X." in a description (the built-in tools' way of
// stating a default) and returns X: a quoted string, or one word (which may hold dots, as
// "0.5" does) without the punctuation that ends the sentence.
func descriptionDefault(desc string) (string, bool) {
	const marker = "defaults to "
	i := strings.Index(strings.ToLower(desc), marker)
	if i < 0 {
		return "", false
	}
	rest := strings.TrimSpace(desc[i+len(marker):])
	if q, ok := strings.CutPrefix(rest, `"`); ok {
		word, _, closed := strings.Cut(q, `"`)
		return word, closed
	}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		return "", false
	}
	word := strings.TrimRight(fields[0], ".,;:)")
	return word, word != ""
}

// paramDefault returns the default of a parameter: the schema's own, else the one its
// description names, for types where the description's word can be checked (an enum value, a
// number or a boolean).
func paramDefault(s *tools.Schema) (any, bool) {
	if s == nil {
		return nil, false
	}
	if s.Default != nil {
		return s.Default, true
	}
	word, ok := descriptionDefault(s.Description)
	if !ok {
		return nil, false
	}
	switch s.Type {
	case tools.TypeInteger, tools.TypeNumber:
		f, err := strconv.ParseFloat(word, 64)
		return f, err == nil && (s.Type == tools.TypeNumber || f == math.Trunc(f))
	case tools.TypeBoolean:
		b, err := strconv.ParseBool(word)
		return b, err == nil
	case tools.TypeString:
		for _, e := range s.Enum {
			if es, ok := e.(string); ok && strings.EqualFold(es, word) {
				return es, true
			}
		}
	}
	return nil, false
}
