package chat

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

// Parsed is what ParseCalls read from one assistant turn written by a model.
type Parsed struct {
	// Content is the text before the first <tool_call> (all of the text when there is no
	// call), with surrounding whitespace removed.
	Content string
	// Calls are the well-formed calls, in the order written. Identical calls are all kept:
	// judging duplicates is the evaluator's business.
	Calls []dataset.ToolCall
	// Errors has one entry per malformed block, in order.
	Errors []*ParseError
	// Trailing is the text written between and after the call blocks, trimmed and joined
	// with "\n"; empty when there is none.
	Trailing string
	// Stop is the marker that ended the turn: EndOfTurn when the model closed its turn
	// properly, another role marker when it went on to write someone else's turn, "" when
	// the output simply ended.
	Stop string
}

// ParseError describes one malformed <tool_call> block.
type ParseError struct {
	// Block is the index of the block among all <tool_call> blocks of the output, from 0.
	Block int
	// Reason says what is wrong, in words.
	Reason string
	// Body is the block's text between its tags.
	Body string
	// Call is set when the block's text was a well-formed call but the block was never closed
	// (generation cut off, or <|end|> before </tool_call>): a lenient evaluator may count it.
	// Such a call is not in Parsed.Calls.
	Call *dataset.ToolCall
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("tool call block %d: %s", e.Block, e.Reason)
}

// ParseCalls reads the content and tool calls of an assistant turn. It accepts both call forms
// this package writes,
//
//	<tool_call>
//	name: get_current_weather
//	parameters: {"location": "Paris"}
//	</tool_call>
//
// and the Hermes/Qwen JSON form {"name": ..., "arguments": {...}} (or "parameters"; arguments
// given as a string holding a JSON object are decoded too). It tolerates what models do: extra
// blank lines and spaces, CRLF (or CR) line ends, a quoted tool name, code fences around the JSON,
// text after a block, a missing newline at the end. Reading stops at EndOfTurn or at any role
// marker; a leading AssistantMarker is skipped.
//
// Numbers are decoded as json.Number, so integers stay integers and large values are not
// rounded; tools.AsFloat and tools.ValuesEqual accept json.Number. A parameter object that
// repeats a key is an error rather than silently keeping one of the values.
//
// Each malformed block (no name, invalid JSON, parameters that are not an object, a block with
// no </tool_call>) gives a *ParseError in Parsed.Errors, and the returned error joins them all
// (errors.As finds the first). The well-formed blocks are returned in Calls either way.
func ParseCalls(output string) (Parsed, error) {
	text := output
	if strings.Contains(text, "\r") {
		text = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(text)
	}
	text = strings.TrimPrefix(strings.TrimLeft(text, " \t\n"), AssistantMarker)
	var p Parsed
	text, p.Stop = cutAtStop(text)
	first := strings.Index(text, CallOpen)
	if first < 0 {
		p.Content = strings.TrimSpace(text)
		return p, nil
	}
	p.Content = strings.TrimSpace(text[:first])
	var trailing []string
	rest := text[first:]
	for block := 0; rest != ""; block++ {
		body, after, unclosed := nextBlock(rest[len(CallOpen):], p.Stop)
		p.addBlock(block, body, unclosed)
		next := strings.Index(after, CallOpen)
		if next < 0 {
			next = len(after)
		}
		if between := strings.TrimSpace(after[:next]); between != "" {
			trailing = append(trailing, between)
		}
		rest = after[next:]
	}
	p.Trailing = strings.Join(trailing, "\n")
	return p, joinParseErrors(p.Errors)
}

// addBlock parses one block's body and records the call or the error. unclosed, when not
// empty, says why the block has no </tool_call>.
func (p *Parsed) addBlock(block int, body, unclosed string) {
	call, err := parseBlock(body)
	switch {
	case err != nil && unclosed != "":
		p.Errors = append(p.Errors, &ParseError{Block: block, Reason: unclosed + "; " + err.Error(), Body: body})
	case err != nil:
		p.Errors = append(p.Errors, &ParseError{Block: block, Reason: err.Error(), Body: body})
	case unclosed != "":
		p.Errors = append(p.Errors, &ParseError{Block: block, Reason: unclosed, Body: body, Call: &call})
	default:
		p.Calls = append(p.Calls, call)
	}
}

