package fastcpu

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkMicroKernel measures one micro-kernel on L1-resident panels: the ceiling the
// blocked GEMM can approach on one core.
func BenchmarkMicroKernel(b *testing.B) {
	for _, kn := range availableKernels(b) {
		set, err := newKernelSet(kn)
		if err != nil {
			b.Fatal(err)
		}
		k := set.f32.kernel
		b.Run(string(kn), func(b *testing.B) {
			const depth = 256
			rng := rand.New(rand.NewPCG(3, 4))
			a := randomSlice[float32](rng, k.mr*depth)
			bp := randomSlice[float32](rng, k.nr*depth)
			c := make([]float32, k.mr*k.nr)
			for b.Loop() {
				k.run(depth, a, bp, c, k.nr, true)
			}
			b.ReportMetric(2*float64(k.mr*k.nr*depth)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
