package dataset

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/tooltune/tooltune/internal/atomicfile"
)

// record is one top-level JSON object of a dataset file, with the 1-based line it starts on,
// so that errors found while decoding it can point the user at the right place.
type record struct {
	raw  json.RawMessage
	line int
}

// IsJSONL reports whether a path's extension (.jsonl or .ndjson, any case) names JSON Lines.
// Every other extension means a JSON array.
func IsJSONL(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".ndjson":
		return true
	}
	return false
}

// readRecords splits a dataset file into its top-level objects. The layout is JSON Lines when
// the name says so, otherwise it is sniffed from the first non-space byte: '[' for a JSON array,
// '{' for JSON Lines. A leading UTF-8 byte order mark is ignored. noun ("example", "record")
// is what errors call one element.
func readRecords(data []byte, name, noun string) ([]record, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if IsJSONL(name) {
		return readJSONL(data, name, noun)
	}
	start := skipSpace(data, 0)
	if start == len(data) {
		return nil, fmt.Errorf("%s: empty file, want a JSON array of examples or JSON Lines", name)
	}
	switch data[start] {
	case '[':
		return readArray(data, name, noun)
	case '{':
		return readJSONL(data, name, noun)
	}
	return nil, fmt.Errorf("%s:%d: want a JSON array ('[') or JSON Lines of objects ('{'), found %q",
		name, lineAt(data, start), data[start])
}

// readJSONL reads one object per line; blank lines are skipped and do not count as records.
func readJSONL(data []byte, name, noun string) ([]record, error) {
	var out []record
	for lineNo := 1; len(data) > 0; lineNo++ {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if err := checkObject(line); err != nil {
			return nil, fmt.Errorf("%s:%d: %s %d: %w", name, lineNo, noun, len(out), err)
		}
		out = append(out, record{raw: json.RawMessage(line), line: lineNo})
	}
	return out, nil
}

// checkObject reports why one JSON Lines line is not a JSON object.
func checkObject(line []byte) error {
	if line[0] != '{' {
		return fmt.Errorf("want a JSON object ('{'), found %q", line[0])
	}
	var raw json.RawMessage
	if err := json.Unmarshal(line, &raw); err != nil {
		return fmt.Errorf("invalid JSON (JSON Lines needs one complete object per line): %w", err)
	}
	return nil
}

// readArray reads a JSON array of objects, noting the line each element starts on.
func readArray(data []byte, name, noun string) ([]record, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil { // the '[' that readRecords sniffed
		return nil, arraySyntaxError(data, name, noun, 0, err)
	}
	var out []record
	lines := lineCounter{data: data}
	for dec.More() {
		start := skipSpace(data, int(dec.InputOffset()))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, arraySyntaxError(data, name, noun, len(out), err)
		}
		if raw[0] != '{' {
			return nil, fmt.Errorf("%s:%d: %s %d: want a JSON object, found %s", name, lines.at(start), noun, len(out), abbreviate(raw))
		}
		out = append(out, record{raw: raw, line: lines.at(start)})
	}
	if _, err := dec.Token(); err != nil { // the closing ']'
		return nil, arraySyntaxError(data, name, noun, len(out), err)
	}
	if end := skipSpace(data, int(dec.InputOffset())); end < len(data) {
		return nil, fmt.Errorf("%s:%d: unexpected data after the closing ']' of the array", name, lineAt(data, end))
	}
	return out, nil
}

// arraySyntaxError words a decoding failure of a JSON array with the line where it happened.
// The streaming decoder's offsets are relative to its buffer, so the position is recomputed
// from a whole-input parse, whose syntax error offsets are absolute.
func arraySyntaxError(data []byte, name, noun string, index int, err error) error {
	var raw json.RawMessage
	var syntax *json.SyntaxError
	switch whole := json.Unmarshal(data, &raw); {
	case errors.As(whole, &syntax):
		return fmt.Errorf("%s:%d: %s %d: %w", name, lineAt(data, int(syntax.Offset)), noun, index, whole)
	case whole != nil:
		return fmt.Errorf("%s:%d: %s %d: %w", name, lineAt(data, len(data)), noun, index, whole)
	}
	return fmt.Errorf("%s: %s %d: %w", name, noun, index, err)
}

// skipSpace returns the offset of the first byte at or after i that is neither JSON whitespace
// nor the comma separating array elements.
func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\r', '\n', ',':
			i++
		default:
			return i
		}
	}
	return i
}

// lineAt is the 1-based line of byte offset off.
func lineAt(data []byte, off int) int {
	return 1 + bytes.Count(data[:min(off, len(data))], []byte{'\n'})
}

// lineCounter turns increasing offsets into line numbers without rescanning from the start,
// which keeps reading a large array linear.
type lineCounter struct {
	data []byte
	off  int
	line int
}

func (c *lineCounter) at(off int) int {
	if c.line == 0 {
		c.line = 1
	}
	c.line += bytes.Count(c.data[c.off:off], []byte{'\n'})
	c.off = off
	return c.line
}

// abbreviate shortens a JSON value for an error message.
func abbreviate(raw []byte) string {
	const limit = 40
	if len(raw) <= limit {
		return string(raw)
	}
	return string(raw[:limit]) + "..."
}

// writeRecords writes compact JSON objects as a JSON array indented by two spaces (one element
// per top-level entry) or as JSON Lines (one object per line). Either way the output ends with
// a newline and depends only on the records, so saving the same data twice gives the same bytes.
func writeRecords(w io.Writer, records []json.RawMessage, jsonl bool) error {
	bw := bufio.NewWriter(w)
	var buf bytes.Buffer
	if !jsonl {
		bw.WriteString("[")
	}
	for i, rec := range records {
		buf.Reset()
		var err error
		if jsonl {
			err = json.Compact(&buf, rec)
		} else {
			err = json.Indent(&buf, rec, "  ", "  ")
		}
		if err != nil {
			return fmt.Errorf("record %d: %w", i, err)
		}
		switch {
		case jsonl:
		case i == 0:
			bw.WriteString("\n  ")
		default:
			bw.WriteString(",\n  ")
		}
		bw.Write(buf.Bytes())
		if jsonl {
			bw.WriteByte('\n')
		}
	}
	if !jsonl {
		if len(records) > 0 {
			bw.WriteByte('\n')
		}
		bw.WriteString("]\n")
	}
	return bw.Flush()
}

// writeFileAtomic writes a file through write atomically (see internal/atomicfile). A file
// being replaced keeps its permissions; a new one gets 0644.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	return atomicfile.Write(path, atomicfile.ExistingPerm(path, atomicfile.DefaultPerm), write)
}