// joinParseErrors returns nil for no errors, else all of them joined (errors.Join keeps each
// reachable by errors.As).
func joinParseErrors(perrs []*ParseError) error {
	if len(perrs) == 0 {
		return nil
	}
	errs := make([]error, len(perrs))
	for i, e := range perrs {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// cutAtStop cuts text at the first EndOfTurn or role marker and says which one it was.
func cutAtStop(text string) (string, string) {
	for from := 0; ; {
		i := strings.Index(text[from:], "<|")
		if i < 0 {
			return text, ""
		}
		at := from + i
		for _, m := range [...]string{EndOfTurn, UserMarker, ToolMarker, SystemMarker, AssistantMarker} {
			if strings.HasPrefix(text[at:], m) {
				return text[:at], m
			}
		}
		from = at + 2
	}
}

// nextBlock splits the text after a <tool_call> into the block's body and what follows it.
// When the block is not closed before the next <tool_call> or the end of the text, unclosed
// says so and the body runs up to there.
func nextBlock(s, stop string) (body, after, unclosed string) {
	// Look for the close tag only up to the next open tag, so that parsing stays linear in
	// the length of the output however many blocks it has.
	next := strings.Index(s, CallOpen)
	var end int
	if next >= 0 {
		end = strings.Index(s[:next], CallClose)
	} else {
		end = strings.Index(s, CallClose)
	}
	switch {
	case end >= 0:
		return s[:end], s[end+len(CallClose):], ""
	case next >= 0:
		return s[:next], s[next:], "unterminated block: a new " + CallOpen + " starts before " + CallClose
	case stop != "":
		return s, "", "unterminated block: " + stop + " comes before " + CallClose
	}
	return s, "", "unterminated block: the output ends before " + CallClose + " (generation cut off?)"
}

// parseBlock reads one call from a block's body, in either form.
func parseBlock(body string) (dataset.ToolCall, error) {
	b := stripFence(strings.TrimSpace(body))
	if b == "" {
		return dataset.ToolCall{}, errors.New("empty block")
	}
	if b[0] == '{' {
		return parseJSONCall(b)
	}
	return parseKeyedCall(b)
}

// stripFence removes a Markdown code fence (``` or ```json) around s.
func stripFence(s string) string {
	if !strings.HasPrefix(s, "```") {
		return s
	}
	nl := strings.IndexByte(s, '\n')
	if nl < 0 {
		return strings.TrimSpace(strings.Trim(s, "`"))
	}
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s[nl+1:]), "```"))
}

// parseJSONCall reads {"name": ..., "arguments": {...}}.
func parseJSONCall(b string) (dataset.ToolCall, error) {
	v, err := decodeStrictJSON(b, 1)
	if err != nil {
		return dataset.ToolCall{}, fmt.Errorf("invalid JSON: %w", err)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return dataset.ToolCall{}, fmt.Errorf("want a JSON object, got %s", tools.TypeOf(v))
	}
	rawName, ok := obj["name"]
	if !ok {
		return dataset.ToolCall{}, errors.New(`no "name" key`)
	}
	name, ok := rawName.(string)
	if !ok {
		return dataset.ToolCall{}, fmt.Errorf(`"name" must be a string, got %s`, tools.TypeOf(rawName))
	}
	args, hasArgs := obj["arguments"]
	params, hasParams := obj["parameters"]
	if hasArgs && hasParams {
		return dataset.ToolCall{}, errors.New(`both "arguments" and "parameters" are given`)
	}
	key := "arguments"
	if hasParams {
		args, key = params, "parameters"
	}
	return newCall(name, args, hasArgs || hasParams, key)
}

