package dataset

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"

	"github.com/tooltune/tooltune/lib/tools"
)

// Load reads a dataset in the original format from a file: a JSON array of examples, or JSON
// Lines with one example per line. Files named *.jsonl or *.ndjson are JSON Lines; for other
// names the layout is recognised from the first non-space byte ('[' or '{').
//
// Numbers inside call parameters are kept as json.Number, so that an integer read from a file
// is written back as the same integer (and 2.50 stays 2.50); tools.AsFloat and
// (*tools.Tool).ValidateArgs accept json.Number. Unknown object keys are ignored, as
// encoding/json does. Errors name the file, the line, the example index (0-based) and the field.
func Load(path string) ([]Example, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return decodeExamples(data, path)
}

// Read is Load for a stream; name is used in error messages and to recognise JSON Lines.
func Read(r io.Reader, name string) ([]Example, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return decodeExamples(data, name)
}

func decodeExamples(data []byte, name string) ([]Example, error) {
	records, err := readRecords(data, name, "example")
	if err != nil {
		return nil, err
	}
	return decodeRecords(decodeOriginal, records, func(i int) string {
		return fmt.Sprintf("%s:%d: example %d", name, records[i].line, i)
	})
}

// Save writes examples to path as JSON Lines when the extension is .jsonl or .ndjson, else as
// an indented JSON array. The write is atomic: on any error the file at path is unchanged.
func Save(path string, examples []Example) error {
	return saveAs(path, examples, IsJSONL(path))
}

// SaveJSONL writes examples to path as JSON Lines whatever its extension, atomically.
func SaveJSONL(path string, examples []Example) error {
	return saveAs(path, examples, true)
}

func saveAs(path string, examples []Example, jsonl bool) error {
	records, err := exportOriginal(examples)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return writeFileAtomic(path, func(w io.Writer) error { return writeRecords(w, records, jsonl) })
}

// Write writes examples to w as an indented JSON array, the layout Save uses for *.json.
func Write(w io.Writer, examples []Example) error { return writeExamples(w, examples, false) }

// WriteJSONL writes examples to w as JSON Lines, one compact example per line.
func WriteJSONL(w io.Writer, examples []Example) error { return writeExamples(w, examples, true) }

func writeExamples(w io.Writer, examples []Example, jsonl bool) error {
	records, err := exportOriginal(examples)
	if err != nil {
		return err
	}
	return writeRecords(w, records, jsonl)
}

// exportOriginal marshals every example to compact JSON, before anything is written, so that
// a value that cannot be encoded fails the save without touching the output.
func exportOriginal(examples []Example) ([]json.RawMessage, error) {
	return Export(FormatOriginal, examples)
}

// normalized returns a shallow copy of ex whose nil lists and nil call parameters are empty
// instead, so that every saved example has "messages": [...], "tools": [...] and
// "parameters": {...} and the same data always saves to the same bytes.
func normalized(ex *Example) *Example {
	cp := *ex
	if cp.Messages == nil {
		cp.Messages = []Message{}
	}
	if cp.Tools == nil {
		cp.Tools = []tools.Tool{}
	}
	copied := false
	for i, m := range cp.Messages {
		for j, c := range m.ToolCalls {
			if c.Parameters != nil {
				continue
			}
			if !copied { // never modify the caller's messages
				cp.Messages = append([]Message(nil), cp.Messages...)
				copied = true
			}
			calls := append([]ToolCall(nil), cp.Messages[i].ToolCalls...)
			calls[j].Parameters = map[string]any{}
			cp.Messages[i].ToolCalls = calls
		}
	}
	return &cp
}

// marshalCompact encodes v as compact JSON without escaping <, > and &, which appear in chat
// markup such as <tool_call> and should stay readable in the files.
func marshalCompact(v any) (json.RawMessage, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}), nil
}

// unmarshalNumbers decodes exactly one JSON value into v, keeping numbers in interface values
// as json.Number, and words type errors by field ("messages.content: got JSON number, want
// string") instead of by Go type.
func unmarshalNumbers(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return describeJSONError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}

func describeJSONError(err error) error {
	var typeErr *json.UnmarshalTypeError
	if !errors.As(err, &typeErr) {
		return err
	}
	msg := fmt.Sprintf("got JSON %s, want %s", typeErr.Value, jsonKind(typeErr.Type))
	if typeErr.Field == "" {
		return errors.New(msg)
	}
	return fmt.Errorf("%s: %s", typeErr.Field, msg)
}

// jsonKind names the JSON type that a Go type decodes from.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Struct, reflect.Map:
		return "object"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "number"
	}
	return strings.ToLower(t.String())
}
