package dataset

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tooltune/tooltune/lib/tools"
)

// Format names a dataset layout that examples can be imported from and exported to.
//
// Each foreign format holds less than the original one, and a round trip
// (Export then Import) gives back the original example except for what the format cannot hold:
//
//   - all foreign formats drop Example.Scenario;
//   - FormatOpenAI keeps everything else;
//   - FormatHermes keeps everything else, except that the text of an assistant message that
//     makes calls comes back trimmed (and literal <tool_call> text in it would read as a call);
//   - FormatShareGPT drops the text of assistant messages that make calls (LLaMA-Factory's
//     function_call turn has no text), and results of parallel calls come back in call order;
//   - FormatXLAM keeps the opening user query, the calls of the assistant's reply to it and the
//     tools reduced to types, descriptions, defaults and required names (system prompts, later
//     turns, enum, format, minimum/maximum and nested object properties are dropped); a reply
//     without calls exports as "answers": [] and imports as the query alone.
type Format string

// The supported formats.
const (
	// FormatOriginal is ToolTune's own: {"messages", "tools", "scenario"} as in types.go.
	FormatOriginal Format = "original"
	// FormatOpenAI is OpenAI's chat fine-tuning layout: assistant "tool_calls" with ids and
	// JSON-string "arguments", tool messages answering a "tool_call_id", tools wrapped as
	// {"type": "function", "function": {...}}.
	FormatOpenAI Format = "openai"
	// FormatHermes is the Hermes/Qwen layout: calls written inside the assistant's content as
	// <tool_call>{"name": ..., "arguments": ...}</tool_call> blocks, results as "tool" messages.
	FormatHermes Format = "hermes"
	// FormatShareGPT is LLaMA-Factory's ShareGPT layout for tool use (as in its Glaive
	// conversion): "conversations" of {"from", "value"} turns with function_call and
	// observation turns, a "system" string and "tools" as a JSON string.
	FormatShareGPT Format = "sharegpt"
	// FormatXLAM is the single-turn APIGen/xLAM layout: {"query", "tools", "answers"}, with
	// tools and answers as JSON strings.
	FormatXLAM Format = "xlam"
)

// Formats lists the supported formats.
func Formats() []Format {
	return []Format{FormatOriginal, FormatOpenAI, FormatHermes, FormatShareGPT, FormatXLAM}
}

// ParseFormat returns the format called name (case-insensitive).
func ParseFormat(name string) (Format, error) {
	for _, f := range Formats() {
		if strings.EqualFold(name, string(f)) {
			return f, nil
		}
	}
	names := make([]string, 0, len(Formats()))
	for _, f := range Formats() {
		names = append(names, string(f))
	}
	return "", fmt.Errorf("unknown dataset format %q (one of %s)", name, strings.Join(names, ", "))
}

// codec converts single examples to and from one format.
type codec struct {
	encode func(ex *Example) (any, error)
	decode func(raw json.RawMessage) (Example, error)
}

func codecFor(f Format) (codec, error) {
	switch f {
	case FormatOriginal:
		return codec{encode: encodeOriginal, decode: decodeOriginal}, nil
	case FormatOpenAI:
		return codec{encode: exportOpenAI, decode: importOpenAI}, nil
	case FormatHermes:
		return codec{encode: exportHermes, decode: importHermes}, nil
	case FormatShareGPT:
		return codec{encode: exportShareGPT, decode: importShareGPT}, nil
	case FormatXLAM:
		return codec{encode: exportXLAM, decode: importXLAM}, nil
	}
	_, err := ParseFormat(string(f))
	return codec{}, err
}

func encodeOriginal(ex *Example) (any, error) { return normalized(ex), nil }

func decodeOriginal(raw json.RawMessage) (Example, error) {
	var ex Example
	err := unmarshalNumbers(raw, &ex)
	return ex, err
}

// Export converts examples to records of the given format, one compact JSON object each.
// Errors name the example index and the field that cannot be converted.
func Export(format Format, examples []Example) ([]json.RawMessage, error) {
	c, err := codecFor(format)
	if err != nil {
		return nil, err
	}
	out := make([]json.RawMessage, len(examples))
	for i := range examples {
		v, err := c.encode(&examples[i])
		if err == nil {
			out[i], err = marshalCompact(v)
		}
		if err != nil {
			return nil, fmt.Errorf("%s export: example %d: %w", format, i, err)
		}
	}
	return out, nil
}

// Import converts records of the given format to examples. Errors name the record index and
// the field.
func Import(format Format, records []json.RawMessage) ([]Example, error) {
	c, err := codecFor(format)
	if err != nil {
		return nil, err
	}
	recs := make([]record, len(records))
	for i, raw := range records {
		recs[i].raw = raw
	}
	return decodeRecords(c.decode, recs, func(i int) string { return fmt.Sprintf("%s import: record %d", format, i) })
}

