// Package atomicfile writes files so that readers see either the old content or the complete
// new content, never a prefix: the data goes to a temporary file in the same directory, is
// synced, and is renamed over the target (a rename within one file system is atomic). A failed
// write removes the temporary file and leaves the target as it was.
package atomicfile

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// DefaultPerm is the mode of the files WriteFile and WriteJSON create: readable by everyone,
// as os.WriteFile callers usually ask for (os.CreateTemp alone would give 0600).
const DefaultPerm os.FileMode = 0o644

// Write creates path atomically with permissions perm, its content produced by write. Errors,
// including write's own, are returned as "write PATH: ...". write may be called with a
// temporary *os.File; callers that write in small pieces should buffer (and flush) themselves.
func Write(path string, perm os.FileMode, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close() // a second Close after a failed one only reports ErrClosed
			os.Remove(tmp.Name())
			err = fmt.Errorf("write %s: %w", path, err)
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Chmod(perm); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// WriteFile writes data to path atomically, with permissions DefaultPerm.
func WriteFile(path string, data []byte) error {
	return Write(path, DefaultPerm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteJSON writes v to path atomically as JSON indented by two spaces, with a final newline,
// as json.MarshalIndent gives it (so <, > and & are escaped).
func WriteJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return WriteFile(path, append(data, '\n'))
}

// ExistingPerm returns the permissions of the file at path, or fallback when there is none:
// passed to Write, it keeps the mode a user gave a file that is being replaced.
func ExistingPerm(path string, fallback os.FileMode) os.FileMode {
	if info, err := os.Stat(path); err == nil {
		return info.Mode().Perm()
	}
	return fallback
}

// syncDir flushes a directory entry so that a completed rename survives a crash. It is best
// effort: some systems cannot open or sync directories, and the data itself is already safe.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}

// CopyFile copies the file src to dst atomically, with permissions DefaultPerm.
func CopyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return WriteFile(dst, data)
}
