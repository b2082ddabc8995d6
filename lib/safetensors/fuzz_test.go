package safetensors

import (
	"bytes"
	"os"
	"reflect"
	"testing"
)

// FuzzOpen feeds arbitrary bytes to the parser. Whatever it accepts must be fully readable,
// and re-encoding it must give a file that parses to the same tensors and bytes.
func FuzzOpen(f *testing.F) {
	if ref, err := os.ReadFile("testdata/reference.safetensors"); err == nil {
		f.Add(ref)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := FromBytes("fuzz", data)
		if err != nil {
			return
		}
		var tensors []Tensor
		for _, name := range file.Names() {
			info, ok := file.Info(name)
			if !ok {
				t.Fatalf("Names lists %q but Info does not find it", name)
			}
			raw, err := file.Raw(name)
			if err != nil {
				t.Fatal(err)
			}
			if info.DType.IsFloat() {
				values, _, err := file.Float32(name)
				if err != nil || len(values) != info.NumElements() {
					t.Fatalf("Float32(%q) = %d values, %v; want %d", name, len(values), err, info.NumElements())
				}
			}
			tensors = append(tensors, Tensor{Name: name, DType: info.DType, Shape: info.Shape, Data: raw})
		}
		var buf bytes.Buffer
		if err := Encode(&buf, tensors, file.Metadata()); err != nil {
			t.Fatalf("re-encoding an accepted file: %v", err)
		}
		again, err := FromBytes("fuzz-again", buf.Bytes())
		if err != nil {
			t.Fatalf("re-encoded file does not parse: %v", err)
		}
		if !reflect.DeepEqual(again.Names(), file.Names()) || !reflect.DeepEqual(again.Metadata(), file.Metadata()) {
			t.Fatalf("re-encoded file has names %v metadata %v, want %v %v", again.Names(), again.Metadata(), file.Names(), file.Metadata())
		}
		for _, tensor := range tensors {
			raw, err := again.Raw(tensor.Name)
			if err != nil || !bytes.Equal(raw, tensor.Data) {
				t.Fatalf("tensor %q changed on re-encoding", tensor.Name)
			}
		}
	})
}
