package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFileReplacesWithoutLeftovers(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	for _, content := range []string{"first", "second, longer", ""} {
		if err := WriteFile(path, []byte(content)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != content {
			t.Fatalf("read %q, %v; want %q", got, err, content)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only the file", len(entries))
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != DefaultPerm {
		t.Errorf("mode %v, want %v", st.Mode().Perm(), DefaultPerm)
	}
}

func TestWriteJSON(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"object", map[string]int{"step": 3}, "{\n  \"step\": 3\n}\n"},
		{"markers escaped", []string{"<|end|> & more"}, "[\n  \"\\u003c|end|\\u003e \\u0026 more\"\n]\n"},
		{"scalar", 1.5, "1.5\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "v.json")
			if err := WriteJSON(path, tt.v); err != nil {
				t.Fatal(err)
			}
			if got, _ := os.ReadFile(path); string(got) != tt.want {
				t.Errorf("wrote %q, want %q", got, tt.want)
			}
		})
	}
}

func TestWritePerm(t *testing.T) {
	tests := []struct {
		name string
		old  os.FileMode // 0: no file before
		perm func(path string) os.FileMode
		want os.FileMode
	}{
		{"explicit on a new file", 0, func(string) os.FileMode { return 0o600 }, 0o600},
		{"explicit over a 0640 file", 0o640, func(string) os.FileMode { return 0o644 }, 0o644},
		{"existing kept", 0o640, func(p string) os.FileMode { return ExistingPerm(p, 0o644) }, 0o640},
		{"existing falls back", 0, func(p string) os.FileMode { return ExistingPerm(p, 0o644) }, 0o644},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "f.txt")
			if tt.old != 0 {
				if err := os.WriteFile(path, []byte("old"), tt.old); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(path, tt.old); err != nil { // past the umask
					t.Fatal(err)
				}
			}
			err := Write(path, tt.perm(path), func(w io.Writer) error {
				_, err := io.WriteString(w, "new")
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			st, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if st.Mode().Perm() != tt.want {
				t.Errorf("mode %v, want %v", st.Mode().Perm(), tt.want)
			}
		})
	}
}

// A writer that fails halfway leaves the old file and no temporary file, and its error comes
// back naming the path, unwrappable.
func TestWriteFailingWriter(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "d.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	errDisk := errors.New("disk on fire")
	err := Write(path, DefaultPerm, func(w io.Writer) error {
		io.WriteString(w, "[{\"messages\": [")
		return errDisk
	})
	if err == nil || err.Error() != "write "+path+": disk on fire" || !errors.Is(err, errDisk) {
		t.Errorf("got %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("file changed to %q", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only d.json", len(entries))
	}
}

func TestWriteErrorsNameThePath(t *testing.T) {
	tests := []struct {
		name   string
		target string // relative to a temp dir that holds a subdirectory "taken"
		write  func(path string) error
	}{
		{"missing directory", "missing/f.json", func(p string) error { return WriteFile(p, []byte("x")) }},
		{"rename over a directory", "taken", func(p string) error { return WriteFile(p, []byte("x")) }},
		{"unencodable JSON", "f.json", func(p string) error { return WriteJSON(p, func() {}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tt.target)
			if err := os.Mkdir(filepath.Join(dir, "taken"), 0o755); err != nil {
				t.Fatal(err)
			}
			err := tt.write(path)
			if err == nil || !strings.HasPrefix(err.Error(), "write "+path+": ") {
				t.Errorf("error %v, want one starting with write %s", err, path)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 || entries[0].Name() != "taken" {
				t.Errorf("directory holds %v, want only taken", entries)
			}
		})
	}
}

func TestCopyFile(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "src"), filepath.Join(dir, "dst")
	if err := os.WriteFile(src, []byte("tokens\x00and bytes"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := CopyFile(src, dst); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(dst); err != nil || string(got) != "tokens\x00and bytes" {
		t.Errorf("copy holds %q (%v)", got, err)
	}
	if err := CopyFile(filepath.Join(dir, "missing"), dst); err == nil {
		t.Error("copying a missing file succeeded")
	}
}
