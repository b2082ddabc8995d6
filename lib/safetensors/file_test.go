package safetensors

import (
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/x448/float16"
)

// rawFile assembles a safetensors file by hand: length prefix, header text, data.
func rawFile(header string, data []byte) []byte {
	b := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
	b = append(b, header...)
	return append(b, data...)
}

// TestHandBuiltFile decodes bytes laid out by hand, independently of Encode.
func TestHandBuiltFile(t *testing.T) {
	header := `{"b":{"dtype":"BF16","shape":[2],"data_offsets":[8,12]},` +
		`"a":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},` +
		`"h":{"dtype":"F16","shape":[3],"data_offsets":[12,18]},` +
		`"__metadata__":{"format":"pt"}}  `
	data := []byte{
		0x00, 0x00, 0x80, 0x3f, // F32 1.0
		0x00, 0x00, 0x20, 0xc1, // F32 -10.0
		0xc0, 0x3f, // BF16 1.5
		0x80, 0xff, // BF16 -Inf
		0x00, 0x3c, // F16 1.0
		0x01, 0x00, // F16 smallest subnormal, 2^-24
		0xff, 0x7b, // F16 65504
	}
	f, err := FromBytes("hand.safetensors", rawFile(header, data))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := f.Names(), []string{"a", "b", "h"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Names() = %v, want %v", got, want)
	}
	if got := f.Metadata(); !reflect.DeepEqual(got, map[string]string{"format": "pt"}) {
		t.Errorf("Metadata() = %v", got)
	}
	tests := []struct {
		name  string
		shape []int
		want  []float32
	}{
		{"a", []int{1, 2}, []float32{1, -10}},
		{"b", []int{2}, []float32{1.5, float32(math.Inf(-1))}},
		{"h", []int{3}, []float32{1, float32(math.Ldexp(1, -24)), 65504}},
	}
	for _, tc := range tests {
		got, shape, err := f.Float32(tc.name)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !reflect.DeepEqual(shape, tc.shape) {
			t.Errorf("%s: shape %v, want %v", tc.name, shape, tc.shape)
		}
		assertSameFloats(t, got, tc.want)
	}
}

func TestBFloat16Bits(t *testing.T) {
	tests := []struct {
		in   float32
		want uint16
	}{
		{1, 0x3f80},
		{-2, 0xc000},
		{math.Float32frombits(0x3eaaaaab), 0x3eab}, // 1/3 rounds up
		{math.Float32frombits(0x3f808000), 0x3f80}, // tie, even stays
		{math.Float32frombits(0x3f818000), 0x3f82}, // tie, odd rounds up to even
		{math.Float32frombits(0x3f808001), 0x3f81}, // just above a tie
		{math.Float32frombits(0x7f7fffff), 0x7f80}, // max float32 rounds to +Inf
		{float32(math.Inf(1)), 0x7f80},             // infinities stay
		{float32(math.Inf(-1)), 0xff80},            //
		{math.Float32frombits(0x80000000), 0x8000}, // -0 keeps its sign
		{math.Float32frombits(0x7fc00000), 0x7fc0}, // quiet NaN
		{math.Float32frombits(0x7f800001), 0x7fc0}, // signalling NaN with low payload stays NaN
		{math.Float32frombits(0xff800001), 0xffc0}, // negative NaN
		{math.Float32frombits(0x00000001), 0x0000}, // tiniest subnormal rounds to 0
	}
	for _, tc := range tests {
		if got := BFloat16Bits(tc.in); got != tc.want {
			t.Errorf("BFloat16Bits(%g [%#08x]) = %#04x, want %#04x", tc.in, math.Float32bits(tc.in), got, tc.want)
		}
	}
}

