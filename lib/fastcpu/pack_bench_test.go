package fastcpu

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkPackPanel measures packing one micro-panel from a source whose depth direction is
// contiguous (activations and weights in their natural layouts), the case that costs most.
func BenchmarkPackPanel(b *testing.B) {
	for _, width := range []int{12, 32} {
		b.Run(fmt.Sprint(width), func(b *testing.B) {
			const depth, rowLen = 256, 688
			rng := rand.New(rand.NewPCG(1, 1))
			src := operand[float32]{data: randomSlice[float32](rng, width*rowLen), rs: rowLen, cs: 1}
			out := make([]float32, width*depth)
			for b.Loop() {
				packPanel(out, src, 0, 0, 0, width, depth, width, src.rs, src.cs)
			}
			b.ReportMetric(float64(width*depth)*float64(b.N)/b.Elapsed().Seconds()/1e9, "Gelem/s")
		})
	}
}