// decodeRecords decodes every record, naming a failing one with label(i).
func decodeRecords(decode func(json.RawMessage) (Example, error), records []record, label func(i int) string) ([]Example, error) {
	out := make([]Example, len(records))
	for i, rec := range records {
		var err error
		if out[i], err = decode(rec.raw); err != nil {
			return nil, fmt.Errorf("%s: %w", label(i), err)
		}
	}
	return out, nil
}

// ConvertFile reads inPath in format inFmt and writes it to outPath in format outFmt, as JSON
// Lines when outPath ends in .jsonl or .ndjson and as a JSON array otherwise. The input layout
// (array or lines) is recognised as Load does. The output is written atomically.
func ConvertFile(inPath string, inFmt Format, outPath string, outFmt Format) error {
	in, err := codecFor(inFmt)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(inPath)
	if err != nil {
		return err
	}
	records, err := readRecords(data, inPath, "record")
	if err != nil {
		return err
	}
	examples, err := decodeRecords(in.decode, records, func(i int) string {
		return fmt.Sprintf("%s:%d: %s import: record %d", inPath, records[i].line, inFmt, i)
	})
	if err != nil {
		return err
	}
	out, err := Export(outFmt, examples)
	if err != nil {
		return fmt.Errorf("convert %s to %s: %w", inPath, outPath, err)
	}
	return writeFileAtomic(outPath, func(w io.Writer) error { return writeRecords(w, out, IsJSONL(outPath)) })
}

// fieldError prefixes err with the path of the field it concerns.
func fieldError(field string, err error) error { return fmt.Errorf("%s: %w", field, err) }

// decodeArguments reads a call's arguments, given either as a JSON object or, as OpenAI and
// xLAM do, as a string holding one. Absent, null or "" arguments mean no arguments.
func decodeArguments(raw json.RawMessage) (map[string]any, error) {
	raw, err := unwrapJSONString(raw)
	if err != nil {
		return nil, err
	}
	if len(raw) == 0 || string(raw) == "null" {
		return map[string]any{}, nil
	}
	if raw[0] != '{' {
		return nil, fmt.Errorf("want a JSON object, got %s", abbreviate(raw))
	}
	var args map[string]any
	if err := unmarshalNumbers(raw, &args); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	return args, nil
}

// encodeArguments writes arguments as compact JSON; nil arguments are "{}".
func encodeArguments(args map[string]any) (json.RawMessage, error) {
	if args == nil {
		args = map[string]any{}
	}
	return marshalCompact(args)
}

// decodeToolList reads tool schemas given as a JSON array or as a string holding one, each
// either a bare function object or OpenAI's {"type": "function", "function": {...}}.
func decodeToolList(raw json.RawMessage) ([]tools.Tool, error) {
	raw, err := unwrapJSONString(raw)
	if err != nil {
		return nil, err
	}
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, errors.New("want a JSON array of tools")
	}
	out := make([]tools.Tool, len(items))
	for i, item := range items {
		var wrapped struct {
			Type     string          `json:"type"`
			Function json.RawMessage `json:"function"`
		}
		if json.Unmarshal(item, &wrapped) == nil && len(wrapped.Function) > 0 {
			item = wrapped.Function
		}
		if err := unmarshalNumbers(item, &out[i]); err != nil {
			return nil, fieldError(fmt.Sprintf("[%d]", i), err)
		}
	}
	return out, nil
}

// wrappedTool is OpenAI's tool entry, also used by Hermes/Qwen chat templates.
type wrappedTool struct {
	Type     string     `json:"type"`
	Function tools.Tool `json:"function"`
}

func wrapTools(ts []tools.Tool) []wrappedTool {
	out := make([]wrappedTool, len(ts))
	for i, t := range ts {
		out[i] = wrappedTool{Type: "function", Function: t}
	}
	return out
}

// resolveResult works out which call a tool result answers, removes it from pending and
// returns the tool's name: by call id when the format has ids, else by the name the result
// carries, else by position (the earliest call still awaiting a result).
func resolveResult(pending *pendingCalls, id, name string) (string, error) {
	switch {
	case id != "":
		c, ok := pending.takeID(id)
		if !ok {
			return "", fmt.Errorf("no earlier tool call has id %q", id)
		}
		return c.name, nil
	case name != "":
		pending.takeName(name)
		return name, nil
	}
	c, ok := pending.takeFirst()
	if !ok {
		return "", errors.New("tool result without a name follows no call awaiting a result")
	}
	return c.name, nil
}