// TestRoundTrip writes one tensor of each dtype and reads it back through a mapped file.
func TestRoundTrip(t *testing.T) {
	dtypes := []DType{F64, F32, F16, BF16, I64, I32, I16, I8, U64, U32, U16, U8, Bool}
	dir := t.TempDir()
	for _, d := range dtypes {
		t.Run(string(d), func(t *testing.T) {
			shape := []int{3, 5}
			data := make([]byte, 15*d.Size())
			for i := range data {
				data[i] = byte(i*7 + 3)
			}
			if d == Bool {
				for i := range data {
					data[i] &= 1
				}
			}
			path := filepath.Join(dir, string(d)+".safetensors")
			meta := map[string]string{"dtype": string(d)}
			if err := Write(path, []Tensor{{Name: "w", DType: d, Shape: shape, Data: data}}, meta); err != nil {
				t.Fatal(err)
			}
			f, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			info, ok := f.Info("w")
			if !ok || info.DType != d || !reflect.DeepEqual(info.Shape, shape) {
				t.Fatalf("Info = %+v, %v", info, ok)
			}
			raw, err := f.Raw("w")
			if err != nil {
				t.Fatal(err)
			}
			if string(raw) != string(data) {
				t.Errorf("Raw = %x, want %x", raw, data)
			}
			if !reflect.DeepEqual(f.Metadata(), meta) {
				t.Errorf("Metadata = %v, want %v", f.Metadata(), meta)
			}
		})
	}
}

// TestFloat32RoundTrip encodes float32 values to each float dtype and checks the decoded values
// are within the dtype's rounding error (exact for F32 and F64).
func TestFloat32RoundTrip(t *testing.T) {
	values := make([]float32, 64)
	for i := range values {
		values[i] = float32(math.Sin(float64(i)*1.7)) * float32(math.Pow(2, float64(i%9-4)))
	}
	tests := []struct {
		dtype  DType
		relErr float64 // half a unit in the last place, relative
	}{
		{F32, 0}, {F64, 0}, {F16, 1.0 / (1 << 11)}, {BF16, 1.0 / (1 << 8)},
	}
	dir := t.TempDir()
	for _, tc := range tests {
		t.Run(string(tc.dtype), func(t *testing.T) {
			tensor, err := FromFloat32("x", []int{8, 8}, values, tc.dtype)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, string(tc.dtype)+".safetensors")
			if err := Write(path, []Tensor{tensor}, nil); err != nil {
				t.Fatal(err)
			}
			f, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got, _, err := f.Float32("x")
			if err != nil {
				t.Fatal(err)
			}
			for i, v := range values {
				if diff := math.Abs(float64(got[i] - v)); diff > tc.relErr*math.Abs(float64(v)) {
					t.Errorf("value %d: %g read back as %g (error %g > %g relative)", i, v, got[i], diff, tc.relErr)
				}
			}
		})
	}
}

