package eval

import (
	"slices"
	"strings"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

// Sample is one scored case as the report keeps it: enough to read what the model was asked,
// what it wrote and why each verdict came out as it did.
type Sample struct {
	ExampleIndex int                `json:"example_index"`
	Turn         int                `json:"turn"`
	Scenario     string             `json:"scenario"`
	Prompt       string             `json:"prompt"`
	Expected     []dataset.ToolCall `json:"expected"`
	// ExpectedIsRetry says Expected holds the reference's retry of a failed call (Case.RetryTurn).
	ExpectedIsRetry bool               `json:"expected_is_retry,omitempty"`
	Generated       string             `json:"generated"`
	ParsedCalls     []dataset.ToolCall `json:"parsed_calls"`
	ParseErrors     []ParseIssue       `json:"parse_errors"`
	Verdicts        Verdicts           `json:"verdicts"`
}

// ParseIssue is a chat.ParseError as the report keeps it.
type ParseIssue struct {
	Block  int    `json:"block"`
	Reason string `json:"reason"`
	Body   string `json:"body"`
}

// Verdicts are the judgements on one case; the package documentation defines each.
type Verdicts struct {
	ToolCall bool `json:"tool_call"`
	// Parameters is nil for a case whose reference makes no call.
	Parameters  *bool `json:"parameters"`
	Exact       bool  `json:"exact"`
	ValidFormat bool  `json:"valid_format"`
	// NoCall is nil for a case whose reference makes calls.
	NoCall       *bool `json:"no_call"`
	Hallucinated bool  `json:"hallucinated"`
	// Format lists the calls found outside a <tool_call> block (parse errors are in the
	// sample's parse_errors).
	Format []string `json:"format_problems,omitempty"`
	// Calls has one entry per expected call, in order, then one per extra predicted call.
	Calls []CallVerdict `json:"calls"`
	// Fields has the verdict on every parameter of every paired call.
	Fields []Field `json:"fields"`
}

// CallVerdict pairs an expected call with the predicted call scored against it.
type CallVerdict struct {
	// Expected is the index of the expected call, -1 for an extra predicted call.
	Expected int `json:"expected"`
	// Predicted is the index of the predicted call in parsed_calls, -1 when none was paired.
	Predicted int    `json:"predicted"`
	Tool      string `json:"tool"`
	// Keys is the number of parameters of the expected call; CorrectKeys how many of them the
	// predicted call got right.
	Keys        int    `json:"keys"`
	CorrectKeys int    `json:"correct_keys"`
	OK          bool   `json:"ok"`
	Reason      string `json:"reason,omitempty"`
}

// Field is the verdict on one parameter of a paired call.
type Field struct {
	// Call is the index of the expected call the parameter belongs to.
	Call int    `json:"call"`
	Key  string `json:"key"`
	// Expected and Got are absent when that side has no such parameter.
	Expected any    `json:"expected,omitempty"`
	Got      any    `json:"got,omitempty"`
	OK       bool   `json:"ok"`
	Reason   string `json:"reason,omitempty"`
}

// Score parses what a model generated for the case and judges it.
func Score(c Case, generated string) Sample {
	parsed, parseErr := chat.ParseCalls(generated)
	s := Sample{
		ExampleIndex:    c.ExampleIndex,
		Turn:            c.Turn,
		Scenario:        c.Scenario,
		Prompt:          c.Prompt,
		Expected:        nonNil(c.Expected),
		ExpectedIsRetry: c.RetryTurn > 0,
		Generated:       generated,
		ParsedCalls:     nonNil(parsed.Calls),
		ParseErrors:     parseIssues(parsed.Errors),
	}
	v := &s.Verdicts
	v.Format = formatProblems(parsed, c.Tools)
	v.ValidFormat = parseErr == nil && len(v.Format) == 0
	v.Calls, v.Fields = judgeCalls(c, parsed.Calls)
	v.Calls, v.Fields = nonNil(v.Calls), nonNil(v.Fields)
	v.Hallucinated = slices.ContainsFunc(parsed.Calls, func(p dataset.ToolCall) bool { return !offered(c.Tools, p.Name) })
	v.ToolCall = !slices.ContainsFunc(v.Calls, func(cv CallVerdict) bool { return cv.Expected < 0 || cv.Predicted < 0 })
	allParams := !slices.ContainsFunc(v.Calls, func(cv CallVerdict) bool { return cv.Expected >= 0 && !cv.OK })
	if len(c.Expected) == 0 { // Cases sets ExpectNoCall exactly then; the calls are what counts
		noCall := len(parsed.Calls) == 0 && len(parsed.Errors) == 0
		v.NoCall = &noCall
		v.ToolCall = noCall // a malformed block is still an attempt to call
		v.Exact = noCall && v.ValidFormat
	} else {
		v.Parameters = &allParams
		v.Exact = v.ToolCall && allParams && v.ValidFormat
	}
	return s
}

// judgeCalls pairs the predicted calls with the expected ones and judges every pair.
func judgeCalls(c Case, predicted []dataset.ToolCall) ([]CallVerdict, []Field) {
	pairing := pairCalls(c.Tools, c.Expected, predicted)
	var verdicts []CallVerdict
	var fields []Field
	taken := make([]bool, len(predicted))
	for e, call := range c.Expected {
		cv := CallVerdict{Expected: e, Predicted: pairing[e].predicted, Tool: call.Name, Keys: len(call.Parameters)}
		if cv.Predicted < 0 {
			cv.Reason = "not called"
			verdicts = append(verdicts, cv)
			continue
		}
		taken[cv.Predicted] = true
		cv.OK = true
		for _, r := range pairing[e].keys {
			fields = append(fields, fieldOf(e, r))
			cv.OK = cv.OK && r.ok
			if r.hasWant && r.ok {
				cv.CorrectKeys++
			}
		}
		if !cv.OK {
			cv.Reason = "wrong parameters"
		}
		verdicts = append(verdicts, cv)
	}
	for p, call := range predicted {
		if !taken[p] {
			verdicts = append(verdicts, CallVerdict{Expected: -1, Predicted: p, Tool: call.Name, Reason: extraReason(c.Tools, predicted, taken, p)})
		}
	}
	return verdicts, fields
}

func fieldOf(call int, r keyResult) Field {
	f := Field{Call: call, Key: r.key, OK: r.ok, Reason: r.reason}
	if r.hasWant {
		f.Expected = r.want
	}
	if r.hasGot {
		f.Got = r.got
	}
	return f
}

// extraReason says why predicted call p is extra: a tool not offered, a repeat of a call
// already paired, or one call too many to that tool.
func extraReason(ts []tools.Tool, predicted []dataset.ToolCall, taken []bool, p int) string {
	if !offered(ts, predicted[p].Name) {
		return "hallucinated tool (not offered)"
	}
	key := callKey(predicted[p])
	for q, other := range predicted {
		if q != p && (taken[q] || q < p) && callKey(other) == key {
			return "duplicate call"
		}
	}
	return "extra call"
}

func callKey(c dataset.ToolCall) string { return c.Name + "\x00" + tools.CanonicalJSON(c.Parameters) }

func offered(ts []tools.Tool, name string) bool {
	return slices.ContainsFunc(ts, func(t tools.Tool) bool { return t.Name == name })
}

func toolNamed(ts []tools.Tool, name string) *tools.Tool {
	for i := range ts {
		if ts[i].Name == name {
			return &ts[i]
		}
	}
	return nil
}

// parseIssues copies parse errors into the report's form; never nil.
func parseIssues(errs []*chat.ParseError) []ParseIssue {
	out := make([]ParseIssue, len(errs))
	for i, e := range errs {
		out[i] = ParseIssue{Block: e.Block, Reason: e.Reason, Body: e.Body}
	}
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// formatProblems lists calls written outside a <tool_call> block: the parser does not read
// them, and a model that writes them has not learned the call format. A call is recognised
// as a JSON object key "name" with "arguments" or "parameters", as a "name:" line followed by
// a "parameters:" (or "arguments:") line, or as an offered tool's name followed by "(".
func formatProblems(p chat.Parsed, ts []tools.Tool) []string {
	var out []string
	for _, part := range [...]struct{ where, text string }{{"before the calls", p.Content}, {"after a call block", p.Trailing}} {
		switch {
		case part.text == "":
		case hasJSONKey(part.text, "name") && (hasJSONKey(part.text, "arguments") || hasJSONKey(part.text, "parameters")):
			out = append(out, "JSON call outside a <tool_call> block "+part.where)
		case hasKeyedCall(part.text):
			out = append(out, "name:/parameters: call outside a <tool_call> block "+part.where)
		default:
			if name := calledInline(part.text, ts); name != "" {
				out = append(out, name+"(...) call outside a <tool_call> block "+part.where)
			}
		}
	}
	return out
}

// calledInline returns the first offered tool written as a function call, "name(".
func calledInline(text string, ts []tools.Tool) string {
	for _, t := range ts {
		if t.Name != "" && strings.Contains(text, t.Name+"(") {
			return t.Name
		}
	}
	return ""
}

// hasJSONKey reports whether text has "key" followed, after optional spaces, by a colon.
func hasJSONKey(text, key string) bool {
	quoted := `"` + key + `"`
	for rest := text; ; {
		i := strings.Index(rest, quoted)
		if i < 0 {
			return false
		}
		rest = rest[i+len(quoted):]
		if strings.HasPrefix(strings.TrimLeft(rest, " \t\r\n"), ":") {
			return true
		}
	}
}

// hasKeyedCall reports whether a "name: X" line is directly followed by a "parameters:" or
// "arguments:" line (any case, any indentation).
func hasKeyedCall(text string) bool {
	lines := strings.Split(text, "\n")
	for i := 0; i+1 < len(lines); i++ {
		name, ok := cutKey(lines[i], "name:")
		if !ok || strings.TrimSpace(name) == "" {
			continue
		}
		if _, ok := cutKey(lines[i+1], "parameters:"); ok {
			return true
		}
		if _, ok := cutKey(lines[i+1], "arguments:"); ok {
			return true
		}
	}
	return false
}

// cutKey returns what follows key at the start of line (after indentation, any case).
func cutKey(line, key string) (string, bool) {
	line = strings.TrimLeft(line, " \t")
	if len(line) < len(key) || !strings.EqualFold(line[:len(key)], key) {
		return "", false
	}
	return line[len(key):], true
}
