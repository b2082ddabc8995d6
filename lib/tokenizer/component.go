package tokenizer

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// UnsupportedError reports a tokenizer.json component whose type this
// package does not implement. Loading fails with it rather than producing ids
// that silently differ from the reference implementation.
type UnsupportedError struct {
	Path string // where in tokenizer.json, e.g. "pre_tokenizer.pretokenizers[1]"
	Type string // the "type" value found there
}

func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("%s: unsupported type %q", e.Path, e.Type)
}

// isNull reports whether a JSON value is absent or null, the two ways
// tokenizer.json says "no such component".
func isNull(raw json.RawMessage) bool {
	trimmed := bytes.TrimSpace(raw)
	return len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null"))
}

// componentType reads the "type" field of a component object.
func componentType(raw json.RawMessage, path string) (string, error) {
	var head struct {
		Type *string `json:"type"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	if head.Type == nil {
		return "", fmt.Errorf("%s: missing field \"type\"", path)
	}
	return *head.Type, nil
}

// decodeInto unmarshals a component into v, naming the path on failure.
func decodeInto(raw json.RawMessage, path string, v any) error {
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// decodeList unmarshals a JSON array of components and calls parse on each
// one with its own path, so nested errors say exactly which entry failed.
func decodeList[T any](raw json.RawMessage, path string, parse func(json.RawMessage, string) (T, error)) ([]T, error) {
	var items []json.RawMessage
	if err := decodeInto(raw, path, &items); err != nil {
		return nil, err
	}
	out := make([]T, 0, len(items))
	for i, item := range items {
		v, err := parse(item, fmt.Sprintf("%s[%d]", path, i))
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}
