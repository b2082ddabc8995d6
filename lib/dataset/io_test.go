package dataset

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSaveLoadRoundTrip(t *testing.T) {
	tests := []struct {
		file  string
		jsonl bool
	}{
		{"data.json", false},
		{"data.jsonl", true},
		{"DATA.NDJSON", true},
		{"data.txt", false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tt.file)
			want := sampleExamples()
			if err := Save(path, want); err != nil {
				t.Fatal(err)
			}
			first := readFile(t, path)
			got, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if canonical(t, got) != canonical(t, want) {
				t.Errorf("loaded examples differ:\n got %s\nwant %s", canonical(t, got), canonical(t, want))
			}
			if err := Save(path, got); err != nil {
				t.Fatal(err)
			}
			if second := readFile(t, path); second != first {
				t.Errorf("save(load(save(x))) != save(x):\n%s\n---\n%s", second, first)
			}
			lines := strings.Split(strings.TrimSuffix(first, "\n"), "\n")
			if tt.jsonl {
				if len(lines) != len(want) {
					t.Errorf("JSONL has %d lines, want one per example (%d)", len(lines), len(want))
				}
			} else if !strings.HasPrefix(first, "[\n  {\n    \"messages\": [") || lines[len(lines)-1] != "]" {
				t.Errorf("JSON array layout not as documented:\n%s", first[:min(len(first), 80)])
			}
			if strings.Contains(first, `\u003c`) {
				t.Errorf("< was escaped as \\u003c in message content")
			}
		})
	}
}

func TestSaveForcesJSONL(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data.json")
	if err := SaveJSONL(path, sampleExamples()); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(readFile(t, path), "\n"); got != len(sampleExamples()) {
		t.Errorf("SaveJSONL wrote %d lines, want %d", got, len(sampleExamples()))
	}
	if _, err := Load(path); err != nil { // sniffed as JSON Lines from the '{'
		t.Errorf("Load of JSON Lines named .json: %v", err)
	}
}

// Numbers must come back as they were written: integers as integers, decimals with their digits.
func TestLoadKeepsNumbers(t *testing.T) {
	const line = `{"messages":[{"role":"user","content":"x"},{"role":"assistant","content":"","tool_calls":[{"name":"f","parameters":{"big":12345678901234567890,"days":3,"price":2.50,"tiny":1e-7}}]}],"tools":[]}` + "\n"
	got, err := Read(strings.NewReader(line), "n.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if days := got[0].Messages[1].ToolCalls[0].Parameters["days"]; days != json.Number("3") {
		t.Errorf("days decoded as %#v, want json.Number(\"3\")", days)
	}
	var buf bytes.Buffer
	if err := WriteJSONL(&buf, got); err != nil {
		t.Fatal(err)
	}
	if buf.String() != line {
		t.Errorf("rewritten:\n%s\nwant\n%s", buf.String(), line)
	}
}

func TestWriteEmpty(t *testing.T) {
	tests := []struct {
		name  string
		write func(*bytes.Buffer) error
		want  string
	}{
		{"array", func(b *bytes.Buffer) error { return Write(b, nil) }, "[]\n"},
		{"jsonl", func(b *bytes.Buffer) error { return WriteJSONL(b, nil) }, ""},
		{"nil lists", func(b *bytes.Buffer) error {
			return WriteJSONL(b, []Example{{Messages: []Message{{Role: RoleAssistant, ToolCalls: []ToolCall{{Name: "f"}}}}}})
		}, `{"messages":[{"role":"assistant","content":"","tool_calls":[{"name":"f","parameters":{}}]}],"tools":[]}` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.write(&buf); err != nil {
				t.Fatal(err)
			}
			if buf.String() != tt.want {
				t.Errorf("got %q, want %q", buf.String(), tt.want)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, file, data string
		want             string // the whole error message
	}{
		{"wrong type", "d.json", `[{"messages": 5}]`,
			"d.json:1: example 0: messages: got JSON number, want array"},
		{"wrong nested type", "d.json", "[\n {\"messages\": []},\n {\"messages\": [{\"role\": \"user\", \"content\": 7}]}\n]",
			"d.json:3: example 1: messages.content: got JSON number, want string"},
		{"syntax error", "d.json", "[\n {\"messages\": []},\n {\"messages\": []},\n {\"messages\": [,]}\n]",
			"d.json:4: example 2: invalid character ',' looking for beginning of value"},
		{"truncated", "d.json", "[\n {\"messages\": []},\n {\"messages\": [",
			"d.json:3: example 1: unexpected end of JSON input"},
		{"not an object", "d.json", "[{\"messages\": []}, 17]",
			"d.json:1: example 1: want a JSON object, found 17"},
		{"trailing data", "d.json", "[]\n[]",
			"d.json:2: unexpected data after the closing ']' of the array"},
		{"empty json", "d.json", "  \n",
			"d.json: empty file, want a JSON array of examples or JSON Lines"},
		{"not json", "d.json", "\nmessages: []",
			"d.json:2: want a JSON array ('[') or JSON Lines of objects ('{'), found 'm'"},
		{"jsonl syntax", "d.jsonl", "{\"messages\": []}\n\n{\"messages\": [}\n",
			"d.jsonl:3: example 1: invalid JSON (JSON Lines needs one complete object per line): invalid character '}' looking for beginning of value"},
		{"jsonl pretty printed", "d.jsonl", "{\n\"messages\": []}\n",
			"d.jsonl:1: example 0: invalid JSON (JSON Lines needs one complete object per line): unexpected end of JSON input"},
		{"jsonl type", "d.jsonl", "{\"messages\": []}\n{\"messages\": [], \"scenario\": 3}\n",
			"d.jsonl:2: example 1: scenario: got JSON number, want string"},
		{"jsonl array line", "d.jsonl", "[]\n",
			"d.jsonl:1: example 0: want a JSON object ('{'), found '['"},
		{"tool schema", "d.jsonl", `{"messages": [], "tools": [{"name": "f", "parameters": {"type": "object", "properties": []}}]}`,
			"d.jsonl:1: example 0: properties must be a JSON object, got ["},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tt.data), tt.file)
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got %q\nwant %q", err, tt.want)
			}
		})
	}
}

