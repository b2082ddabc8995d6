package fastcpu

import (
	"math"
	"testing"
)

// TestExp32WithinOneULP sweeps every 97th float32 between the underflow and overflow limits,
// plus the limits and special values, and compares exp32Slice with float32(math.Exp(x)).
func TestExp32WithinOneULP(t *testing.T) {
	var got1 [1]float32
	check := func(x float32) {
		exp32Slice([]float32{x}, got1[:])
		got, want := got1[0], float32(math.Exp(float64(x)))
		if got == want || (math.IsNaN(float64(got)) && math.IsNaN(float64(want))) {
			return
		}
		if d := int64(math.Float32bits(got)) - int64(math.Float32bits(want)); d > 1 || d < -1 {
			t.Fatalf("exp32(%g) = %g, want %g (%d ulps)", x, got, want, d)
		}
	}
	for _, x := range []float32{0, -0, 1, -1, expOverflow32, expUnderflow32, 88.7, 88.8, -87.3, -103.9, -104,
		float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), 1e-30, -1e-30} {
		check(x)
	}
	checked := 0
	for _, sign := range []float32{1, -1} {
		limit := float32(expOverflow32)
		if sign < 0 {
			limit = -expUnderflow32
		}
		for bits := uint32(0); ; bits += 97 {
			x := math.Float32frombits(bits)
			if x > limit {
				break
			}
			check(sign * x)
			checked++
		}
	}
	if checked < 10_000_000 {
		t.Errorf("checked only %d values", checked)
	}
}

func BenchmarkExp(b *testing.B) {
	x := make([]float32, 1<<16)
	for i := range x {
		x[i] = float32(i%2000)/100 - 10
	}
	out := make([]float32, len(x))
	b.Run("exp32", func(b *testing.B) {
		b.SetBytes(int64(4 * len(x)))
		for b.Loop() {
			unaryRun(unaryExp, x, out)
		}
	})
	b.Run("math.Exp", func(b *testing.B) {
		b.SetBytes(int64(4 * len(x)))
		for b.Loop() {
			for i, v := range x {
				out[i] = float32(math.Exp(float64(v)))
			}
		}
	})
}
