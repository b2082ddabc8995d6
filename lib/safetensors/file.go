package safetensors

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
)

// MaxHeaderSize bounds the JSON header. Real headers are kilobytes to a few megabytes; the
// bound stops a corrupt or hostile length prefix from making Open allocate gigabytes.
const MaxHeaderSize = 100 << 20

// metadataKey is the reserved header entry holding free-form string metadata.
const metadataKey = "__metadata__"

// TensorInfo describes one tensor in a file.
type TensorInfo struct {
	Name  string
	DType DType
	Shape []int
	// Begin and End are the byte offsets of the tensor's data, relative to the end of the
	// header, as written in "data_offsets".
	Begin, End int64
}

// NumElements is the product of the shape (1 for a scalar).
func (t TensorInfo) NumElements() int {
	n := 1
	for _, d := range t.Shape {
		n *= d
	}
	return n
}

// FormatError reports a malformed or unusable file. Tensor is empty when the problem is not
// about one tensor.
type FormatError struct {
	Path   string
	Tensor string
	Err    error
}

func (e *FormatError) Error() string {
	if e.Tensor != "" {
		return fmt.Sprintf("safetensors: %s: tensor %q: %v", e.Path, e.Tensor, e.Err)
	}
	return fmt.Sprintf("safetensors: %s: %v", e.Path, e.Err)
}

func (e *FormatError) Unwrap() error { return e.Err }

// File is an open safetensors file. Its tensors' bytes stay in the mapped file until converted;
// a File is safe for concurrent reads, but not concurrently with Close.
type File struct {
	path     string
	buf      []byte // the whole file
	data     []byte // buf after the header
	tensors  map[string]TensorInfo
	names    []string // sorted
	metadata map[string]string
	release  func() error
}

// Open maps the file at path and validates its header: known dtypes, sizes that match the
// shapes, and data offsets that tile the data section exactly, without gaps or overlaps.
func Open(path string) (*File, error) {
	buf, release, err := mapFile(path)
	if err != nil {
		return nil, fmt.Errorf("safetensors: %w", err)
	}
	f, err := parse(path, buf)
	if err != nil {
		_ = release()
		return nil, err
	}
	f.release = release
	return f, nil
}

// FromBytes reads a safetensors file held in memory (an embedded model, say). name is used
// in error messages only. The File refers to b, which must not change while it is in use.
func FromBytes(name string, b []byte) (*File, error) {
	f, err := parse(name, b)
	if err != nil {
		return nil, err
	}
	f.release = func() error { return nil }
	return f, nil
}

// Close releases the mapping. Slices returned by Raw must not be used after Close.
func (f *File) Close() error {
	if f.release == nil {
		return nil
	}
	err := f.release()
	f.release, f.buf, f.data = nil, nil, nil
	if err != nil {
		return fmt.Errorf("safetensors: closing %s: %w", f.path, err)
	}
	return nil
}

// Path is the file's path (or the name given to FromBytes).
func (f *File) Path() string { return f.path }

// Names returns the tensor names, sorted.
func (f *File) Names() []string { return append([]string(nil), f.names...) }

// Metadata returns a copy of the header's "__metadata__" entries (nil when there are none).
func (f *File) Metadata() map[string]string {
	if len(f.metadata) == 0 {
		return nil
	}
	m := make(map[string]string, len(f.metadata))
	for k, v := range f.metadata {
		m[k] = v
	}
	return m
}

// Info describes the named tensor.
func (f *File) Info(name string) (TensorInfo, bool) {
	t, ok := f.tensors[name]
	if !ok {
		return TensorInfo{}, false
	}
	t.Shape = slices.Clone(t.Shape)
	return t, true
}

// Raw returns the named tensor's little-endian bytes. The slice points into the mapped file:
// it is read-only (writing to it faults) and valid until Close.
func (f *File) Raw(name string) ([]byte, error) {
	t, ok := f.tensors[name]
	if !ok {
		return nil, &FormatError{Path: f.path, Tensor: name, Err: errors.New("no such tensor")}
	}
	if f.release == nil {
		return nil, &FormatError{Path: f.path, Tensor: name, Err: errors.New("file is closed")}
	}
	return f.data[t.Begin:t.End:t.End], nil
}

// Float32 returns the named tensor converted to a new float32 slice, and its shape. F16, BF16
// and F64 are converted; F32 is copied.
func (f *File) Float32(name string) ([]float32, []int, error) {
	raw, err := f.Raw(name)
	if err != nil {
		return nil, nil, err
	}
	t := f.tensors[name]
	out := make([]float32, t.NumElements())
	if err := decodeFloat32(t.DType, raw, out); err != nil {
		return nil, nil, &FormatError{Path: f.path, Tensor: name, Err: err}
	}
	return out, slices.Clone(t.Shape), nil
}

// parse reads and validates the header of a whole file held in buf.
func parse(path string, buf []byte) (*File, error) {
	fail := func(tensor string, format string, args ...any) error {
		return &FormatError{Path: path, Tensor: tensor, Err: fmt.Errorf(format, args...)}
	}
	if len(buf) < 8 {
		return nil, fail("", "file is %d bytes, too short for the 8-byte header length", len(buf))
	}
	n := binary.LittleEndian.Uint64(buf[:8])
	if n > MaxHeaderSize {
		return nil, fail("", "header length %d exceeds the %d-byte limit", n, MaxHeaderSize)
	}
	if n > uint64(len(buf)-8) {
		return nil, fail("", "header length %d runs past the end of the %d-byte file (truncated?)", n, len(buf))
	}
	entries, metadata, err := decodeHeader(path, buf[8:8+n])
	if err != nil {
		return nil, err
	}
	data := buf[8+n:]
	f := &File{path: path, buf: buf, data: data, tensors: make(map[string]TensorInfo, len(entries)), metadata: metadata}
	for _, e := range entries {
		t, err := e.info(int64(len(data)))
		if err != nil {
			return nil, fail(e.name, "%w", err)
		}
		f.tensors[t.Name] = t
		f.names = append(f.names, t.Name)
	}
	sort.Strings(f.names)
	if err := checkTiling(f.tensors, int64(len(data))); err != nil {
		return nil, &FormatError{Path: path, Err: err}
	}
	return f, nil
}