// parseKeyedCall reads the original form: a "name:" line and a "parameters:" value (which may
// span lines when a model pretty-prints the JSON). "arguments:" is accepted for "parameters:".
func parseKeyedCall(b string) (dataset.ToolCall, error) {
	fields, err := splitKeyedFields(b)
	if err != nil {
		return dataset.ToolCall{}, err
	}
	name, ok := fields["name"]
	if !ok {
		return dataset.ToolCall{}, fmt.Errorf(`no "name:" line in %q`, clip(b, 60))
	}
	raw, hasParams := fields["parameters"]
	if rawArgs, hasArgs := fields["arguments"]; hasArgs {
		if hasParams {
			return dataset.ToolCall{}, errors.New(`both "parameters:" and "arguments:" are given`)
		}
		raw, hasParams = rawArgs, true
	}
	var params any
	if hasParams {
		raw = stripFence(raw)
		if params, err = decodeStrictJSON(raw, 0); err != nil {
			return dataset.ToolCall{}, fmt.Errorf("parameters: invalid JSON: %w", err)
		}
	}
	return newCall(unquote(name), params, hasParams, "parameters")
}

// splitKeyedFields finds the lines that start with "name:", "parameters:" or "arguments:"
// (any case) and returns each key's value: the rest of the body up to the next key line.
func splitKeyedFields(b string) (map[string]string, error) {
	fields := map[string]string{}
	key, valueStart := "", 0
	flush := func(end int) error {
		value := strings.TrimSpace(b[valueStart:end])
		if key == "" {
			if value != "" {
				return fmt.Errorf(`unexpected text %q before "name:"`, clip(value, 40))
			}
			return nil
		}
		if _, dup := fields[key]; dup {
			return fmt.Errorf(`%q given twice`, key+":")
		}
		fields[key] = value
		return nil
	}
	for lineStart := 0; lineStart < len(b); {
		lineEnd := strings.IndexByte(b[lineStart:], '\n')
		if lineEnd < 0 {
			lineEnd = len(b)
		} else {
			lineEnd += lineStart
		}
		line := strings.TrimLeft(b[lineStart:lineEnd], " \t")
		if k, ok := lineKey(line); ok {
			if err := flush(lineStart); err != nil {
				return nil, err
			}
			key, valueStart = k, lineEnd-len(line)+len(k)+1
		}
		lineStart = lineEnd + 1
	}
	if err := flush(len(b)); err != nil {
		return nil, err
	}
	return fields, nil
}

// lineKey reports which field key a line starts with.
func lineKey(line string) (string, bool) {
	for _, k := range [...]string{"name", "parameters", "arguments"} {
		if len(line) > len(k) && line[len(k)] == ':' && strings.EqualFold(line[:len(k)], k) {
			return k, true
		}
	}
	return "", false
}

// unquote removes one pair of matching quotes a model may have put around a tool name.
func unquote(s string) string {
	if len(s) >= 2 && strings.ContainsRune("\"'`", rune(s[0])) && s[len(s)-1] == s[0] {
		return strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

// newCall checks a call's name and parameters. present says whether the parameters were given
// at all (a call to a tool without parameters may leave them out); key names them in errors.
func newCall(name string, params any, present bool, key string) (dataset.ToolCall, error) {
	name = strings.TrimSpace(name)
	if err := checkCallName(name); err != nil {
		return dataset.ToolCall{}, err
	}
	if !present {
		return dataset.ToolCall{Name: name, Parameters: map[string]any{}}, nil
	}
	if s, isString := params.(string); isString {
		// OpenAI's API sends arguments as a string that holds JSON; some models copy that.
		decoded, err := decodeStrictJSON(s, 0)
		if err != nil {
			return dataset.ToolCall{}, fmt.Errorf("%s: a string that is not a JSON object: %w", key, err)
		}
		params = decoded
	}
	obj, ok := params.(map[string]any)
	if !ok {
		return dataset.ToolCall{}, fmt.Errorf("%s must be a JSON object, got %s", key, tools.TypeOf(params))
	}
	return dataset.ToolCall{Name: name, Parameters: obj}, nil
}
