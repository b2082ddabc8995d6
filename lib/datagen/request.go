package datagen

import (
	"fmt"
	"strconv"

	"github.com/tooltune/tooltune/lib/dataset"
)

// request is one thing a user asks for: the arguments of the call that serves it and the
// slot values that phrase it. A slot is keyed by the parameter it expresses, with an
// optional variant ("date", "date:bare").
type request struct {
	args  map[string]any
	slots map[string]string
}

func newRequest() request { return request{args: map[string]any{}, slots: map[string]string{}} }

// set records a parameter's value and how the user says it.
func (r request) set(param string, value any, text string) {
	r.args[param] = value
	r.slots[param] = text
}

// setDate records a date parameter with its "on ..." and bare phrasings.
func (r request) setDate(param string, d dateSlots) {
	r.set(param, d.iso, d.on)
	r.slots[param+":bare"] = d.bare
}

// setClock records a time parameter with its "at ..." and bare phrasings.
func (r request) setClock(param string, c clockSlots) {
	r.set(param, c.hhmm, c.at)
	r.slots[param+":bare"] = c.bare
}

// toolGen knows how to ask for one tool and how to read its result back to the user.
type toolGen struct {
	name string
	// action says what the tool does for the user ("check the weather"), for refusals and
	// clarifying questions.
	action string
	// templates phrase a complete request; every required parameter has a slot.
	templates templateSet
	// clarify phrase requests that leave some required parameters out (possibly none).
	clarify templateSet
	// asks says how the assistant asks for each required parameter ("which city").
	asks map[string]string
	// sample draws the arguments and slot values of a request.
	sample func(s *sampler) request
	// answer reads a result back in prose, using its values.
	answer func(s *sampler, args map[string]any, res result) string
}

// result gives checked access to a tool result: a missing or mistyped field is recorded in
// *err (the first one only) and reads as the zero value, so an answer written against a
// changed executor fails Generate instead of writing wrong prose.
type result struct {
	tool string
	path string
	m    map[string]any
	err  *error
}

func newResult(tool string, m map[string]any) result {
	var err error
	return result{tool: tool, m: m, err: &err}
}

func (r result) fail(key, want string) {
	if *r.err == nil {
		*r.err = fmt.Errorf("%s result: field %s%s missing or not %s", r.tool, r.path, key, want)
	}
}

func (r result) has(key string) bool { _, ok := r.m[key]; return ok }

func (r result) str(key string) string {
	v, ok := r.m[key].(string)
	if !ok {
		r.fail(key, "a string")
	}
	return v
}

func (r result) num(key string) float64 {
	v, ok := r.m[key].(float64)
	if !ok {
		r.fail(key, "a number")
	}
	return v
}

// numText is a numeric field written the shortest way ("21.5", "40").
func (r result) numText(key string) string { return formatNumber(r.num(key), false) }

// money is a numeric field written with two decimals.
func (r result) money(key string) string { return strconv.FormatFloat(r.num(key), 'f', 2, 64) }

func (r result) boolean(key string) bool {
	v, ok := r.m[key].(bool)
	if !ok {
		r.fail(key, "a boolean")
	}
	return v
}

func (r result) obj(key string) result {
	v, ok := r.m[key].(map[string]any)
	if !ok {
		r.fail(key, "an object")
	}
	return result{tool: r.tool, path: r.path + key + ".", m: v, err: r.err}
}

// list returns the objects of an array field.
func (r result) list(key string) []result {
	items, ok := r.m[key].([]any)
	if !ok {
		r.fail(key, "an array")
		return nil
	}
	out := make([]result, len(items))
	for i, item := range items {
		m, ok := item.(map[string]any)
		if !ok {
			r.fail(fmt.Sprintf("%s[%d]", key, i), "an object")
		}
		out[i] = result{tool: r.tool, path: fmt.Sprintf("%s%s[%d].", r.path, key, i), m: m, err: r.err}
	}
	return out
}

// strList returns the strings of an array field.
func (r result) strList(key string) []string {
	items, ok := r.m[key].([]any)
	if !ok {
		r.fail(key, "an array")
		return nil
	}
	out := make([]string, len(items))
	for i, item := range items {
		if out[i], ok = item.(string); !ok {
			r.fail(fmt.Sprintf("%s[%d]", key, i), "a string")
		}
	}
	return out
}

// callOf builds a tool call from a request's arguments.
func callOf(tool string, args map[string]any) dataset.ToolCall {
	return dataset.ToolCall{Name: tool, Parameters: args}
}