// headerEntry is one tensor entry as it appears in the JSON header. Pointers tell a missing
// field from a zero one.
type headerEntry struct {
	name        string
	DType       *string  `json:"dtype"`
	Shape       *[]int64 `json:"shape"`
	DataOffsets *[]int64 `json:"data_offsets"`
}

// decodeHeader parses the header object entry by entry, so that duplicate names are caught
// (encoding/json would silently keep the last one) and entries keep the file's order.
func decodeHeader(path string, header []byte) ([]headerEntry, map[string]string, error) {
	fail := func(tensor string, format string, args ...any) error {
		return &FormatError{Path: path, Tensor: tensor, Err: fmt.Errorf("header: "+format, args...)}
	}
	dec := json.NewDecoder(bytes.NewReader(header))
	tok, err := dec.Token()
	if err != nil {
		return nil, nil, fail("", "invalid JSON: %w", err)
	}
	if tok != json.Delim('{') {
		return nil, nil, fail("", "not a JSON object")
	}
	var entries []headerEntry
	var metadata map[string]string
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, fail("", "invalid JSON: %w", err)
		}
		name := tok.(string) // object keys are always strings
		if seen[name] {
			return nil, nil, fail("", "entry %q appears twice", name)
		}
		seen[name] = true
		if name == metadataKey {
			if err := dec.Decode(&metadata); err != nil {
				return nil, nil, fail("", "%s must be an object of strings: %w", metadataKey, err)
			}
			continue
		}
		e := headerEntry{name: name}
		if err := dec.Decode(&e); err != nil {
			return nil, nil, fail(name, "invalid entry: %w", err)
		}
		entries = append(entries, e)
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, nil, fail("", "invalid JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, fail("", "data after the JSON object")
	}
	return entries, metadata, nil
}

// info checks one entry on its own: required fields, known dtype, offsets inside the data
// section and a byte size that matches the shape.
func (e headerEntry) info(dataLen int64) (TensorInfo, error) {
	switch {
	case e.name == "":
		return TensorInfo{}, errors.New("empty tensor name")
	case e.DType == nil:
		return TensorInfo{}, errors.New(`missing "dtype"`)
	case e.Shape == nil:
		return TensorInfo{}, errors.New(`missing "shape"`)
	case e.DataOffsets == nil:
		return TensorInfo{}, errors.New(`missing "data_offsets"`)
	case len(*e.DataOffsets) != 2:
		return TensorInfo{}, fmt.Errorf(`"data_offsets" has %d values, want 2`, len(*e.DataOffsets))
	}
	t := TensorInfo{Name: e.name, DType: DType(*e.DType), Begin: (*e.DataOffsets)[0], End: (*e.DataOffsets)[1]}
	if !t.DType.Valid() {
		return TensorInfo{}, fmt.Errorf("unknown dtype %q", *e.DType)
	}
	for i, d := range *e.Shape {
		if d < 0 || int64(int(d)) != d {
			return TensorInfo{}, fmt.Errorf("shape %v: dimension %d out of range", *e.Shape, i)
		}
		t.Shape = append(t.Shape, int(d))
	}
	if t.Shape == nil {
		t.Shape = []int{}
	}
	if t.Begin < 0 || t.End < t.Begin || t.End > dataLen {
		return TensorInfo{}, fmt.Errorf("data_offsets [%d, %d] outside the %d-byte data section", t.Begin, t.End, dataLen)
	}
	want, err := byteSize(t.DType, t.Shape)
	if err != nil {
		return TensorInfo{}, err
	}
	if got := t.End - t.Begin; got != want {
		return TensorInfo{}, fmt.Errorf("data_offsets [%d, %d] span %d bytes, but %s %v needs %d", t.Begin, t.End, got, t.DType, t.Shape, want)
	}
	return t, nil
}

// checkTiling requires the tensors to cover the data section exactly once, in some order, as
// the reference implementation does: overlaps could alias weights, and gaps hide data.
func checkTiling(tensors map[string]TensorInfo, dataLen int64) error {
	byOffset := make([]TensorInfo, 0, len(tensors))
	for _, t := range tensors {
		byOffset = append(byOffset, t)
	}
	sort.Slice(byOffset, func(i, j int) bool {
		a, b := byOffset[i], byOffset[j]
		if a.Begin != b.Begin {
			return a.Begin < b.Begin
		}
		if a.End != b.End {
			return a.End < b.End
		}
		return a.Name < b.Name
	})
	var end int64
	prev := ""
	for _, t := range byOffset {
		switch {
		case t.Begin < end:
			return fmt.Errorf("tensor %q (bytes %d..%d) overlaps tensor %q (ending at %d)", t.Name, t.Begin, t.End, prev, end)
		case t.Begin > end:
			return fmt.Errorf("tensor %q starts at byte %d, leaving a gap after byte %d", t.Name, t.Begin, end)
		}
		end, prev = t.End, t.Name
	}
	if end != dataLen {
		return fmt.Errorf("tensors cover %d bytes but the data section has %d", end, dataLen)
	}
	return nil
}