// TestMalformed checks that each kind of broken file gives an error naming the problem (and
// the tensor, where there is one), never a panic.
func TestMalformed(t *testing.T) {
	good := `{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`
	eight := make([]byte, 8)
	tests := []struct {
		name    string
		file    []byte
		tensor  string // the tensor the error must name, if any
		wantErr string
	}{
		{"empty file", nil, "", "too short"},
		{"truncated length", []byte{1, 0, 0}, "", "too short"},
		{"truncated header", rawFile(good, eight)[:20], "", "runs past the end"},
		{"truncated data", rawFile(good, eight)[:len(good)+8+4], "a", "outside the 4-byte data section"},
		{"header too long", binary.LittleEndian.AppendUint64(nil, MaxHeaderSize+1), "", "exceeds"},
		{"huge length", binary.LittleEndian.AppendUint64(nil, math.MaxUint64), "", "exceeds"},
		{"bad JSON", rawFile(`{"a":{"dtype":"F32",`, eight), "a", "invalid entry"},
		{"bad JSON key", rawFile(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},7:1}`, eight), "", "invalid JSON"},
		{"not an object", rawFile(`[1,2]   `, nil), "", "not a JSON object"},
		{"data after object", rawFile(`{} {}`, nil), "", "data after the JSON object"},
		{"duplicate name", rawFile(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, eight), "", `"a" appears twice`},
		{"offsets out of range", rawFile(`{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}`, eight), "a", "outside the 8-byte data section"},
		{"offsets reversed", rawFile(`{"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}`, eight), "a", "outside"},
		{"negative offset", rawFile(`{"a":{"dtype":"U8","shape":[8],"data_offsets":[-8,0]}}`, eight), "a", "outside"},
		{"overlapping", rawFile(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, eight), "", `"b" (bytes 4..8) overlaps tensor "a"`},
		{"gap", rawFile(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, eight), "", `"a" starts at byte 4, leaving a gap`},
		{"trailing data", rawFile(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, eight), "", "cover 4 bytes but the data section has 8"},
		{"wrong size for shape", rawFile(`{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}`, eight), "a", "span 8 bytes, but F32 [3] needs 12"},
		{"unknown dtype", rawFile(`{"a":{"dtype":"F8_E4M3","shape":[8],"data_offsets":[0,8]}}`, eight), "a", `unknown dtype "F8_E4M3"`},
		{"missing dtype", rawFile(`{"a":{"shape":[2],"data_offsets":[0,8]}}`, eight), "a", `missing "dtype"`},
		{"missing shape", rawFile(`{"a":{"dtype":"F32","data_offsets":[0,8]}}`, eight), "a", `missing "shape"`},
		{"missing offsets", rawFile(`{"a":{"dtype":"F32","shape":[2]}}`, eight), "a", `missing "data_offsets"`},
		{"three offsets", rawFile(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8,8]}}`, eight), "a", "has 3 values, want 2"},
		{"negative dimension", rawFile(`{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}`, eight), "a", "out of range"},
		{"overflowing shape", rawFile(`{"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}}`, eight), "a", "overflows"},
		{"fractional dimension", rawFile(`{"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,8]}}`, eight), "a", "invalid entry"},
		{"entry not an object", rawFile(`{"a":7}`, nil), "a", "invalid entry"},
		{"metadata not strings", rawFile(`{"__metadata__":{"n":1}}`, nil), "", "__metadata__ must be an object of strings"},
		{"empty name", rawFile(`{"":{"dtype":"U8","shape":[8],"data_offsets":[0,8]}}`, eight), "", "empty tensor name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := FromBytes("bad.safetensors", tc.file)
			if err == nil {
				t.Fatalf("no error")
			}
			var fe *FormatError
			if !errors.As(err, &fe) || fe.Path != "bad.safetensors" || fe.Tensor != tc.tensor {
				t.Fatalf("error %q is %T %+v, want a FormatError for bad.safetensors naming tensor %q", err, err, fe, tc.tensor)
			}
			if !strings.Contains(err.Error(), "bad.safetensors") || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("error %q does not name the file and %q", err, tc.wantErr)
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.safetensors")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path, want string
	}{
		{filepath.Join(dir, "missing.safetensors"), "no such file"},
		{dir, "is a directory"},
		{empty, "too short"},
	}
	for _, tc := range tests {
		_, err := Open(tc.path)
		if err == nil || !strings.Contains(err.Error(), tc.path) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Open(%s) error = %v, want one naming the path and %q", tc.path, err, tc.want)
		}
	}
}

func TestLookupErrors(t *testing.T) {
	f, err := Open("testdata/reference.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Raw("nope"); err == nil || !strings.Contains(err.Error(), `tensor "nope": no such tensor`) {
		t.Errorf("Raw(nope) error = %v", err)
	}
	if _, _, err := f.Float32("ids"); err == nil || !strings.Contains(err.Error(), "I64 does not convert to float32") {
		t.Errorf("Float32(ids) error = %v", err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Raw("scalar"); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("Raw after Close error = %v", err)
	}
	if err := f.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
}

func TestWriteRejects(t *testing.T) {
	four := make([]byte, 4)
	tests := []struct {
		name    string
		tensors []Tensor
		want    string
	}{
		{"duplicate", []Tensor{{"a", F32, []int{1}, four}, {"a", F32, []int{1}, four}}, `"a" given twice`},
		{"size mismatch", []Tensor{{"a", F32, []int{2}, four}}, "4 bytes of data, but F32 [2] needs 8"},
		{"unknown dtype", []Tensor{{"a", "F8", []int{4}, four}}, `unknown dtype "F8"`},
		{"empty name", []Tensor{{"", U8, []int{4}, four}}, "invalid name"},
		{"reserved name", []Tensor{{"__metadata__", U8, []int{4}, four}}, "invalid name"},
		{"invalid UTF-8", []Tensor{{"\xff", U8, []int{4}, four}}, "invalid name"},
		{"negative dimension", []Tensor{{"a", U8, []int{-4}, four}}, "negative"},
	}
	dir := t.TempDir()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, "out.safetensors")
			err := Write(path, tc.tensors, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
				t.Fatalf("Write error = %v, want one naming %s and %q", err, path, tc.want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("Write left files behind: %v", entries)
			}
		})
	}
	if err := Write(filepath.Join(dir, "no", "such", "dir.safetensors"), nil, nil); err == nil {
		t.Errorf("Write into a missing directory succeeded")
	}
}

