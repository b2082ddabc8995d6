package safetensors

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math"
	"os"
	"reflect"
	"strconv"
	"testing"
)

// referenceTensor is one entry of testdata/reference.json, written by gen_reference.py.
type referenceTensor struct {
	Name   string        `json:"name"`
	DType  DType         `json:"dtype"`
	Shape  []int         `json:"shape"`
	Inputs []json.Number `json:"inputs"`
	Stored []json.Number `json:"stored"`
	Bits   []uint64      `json:"bits"`
}

type reference struct {
	Metadata map[string]string `json:"metadata"`
	Tensors  []referenceTensor `json:"tensors"`
}

func loadReference(t *testing.T) reference {
	t.Helper()
	raw, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref reference
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&ref); err != nil {
		t.Fatal(err)
	}
	return ref
}

func numbersToFloat32(t *testing.T, nums []json.Number) []float32 {
	t.Helper()
	out := make([]float32, len(nums))
	for i, n := range nums {
		f, err := strconv.ParseFloat(string(n), 64)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = float32(f)
	}
	return out
}

// elementBits reads element i of raw as an unsigned integer of the dtype's width.
func elementBits(d DType, raw []byte, i int) uint64 {
	le := binary.LittleEndian
	switch d.Size() {
	case 8:
		return le.Uint64(raw[8*i:])
	case 4:
		return uint64(le.Uint32(raw[4*i:]))
	case 2:
		return uint64(le.Uint16(raw[2*i:]))
	}
	return uint64(raw[i])
}

// signedElement reads element i of an integer or boolean tensor as int64.
func signedElement(d DType, raw []byte, i int) int64 {
	bits := elementBits(d, raw, i)
	switch d {
	case I64:
		return int64(bits)
	case I32:
		return int64(int32(bits))
	case I8:
		return int64(int8(bits))
	}
	return int64(bits)
}

// TestReferenceFixture reads a file written by the standard-library Python script in testdata
// and checks every tensor's header entry, bits and decoded values.
func TestReferenceFixture(t *testing.T) {
	ref := loadReference(t)
	f, err := Open("testdata/reference.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.Metadata(); !reflect.DeepEqual(got, ref.Metadata) {
		t.Errorf("Metadata() = %v, want %v", got, ref.Metadata)
	}
	if got := len(f.Names()); got != len(ref.Tensors) {
		t.Errorf("%d tensors, want %d", got, len(ref.Tensors))
	}
	for _, want := range ref.Tensors {
		t.Run(want.Name, func(t *testing.T) {
			info, ok := f.Info(want.Name)
			if !ok {
				t.Fatalf("tensor missing")
			}
			if info.DType != want.DType || !reflect.DeepEqual(info.Shape, want.Shape) {
				t.Fatalf("Info = %s %v, want %s %v", info.DType, info.Shape, want.DType, want.Shape)
			}
			raw, err := f.Raw(want.Name)
			if err != nil {
				t.Fatal(err)
			}
			if !want.DType.IsFloat() {
				for i, n := range want.Stored {
					wantInt, err := n.Int64()
					if err != nil { // booleans are stored in JSON as true/false: not numbers
						t.Fatal(err)
					}
					if got := signedElement(want.DType, raw, i); got != wantInt {
						t.Errorf("element %d = %d, want %d", i, got, wantInt)
					}
				}
				return
			}
			for i, b := range want.Bits {
				if got := elementBits(want.DType, raw, i); got != b {
					t.Errorf("element %d bits = %#x, want %#x", i, got, b)
				}
			}
			values, shape, err := f.Float32(want.Name)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(shape, want.Shape) {
				t.Errorf("shape = %v, want %v", shape, want.Shape)
			}
			assertSameFloats(t, values, numbersToFloat32(t, want.Stored))
		})
	}
}

// assertSameFloats compares bit patterns, so that -0 and +0 differ.
func assertSameFloats(t *testing.T, got, want []float32) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d values, want %d", len(got), len(want))
	}
	for i := range got {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			t.Errorf("value %d = %g (%#x), want %g (%#x)", i, got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
		}
	}
}

// TestReferenceEncoding re-encodes the fixture's inputs in Go: F16 and BF16 rounding must give
// the Python script's bits, and Encode must reproduce the whole file byte for byte.
func TestReferenceEncoding(t *testing.T) {
	ref := loadReference(t)
	f, err := Open("testdata/reference.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var tensors []Tensor
	for _, want := range ref.Tensors {
		raw, err := f.Raw(want.Name)
		if err != nil {
			t.Fatal(err)
		}
		if want.DType == F32 || want.DType == F16 || want.DType == BF16 {
			enc, err := FromFloat32(want.Name, want.Shape, numbersToFloat32(t, want.Inputs), want.DType)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(enc.Data, raw) {
				t.Errorf("%s: FromFloat32 bytes = %x, Python wrote %x", want.Name, enc.Data, raw)
			}
		}
		tensors = append(tensors, Tensor{Name: want.Name, DType: want.DType, Shape: want.Shape, Data: raw})
	}
	// Reverse the order given to Encode: it must sort as the reference implementation does.
	for i, j := 0, len(tensors)-1; i < j; i, j = i+1, j-1 {
		tensors[i], tensors[j] = tensors[j], tensors[i]
	}
	var buf bytes.Buffer
	if err := Encode(&buf, tensors, ref.Metadata); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/reference.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("Encode output differs from the Python-written file:\n got %q\nwant %q", buf.Bytes()[:min(buf.Len(), 400)], want[:min(len(want), 400)])
	}
}
