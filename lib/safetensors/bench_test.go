package safetensors

import (
	"path/filepath"
	"testing"
)

// BenchmarkFloat32 measures converting a 64 MB tensor to float32 from a mapped file (MB/s of
// file data), for each float dtype a model might ship.
func BenchmarkFloat32(b *testing.B) {
	const fileBytes = 64 << 20
	for _, d := range []DType{F32, BF16, F16} {
		b.Run(string(d), func(b *testing.B) {
			n := fileBytes / d.Size()
			values := make([]float32, n)
			for i := range values {
				values[i] = float32(i%1000) / 7
			}
			tensor, err := FromFloat32("w", []int{n}, values, d)
			if err != nil {
				b.Fatal(err)
			}
			path := filepath.Join(b.TempDir(), "w.safetensors")
			if err := Write(path, []Tensor{tensor}, nil); err != nil {
				b.Fatal(err)
			}
			f, err := Open(path)
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			b.SetBytes(fileBytes)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, _, err := f.Float32("w"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