func TestReadAccepts(t *testing.T) {
	tests := []struct {
		name, file, data string
		want             int
	}{
		{"empty jsonl", "d.jsonl", "", 0},
		{"blank lines", "d.jsonl", "\n{\"messages\": []}\n  \n{\"messages\": []}", 2},
		{"byte order mark", "d.json", "\xef\xbb\xbf[{\"messages\": []}]", 1},
		{"crlf", "d.jsonl", "{\"messages\": []}\r\n{\"messages\": []}\r\n", 2},
		{"sniffed jsonl", "d.data", "{\"messages\": []}\n{\"messages\": []}\n", 2},
		{"empty array", "d.json", " [ ] ", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Read(strings.NewReader(tt.data), tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.want {
				t.Errorf("got %d examples, want %d", len(got), tt.want)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	if _, err := Load(filepath.Join(t.TempDir(), "missing.json")); !os.IsNotExist(err) {
		t.Errorf("got %v, want a not-exist error", err)
	}
}

// A failed save must leave whatever was at the path as it was, and no temporary file behind.
func TestSaveAtomic(t *testing.T) {
	unencodable := func(v any) []Example {
		ex := sampleExamples()
		ex[3].Messages = append(ex[3].Messages, calls("", call("get_weather", map[string]any{"city": v})))
		return ex
	}
	tests := []struct {
		name     string
		target   string // relative to the temp dir
		examples []Example
		want     string // substring of the error
	}{
		{"function value", "d.json", unencodable(func() {}), "example 3: json: unsupported type: func()"},
		{"NaN", "d.jsonl", unencodable(math.NaN()), "example 3: json: unsupported value: NaN"},
		{"channel", "d.json", unencodable(make(chan int)), "unsupported type: chan int"},
		{"missing directory", "nodir/d.json", sampleExamples(), "no such file or directory"},
		{"path is a directory", "adir", sampleExamples(), "adir"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.Mkdir(filepath.Join(dir, "adir"), 0o755); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, tt.target)
			const old = "old content\n"
			if filepath.Dir(path) == dir && tt.target != "adir" {
				if err := os.WriteFile(path, []byte(old), 0o640); err != nil {
					t.Fatal(err)
				}
			}
			err := Save(path, tt.examples)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the file", err)
			}
			if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() {
				if got := readFile(t, path); got != old {
					t.Errorf("file changed to %q", got)
				}
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if e.Name() != "adir" && e.Name() != tt.target {
					t.Errorf("left %s behind", e.Name())
				}
			}
		})
	}
}

// A writer that fails halfway leaves the old file and no temporary file.
func TestWriteFileAtomicFailingWriter(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "d.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := writeFileAtomic(path, func(w io.Writer) error {
		io.WriteString(w, "[{\"messages\": [")
		return errors.New("disk on fire")
	})
	if err == nil || err.Error() != "write "+path+": disk on fire" {
		t.Errorf("got %v", err)
	}
	if got := readFile(t, path); got != "old" {
		t.Errorf("file changed to %q", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only d.json", len(entries))
	}
}

func TestSaveReplacesKeepingMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "d.json")
	if err := Save(path, nil); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o644 {
		t.Errorf("new file mode %v, want 0644", info.Mode().Perm())
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Save(path, sampleExamples()); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("replaced file mode %v, want the old 0600", info.Mode().Perm())
	}
	if got, err := Load(path); err != nil || len(got) != len(sampleExamples()) {
		t.Errorf("Load after replace: %d examples, %v", len(got), err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func manyExamples(n int) []Example {
	base := sampleExamples()
	out := make([]Example, n)
	for i := range out {
		out[i] = base[i%len(base)]
	}
	return out
}

func BenchmarkLoadJSONL(b *testing.B) {
	var buf bytes.Buffer
	if err := WriteJSONL(&buf, manyExamples(1000)); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		if _, err := Read(bytes.NewReader(buf.Bytes()), "bench.jsonl"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadJSONArray(b *testing.B) {
	var buf bytes.Buffer
	if err := Write(&buf, manyExamples(1000)); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		if _, err := Read(bytes.NewReader(buf.Bytes()), "bench.json"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteJSONL(b *testing.B) {
	examples := manyExamples(1000)
	for b.Loop() {
		if err := WriteJSONL(&bytes.Buffer{}, examples); err != nil {
			b.Fatal(err)
		}
	}
}