// TestWriteReplacesAtomically overwrites a file that is open: the open mapping keeps the old
// contents (the rename leaves the old inode alone), a new Open sees the new ones.
func TestWriteReplacesAtomically(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.safetensors")
	write := func(v float32) {
		t.Helper()
		tensor, err := FromFloat32("w", []int{1}, []float32{v}, F32)
		if err != nil {
			t.Fatal(err)
		}
		if err := Write(path, []Tensor{tensor}, nil); err != nil {
			t.Fatal(err)
		}
	}
	read := func(f *File) float32 {
		t.Helper()
		v, _, err := f.Float32("w")
		if err != nil {
			t.Fatal(err)
		}
		return v[0]
	}
	write(1)
	old, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	write(2)
	cur, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer cur.Close()
	if got := read(old); got != 1 {
		t.Errorf("old mapping reads %g, want 1", got)
	}
	if got := read(cur); got != 2 {
		t.Errorf("new file reads %g, want 2", got)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode().Perm())
	}
}

func TestFromFloat32Rejects(t *testing.T) {
	if _, err := FromFloat32("x", []int{3}, []float32{1, 2}, F32); err == nil || !strings.Contains(err.Error(), "needs 3 values, got 2") {
		t.Errorf("size mismatch error = %v", err)
	}
	if _, err := FromFloat32("x", []int{1}, []float32{1}, I32); err == nil || !strings.Contains(err.Error(), "cannot encode float32 values as I32") {
		t.Errorf("integer dtype error = %v", err)
	}
}

// TestDecodeFloat32Paths checks the fast paths against the plain per-element conversion: the
// F16 lookup table on every bit pattern, and the F32 memory copy on aligned and unaligned data.
func TestDecodeFloat32Paths(t *testing.T) {
	halves := make([]byte, 2*f16TableMinValues)
	for i := 0; i < f16TableMinValues; i++ {
		binary.LittleEndian.PutUint16(halves[2*i:], uint16(i))
	}
	viaTable := make([]float32, f16TableMinValues)
	if err := decodeFloat32(F16, halves, viaTable); err != nil {
		t.Fatal(err)
	}
	for i, v := range viaTable {
		if want := float16.Frombits(uint16(i)).Float32(); math.Float32bits(v) != math.Float32bits(want) {
			t.Fatalf("F16 %#04x decoded as %#08x, want %#08x", uint16(i), math.Float32bits(v), math.Float32bits(want))
		}
	}
	buf := make([]byte, 4*1000+1)
	for i := range buf {
		buf[i] = byte(i * 31)
	}
	for _, offset := range []int{0, 1} {
		raw := buf[offset : offset+4*1000]
		got := make([]float32, 1000)
		if err := decodeFloat32(F32, raw, got); err != nil {
			t.Fatal(err)
		}
		for i, v := range got {
			if want := binary.LittleEndian.Uint32(raw[4*i:]); math.Float32bits(v) != want {
				t.Fatalf("offset %d: value %d = %#08x, want %#08x", offset, i, math.Float32bits(v), want)
			}
		}
	}
}
