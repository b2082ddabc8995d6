// Package safetensors reads and writes the safetensors tensor file format used by Hugging Face
// models and PEFT adapters, without cgo or Python.
//
// A safetensors file is an 8-byte little-endian header length N, then N bytes of JSON mapping
// each tensor name to {"dtype", "shape", "data_offsets": [begin, end]} (plus an optional
// "__metadata__" object of string values), then the raw little-endian tensor bytes. Offsets
// are relative to the end of the header. Files are memory-mapped where the platform allows,
// so opening a multi-gigabyte model costs no copy until a tensor is converted.
package safetensors

import "fmt"

// DType names an element type exactly as it is spelled in the header.
type DType string

// Element types this package reads and writes. Float32 conversion covers the float types; the
// integer and boolean types are readable as raw bytes.
const (
	F64  DType = "F64"
	F32  DType = "F32"
	F16  DType = "F16"
	BF16 DType = "BF16"
	I64  DType = "I64"
	I32  DType = "I32"
	I16  DType = "I16"
	I8   DType = "I8"
	U64  DType = "U64"
	U32  DType = "U32"
	U16  DType = "U16"
	U8   DType = "U8"
	Bool DType = "BOOL"
)

// Size returns the number of bytes of one element, or 0 for an unknown dtype.
func (d DType) Size() int {
	switch d {
	case F64, I64, U64:
		return 8
	case F32, I32, U32:
		return 4
	case F16, BF16, I16, U16:
		return 2
	case I8, U8, Bool:
		return 1
	}
	return 0
}

// Valid reports whether d is one of the dtypes this package knows.
func (d DType) Valid() bool { return d.Size() > 0 }

// IsFloat reports whether d converts to float32 with Float32.
func (d DType) IsFloat() bool {
	switch d {
	case F64, F32, F16, BF16:
		return true
	}
	return false
}

// byteSize returns prod(shape)*d.Size(), failing on negative dimensions and on products that
// overflow int64 (a hostile header can claim any shape).
func byteSize(d DType, shape []int) (int64, error) {
	n := int64(d.Size())
	if n == 0 {
		return 0, fmt.Errorf("unknown dtype %q", string(d))
	}
	const maxBytes = int64(1) << 62
	for i, dim := range shape {
		if dim < 0 {
			return 0, fmt.Errorf("shape %v: dimension %d is negative", shape, i)
		}
		if dim != 0 && n > maxBytes/int64(dim) {
			return 0, fmt.Errorf("shape %v: byte size overflows", shape)
		}
		n *= int64(dim)
	}
	return n, nil
}
