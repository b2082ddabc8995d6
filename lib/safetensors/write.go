package safetensors

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/tooltune/tooltune/internal/atomicfile"
)

// Tensor is one tensor to write: little-endian element bytes in row-major order.
type Tensor struct {
	Name  string
	DType DType
	Shape []int
	Data  []byte
}

// Write saves tensors and optional metadata to path atomically (see internal/atomicfile), so
// readers never see half a file.
func Write(path string, tensors []Tensor, metadata map[string]string) error {
	err := atomicfile.Write(path, atomicfile.DefaultPerm, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<20)
		if err := Encode(bw, tensors, metadata); err != nil {
			return err
		}
		return bw.Flush()
	})
	if err != nil {
		return fmt.Errorf("safetensors: %w", err)
	}
	return nil
}

// Encode writes tensors in the safetensors format to w. The layout follows the reference
// implementation: data ordered by dtype (widest first, so every tensor is aligned to its
// element size) then by name, "__metadata__" first in the header, compact JSON, and the
// header padded with spaces to a multiple of 8 bytes.
func Encode(w io.Writer, tensors []Tensor, metadata map[string]string) error {
	ordered, err := orderForWriting(tensors)
	if err != nil {
		return err
	}
	header, err := encodeHeader(ordered, metadata)
	if err != nil {
		return err
	}
	var prefix [8]byte
	binary.LittleEndian.PutUint64(prefix[:], uint64(len(header)))
	if _, err := w.Write(prefix[:]); err != nil {
		return err
	}
	if _, err := w.Write(header); err != nil {
		return err
	}
	for _, t := range ordered {
		if _, err := w.Write(t.Data); err != nil {
			return err
		}
	}
	return nil
}

// orderForWriting validates the tensors and returns them in data order.
func orderForWriting(tensors []Tensor) ([]Tensor, error) {
	seen := make(map[string]bool, len(tensors))
	for i, t := range tensors {
		if t.Name == "" || t.Name == metadataKey || !utf8.ValidString(t.Name) {
			return nil, fmt.Errorf("tensor %d: invalid name %q", i, t.Name)
		}
		if seen[t.Name] {
			return nil, fmt.Errorf("tensor %q given twice", t.Name)
		}
		seen[t.Name] = true
		want, err := byteSize(t.DType, t.Shape)
		if err != nil {
			return nil, fmt.Errorf("tensor %q: %w", t.Name, err)
		}
		if int64(len(t.Data)) != want {
			return nil, fmt.Errorf("tensor %q: %d bytes of data, but %s %v needs %d", t.Name, len(t.Data), t.DType, t.Shape, want)
		}
	}
	ordered := append([]Tensor(nil), tensors...)
	sort.SliceStable(ordered, func(i, j int) bool {
		ri, rj := writeRank(ordered[i].DType), writeRank(ordered[j].DType)
		if ri != rj {
			return ri > rj
		}
		return ordered[i].Name < ordered[j].Name
	})
	return ordered, nil
}

// writeRank orders dtypes as the reference implementation's dtype enumeration does; writing
// higher ranks first puts wider elements first.
func writeRank(d DType) int {
	switch d {
	case Bool:
		return 0
	case U8:
		return 1
	case I8:
		return 2
	case I16:
		return 3
	case U16:
		return 4
	case F16:
		return 5
	case BF16:
		return 6
	case I32:
		return 7
	case U32:
		return 8
	case F32:
		return 9
	case F64:
		return 10
	case I64:
		return 11
	case U64:
		return 12
	}
	return -1
}

// encodeHeader renders the JSON header for tensors already in data order, padded with spaces
// to a multiple of 8 bytes.
func encodeHeader(ordered []Tensor, metadata map[string]string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	if len(metadata) > 0 {
		keys := make([]string, 0, len(metadata))
		for k := range metadata {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteString(`"__metadata__":{`)
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(&b, k)
			b.WriteByte(':')
			writeJSONString(&b, metadata[k])
		}
		b.WriteByte('}')
	}
	var offset int64
	for i, t := range ordered {
		if i > 0 || len(metadata) > 0 {
			b.WriteByte(',')
		}
		writeJSONString(&b, t.Name)
		b.WriteString(`:{"dtype":`)
		writeJSONString(&b, string(t.DType))
		b.WriteString(`,"shape":[`)
		for j, d := range t.Shape {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(d))
		}
		end := offset + int64(len(t.Data))
		fmt.Fprintf(&b, `],"data_offsets":[%d,%d]}`, offset, end)
		offset = end
	}
	b.WriteByte('}')
	for b.Len()%8 != 0 {
		b.WriteByte(' ')
	}
	if b.Len() > MaxHeaderSize {
		return nil, fmt.Errorf("header of %d bytes exceeds the %d-byte limit", b.Len(), MaxHeaderSize)
	}
	return b.Bytes(), nil
}

// writeJSONString writes s as a JSON string without HTML escaping, as serde_json does.
func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)       // encoding a string into a bytes.Buffer cannot fail
	b.Truncate(b.Len() - 1) // Encode's trailing newline
}
