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

// TestExp32VecMatchesGo: the AVX2 exp gives exp32Go's bits for every 101st float32 of the
// whole range (NaNs, infinities, values beyond the limits and subnormal results included), in
// place and into another slice, with lengths that leave a tail for the Go loop.
func TestExp32VecMatchesGo(t *testing.T) {
	var x []float32
	for b := uint64(0); b < 1<<32; b += 101 {
		x = append(x, math.Float32frombits(uint32(b)))
	}
	x = append(x, float32(math.Inf(1)), float32(math.Inf(-1)), expOverflow32, expUnderflow32, -87.5, -103.9)
	x = x[:len(x)-len(x)%256+3] // a partial last block, and a tail of 3 after the 4-lane part
	want := make([]float32, len(x))
	exp32Go(x, want)
	got := make([]float32, len(x))
	exp32Slice(x, got)
	inPlace := append([]float32(nil), x...)
	exp32Slice(inPlace, inPlace)
	for i := range x {
		w := math.Float32bits(want[i])
		if math.Float32bits(got[i]) != w || math.Float32bits(inPlace[i]) != w {
			t.Fatalf("exp(%g): got %g and %g in place, want %g", x[i], got[i], inPlace[i], want[i])
		}
	}
}
